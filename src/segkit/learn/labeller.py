"""The labeller of a mode, learnt from the pages whose every line is labelled.

It reads the content forest's probability for each line (``classify.labelling``). Learnt
from the probabilities of a forest that saw those very pages, it would trust them more
than they deserve on a new page; so each labelled page gets its probabilities from a
forest trained without its domain (``HELD_OUT_FOLDS`` folds by domain), as every page
gets them at run time.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from segkit.classify.labelling import label_names, with_content
from segkit.classify.trees import Forest, forest_from_json
from segkit.learn.dataset import PageRows, fold_of
from segkit.learn.fit import TREES, fit_forest, fit_labeller
from segkit.learn.kind import fit_kind, held_out_kinds, kinds_of

# Folds by domain for the labelled pages' held-out content probabilities.
HELD_OUT_FOLDS: Final = 5
# The modes that get a labeller. Held out (benchmarks/bench_labels.py, 5 folds by
# domain), it gained in HTML from the first (245 labelled pages: line accuracy 0.847 ->
# 0.868, macro-F1 0.50 -> 0.70) and lost in text, where the rules were tuned on articles
# (0.820 -> 0.804). A text labeller of every line that keeps the content decision's body
# gains on the labelled text pages (0.823/0.520 -> 0.824/0.582) but, trained on
# everything, labels the project's seeds worse than the rules (tests/test_seed_gold.py:
# 0.919 -> 0.870; a live blog's times and entry titles, captions, datelines). Scoped to
# the lines the rules left in nav or related (LABELLER_SCOPE) it keeps the rules'
# headlines, dates and captions and gains more (0.826/0.585; with the text settings of
# learn.fit, 0.827/0.587).
LABELLER_MODES: Final = ("html", "text")


def first_kept_out(forest: Forest, rows: list[list[float]]) -> list[float]:
    """A page's content probabilities with its first line kept out, as run time keeps out
    an HTML page's ``<title>`` line (``classify.pipeline.first_line_kept``)."""
    probs = [forest.probability(r) for r in rows]
    return [0.0, *probs[1:]] if probs else probs


def held_out_probabilities(content: list[PageRows], labelled: list[PageRows], html: bool,
                           folds: int = HELD_OUT_FOLDS, trees: int = TREES,
                           threads: int = 1, *, seed: int | None = None
                           ) -> list[list[float]]:
    """For each labelled page, the content probabilities of a forest that was trained on
    ``content`` without the page's domain (the first line kept out, as at run time)."""
    from segkit.classify.vector import names

    groups = [p.group for p in [*content, *labelled]]
    folds = min(folds, len(set(groups)))
    if folds < 2:  # one domain: no forest can be held out from it; the one of all pages
        forest = forest_from_json(fit_forest(content, names(html), trees, threads, html,
                                             seed=seed), "all")
        return [first_kept_out(forest, p.rows) for p in labelled]
    fold = fold_of(groups, folds)
    out: list[list[float]] = [[] for _ in labelled]
    for k in range(folds):
        mine = [i for i, p in enumerate(labelled) if fold[p.group] == k]
        if not mine:
            continue
        train = [p for p in content if fold[p.group] != k]
        forest = forest_from_json(fit_forest(train, names(html), trees, threads, html,
                                             seed=seed), f"fold {k}")
        for i in mine:
            out[i] = first_kept_out(forest, labelled[i].rows)
    return out


def labeller_rows(labelled: list[PageRows], probs: list[list[float]],
                  kinds: list[list[float] | None] | None = None) -> list[PageRows]:
    """The labelled pages with their labeller rows in place of their content rows (their
    ``kinds``: each page's kind probabilities, None where unknown)."""
    kinds = kinds or [None] * len(labelled)
    return [replace(p, rows=with_content(p.rows, p.own or [], q, kind))
            for p, q, kind in zip(labelled, probs, kinds, strict=True)]


def kinds_for(content: list[PageRows], train: list[PageRows], test: list[PageRows]
              ) -> tuple[dict[str, Any] | None, list[list[float] | None],
                         list[list[float] | None]]:
    """The page-kind model of the ``content`` pages' types (None with too few kinds to
    learn), the held-out kinds of the labeller's ``train`` pages, and the kinds the model
    gives the ``test`` pages: what a labeller learns from and what it meets."""
    model = fit_kind(content)
    if model is None:
        return None, [None] * len(train), [None] * len(test)
    return model, held_out_kinds(content, train), kinds_of(model, test)


def usable(labelled: list[PageRows]) -> list[PageRows]:
    """The labelled pages the labeller can learn from (every line labelled, own columns)."""
    return [p for p in labelled if p.labels and p.own is not None]


def train_labeller(content: list[PageRows], labelled: list[PageRows], html: bool,
                   trees: int | None = None, threads: int = 1,
                   probs: list[list[float]] | None = None, *,
                   seed: int | None = None) -> dict[str, Any] | None:
    """The labeller of one mode in JSON form, or None without labelled pages (``probs``:
    the :func:`usable` pages' held-out probabilities, when already worked out; ``trees``:
    rounds, default the mode's; ``seed`` None: PARAMS')."""
    labelled = usable(labelled)
    if not labelled:
        return None
    if probs is None:
        probs = held_out_probabilities(content, labelled, html, threads=threads, seed=seed)
    kind, kinds, _ = kinds_for(content, labelled, [])
    out = fit_labeller(labeller_rows(labelled, probs, kinds), label_names(html),
                       "html" if html else "text", trees, threads, seed=seed)
    out["kind"] = kind
    return out
