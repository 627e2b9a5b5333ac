"""The segmented document: one entry per input line, blank lines unlabelled."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(slots=True)
class Line:
    """One line of the input; ``label`` is None for blank lines."""

    n: int
    text: str
    label: str | None = None

    @property
    def blank(self) -> bool:
        return not self.text or self.text.isspace()  # not .strip(): no copy


@dataclass(slots=True)
class Document:
    """A document being segmented, and the result once its lines carry labels."""

    id: str
    text: str
    source: str | None = None
    url: str | None = None
    site: str | None = None
    lines: list[Line] = field(default_factory=list)
    # From HTML input: what the markup says of each line, and of the page (html.py).
    evidence: list[Any] | None = None
    meta: Any = None
    structure: Any = None  # the page's element tree (evidence.PageStructure)
    # What the page says of itself (segkit.describe.DocMeta), set once the lines are labelled.
    metadata: Any = None

    @classmethod
    def from_text(
        cls, text: str, *, id: str, source: str | None = None, url: str | None = None
    ) -> Document:
        """Split on ``\\n`` only, so joining the line texts with ``\\n`` gives ``text`` back."""
        return cls.from_lines(text.split("\n"), text=text, id=id, source=source, url=url)

    @classmethod
    def from_lines(
        cls, texts: list[str], *, text: str, id: str, source: str | None = None,
        url: str | None = None, first: int = 1
    ) -> Document:
        """A document of ``texts`` (``text``, their join by ``\\n``; no text holds one): the
        lines hold these very strings, not copies split from ``text``. ``first`` numbers
        the first line (a window of a longer page: its place there)."""
        lines = [Line(n, t) for n, t in enumerate(texts, start=first)]
        return cls(id=id, text=text, source=source, url=url, lines=lines)

    @property
    def labels(self) -> list[str | None]:
        return [line.label for line in self.lines]

    def head(self) -> dict[str, Any]:
        """The JSON record's keys before ``lines``: where the document came from, and
        what it says of itself."""
        return {"id": self.id, "source": self.source, "url": self.url, "site": self.site,
                **_metadata_keys(self.metadata)}

    def to_dict(self, *, evidence: bool = False) -> dict[str, Any]:
        """The JSON record; ``evidence`` adds the markup evidence of HTML input."""
        record = self.head()
        record["lines"] = [{"n": ln.n, "text": ln.text, "label": ln.label} for ln in self.lines]
        if evidence and self.evidence is not None:
            for row, ev in zip(record["lines"], self.evidence, strict=True):
                row["evidence"] = ev.to_dict()
            record["meta"] = asdict(self.meta)
        return record


@dataclass(slots=True)
class Windowed:
    """A page with more lines than any real page has, labelled a window of lines at a time
    (``pipeline.WINDOWED_PAGE_LINES``) so that its memory is that of a window, not of a
    ``Line`` per line of the page.

    ``page`` is the page without its lines: id, source, url, site, metadata (read from its
    first window), the page's text, its markup's evidence and ``meta``. ``windows`` yields
    each window as a Document of its own, its lines numbered as in the page, labelled as
    it is read: they can be read once.
    """

    page: Document
    windows: Iterator[Document]

    def whole(self) -> Document:
        """The page as one Document, every window read (a Line per line: for the API and
        the formats that need a document whole, not for bounded memory)."""
        doc = self.page
        for window in self.windows:
            doc.lines += window.lines
        return doc


def whole(doc: Document | Windowed) -> Document:
    """``doc`` as one Document."""
    return doc.whole() if isinstance(doc, Windowed) else doc


# The document-metadata keys of every JSON record, in this order, each None when unknown.
METADATA_KEYS = ("title", "author", "date", "language", "page_type")
# The label column of the TSV row that holds a document's metadata (``--format tsv``):
# not a label, so the readers of gold files pass over it (a gold file is often the
# ``label<TAB>text`` columns of segkit's own TSV).
METADATA_ROW = "#meta"


def _metadata_keys(metadata: Any) -> dict[str, Any]:
    return {k: None if metadata is None else getattr(metadata, k, None) for k in METADATA_KEYS}


def metadata_of(doc: Document) -> dict[str, Any]:
    """The document's metadata keys (:data:`METADATA_KEYS`), each None when unknown."""
    return _metadata_keys(doc.metadata)
