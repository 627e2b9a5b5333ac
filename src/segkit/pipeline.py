"""Segment one document: split into lines, classify, let the site sharpen the labels."""

from __future__ import annotations

import sys
from collections.abc import Callable

from .document import Document
from .labels import LABELS
from .plugins import Plugins, load_plugins
from .site import Site


class UnknownSiteError(ValueError):
    """``--site`` named a site no plugin registers."""


def _stderr(message: str) -> None:
    print(f"segkit: {message}", file=sys.stderr)


class Segmenter:
    """Holds the loaded plugins and the site choice for a run over many documents."""

    def __init__(
        self,
        plugins: Plugins | None = None,
        *,
        site: str | None = None,
        generic: bool = False,
        warn: Callable[[str], None] = _stderr,
    ) -> None:
        self.plugins = plugins if plugins is not None else load_plugins(warn=warn)
        self.generic = generic
        self.warn = warn
        self.forced: Site | None = None
        if site is not None and not generic:
            self.forced = self.plugins.site_named(site)
            if self.forced is None:
                names = ", ".join(s.name for s in self.plugins.sites) or "none loaded"
                raise UnknownSiteError(f"unknown site {site!r} (sites: {names})")

    def segment(
        self, text: str, *, id: str = "doc", source: str | None = None, url: str | None = None
    ) -> Document:
        doc = Document.from_text(text, id=id, source=source, url=url)
        labels = self.plugins.pm.hook.classify(doc=doc)
        _set_labels(doc, labels)
        if self.generic:
            return doc
        name = source or id
        try:
            site = self.forced or self.plugins.choose_site(url, text)
        except Exception as exc:
            self.warn(f"choosing a site for {name} failed: {exc}; using generic labels")
            return doc
        if site is None:
            return doc
        generic_labels = doc.labels
        try:
            site.apply(doc)
            _check_labels(doc)
        except Exception as exc:
            self.warn(
                f"site plugin {site.name!r} ({site.origin}) failed on {name}: "
                f"{type(exc).__name__}: {exc}; using generic labels"
            )
            _set_labels(doc, generic_labels)
            return doc
        doc.site = site.name
        return doc


def _set_labels(doc: Document, labels: list[str | None]) -> None:
    if labels is None or len(labels) != len(doc.lines):
        raise RuntimeError("the classifier must return exactly one label per line")
    for line, label in zip(doc.lines, labels, strict=True):
        line.label = None if line.blank else label
    _check_labels(doc)


def _check_labels(doc: Document) -> None:
    for line in doc.lines:
        if line.blank:
            line.label = None
        elif line.label not in LABELS:
            raise ValueError(f"line {line.n} got label {line.label!r}, not one of the seven")


_default: Segmenter | None = None


def segment(text: str, *, url: str | None = None, site: str | None = None,
            generic: bool = False, id: str = "doc") -> Document:
    """Segment ``text`` with the default plugins; the simplest way to use segkit from Python."""
    global _default
    if site is None and not generic:
        if _default is None:
            _default = Segmenter()
        return _default.segment(text, id=id, url=url)
    return Segmenter(_default.plugins if _default else None, site=site, generic=generic).segment(
        text, id=id, url=url
    )
