#!/usr/bin/env python3
"""Train segkit's author chooser on the WCXB split (needs scikit-learn and scipy: ``train``).

    python benchmarks/train_author.py [--shared PATH] [--cache DIR] [--text] [--write]

The chooser decides the pages whose markup names no author: in HTML, those without a
JSON-LD or <meta> author (``people.markup_names``); with ``--text``, every ``text/``
rendering. Each such page's candidates (``segkit.describe.author_chooser``: the names its
lines show, and "none") are scored by a linear model fitted as a conditional logit: per
page, the softmax of the candidates' scores; the right candidates are those that hold every
name word of the gold author (the figure's own test, ``bench_meta.author_holds``), or
"none" on a page whose gold names no author. A page whose gold author no candidate holds
teaches nothing. The page type among the features, and the rules' pick (which reads it),
come from a page-type model that never saw the page, as on a page segkit has not seen.

The L2 strength is chosen by 5-fold cross-validation grouped by registrable domain, as for
the title chooser (``train_title.py``): each fold's chooser, and the page-type model that
types its pages, are fitted on the other folds alone. Printed per strength, over every
page of the mode (the rules deciding those whose markup names the author): the held-out
author rate (of the pages whose gold names an author) and how many pages whose gold names
none were given one; the rules' figures beside. ``--write`` fits on every page the chooser
decides and writes ``src/segkit/describe/author_model.json`` (``author_model_text.json``
with ``--text``).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field

import numpy as np
from bench_meta import author_holds as holds
from bench_meta import labelled_docs
from benchkit import trainer_arguments
from logit import conditional_logit, matrix
from train_title import FOLDS, PageSet, held_out_types

from segkit.describe.author_chooser import candidate_rows
from segkit.describe.author_model import FEATURES, PAGE_TYPES, AuthorModel, author_model_path
from segkit.describe.chooser import typed
from segkit.describe.people import find_author, markup_names
from segkit.document import Document
from segkit.learn.dataset import domain, fold_of
from segkit.tools.wcxb import Truth

# L2 penalties tried (on the summed log-likelihood of the pages' choices).
L2_GRID = (0.1, 0.3, 1.0, 3.0)
_COLUMN = {name: j for j, name in enumerate(FEATURES)}


@dataclass
class Pages:
    """The text pages, their gold, their domain's fold, and each page's candidates as read
    for a given page type (the rules' pick, one of their features, reads it)."""

    docs: list[Document]
    truths: list[Truth]
    folds: list[int]
    chosen: list[bool]  # whether the chooser decides the page (its markup names no one)
    seen: dict[tuple[int, str | None], tuple[list[str | None], list[dict[str, float]]]] = (
        field(default_factory=dict))

    def choice(self, i: int, page_type: str | None) -> tuple[list[str | None], np.ndarray,
                                                               list[int]]:
        """Page ``i`` as the chooser sees it being of ``page_type``: its candidates, their
        matrix and the rows of the right ones."""
        names, rows = self.seen.setdefault((i, page_type),
                                           candidate_rows(self.docs[i], page_type))
        x = matrix([typed(r, page_type, PAGE_TYPES) for r in rows], _COLUMN)
        gold = self.truths[i].author
        right = ([j for j, n in enumerate(names) if n is not None and holds(n, gold)]
                 if gold else [len(names) - 1])
        return names, x, right


def page_types(pages: Pages, idx: list[int]) -> list[str | None]:
    """The page type of each page of ``idx`` from models fitted on the other folds of
    ``idx`` (train_title.held_out_types)."""
    typed_pages = PageSet(pages.docs, [], pages.folds, [t.type or "" for t in pages.truths],
                          [])
    return held_out_types(typed_pages, idx)


def fit(pages: Pages, idx: list[int], types: list[str | None], l2: float) -> AuthorModel:
    """The chooser fitted on the pages of ``idx`` it decides, typed by ``types``."""
    xs, golds = [], []
    for i in (i for i in idx if pages.chosen[i]):
        _, x, right = pages.choice(i, types[i])
        xs.append(x)
        golds.append(right)
    w = conditional_logit(xs, golds, l2)
    return AuthorModel({name: float(v) for name, v in zip(FEATURES, w, strict=True) if v})


@dataclass
class Rates:
    right: int = 0  # pages whose gold author the pick holds
    named: int = 0  # pages whose gold names an author
    extra: int = 0  # pages given an author where the gold names none
    unnamed: int = 0  # pages whose gold names none

    def add(self, got: str | None, gold: str | None) -> None:
        if gold:
            self.named += 1
            self.right += holds(got, gold)
        else:
            self.unnamed += 1
            self.extra += got is not None

    def __str__(self) -> str:
        return (f"author {self.right / max(self.named, 1):.3f} ({self.right} of {self.named}); "
                f"an author given where the gold names none: {self.extra} of {self.unnamed}")


def cross_validate(pages: Pages, l2s: tuple[float, ...]) -> tuple[dict[float, Rates], Rates]:
    """Held-out rates per L2 strength, and the rules' rates on the same held-out types."""
    everything = list(range(len(pages.docs)))
    types = page_types(pages, everything)
    rates = {l2: Rates() for l2 in l2s}
    rules = Rates()
    for k in range(FOLDS):
        train = [i for i in everything if pages.folds[i] != k]
        test = [i for i in everything if pages.folds[i] == k]
        train_types = page_types(pages, train)
        for i in test:
            rules.add(find_author(pages.docs[i], types[i]), pages.truths[i].author)
        for l2 in l2s:
            model = fit(pages, train, train_types, l2)
            w = np.array([model.weights.get(f, 0.0) for f in FEATURES])
            for i in test:
                if pages.chosen[i]:
                    names, x, _ = pages.choice(i, types[i])
                    got = names[int(np.argmax(x @ w))]
                else:
                    got = find_author(pages.docs[i], types[i])
                rates[l2].add(got, pages.truths[i].author)
    return rates, rules


def page_set(docs: list[tuple[Document, Truth]]) -> Pages:
    groups = [domain(truth.url, truth.id) for _, truth in docs]
    fold = fold_of(groups, FOLDS)
    return Pages([d for d, _ in docs], [t for _, t in docs], [fold[g] for g in groups],
                 [not markup_names(d) for d, _ in docs])


def main() -> int:
    args = trainer_arguments(__doc__, text_option=True)
    pages = page_set(labelled_docs(args.shared, "text" if args.text else "html", None,
                                   args.cache))
    print(f"the chooser decides {sum(pages.chosen)} of {len(pages.docs)} pages")
    rates, rules = cross_validate(pages, L2_GRID)
    print(f"the rules alone, held-out page types: {rules}")
    for l2, rate in rates.items():
        print(f"l2={l2:<4} held out (5 folds by domain): {rate}")
    best = max(rates, key=lambda l2: rates[l2].right)
    print(f"chosen l2={best}: {rates[best]}")
    if args.write:
        everything = list(range(len(pages.docs)))
        model = fit(pages, everything, page_types(pages, everything), best)
        path = author_model_path(html=not args.text)
        path.write_text(json.dumps(model.to_json(l2=best)) + "\n", encoding="utf-8")
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
