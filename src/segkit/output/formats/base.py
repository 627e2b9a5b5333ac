"""What every output format is: a class that renders one document, and how documents join.

Rendering is split from writing so that ``--jobs`` workers can do the costly part:
``render`` turns one document into its text alone, and ``write`` adds what goes between
documents (which depends only on how many came before), so a rendered document is the
same bytes whichever process rendered it. A windowed page (``document.Windowed``) is
rendered in pieces, a window at a time, where the format can (``render_windows``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any, ClassVar

from segkit.document import METADATA_KEYS, Document, Line, Windowed
from segkit.output.encode import JsonRecord, json_text, record_json

__all__ = ["Format", "json_text", "metadata_text"]


def metadata_text(values: dict[str, Any]) -> str:
    """The known ones of a record's metadata keys as ``key: value`` pairs on one line
    (empty when none is known): the header that the formats for reading show. The pairs
    are set apart by `` · ``, not ``; ``, which joins the names of several authors."""
    return " · ".join(f"{key}: {' '.join(str(values[key]).split())}"
                      for key in METADATA_KEYS if values.get(key) is not None)


class Format:
    """One output format. Subclass it, set ``name``, and register the class through the
    ``register_formats`` hook (``formats/__init__.py`` registers the built-in ones)."""

    name: ClassVar[str]
    first: ClassVar[str] = ""  # written before the first document
    separator: ClassVar[str] = ""  # written between two documents
    # Whether an interrupted -o run can go on (--resume): its output is whole after any
    # document. Not so where the end of the file holds what came before (an index, a footer).
    resumable: ClassVar[bool] = True
    # Whether it writes the markup evidence --evidence asks for (JSON records do).
    shows_evidence: ClassVar[bool] = False

    def __init__(self, out: IO[str] | None, *, only: frozenset[str] | None = None,
                 colour: bool = False, evidence: bool = False) -> None:
        self.out = out  # None: a worker's format, which only renders
        self.only = only  # None: every label (blank lines kept, the output joins back)
        self.colour = colour
        self.evidence = evidence

    def render(self, doc: Document) -> str:
        """One document in this format, without what separates documents."""
        raise NotImplementedError

    def pieces(self, doc: Document | Windowed) -> Iterator[str]:
        """``render`` of ``doc`` in pieces that join to the same text: a Document in one,
        a windowed page as ``render_windows`` makes it."""
        if isinstance(doc, Windowed):
            yield from self.render_windows(doc)
        else:
            yield self.render(doc)

    def render_windows(self, doc: Windowed) -> Iterator[str]:
        """A windowed page's rendering in pieces. This default renders it whole, a Line
        per line of the page at once; a format that can makes a piece of each window."""
        yield self.render(doc.whole())

    def render_error(self, id: str, source: str | None, error: str) -> str | None:
        """The entry of a record that failed; None where the format has no place for one
        (the error is then only reported on stderr)."""
        return None

    def write(self, rendered: str, count: int) -> None:
        """Write a rendered entry after the ``count`` written before it."""
        assert self.out is not None, "a render-only format has no output"
        self.out.write((self.separator if count else self.first) + rendered)

    def close(self, count: int) -> None:
        """Finish the output after ``count`` entries (a closing bracket, an index...)."""

    def lines(self, doc: Document, rows: list[dict] | None = None) -> list[dict]:
        """The document's line records that ``--only`` keeps."""
        rows = doc.to_dict()["lines"] if rows is None else rows
        if self.only is None:
            return rows
        return [r for r in rows if r["label"] in self.only]

    def kept(self, doc: Document) -> list[Line]:
        """The document's lines that ``--only`` keeps (``lines`` without a dict each)."""
        if self.only is None:
            return doc.lines
        only = self.only
        return [ln for ln in doc.lines if ln.label in only]

    def record_json(self, doc: Document, indent: int | None = None) -> str:
        """``json_text(self.record(doc), indent)``, the same bytes, built faster."""
        if self.evidence and doc.evidence is not None:
            return json_text(self.record(doc), indent)
        return record_json(doc.head(), self.kept(doc), indent)

    def record_pieces(self, doc: Windowed, indent: int | None = None) -> Iterator[str]:
        """``record_json`` of a windowed page, a window at a time (with ``--evidence``,
        whole: each line's evidence is a dict of its own)."""
        if self.evidence and doc.page.evidence is not None:
            yield self.record_json(doc.whole(), indent)
            return
        record = JsonRecord(doc.page.head(), indent)
        yield record.opening()
        for window in doc.windows:
            yield record.rows(self.kept(window))
        yield record.closing()

    def record(self, doc: Document) -> dict:
        """The document as a JSON record: its lines after ``--only``, evidence if asked."""
        record = doc.to_dict(evidence=self.evidence)
        record["lines"] = self.lines(doc, record["lines"])
        return record
