"""The classifier's stages composed: features -> classes -> region -> revise -> model ->
title line."""

from __future__ import annotations

from typing import Final

from segkit.classify.classes import context_free, marked_classes
from segkit.classify.features import line_features, opens_comments
from segkit.classify.labelling import extra_columns
from segkit.classify.model import (
    FROM_BODY_MAX_WORDS,
    MODEL_MAX_LINES,
    Model,
    ModeModel,
    article_bounds,
    bounded,
    content_cut,
    content_probabilities,
    context_probabilities,
    cut_per_page,
    links_kept,
    named_labels,
    one_headline,
    relabel,
    short_nav_only,
    spared_from_checks,
)
from segkit.classify.page_kind import kind_features
from segkit.classify.region import find_region
from segkit.classify.revise import Trace, revise
from segkit.classify.site_name import TITLE_TAG, first_line_apart, title_line
from segkit.classify.vector import Page
from segkit.classify.vector import rows as vector_rows
from segkit.evidence import LineEvidence, PageMeta, PageStructure
from segkit.labels import BODY

# Zero-width characters (and the soft hyphen) stripped off each line's ends.
_INVISIBLE: Final = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def classify_lines(lines: list[str], evidence: list[LineEvidence] | None = None,
                   meta: PageMeta | None = None, trace: Trace | None = None, *,
                   structure: PageStructure | None = None, url: str | None = None,
                   model: Model | None = None) -> list[str | None]:
    """Label every line; blank lines get None. ``evidence``, ``meta`` and ``structure``
    come with HTML input; ``model`` (None: the rule stages alone) has the last word on
    which lines are the page's content."""
    index, page = describe_lines(lines, evidence, meta, trace, structure=structure, url=url)
    labels = model_labels(page, model, trace)
    out: list[str | None] = [None] * len(lines)
    for i, label in zip(index, labels, strict=True):
        out[i] = label
    return out


def label_lines(texts: list[str], evidence: list[LineEvidence] | None = None,
                meta: PageMeta | None = None, trace: Trace | None = None, *,
                structure: PageStructure | None = None, url: str | None = None,
                model: Model | None = None) -> list[str]:
    """The stages over the non-blank lines of one document."""
    page = rule_page(texts, evidence, meta, trace, structure=structure, url=url)
    return model_labels(page, model, trace)


def describe_lines(lines: list[str], evidence: list[LineEvidence] | None = None,
                   meta: PageMeta | None = None, trace: Trace | None = None, *,
                   structure: PageStructure | None = None, url: str | None = None
                   ) -> tuple[list[int], Page]:
    """The rule stages over the non-blank lines of a rendering, and where those lines are:
    what labelling, training and the benchmarks all read."""
    index = [i for i, t in enumerate(lines) if t.strip()]
    texts = [lines[i].strip().strip(_INVISIBLE) for i in index]
    if structure is not None and len(index) != len(lines):
        nodes = structure.line_nodes
        structure = PageStructure([nodes[i] for i in index], structure.parents,
                                  structure.sigs)
    kept = [evidence[i] for i in index] if evidence else None
    page = rule_page(texts, kept, meta, trace, structure=structure, url=url)
    page.first_alone = first_line_apart(lines)
    return index, page


def model_labels(page: Page, model: Model | None, trace: Trace | None = None) -> list[str]:
    """The rule labels of ``page``, corrected by ``model`` where it has a say, and the
    ``<title>`` line named by whether it shows the site's name (LABELS.md)."""
    labels = _learned_labels(page, model, trace)
    first = page.feats[0].text if page.feats else ""
    titled = title_line(labels, first, page.evidence, page.meta, page.url, page.first_alone)
    if trace is not None and titled is not labels:
        trace("title line", titled)
    return titled


