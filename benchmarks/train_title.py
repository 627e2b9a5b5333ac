#!/usr/bin/env python3
"""Train segkit's title chooser on the WCXB split (needs scikit-learn and scipy: ``train``).

    python benchmarks/train_title.py [--shared PATH] [--cache DIR] [--text] [--write]

Every HTML page's title candidates (``segkit.describe.title.candidate_rows``) are scored
by a linear model fitted as a conditional logit: per page, the softmax of the candidates'
scores, the gold title's candidate the one to pick (a page whose gold is no candidate
teaches nothing). The page type among the features is the one a page-type model that never
saw the page gives it (cross-validated predictions), as on a page segkit has not seen.

The L2 strength is chosen by 5-fold cross-validation grouped by registrable domain
(``segkit.learn.dataset.domain`` and ``fold_of``): each fold's chooser, and the page-type
model that gives its pages their type, are trained on the other folds alone. The held-out
title exact rate of the chosen strength is printed, the figure to quote. ``--write`` then
fits on every page and writes ``src/segkit/describe/title_model.json``.

``--text`` does the same for text mode's chooser (``title_model_text.json``) over the
``text/`` renderings: a page whose first line stands for its <title>
(``describe.title.first_line_titled``) is one to choose on; the others never reach a
chooser. The held-out rate printed is over those pages; ``bench_meta.py --cv`` gives the
title exact of every text page.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass

import numpy as np
from bench_meta import labelled_docs
from benchkit import trainer_arguments
from logit import conditional_logit, matrix

from segkit.describe.page_type import page_features
from segkit.describe.text import key
from segkit.describe.title import (
    FEATURES,
    TitleModel,
    base_rows,
    first_line_titled,
    title_model_path,
    with_type,
)
from segkit.document import Document
from segkit.learn.dataset import domain, fold_of
from segkit.tools.wcxb import Truth

FOLDS = 5
# L2 penalties tried (on the summed log-likelihood of the pages' choices).
L2_GRID = (1.0, 3.0, 10.0, 30.0)


@dataclass
class PageSet:
    """The HTML pages with a gold title, their domain's fold and their held-out type."""

    docs: list[Document]
    golds: list[str]  # the gold title, by key
    folds: list[int]
    gold_types: list[str]
    types: list[str | None]  # from a page-type model fitted on the other folds


def page_set(docs: list[tuple[Document, Truth]]) -> PageSet:
    """The pages with a gold title, each given its fold and a held-out page type."""
    kept = [(doc, truth) for doc, truth in docs if truth.title]
    groups = [domain(truth.url, truth.id) for _, truth in kept]
    fold = fold_of(groups, FOLDS)
    pages = PageSet([d for d, _ in kept], [key(t.title) for _, t in kept],
                    [fold[g] for g in groups], [t.type or "" for _, t in kept], [])
    pages.types = held_out_types(pages, list(range(len(kept))))
    return pages


def text_page_set(pages: PageSet) -> PageSet:
    """Of the text ``pages`` (:func:`page_set`), those whose first line stands for their
    <title>, as the chooser sees them (that line as the title markup); each keeps the type
    held out from the rendering itself, as segkit describes it."""
    titled = [first_line_titled(d) for d in pages.docs]
    keep = [i for i, t in enumerate(titled) if t is not None]
    return PageSet([t for t in titled if t is not None],
                   [pages.golds[i] for i in keep], [pages.folds[i] for i in keep],
                   [pages.gold_types[i] for i in keep], [pages.types[i] for i in keep])


def held_out_types(pages: PageSet, idx: list[int]) -> list[str | None]:
    """The page type of each page of ``idx`` from a page-type model fitted on the other
    folds of ``idx``; the other pages' entries None."""
    from train_page_type import _fit, _predict

    from segkit.describe.page_type import MODEL_PATH

    c = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["C"]
    feats = {i: page_features(pages.docs[i]) for i in idx}
    out: list[str | None] = [None] * len(pages.docs)
    for k in sorted({pages.folds[i] for i in idx}):
        train = [i for i in idx if pages.folds[i] != k]
        test = [i for i in idx if pages.folds[i] == k]
        vec, model = _fit([feats[i] for i in train], [pages.gold_types[i] for i in train], c)
        for i, got in zip(test, _predict(vec, model, [feats[i] for i in test]), strict=True):
            out[i] = got
    return out


