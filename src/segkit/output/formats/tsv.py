"""``--format tsv``: ``id<TAB>label<TAB>text`` per line, so every row names its document."""

from __future__ import annotations

from collections.abc import Iterator

from segkit.document import Document, Windowed
from segkit.output.formats.base import Format

# Characters an id may hold that would break a TSV row; each becomes a space.
_ROW_BREAKS = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def tsv_id(doc_id: str) -> str:
    """The id as one TSV field: a JSONL id may hold tabs or line breaks."""
    return doc_id.translate(_ROW_BREAKS)


class Tsv(Format):
    name = "tsv"

    def render(self, doc: Document) -> str:
        """One row per line; the id column traces rows of a many-document output back to
        their input, and ``cut -f2-`` gives the ``label<TAB>text`` of a gold file."""
        return self._rows(tsv_id(doc.id), doc)

    def render_windows(self, doc: Windowed) -> Iterator[str]:
        doc_id = tsv_id(doc.page.id)
        for window in doc.windows:
            yield self._rows(doc_id, window)

    def _rows(self, doc_id: str, doc: Document) -> str:
        return "".join([f"{doc_id}\t{line.label or ''}\t{line.text}\n"
                        for line in self.kept(doc)])
