"""The site-agnostic classifier, registered as the default ``classify`` hook."""

from __future__ import annotations

from segkit.classify import Trace, classify_lines
from segkit.document import Document
from segkit.hookspecs import hookimpl


@hookimpl(trylast=True)
def classify(doc: Document, trace: Trace | None) -> list[str | None]:
    """Label every line with the generic classifier (a plugin may return labels first).

    ``trace`` (the hook's, set by ``segkit explain``) hears each step of the classifier.
    """
    return classify_lines([line.text for line in doc.lines], doc.evidence, doc.meta, trace)