@dataclass
class Choices:
    """Each page's candidates as keys and their base feature rows, read once; a fold then
    gives them a page type (:meth:`matrix`)."""

    keys: list[list[str]]
    rows: list[list[dict[str, float]]]

    def matrix(self, i: int, page_type: str | None) -> np.ndarray:
        """Page ``i``'s candidate rows over ``FEATURES``, the page being of ``page_type``."""
        return matrix([with_type(row, page_type) for row in self.rows[i]], _COLUMN)


_COLUMN = {name: j for j, name in enumerate(FEATURES)}


def choices(pages: PageSet) -> Choices:
    out = Choices([], [])
    for doc in pages.docs:
        cands, rows = base_rows(doc)
        out.keys.append([key(c.text) for c in cands])
        out.rows.append(rows)
    return out


def gold_index(pages: PageSet, data: Choices, i: int) -> int:
    """The row of page ``i``'s gold title among its candidates; -1 when none is it."""
    keys = data.keys[i]
    return keys.index(pages.golds[i]) if pages.golds[i] in keys else -1


def fit(xs: list[np.ndarray], golds: list[int], l2: float) -> TitleModel:
    """The conditional logit over the pages' candidates, the gold's row (-1: none) the
    right one (:func:`logit.conditional_logit`)."""
    w = conditional_logit(xs, [[g] if g >= 0 else [] for g in golds], l2)
    return TitleModel({name: float(v) for name, v in zip(FEATURES, w, strict=True) if v})


def picks_gold(model: TitleModel, x: np.ndarray, g: int) -> bool:
    w = np.array([model.weights.get(f, 0.0) for f in FEATURES])
    return g >= 0 and len(x) > 0 and int(np.argmax(x @ w)) == g


def cross_validate(pages: PageSet, data: Choices, l2s: tuple[float, ...]) -> dict[float, float]:
    """Title exact held out, per L2 strength: each fold's chooser is fitted on the other
    folds, their pages typed by page-type models that never saw them; the fold's own pages
    typed by one fitted on the other folds."""
    right: dict[float, int] = dict.fromkeys(l2s, 0)
    for k in range(FOLDS):
        xs, golds = fold_training(pages, data, k)
        test = [i for i, f in enumerate(pages.folds) if f == k]
        tests = [(data.matrix(i, pages.types[i]), gold_index(pages, data, i)) for i in test]
        for l2 in l2s:
            model = fit(xs, golds, l2)
            right[l2] += sum(picks_gold(model, x, g) for x, g in tests)
    return {l2: n / len(pages.docs) for l2, n in right.items()}


def fold_training(pages: PageSet, data: Choices, k: int) -> tuple[list[np.ndarray], list[int]]:
    """What fold ``k``'s chooser learns from: the other folds' candidate rows, their pages
    typed by page-type models that never saw them, and the row of each page's gold."""
    train = [i for i, f in enumerate(pages.folds) if f != k]
    types = held_out_types(pages, train)
    return ([data.matrix(i, types[i]) for i in train],
            [gold_index(pages, data, i) for i in train])


def train_all(pages: PageSet, data: Choices, l2: float) -> TitleModel:
    """The chooser fitted on every page (typed by cross-validated page types)."""
    everything = range(len(pages.docs))
    return fit([data.matrix(i, pages.types[i]) for i in everything],
               [gold_index(pages, data, i) for i in everything], l2)


def main() -> int:
    args = trainer_arguments(__doc__, text_option=True)
    docs = labelled_docs(args.shared, "text" if args.text else "html", None, args.cache)
    pages = text_page_set(page_set(docs)) if args.text else page_set(docs)
    path = title_model_path(args.text)
    data = choices(pages)
    rates = cross_validate(pages, data, L2_GRID)
    for l2, rate in rates.items():
        print(f"l2={l2:<5} title exact, held out (5 folds by domain): {rate:.3f}")
    best = max(rates, key=rates.__getitem__)
    print(f"chosen l2={best} (held-out title exact {rates[best]:.3f})")
    if args.write:
        model = train_all(pages, data, best)
        path.write_text(json.dumps(model.to_json(l2=best)) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
