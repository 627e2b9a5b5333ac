#!/usr/bin/env python3
"""How big the learned model's forest needs to be: held-out figures per forest size.

    python benchmarks/bench_forest.py [--shared PATH] [--folds 5] [--no-url]
                                      [--params JSON] TREES:LEAVES:RATE[:PREFIX...] ...

Each argument is a forest (``150:31:0.08:60:100``: 150 trees of up to 31 leaves at
learning rate 0.08, also scored after its first 60 and 100 trees, which is what training
60 or 100 trees gives). For each, a model is trained per fold of the gold pages grouped
by domain (as ``bench_cv.py``), and every WCXB page is labelled with its fold's model at
the shipped thresholds: WCXB word F1 per page type and the 181 article pages' body F1,
held out, per input mode (``--no-url``: each test page given without its address, as a
file or stdin is). Training learns as ``segkit train`` does; ``--params`` sets other
LightGBM settings over ``learn.fit.PARAMS`` (``'{"extra_trees": true, "seed": 2}'``): a
setting is worth a change only where it beats the spread of seeds. The pages' rows are
rendered once and kept in ``--rows`` (default ``.cache/bench_forest-rows.pkl``). The
forest's size is what the model costs at run time (its trees are walked for every line):
the smallest forest within noise of the best is the one to ship. Takes about 10 minutes
per forest on two cores, plus the rendering once.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

from segkit.classify import vector
from segkit.classify.model import content_labels, word_counts
from segkit.labels import BODY, LABELS
from segkit.learn.cv import fold_of
from segkit.learn.dataset import PageRows, label_pages, line_weights, truth_pages
from segkit.learn.fit import DEMOTE_BELOW, PARAMS, THRESHOLD, page_rows, without_url
from segkit.learn.train import grouped_with_truth
from segkit.tools.evaluate import body_scores
from segkit.tools.wcxb import word_score

ROOT = Path(__file__).resolve().parents[1]


def rendered(shared: Path, cache: Path, modes: tuple[str, ...] = ("html", "text")
             ) -> dict[str, dict[str, list[PageRows]]]:
    """mode -> set -> pages: WCXB, the 181 articles, and (text) the labelled pages, each
    label file of an article page in that page's domain group (``grouped_with_truth``)."""
    data: dict[str, Any] = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    columns = data.pop("columns", {})
    for mode in list(data):  # rows of other columns (vector.py changed since): again
        if columns.get(mode) != vector.names(mode == "html"):
            del data[mode]
    if all(m in data for m in modes):
        return data
    bench = shared / "bench"
    for mode in modes:
        html = mode == "html"
        sets = {"wcxb": list(truth_pages(bench / "wcxb" / "truth.json", html)),
                "articles": list(truth_pages(bench / "articles" / "ground-truth.json", html)),
                "labels": [] if html else [*label_pages(bench / "articles" / "labels"),
                                           *label_pages(shared / "seeds")]}
        grouped_with_truth(sets["labels"], sets["articles"])
        data[mode] = {k: [p for p in v if p.rows] for k, v in sets.items()}
    cache.parent.mkdir(parents=True, exist_ok=True)
    columns = {m: vector.names(m == "html") for m in data}
    cache.write_bytes(pickle.dumps({**data, "columns": columns}))
    return data


def held_out(pages: list[PageRows], folds: dict[str, int], k: int, trees: int, leaves: int,
             rate: float, sizes: list[int], no_url: bool = False,
             params: dict[str, Any] | None = None) -> dict[tuple[int, int], list[float]]:
    """(page index, forest size) -> held-out probabilities of each line (learnt as
    ``segkit train`` learns them, but for ``params``; with ``no_url``, the test pages given
    no address)."""
    import lightgbm as lgb
    import numpy as np

    names = vector.names(bool(pages) and len(pages[0].rows[0]) == len(vector.names(True)))
    out: dict[tuple[int, int], list[float]] = {}
    for fold in range(k):
        train = [p for p in pages if folds[p.group] != fold]
        x = np.asarray([r for p in train for r in page_rows(p, names)])
        y = np.asarray([g for p in train for g in p.gold])
        w = np.asarray([v for p in train for v in line_weights(p)])
        settings = {**PARAMS, **(params or {}), "num_leaves": leaves, "learning_rate": rate,
                    "num_threads": 2}
        booster = lgb.train(settings, lgb.Dataset(x, y, weight=w), num_boost_round=trees)
        for i, page in enumerate(pages):
            if folds[page.group] == fold:
                rows = without_url(page.rows, names) if no_url else page.rows
                for size in sizes:
                    out[(i, size)] = list(booster.predict(np.asarray(rows),
                                                          num_iteration=size))
    return out


def labels(page: PageRows, probs: list[float], html: bool) -> list[str]:
    """As the pipeline labels a page: the rule labels (a column of the rows), the first
    line kept out of the content, the model's correction at the shipped thresholds."""
    names = vector.names(html)
    seg = names.index("seg")
    rule = [LABELS[int(r[seg])] for r in page.rows]
    title = html and page.rows[0][names.index("tag")] == vector.TAGS.index("title")
    if rule[0] != BODY or title:
        probs = [0.0, *probs[1:]]
    return content_labels(rule, probs, word_counts(page.lines), THRESHOLD,
                          DEMOTE_BELOW["html" if html else "text"], html, page.lines)


def body(page: PageRows, labelled: list[str]) -> str:
    return "\n".join(t for t, lab in zip(page.lines, labelled, strict=True) if lab == BODY)


def report(mode: str, sets: dict[str, list[PageRows]], probs: dict[tuple[int, int], Any],
           spec: str, size: int) -> None:
    html = mode == "html"
    pages = [p for v in sets.values() for p in v]
    index = {id(p): i for i, p in enumerate(pages)}
    types: dict[str, list[float]] = defaultdict(list)
    for page in sets["wcxb"]:
        f1 = word_score(body(page, labels(page, probs[(index[id(page)], size)], html)),
                        page.truth or "").f1
        types["all"].append(f1)
        types[page.type or "?"].append(f1)
    arts = {p.id: body(p, labels(p, probs[(index[id(p)], size)], html))
            for p in sets["articles"]}
    scores = body_scores(arts, {p.id: p.truth or "" for p in sets["articles"]})
    print(f"{mode} {spec} at {size} trees: WCXB " + " ".join(
        f"{t} {sum(v) / len(v):.4f}" for t, v in sorted(types.items()))
        + f" | 181 articles {scores.summary()}", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("forests", nargs="+", help="TREES:LEAVES:RATE[:PREFIX...]")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-url", action="store_true",
                        help="score the pages as given without their addresses")
    parser.add_argument("--rows", type=Path, default=ROOT / ".cache" / "bench_forest-rows.pkl")
    parser.add_argument("--params", type=json.loads, default={},
                        help="LightGBM settings over learn.fit.PARAMS, as a JSON object")
    args = parser.parse_args()
    data = rendered(args.shared, args.rows)
    for mode, sets in data.items():
        pages = [p for v in sets.values() for p in v]
        folds = fold_of([p.group for p in pages], args.folds)
        for spec in args.forests:
            trees, leaves, rate, *prefixes = spec.split(":")
            sizes = [int(trees), *map(int, prefixes)]
            start = time.perf_counter()
            probs = held_out(pages, folds, args.folds, int(trees), int(leaves), float(rate),
                             sizes, args.no_url, args.params)
            label = f"{spec} {json.dumps(args.params)}" if args.params else spec
            for size in sorted(sizes):
                report(mode, sets, probs, label, size)
            print(f"  ({time.perf_counter() - start:.0f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
