"""The page-kind model the labeller reads (``classify.page_kind``), and the held-out
kinds it learns from.

Fitted on every page whose type the gold gives (WCXB's), in one mode. The labeller learns
from the labelled pages' kinds as a model that never saw their domain gives them, as it
meets them on a new page (:func:`held_out_kinds`). Held out (benchmarks/bench_labels.py,
seeds 1 to 3, each fold's kind model from the other folds' pages): HTML line accuracy /
macro-F1 0.902 / 0.785 -> 0.902 / 0.799 (byline 0.727 -> 0.765, timestamp 0.760 -> 0.811),
text 0.834 / 0.610 -> 0.835 / 0.621; docs/results.md has the whole pipeline's figures.
"""

from __future__ import annotations

from typing import Any, Final

from segkit.classify.page_kind import PAGE_KINDS, kind_from_json
from segkit.learn.dataset import PageRows, fold_of

# The logistic regression's inverse strength. Held out (the page-type model's search,
# benchmarks/train_page_type.py, over 0.1 to 10): 1 in HTML, 0.3 to 1 in text.
KIND_C: Final = 1.0
# A feature seen on fewer pages than this is left out (noise, and the model's size).
MIN_PAGES: Final = 3
# Folds by domain for the labelled pages' held-out kinds.
KIND_FOLDS: Final = 5
# The model needs pages of this many kinds (a logistic regression of two has one row of
# weights); with fewer, there is none and the labeller's kind columns stay unknown.
MIN_KINDS: Final = 3
# The intercept of a kind no training page has: all but impossible.
ABSENT: Final = -30.0


def typed(pages: list[PageRows]) -> list[PageRows]:
    """The pages the kind model learns from: a type the model knows, and features."""
    return [p for p in pages if p.type in PAGE_KINDS and p.kind is not None]


def fit_kind(pages: list[PageRows]) -> dict[str, Any] | None:
    """A page-kind model (``classify.page_kind.KindModel``'s JSON form) fitted to the
    :func:`typed` ``pages``; None where they show fewer than MIN_KINDS kinds."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    pages = typed(pages)
    if len({p.type for p in pages}) < MIN_KINDS:
        return None
    counts: dict[str, int] = {}
    for p in pages:
        for name in p.kind or {}:
            counts[name] = counts.get(name, 0) + 1
    rows = [{k: v for k, v in (p.kind or {}).items() if counts[k] >= MIN_PAGES} for p in pages]
    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    model = LogisticRegression(C=KIND_C, max_iter=3000).fit(x, [p.type for p in pages])
    known = [str(k) for k in model.classes_]
    order = [known.index(k) if k in known else -1 for k in PAGE_KINDS]
    weights = {}
    for j, name in enumerate(vec.get_feature_names_out()):
        row = [round(float(model.coef_[i, j]), 5) if i >= 0 else 0.0 for i in order]
        if any(abs(w) >= 1e-5 for w in row):
            weights[str(name)] = row
    intercept = [round(float(model.intercept_[i]), 5) if i >= 0 else ABSENT for i in order]
    return {"classes": list(PAGE_KINDS), "intercept": intercept, "weights": weights}


def kinds_of(model: dict[str, Any] | None, pages: list[PageRows]
             ) -> list[list[float] | None]:
    """Each page's kind probabilities by ``model`` (None for a page without features, and
    for every page without a model)."""
    if model is None:
        return [None] * len(pages)
    kinds = kind_from_json(model, "page-kind model")
    return [None if p.kind is None else kinds.probabilities(p.kind) for p in pages]


def held_out_kinds(typed_pages: list[PageRows], labelled: list[PageRows],
                   folds: int = KIND_FOLDS) -> list[list[float] | None]:
    """For each labelled page, its kind probabilities by a model fitted on the typed pages
    of the other domains (KIND_FOLDS folds by domain; the model of all of them where the
    pages have too few domains to hold one out)."""
    typed_pages = typed(typed_pages)
    groups = [p.group for p in [*typed_pages, *labelled]]
    folds = min(folds, len(set(groups)))
    if folds < 2:
        return kinds_of(fit_kind(typed_pages), labelled)
    fold = fold_of(groups, folds)
    out: list[list[float] | None] = [None] * len(labelled)
    for k in range(folds):
        mine = [i for i, p in enumerate(labelled) if fold[p.group] == k]
        if mine:
            model = fit_kind([p for p in typed_pages if fold[p.group] != k])
            for i, got in zip(mine, kinds_of(model, [labelled[i] for i in mine]), strict=True):
                out[i] = got
    return out
