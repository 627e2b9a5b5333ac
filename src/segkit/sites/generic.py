"""The site-agnostic classifier, registered as the default ``classify`` hook."""

from __future__ import annotations

from segkit.classify import Trace, classify_lines
from segkit.document import Document
from segkit.hookspecs import hookimpl


@hookimpl(trylast=True)
def classify(doc: Document, trace: Trace | None = None) -> list[str | None]:
    """Label every line with the generic classifier (a plugin may return labels first).

    ``trace`` is not part of the hook: only ``segkit explain`` passes it, calling this
    function directly to learn why each line got its label.
    """
    return classify_lines([line.text for line in doc.lines], doc.evidence, doc.meta, trace)
