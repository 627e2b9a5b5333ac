"""The context forest of a mode: learnt from what the content forest says of each line's
surroundings (``classify.context``), on probabilities it gave pages it never saw.

Learnt from a content forest that saw the very pages, it would trust ``p`` more than it
deserves on a new page; so each page's ``p`` comes from a forest trained without its
domain (``labeller.held_out_probabilities``), as every page gets it at run time. Its two
thresholds are chosen on its own held-out probabilities (a second cross-fit by domain) to
give the best mean word F1 over the pages with a truth text.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, Final

from segkit.classify import context, vector
from segkit.classify.model import content_cut, relabel, word_counts
from segkit.labels import BODY, LABELS
from segkit.learn.dataset import PageRows, fold_of
from segkit.learn.fit import PARAMS, TREES, dump_forest, seeded
from segkit.learn.labeller import HELD_OUT_FOLDS, held_out_probabilities
from segkit.tools.wcxb import words

# The context forest is walked for every line after the content forest, so it is kept
# small (its leaves per tree: CONTEXT_LEAVES): 150 trees in each mode. In HTML, where it
# first read the whole content row (classify.context): with eight columns 150 trees
# did no better than 60, with the whole row they did (held out, nested, WCXB 0.8634 ->
# 0.8674, trees of 15 leaves). First figures, 60 trees and eight columns
# (benchmarks/bench_stack.py, 5 folds by domain, same run): WCXB word F1 HTML 0.8521 ->
# 0.8587 (every page type up), text 0.8117 -> 0.8154; the 181 articles HTML 0.9648 ->
# 0.9649, text 0.9055 -> 0.9039.
# Later, with each HTML page read at its own cut (classify.model.page_cut), HTML trees of
# up to 31 leaves: held out, nested, WCXB 0.8680 with 150 trees of 15 leaves, 0.8698 with
# 150 of 31, 0.8696 with 300 of 15, 0.8703 with 600 of 15 (the 181 articles 0.9658,
# 0.9657, 0.9666, 0.9667); 31 leaves cost a level more per tree, 300 trees twice the
# walk. Text with 150 trees of 15 leaves did worse than with 60 (0.8215 against 0.8227)
# while it read seven columns of the content row; reading all of it, 150 trees did better
# (0.8223 -> 0.8242, the 181 articles 0.9251 -> 0.9262), and 150 of 31 leaves no better
# (0.8247, 0.9246).
CONTEXT_TREES: Final = {"html": 150, "text": 150}
CONTEXT_LEAVES: Final = {"html": 31, "text": 15}
CONTEXT_PARAMS: Final[dict[str, Any]] = dict(PARAMS, learning_rate=0.1, feature_fraction=0.8)
# The modes that get a context forest. Text had none while its rows knew nothing of the
# rule region or the page's cue phrases (WCXB 0.8117 -> 0.8154, the 181 articles 0.9055 ->
# 0.9039, the seeds' line accuracy 0.910 -> 0.893). With them (benchmarks/bench_stack.py
# --modes text, nested, 5 folds by domain): WCXB 0.8133 -> 0.8188, the 181 articles
# 0.9169 -> 0.9152, the seeds (tests/test_seed_gold.py, generic) 0.901 -> 0.919.
CONTEXT_MODES: Final = ("html", "text")
# The inner cross-validation chose thresholds 0.35-0.45 and demote_below 0.2-0.4 over the
# five outer folds in HTML, 0.4 and 0.3-0.4 in text.
# The thresholds tried for a context forest (threshold, then demote_below).
THRESHOLDS: Final = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6)
DEMOTES: Final = (0.1, 0.2, 0.3, 0.4, 0.5)


def context_rows(pages: list[PageRows], probs: list[list[float]], html: bool
                 ) -> list[PageRows]:
    """The pages with their context rows (from ``probs``, each page's p) in place of their
    content rows."""
    return [replace(p, rows=context.rows(_layout(p), q, p.rows, html))
            for p, q in zip(pages, probs, strict=True)]


def _layout(page: PageRows) -> context.Layout:
    if page.layout is None:
        raise ValueError(f"{page.id}: no layout (pages for the context pass come from "
                         f"segkit.learn.dataset)")
    return page.layout


def fit_context(pages: list[PageRows], html: bool, trees: int | None = None,
                threads: int = 1, *, seed: int | None = None) -> dict[str, Any]:
    """A context forest fitted to ``pages`` (their rows the context rows), JSON form;
    ``trees`` None: the mode's CONTEXT_TREES; ``seed`` None: PARAMS'."""
    return dump_forest(_booster(pages, trees or context_trees(html), threads, html, seed),
                       context.names(html))


def context_trees(html: bool) -> int:
    """How many trees a mode's context forest has."""
    return CONTEXT_TREES["html" if html else "text"]


def _booster(pages: list[PageRows], trees: int, threads: int, html: bool,
             seed: int | None = None) -> Any:
    import lightgbm as lgb
    import numpy as np

    from segkit.learn.dataset import line_weights

    x = np.asarray([r for p in pages for r in p.rows], dtype=np.float64)
    y = np.asarray([g for p in pages for g in p.gold], dtype=np.int8)
    w = np.asarray([v for p in pages for v in line_weights(p)], dtype=np.float64)
    params = seeded(dict(CONTEXT_PARAMS, num_leaves=CONTEXT_LEAVES["html" if html else "text"],
                         num_threads=threads), seed)
    return lgb.train(params, lgb.Dataset(x, y, weight=w), num_boost_round=trees)


def held_out_context(pages: list[PageRows], html: bool, folds: int = HELD_OUT_FOLDS,
                     trees: int | None = None, threads: int = 1, *,
                     seed: int | None = None) -> list[list[float]]:
    """Each page's q from a context forest trained without its domain (``pages``: context
    rows; ``trees`` None: the mode's CONTEXT_TREES; ``seed`` None: PARAMS')."""
    import numpy as np

    trees = trees or context_trees(html)
    groups = [p.group for p in pages]
    folds = min(folds, len(set(groups)))
    fold = fold_of(groups, folds) if folds >= 2 else {g: 0 for g in groups}
    out: list[list[float]] = [[] for _ in pages]
    for k in range(max(folds, 1)):
        # One domain: none can be held out; the forest of all pages.
        train = [p for p in pages if fold[p.group] != k] if folds >= 2 else pages
        booster = _booster(train, trees, threads, html, seed)
        for i, p in enumerate(pages):
            if fold[p.group] == k:
                out[i] = [float(v) for v in booster.predict(np.asarray(p.rows))]
    return out


class Scorer:
    """Word F1 of a page's body for any choice of its lines, from word counts made once
    (a matrix of each line's count of each of the page's words)."""

    def __init__(self, page: PageRows) -> None:
        import numpy as np

        lines = [words(t) for t in page.lines]
        want = words(page.truth or "")
        vocab = {w: k for k, w in enumerate({w for c in [want, *lines] for w in c})}
        self.counts = np.zeros((len(lines), len(vocab)))
        for i, c in enumerate(lines):
            for w, n in c.items():
                self.counts[i, vocab[w]] = n
        self.want = np.zeros(len(vocab))
        for w, n in want.items():
            self.want[vocab[w]] = n
        self.total = float(self.want.sum())

    def f1(self, keep: list[bool]) -> float:
        import numpy as np

        got = self.counts[np.asarray(keep, dtype=bool)].sum(axis=0)
        size = float(got.sum())
        if not self.total:
            return 0.0 if size else 1.0
        overlap = float(np.minimum(got, self.want).sum())
        if not overlap:
            return 0.0
        p, r = overlap / size, overlap / self.total
        return 2 * p * r / (p + r)


def rule_labels(page: PageRows, html: bool) -> list[str]:
    """The rule labels of a page, read from its content rows (the ``seg`` column)."""
    seg = vector.names(html).index("seg")
    return [LABELS[int(r[seg])] for r in page.rows]


def choose_thresholds(pages: list[PageRows], probs: list[list[float]], html: bool
                      ) -> tuple[float, float]:
    """The (threshold, demote_below) whose relabelling gives the best mean word F1 over
    the ``pages`` with a truth text (``pages``: content rows; ``probs``: held-out q)."""
    scored = [(Scorer(p), rule_labels(p, html), [0.0, *q[1:]],
               word_counts(p.lines))
              for p, q in zip(pages, probs, strict=True) if p.truth is not None]
    best, chosen = -1.0, (THRESHOLDS[0], DEMOTES[0])
    for cut in THRESHOLDS:  # in HTML a page's own cut, and this one where it has none
        cuts = [content_cut(q, n, cut, html) for _, _, q, n in scored]
        for demote in DEMOTES:
            total = sum(s.f1([lab == BODY for lab in relabel(rule, q, c, demote)])
                        for (s, rule, q, _), c in zip(scored, cuts, strict=True))
            if total > best:
                best, chosen = total, (cut, demote)
    return chosen


def train_context(content: list[PageRows], html: bool, threads: int = 1,
                  probs: list[list[float]] | None = None, *,
                  seed: int | None = None) -> dict[str, Any]:
    """The context forest of one mode in JSON form, with its thresholds (``probs``: the
    pages' held-out probabilities, when already worked out; ``seed`` None: PARAMS')."""
    if probs is None:
        probs = held_out_probabilities(content, content, html, trees=TREES, threads=threads,
                                       seed=seed)
    pages = context_rows(content, probs, html)
    held_out = held_out_context(pages, html, threads=threads, seed=seed)
    cut, demote = choose_thresholds(content, held_out, html)
    forest = fit_context(pages, html, threads=threads, seed=seed)
    forest["threshold"] = cut
    forest["demote_below"] = demote
    return forest
