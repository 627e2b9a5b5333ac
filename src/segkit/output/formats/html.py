"""``--format html``: the report page of ``output/report.py``, to review documents by eye."""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

from segkit.document import Document
from segkit.output.formats.base import Format, json_text

if TYPE_CHECKING:
    from segkit.output.report import HtmlReport


class Html(Format):
    """The report needs the whole run (its index comes last), so a document travels to it
    as its JSON record, which ``write`` adds to the report."""

    name = "html"
    resumable = False  # the index of documents is written last

    def __init__(self, out: IO[str] | None, *, only: frozenset[str] | None = None,
                 colour: bool = False, evidence: bool = False) -> None:
        super().__init__(out, only=only, colour=colour, evidence=evidence)
        self._report: HtmlReport | None = None
        if out is not None:  # a worker only renders: it needs no report module
            from segkit.output.report import HtmlReport

            # Gold needs every line: with --only the page relabels but does not save.
            self._report = HtmlReport(out, complete=only is None)

    def render(self, doc: Document) -> str:
        return json_text(self.record(doc))

    def write(self, rendered: str, count: int) -> None:
        assert self._report is not None, "a render-only format has no output"
        record = json.loads(rendered)
        doc = Document(id=record["id"], text="", source=record["source"],
                       url=record["url"], site=record["site"])
        self._report.add(doc, record["lines"], record)

    def close(self, count: int) -> None:
        if self._report is not None:
            self._report.close()
