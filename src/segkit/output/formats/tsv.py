"""``--format tsv``: ``label<TAB>text`` per line, a blank line between documents."""

from __future__ import annotations

from segkit.document import Document
from segkit.output.formats.base import Format


class Tsv(Format):
    name = "tsv"
    separator = "\n"

    def render(self, doc: Document) -> str:
        return "".join(f"{row['label'] or ''}\t{row['text']}\n" for row in self.lines(doc))
