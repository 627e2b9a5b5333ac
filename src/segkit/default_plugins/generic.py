"""The site-agnostic classifier, registered as the default ``classify`` hook."""

from __future__ import annotations

from ..classify import classify_lines
from ..document import Document
from ..hookspecs import hookimpl


@hookimpl(trylast=True)
def classify(doc: Document) -> list[str | None]:
    """Label every line with the generic classifier (a plugin may return labels first)."""
    return classify_lines([line.text for line in doc.lines], doc.evidence, doc.meta)
