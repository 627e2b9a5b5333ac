"""``--format tsv``: ``id<TAB>label<TAB>text`` per line, so every row names its document,
after a row of the document's metadata."""

from __future__ import annotations

from collections.abc import Iterator

from segkit.document import METADATA_ROW, Document, Windowed, metadata_of
from segkit.output.formats.base import Format, json_text

# Characters an id may hold that would break a TSV row; each becomes a space.
_ROW_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def tsv_id(doc_id: str) -> str:
    """The id as one TSV field: a JSONL id may hold tabs or line breaks."""
    return doc_id.translate(_ROW_BREAKS)


class Tsv(Format):
    name = "tsv"

    def render(self, doc: Document) -> str:
        """The metadata row, then one row per line; the id column traces rows of a
        many-document output back to their input, and ``cut -f2-`` gives the
        ``label<TAB>text`` of a gold file (whose readers pass over the metadata row)."""
        doc_id = tsv_id(doc.id)
        return self._metadata_row(doc_id, doc) + self._rows(doc_id, doc)

    def render_windows(self, doc: Windowed) -> Iterator[str]:
        doc_id = tsv_id(doc.page.id)
        yield self._metadata_row(doc_id, doc.page)
        for window in doc.windows:
            yield self._rows(doc_id, window)

    def _metadata_row(self, doc_id: str, doc: Document) -> str:
        """``id<TAB>#meta<TAB>`` and the metadata as a JSON object (its escapes keep it
        one field); none with ``--only``, whose rows are a selection of lines to cut."""
        if self.only is not None:
            return ""
        return f"{doc_id}\t{METADATA_ROW}\t{json_text(metadata_of(doc))}\n"

    def _rows(self, doc_id: str, doc: Document) -> str:
        return "".join([f"{doc_id}\t{line.label or ''}\t{line.text}\n"
                        for line in self.kept(doc)])
