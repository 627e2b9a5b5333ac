"""``--format json``: one JSON array of indented records, error entries included."""

from __future__ import annotations

from collections.abc import Iterator

from segkit.document import Document, Windowed
from segkit.output.formats.base import Format, json_text

# Spaces a level of the records is indented by.
INDENT = 2


class Json(Format):
    name = "json"
    shows_evidence = True
    first = "[\n"
    separator = ",\n"

    def render(self, doc: Document) -> str:
        return self.record_json(doc, indent=INDENT)

    def render_windows(self, doc: Windowed) -> Iterator[str]:
        yield from self.record_pieces(doc, indent=INDENT)

    def render_error(self, id: str, source: str | None, error: str) -> str | None:
        return json_text({"id": id, "source": source, "error": error}, indent=INDENT)

    def close(self, count: int) -> None:
        if self.out is not None:
            self.out.write("[]\n" if count == 0 else "\n]\n")
