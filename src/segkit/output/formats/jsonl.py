"""``--format jsonl``: one JSON record per line, error entries included (the default off a tty)."""

from __future__ import annotations

from dataclasses import replace

from segkit.document import Document
from segkit.output.formats.base import Format, json_text

# Lines of a document turned into JSON at a time: a long page's line records (about
# 200 bytes each as dicts) are never all held at once, only its rendered text; short pages
# are rendered in one go.
RENDER_BLOCK_LINES = 4096


class Jsonl(Format):
    name = "jsonl"

    def render(self, doc: Document) -> str:
        if self.evidence or len(doc.lines) <= RENDER_BLOCK_LINES:
            return json_text(self.record(doc)) + "\n"
        return self._render_in_blocks(doc)

    def _render_in_blocks(self, doc: Document) -> str:
        """The same bytes as the record rendered whole ("lines" is its last key without
        evidence), its lines rendered a block at a time."""
        head = json_text(self.record(replace(doc, lines=[])))
        assert head.endswith('"lines": []}'), head[-40:]
        pieces = [head[:-3], "["]  # joined once: the text is copied once, not twice
        for start in range(0, len(doc.lines), RENDER_BLOCK_LINES):
            block = replace(doc, lines=doc.lines[start:start + RENDER_BLOCK_LINES])
            rows = self.lines(block)
            if rows:
                pieces.extend((", ", json_text(rows)[1:-1]) if len(pieces) > 2 else
                              (json_text(rows)[1:-1],))
        pieces.append("]}\n")
        return "".join(pieces)

    def render_error(self, id: str, source: str | None, error: str) -> str | None:
        return json_text({"id": id, "source": source, "error": error}) + "\n"
