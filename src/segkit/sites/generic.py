"""The site-agnostic classifier, registered as the default ``classify`` hook."""

from __future__ import annotations

from segkit.classify import Trace, classify_lines
from segkit.classify.model import Model
from segkit.document import Document
from segkit.hookspecs import hookimpl


@hookimpl(trylast=True)
def classify(doc: Document, trace: Trace | None, model: Model | None) -> list[str | None]:
    """Label every line with the generic classifier (a plugin may return labels first).

    ``trace`` (the hook's, set by ``segkit explain``) hears each step of the classifier;
    ``model`` is the run's learned model.
    """
    return classify_lines([line.text for line in doc.lines], doc.evidence, doc.meta, trace,
                          structure=doc.structure, url=doc.url, model=model)