def _learned_labels(page: Page, model: Model | None, trace: Trace | None = None
                    ) -> list[str]:
    """The rule labels of ``page``, corrected by ``model`` where it has a say."""
    html = page.evidence is not None
    mode = model.mode(html) if model is not None else None
    if mode is None or not page.labels or len(page.labels) > MODEL_MAX_LINES:
        return page.labels
    rows = vector_rows(page)
    probs = first_line_kept(page, content_probabilities(mode, page, rows))
    ctx = mode.context
    # What the decision about content reads: the context pass's q, if any, at its thresholds.
    q = probs if ctx is None else first_line_kept(
        page, context_probabilities(ctx, page, rows, probs))
    threshold, demote = ((mode.threshold, mode.demote_below) if ctx is None
                         else (ctx.threshold, ctx.demote_below))
    cut = content_cut(q, [f.words for f in page.feats], threshold, html)
    texts = [f.text for f in page.feats]
    labels = links_kept(page.labels, relabel(page.labels, q, cut, demote), texts)
    if trace is not None:
        seen = {"probabilities": probs}
        if ctx is not None:
            seen["context"] = q
        trace("model", labels, threshold=cut, page_cut=cut_per_page(html), **seen)
    if not html:  # text: no markup says where the article is (HTML: no gain)
        labels = bounded(page.labels, labels, q, texts)
        if trace is not None:
            bounds = article_bounds(page.labels, texts)
            trace("bounds", labels, bounds=bounds, comments=bounds is not None
                  and bounds[1] < len(texts) and opens_comments(texts[bounds[1]]))
    if mode.labeller is not None:
        labels = _labeller_labels(page, mode, rows, probs, q, labels, trace)
    if not html:  # HTML's labeller names headlines from the markup (no gain there)
        labels = one_headline(labels, texts, q, cut)
        if trace is not None:
            trace("one headline", labels)
    return labels


def _labeller_labels(page: Page, mode: ModeModel, rows: list[list[float]],
                     probs: list[float], q: list[float], labels: list[str],
                     trace: Trace | None) -> list[str]:
    """The labels after the labeller. A scoped one reads only the lines in its scope
    (text: the rules' nav and related, the short body lines it may name bylines or dates,
    and the rules' dates and bylines it checks) and walks only the trees of the labels it
    may give each of them."""
    labeller, scope = mode.labeller, mode.scope
    assert labeller is not None
    kind = None if mode.kind is None else mode.kind.probabilities(page_kind(page))
    spared: frozenset[int] = frozenset()
    if scope is None:
        in_scope = [True] * len(labels)
        scores = labeller.page_probabilities(rows, extra_columns(page, probs, kind=kind))
    else:
        spared = spared_from_checks(labels, [f.text for f in page.feats], scope)
        in_scope = [scope.names(label) and i not in spared and (
                    label != BODY or label in scope.takes or f.words <= FROM_BODY_MAX_WORDS)
                    for i, (label, f) in enumerate(zip(labels, page.feats, strict=True))]
        extras = extra_columns(page, probs, in_scope, kind)
        scores = [[] for _ in labels]
        # each group with its own labels: those taken, body, each label checked
        for group in (scope.takes, {BODY} - scope.takes, *({c} for c in scope.checks)):
            named = [ok and label in group for ok, label in zip(in_scope, labels, strict=True)]
            if any(named):
                allowed = scope.may_give(next(iter(group)), labeller.classes)
                got = labeller.page_probabilities(rows, extras, allowed, named)
                scores = [g if ok else s for s, g, ok in zip(scores, got, named, strict=True)]
    named_now = short_nav_only(labels, named_labels(labels, scores, labeller.classes, q,
                                                    mode.gives_body, scope, spared),
                               (f.words for f in page.feats), scope)
    if trace is not None:  # a body line it left body is the content decision's
        named = in_scope if scope is None else [
            ok and not (d == BODY == o and d not in scope.takes)
            for ok, d, o in zip(in_scope, labels, named_now, strict=True)]
        trace("labeller", named_now, label_scores=scores, label_classes=labeller.classes,
              gives_body=mode.gives_body, in_scope=named)
    return named_now


def page_kind(page: Page) -> dict[str, float]:
    """The page's :func:`~segkit.classify.page_kind.kind_features`."""
    return kind_features(page.url, page.meta, [f.text for f in page.feats], page.evidence)


def first_line_kept(page: Page, probs: list[float]) -> list[float]:
    """The probabilities with the first line kept out of the content: it is the page's
    browser title (a rendering puts <title> first), never the page's content (LABELS.md),
    whatever words it shares with it. In HTML the markup says whether it is the title: a
    page or fragment without a <title> may open with its content."""
    evidence = page.evidence
    if (evidence[0].tag == TITLE_TAG) if evidence else page.labels[0] != BODY:
        return [0.0, *probs[1:]]
    return probs


def rule_page(texts: list[str], evidence: list[LineEvidence] | None = None,
              meta: PageMeta | None = None, trace: Trace | None = None, *,
              structure: PageStructure | None = None, url: str | None = None) -> Page:
    """The rule stages (features, classes, region, revision): what the model reads."""
    feats = line_features(texts)
    if not feats:
        return Page([], [], [], evidence, structure, meta, url)
    free = [context_free(f) for f in feats]
    classes = marked_classes(feats, free, evidence)
    region = find_region(feats, classes, evidence)
    labels = revise(feats, classes, region, trace)
    return Page(feats, classes, labels, evidence, structure, meta, url, free)
