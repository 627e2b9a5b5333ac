"""Segment one document: split into lines, classify, let the site sharpen the labels."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import replace
from itertools import chain
from typing import TYPE_CHECKING, Protocol

from segkit.describe import describe
from segkit.document import Document, Line, Windowed, whole
from segkit.evidence import HtmlPage
from segkit.labels import LABELS
from segkit.sites.loading import Plugins, load_plugins
from segkit.sites.site import Site

if TYPE_CHECKING:
    from segkit.classify.model import Model

# Longest line the classify hooks see whole. A line's features (length, punctuation, function
# words, cue words) say all they can long before this length (the longest line of the 181
# bench pages has under 10,000 characters); a longer one, such as a 50 MB page that is one
# paragraph, is shown to them as its head and tail, so that its cost stays that of a page.
MAX_CLASSIFIED_LINE_CHARS = 100_000
# A page of more lines than this is labelled a window of lines at a time, each window as a
# page of its own, so that its memory is that of a window (issue 15: any page up to the
# 64 MiB --max-bytes, a few million short lines, under 500 MB). No real page comes near:
# the largest of ../shared has 5,087 lines (a text page; an HTML page renders to fewer
# lines than its source, 65,025 at most there).
WINDOWED_PAGE_LINES = 200_000
# Lines of a window, at most (a page is cut into as few windows as that takes, all of one
# size but the last: 250,000 lines are two windows of 83,334 and one of 83,332). The
# rule stages hold about 300 bytes a line while they run: 30 MB for a window.
WINDOW_LINES = 100_000


class Tracer(Protocol):
    """What ``segkit explain`` hears while a document is segmented."""

    def classified_by(self, plugin: str | None) -> None:
        """The plugin whose ``classify`` hook gave the labels (None: not known)."""

    def step(self, step: str, labels: list[str], **facts: object) -> None:
        """A step of the generic classifier and the labels so far (``classify.Trace``)."""

    def rule(self, line: Line, kind: str, patterns: tuple[str, ...]) -> None:
        """A site rule set the label of ``line`` (``site.RuleTrace``)."""

    def site(self, site: Site | None, error: str | None) -> None:
        """The site that sharpened the labels, or why its labels were dropped."""


_LABEL_SET = frozenset(LABELS)


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
        model: str | Model | None = None,
    ) -> None:
        """``model``: a model file, ``none`` for the rule stages alone, None for
        ``$SEGKIT_MODEL`` or the shipped model (a bad file raises ``ModelError``)."""
        from segkit.classify.model import resolve_model

        self.model = resolve_model(model)
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
        self, text: str, *, id: str = "doc", source: str | None = None, url: str | None = None,
        trace: Tracer | None = None,
    ) -> Document:
        """Label ``text``; a failing site is reported and leaves the generic labels.

        ``trace`` (``segkit explain``) hears why each line got its label.
        """
        return whole(self.label_text(text, id=id, source=source, url=url, trace=trace))

    def segment_html(
        self, html: str, *, utf8: bytes | None = None, id: str = "doc",
        source: str | None = None, url: str | None = None, trace: Tracer | None = None,
    ) -> Document:
        """Label the visible text of a page, one line per block, with its markup as evidence."""
        from segkit.html.walker import html_to_lines  # text runs never load the parser

        page = html_to_lines(html, utf8=utf8)
        return whole(self.label_page(page, id=id, source=source, url=url, trace=trace))

    def label_text(
        self, text: str, *, id: str = "doc", source: str | None = None, url: str | None = None,
        trace: Tracer | None = None,
    ) -> Document | Windowed:
        """``segment``, but a page of more than WINDOWED_PAGE_LINES lines comes back
        Windowed: its windows are split from ``text`` and labelled as they are read."""
        if text.count("\n") < WINDOWED_PAGE_LINES:
            return self._label(Document.from_text(text, id=id, source=source, url=url), trace)
        return self._windowed(Document(id=id, text=text, source=source, url=url), trace)

    def label_page(
        self, page: HtmlPage, *, id: str = "doc", source: str | None = None,
        url: str | None = None, trace: Tracer | None = None,
    ) -> Document | Windowed:
        """``label_text`` of a walked page (``html_to_lines``). It takes the page's lines
        (``page.lines`` is left empty): a windowed page's line strings are freed once
        joined into its text, which is all its windows are split from."""
        lines, page.lines = page.lines, []
        windowed = len(lines) > WINDOWED_PAGE_LINES
        if windowed:
            doc = Document(id=id, text="\n".join(lines), source=source, url=url)
        else:
            doc = _page_document(lines, id=id, source=source, url=url)
            doc.structure = page.structure  # what the model reads: a windowed page skips it
        del lines
        doc.evidence, doc.meta = page.evidence, page.meta
        return self._windowed(doc, trace) if windowed else self._label(doc, trace)

    def _label(self, doc: Document, trace: Tracer | None = None) -> Document:
        doc = self._label_lines(doc, trace)
        doc.metadata = describe(_bounded(doc))  # a 50 MB line costs describe a page's time
        return doc

    def _label_lines(self, doc: Document, trace: Tracer | None = None) -> Document:
        self._generic_labels(doc, trace, self.model)
        if self.generic:
            return doc
        site = self._choose_site(doc, trace)
        if site is not None:
            self._apply_site(doc, site, trace)
        return doc

    def _windowed(self, page: Document, trace: Tracer | None) -> Windowed:
        """``page`` (its text, no lines yet) labelled a window at a time. The site is
        chosen from the whole page and kept if it holds on the first window (else the
        generic labels throughout); the metadata is read from the first window."""
        site = None if self.generic else self._choose_site(page, trace)
        windows = _windows(page)
        first = self._label_window(next(windows), site, trace)
        site = site if first.site is not None else None
        page.site, page.metadata = first.site, describe(_bounded(first))
        rest = (self._label_window(window, site, trace) for window in windows)
        return Windowed(page, chain([first], rest))

    def _label_window(self, window: Document, site: Site | None,
                      trace: Tracer | None) -> Document:
        """A window labelled as a page of its own, by the rule stages alone: its page has
        more lines than the model reads (MODEL_MAX_LINES), whatever the window's size."""
        self._generic_labels(window, trace, None)
        if site is not None:
            self._apply_site(window, site, trace)
        return window

    def _generic_labels(self, doc: Document, trace: Tracer | None,
                        model: Model | None) -> None:
        _set_labels(doc, self._classify(_bounded(doc), trace, model))

    def _choose_site(self, doc: Document, trace: Tracer | None) -> Site | None:
        """The forced site, or the plugin's choice for the page (None: none, or the
        choice failed, which is reported)."""
        try:
            return self.forced or self.plugins.choose_site(doc.url, doc.text)
        except Exception as exc:
            self.warn(f"choosing a site for {doc.source or doc.id} failed: {exc}; "
                      "using generic labels")
            if trace is not None:
                trace.site(None, f"choosing a site failed: {exc}")
            return None

    def _apply_site(self, doc: Document, site: Site, trace: Tracer | None) -> None:
        """Let ``site`` sharpen the labels; if it fails, it is reported and the generic
        labels stay (``doc.site`` None)."""
        generic_lines = [Line(ln.n, ln.text, ln.label) for ln in doc.lines]
        try:
            site.apply(doc, None if trace is None else trace.rule)
            _check_lines(doc, generic_lines)
            _check_labels(doc)
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"
            self.warn(f"site plugin {site.name!r} ({site.origin}) failed on "
                      f"{doc.source or doc.id}: {error}; using generic labels")
            if trace is not None:
                trace.site(site, error)
            # A refine hook may have replaced, added or dropped lines: restore them all.
            doc.lines = generic_lines
            return
        doc.site = site.name
        if trace is not None:
            trace.site(site, None)

    def _classify(self, doc: Document, trace: Tracer | None,
                  model: Model | None) -> list[str | None] | None:
        """The ``classify`` hook, called by pluggy; traced, it also says who answered."""
        hook = self.plugins.pm.hook.classify
        if trace is None:
            return hook(doc=doc, trace=None, model=model)
        labels = hook(doc=doc, trace=trace.step, model=model)
        trace.classified_by(self._answered_by(doc, labels, model))
        return labels

    def _answered_by(self, doc: Document, labels: list[str | None] | None,
                     model: Model | None) -> str | None:
        """The plugin whose ``classify`` gave ``labels``: the one whose hook alone gives them.

        pluggy does not say which implementation of a ``firstresult`` hook answered, so each
        is called again on its own (untraced); None when no one, or more than one, fits.
        """
        pm = self.plugins.pm
        impls = [i for i in pm.hook.classify.get_hookimpls() if not (i.hookwrapper or i.wrapper)]
        fits = []
        for impl in impls:
            others = [i.plugin for i in impls if i is not impl]
            alone = pm.subset_hook_caller("classify", others)
            if alone(doc=doc, trace=None, model=model) == labels:
                fits.append(impl.plugin_name)
        return fits[0] if len(fits) == 1 else None


