"""``--format json``: one JSON array of indented records, error entries included."""

from __future__ import annotations

from segkit.document import Document
from segkit.output.formats.base import Format, json_text


class Json(Format):
    name = "json"
    first = "[\n"
    separator = ",\n"

    def render(self, doc: Document) -> str:
        return self.record_json(doc, indent=2)

    def render_error(self, id: str, source: str | None, error: str) -> str | None:
        return json_text({"id": id, "source": source, "error": error}, indent=2)

    def close(self, count: int) -> None:
        if self.out is not None:
            self.out.write("[]\n" if count == 0 else "\n]\n")
