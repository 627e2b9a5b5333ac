"""``--format text``: the label in a column before each line, coloured on a terminal."""

from __future__ import annotations

from segkit.document import Document
from segkit.output.formats.base import Format

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


class Text(Format):
    name = "text"
    separator = "\n"

    def render(self, doc: Document) -> str:
        """Label and text; with one ``--only`` label, the text alone."""
        out = []
        for row in self.lines(doc):
            label, text = row["label"], row["text"]
            if self.only is not None and len(self.only) == 1:
                out.append(text + "\n")
            elif self.colour and label:
                out.append(f"{COLOURS[label]}{label:<9}{RESET} {COLOURS[label]}{text}{RESET}\n")
            else:
                out.append(f"{label or '':<9} {text}".rstrip() + "\n")
        return "".join(out)