def _page_document(lines: list[str], *, id: str, source: str | None,
                   url: str | None) -> Document:
    """``Document.from_text`` of the lines joined, its lines holding the page's own line
    strings rather than copies split from the joined text (a page of a million short
    lines: 80 MB less). The walker's lines hold no line break; were one to, the text is
    split as ``from_text`` does, so the lines are the same either way."""
    text = "\n".join(lines)
    if text.count("\n") != len(lines) - 1 or not lines:
        return Document.from_text(text, id=id, source=source, url=url)
    return Document.from_lines(lines, text=text, id=id, source=source, url=url)


def _windows(page: Document) -> Iterator[Document]:
    """The windows of a page that has its text but no lines yet: each a Document of
    WINDOW_LINES lines at most, split from the text as it is asked for (the page holds
    no string per line), with its slice of the page's evidence."""
    text = page.text
    count = text.count("\n") + 1
    size = -(-count // -(-count // WINDOW_LINES))  # as few windows as WINDOW_LINES allows
    evidence = page.evidence
    if evidence is not None and len(evidence) != count:
        evidence = None  # not the walker's lines (none holds a line break): not theirs
    start = 0
    for first in range(0, count, size):
        end = _end_of_lines(text, start, size)
        piece = text[start:end]
        window = Document.from_lines(piece.split("\n"), text=piece, id=page.id,
                                     source=page.source, url=page.url, first=first + 1)
        window.meta = page.meta
        window.evidence = None if evidence is None else evidence[first:first + size]
        yield window
        start = end + 1


def _end_of_lines(text: str, start: int, lines: int) -> int:
    """Where the ``lines`` lines from ``start`` end: the offset of the line break after
    them, or the end of the text."""
    end = start - 1
    for _ in range(lines):
        end = text.find("\n", end + 1)
        if end < 0:
            return len(text)
    return end


def _bounded(doc: Document) -> Document:
    """``doc``, or a copy whose lines longer than MAX_CLASSIFIED_LINE_CHARS are cut.

    The cut keeps what is classified (the line without its padding), not the raw line:
    a line padded with white space at both ends would otherwise be shown as blank and
    get no label, and its document would be lost.
    """
    limit = MAX_CLASSIFIED_LINE_CHARS
    if len(doc.text) <= limit or max(len(line.text) for line in doc.lines) <= limit:
        return doc
    lines = [line if len(line.text) <= limit else Line(line.n, _cut(line.text), line.label)
             for line in doc.lines]
    return replace(doc, lines=lines)


def _cut(text: str) -> str:
    """``text`` unpadded, and if still over the limit its head and tail."""
    core = text.strip()
    if len(core) <= MAX_CLASSIFIED_LINE_CHARS:
        return core
    half = MAX_CLASSIFIED_LINE_CHARS // 2
    return f"{core[:half]} {core[-half:]}"


def _set_labels(doc: Document, labels: list[str | None] | None) -> None:
    if labels is None or len(labels) != len(doc.lines):
        raise RuntimeError("the classifier must return exactly one label per line")
    for line, label in zip(doc.lines, labels, strict=True):  # one pass: this runs per document
        if _blank(line.text):
            line.label = None
        elif label in _LABEL_SET:
            line.label = label
        else:
            raise ValueError(f"line {line.n} got label {label!r}, not one of the seven")


def _blank(text: str) -> bool:
    """``not text.strip()`` without copying the line (str.strip and str.isspace agree on
    what white space is)."""
    return not text or text.isspace()


def _check_lines(doc: Document, before: list[Line]) -> None:
    """A site may change labels only: the output must still join back to the input."""
    if len(doc.lines) != len(before) or any(
        a.text != b.text or a.n != b.n for a, b in zip(doc.lines, before, strict=False)
    ):
        raise ValueError("the site changed the lines themselves, not just their labels")


def _check_labels(doc: Document) -> None:
    for line in doc.lines:
        if _blank(line.text):
            line.label = None
        elif line.label not in _LABEL_SET:
            raise ValueError(f"line {line.n} got label {line.label!r}, not one of the seven")


_default: Segmenter | None = None


def segment(text: str, *, url: str | None = None, site: str | None = None,
            generic: bool = False, id: str = "doc", html: bool = False) -> Document:
    """Segment ``text`` (a page's HTML when ``html``) with the default plugins.

    The simplest way to use segkit from Python.
    """
    global _default
    if _default is None:
        _default = Segmenter()
    segmenter = _default
    if site is not None or generic:
        # Reuse the loaded plugins: loading them again would re-import plugin files.
        segmenter = Segmenter(_default.plugins, site=site, generic=generic)
    run = segmenter.segment_html if html else segmenter.segment
    return run(text, id=id, url=url)
