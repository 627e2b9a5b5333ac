"""``--format jsonl``: one JSON record per line, error entries included (the default off a tty)."""

from __future__ import annotations

from collections.abc import Iterator

from segkit.document import Document, Windowed
from segkit.output.formats.base import Format, json_text


class Jsonl(Format):
    name = "jsonl"
    shows_evidence = True

    def render(self, doc: Document) -> str:
        return self.record_json(doc) + "\n"

    def render_windows(self, doc: Windowed) -> Iterator[str]:
        yield from self.record_pieces(doc)
        yield "\n"

    def render_error(self, id: str, source: str | None, error: str) -> str | None:
        return json_text({"id": id, "source": source, "error": error}) + "\n"
