"""``--format text``: the label in a column before each line, coloured on a terminal."""

from __future__ import annotations

from collections.abc import Iterator

from segkit.document import Document, Windowed, metadata_of
from segkit.output.formats.base import Format, metadata_text

# ANSI colours for --format text on a terminal, one per label.
COLOURS = {
    "headline": "\033[1;35m",
    "byline": "\033[36m",
    "timestamp": "\033[33m",
    "body": "\033[0m",
    "caption": "\033[32m",
    "nav": "\033[2;37m",
    "related": "\033[34m",
}
RESET = "\033[0m"


def header(doc: Document) -> str:
    """The lines that open a document: as ``head`` names its files, where it came from,
    and its id when that says more, so output of many documents traces back to them;
    then what the page says of itself, where anything is known (``# title: ...``)."""
    where = " ".join((doc.source or doc.id).split())
    named = where if doc.source is None or doc.id == where else f"{where} (id {doc.id})"
    known = metadata_text(metadata_of(doc))
    return f"==> {' '.join(named.split())} <==\n" + (f"# {known}\n" if known else "")


class Text(Format):
    name = "text"
    separator = "\n"

    def render(self, doc: Document) -> str:
        """A header naming the document, then label and text. With one ``--only`` label,
        the text alone and no header: that is the article to pipe on, not a listing."""
        return self._header(doc) + self._rows(doc)

    def render_windows(self, doc: Windowed) -> Iterator[str]:
        yield self._header(doc.page)
        for window in doc.windows:
            yield self._rows(window)

    def _alone(self) -> bool:
        return self.only is not None and len(self.only) == 1

    def _header(self, doc: Document) -> str:
        return "" if self._alone() else header(doc)

    def _rows(self, doc: Document) -> str:
        alone = self._alone()
        out = []
        for line in self.kept(doc):
            label, text = line.label, line.text
            if alone:
                out.append(text + "\n")
            elif self.colour and label:
                out.append(f"{COLOURS[label]}{label:<9}{RESET} {COLOURS[label]}{text}{RESET}\n")
            else:
                out.append(f"{label or '':<9} {text}".rstrip() + "\n")
        return "".join(out)
