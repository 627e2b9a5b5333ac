"""``--format html``: the report page of ``output/report.py``, to review documents by eye."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING

from segkit.document import Document
from segkit.output.formats.base import Format

if TYPE_CHECKING:
    from segkit.output.report import HtmlReport


class Html(Format):
    """The report needs the whole run (its index comes last): a document is rendered as
    its rows and what the index needs (``report.render_document``, in the worker), and
    ``write`` gives it its place."""

    name = "html"
    resumable = False  # the index of documents is written last

    def __init__(self, out: IO[str] | None, *, only: frozenset[str] | None = None,
                 colour: bool = False, evidence: bool = False) -> None:
        super().__init__(out, only=only, colour=colour, evidence=evidence)
        self._report: HtmlReport | None = None
        if out is not None:  # a worker only renders: it needs no report module
            from segkit.output.report import HtmlReport

            self._report = HtmlReport(out)

    def render(self, doc: Document) -> str:
        from segkit.output.report import render_document  # not loaded by other formats

        return render_document(doc, self.kept(doc))

    def write(self, rendered: str, count: int) -> None:
        assert self._report is not None, "a render-only format has no output"
        self._report.add(rendered)

    def close(self, count: int) -> None:
        if self._report is not None:
            self._report.close()
