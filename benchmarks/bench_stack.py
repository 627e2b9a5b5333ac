#!/usr/bin/env python3
"""The context pass, held out: WCXB and the 181 articles before and after it, one run.

    python benchmarks/bench_stack.py [--shared PATH] [--folds 5] [--quick]
                                     [--modes html,text] [--trees 80] [--ctx-trees 60]
                                     [--ctx-leaves 15] [--rows PATH]
    taskset -c 0 python benchmarks/bench_stack.py --cpu MODEL [--limit 300] [--repeat 2]

For each outer fold k of the gold pages grouped by domain (``learn.dataset.fold_of``, as
``bench_forest.py``): the content forest of the other folds gives the fold's pages p
("before": labelled at the shipped thresholds); the context forest of fold k learns from
the other folds' pages, each page's p from a content forest trained without fold k and
without the page's own fold (an inner cross-validation over the other folds: nested, no
page's p comes from a forest that saw it or fold k), its thresholds chosen on its own
held-out q over those pages (``learn.context.choose_thresholds``); the fold's pages are then
labelled from q ("after"). ``--quick`` is the cheaper cross-fitted variant for
exploration: every training page's p from the content forest of its own outer fold (which
saw fold k): not the figures to quote. Prints WCXB word F1 per page type and the 181
articles' body F1 per mode. The pages are rendered once into ``--rows`` (default
``.cache/bench_stack-rows.pkl``: bench_forest's rows plus each page's layout), the
content forests' probabilities into ``.cache/bench_stack-p-*.pkl``. ``--cpu MODEL`` times
labelling with MODEL's context pass and without it instead (run it under ``taskset -c 0``).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

from bench_forest import body, rendered

from segkit.classify import context, vector
from segkit.classify.model import content_labels, word_counts
from segkit.classify.trees import forest_from_json
from segkit.learn import context as learn_context
from segkit.learn.dataset import PageRows, fold_of, line_weights
from segkit.learn.fit import DEMOTE_BELOW, PARAMS, THRESHOLD, page_rows
from segkit.tools.evaluate import body_scores
from segkit.tools.wcxb import word_score

ROOT = Path(__file__).resolve().parents[1]


def fit(pages: list[PageRows], names: list[str], trees: int) -> Any:
    """A content booster, learnt as ``segkit train`` learns it."""
    import lightgbm as lgb
    import numpy as np

    x = np.asarray([r for p in pages for r in page_rows(p, names)])
    y = np.asarray([g for p in pages for g in p.gold])
    w = np.asarray([v for p in pages for v in line_weights(p)])
    return lgb.train(dict(PARAMS, num_threads=2), lgb.Dataset(x, y, weight=w),
                     num_boost_round=trees)


def predict(booster: Any, page: PageRows) -> list[float]:
    import numpy as np

    return [float(v) for v in booster.predict(np.asarray(page.rows))]


def runtime_kept(page: PageRows, probs: list[float], html: bool) -> list[float]:
    """The first line kept out as the pipeline keeps it (``first_line_kept``)."""
    names = vector.names(html)
    row = page.rows[0]
    title = html and row[names.index("tag")] == vector.TAGS.index("title")
    if int(row[names.index("seg_body")]) != 1 or title:
        return [0.0, *probs[1:]]
    return probs


def content_probs(pages: list[PageRows], folds: dict[str, int], k: int, trees: int,
                  html: bool, quick: bool, cache: Path, log: Any
                  ) -> tuple[list[list[float]], dict[int, list[list[float]]]]:
    """Each page's held-out p (runtime form), and for each outer fold the p its context
    forest learns from (training form, first line kept out; nested unless ``quick``). The
    content forests' probabilities are kept in ``cache``: the context forest can then be
    tried again without them."""
    names = vector.names(html)
    saved: dict[str, Any] = pickle.loads(cache.read_bytes()) if cache.exists() else {}
    if saved.get("names") != names:  # forests of other columns (or an older cache): again
        saved = {"names": names}
    if "single" not in saved:
        single = {a: fit([p for p in pages if folds[p.group] != a], names, trees)
                  for a in range(k)}
        saved["single"] = [predict(single[folds[p.group]], p) for p in pages]
        cache.write_bytes(pickle.dumps(saved))
    log(f"  {k} content forests")
    raw = saved["single"]
    test = [runtime_kept(p, q, html) for p, q in zip(pages, raw, strict=True)]
    kept = [[0.0, *q[1:]] for q in raw]
    train: dict[int, list[list[float]]] = {a: kept for a in range(k)}
    if quick:
        return test, train
    pairs = saved.setdefault("pairs", {})
    for a, b in combinations(range(k), 2):
        if (a, b) not in pairs:
            booster = fit([p for p in pages if folds[p.group] not in (a, b)], names, trees)
            pairs[(a, b)] = {i: predict(booster, p) for i, p in enumerate(pages)
                             if folds[p.group] in (a, b)}
            cache.write_bytes(pickle.dumps(saved))
            log(f"  pair forest {a}{b}")
    train = {a: [[] for _ in pages] for a in range(k)}
    for (a, b), got in pairs.items():
        for i, q in got.items():
            train[a if folds[pages[i].group] == b else b][i] = [0.0, *q[1:]]
    return test, train


def context_q(pages: list[PageRows], folds: dict[str, int], k: int, test: list[list[float]],
              train: dict[int, list[list[float]]], html: bool, args: Any, log: Any
              ) -> tuple[list[list[float]], list[tuple[float, float]]]:
    """Each page's q from its outer fold's context forest, and each fold's thresholds."""
    out: list[list[float]] = [[] for _ in pages]
    chosen: list[tuple[float, float]] = []
    for a in range(k):
        mine = [i for i, p in enumerate(pages) if folds[p.group] != a]
        rows = learn_context.context_rows([pages[i] for i in mine],
                                          [train[a][i] for i in mine], html)
        inner = learn_context.held_out_context(rows, html, folds=k - 1, trees=args.ctx_trees,
                                               threads=2)
        cut = learn_context.choose_thresholds([pages[i] for i in mine], inner, html)
        chosen.append(cut)
        forest = forest_from_json(learn_context.fit_context(rows, html, args.ctx_trees, 2),
                                  f"fold {a}")
        for i, p in enumerate(pages):
            if folds[p.group] == a:
                crow = context.rows(p.layout or context.Layout([]), test[i], p.rows, html)
                out[i] = runtime_kept(p, [forest.probability(r) for r in crow], html)
        log(f"  context fold {a}: thresholds {cut}")
    return out, chosen


def report(mode: str, name: str, sets: dict[str, list[PageRows]], labelled: dict[int, list[str]]
           ) -> None:
    types: dict[str, list[float]] = defaultdict(list)
    for page in sets["wcxb"]:
        f1 = word_score(body(page, labelled[id(page)]), page.truth or "").f1
        types["all"].append(f1)
        types[page.type or "?"].append(f1)
    arts = {p.id: body(p, labelled[id(p)]) for p in sets["articles"]}
    scores = body_scores(arts, {p.id: p.truth or "" for p in sets["articles"]})
    print(f"{mode} {name}: WCXB " + " ".join(
        f"{t} {sum(v) / len(v):.4f}" for t, v in sorted(types.items()))
        + f" | 181 articles {scores.summary()}", flush=True)


def run_mode(mode: str, sets: dict[str, list[PageRows]], args: Any) -> None:
    html = mode == "html"
    pages = [p for v in sets.values() for p in v]
    folds = fold_of([p.group for p in pages], args.folds)
    start = time.perf_counter()

    def log(msg: str) -> None:
        print(f"{mode} [{time.perf_counter() - start:.0f} s] {msg}", flush=True)

    cache = args.rows.with_name(f"bench_stack-p-{mode}-{args.folds}-{args.trees}.pkl")
    test, train = content_probs(pages, folds, args.folds, args.trees, html, args.quick,
                                cache, log)
    rule = [learn_context.rule_labels(p, html) for p in pages]
    words = [word_counts(p.lines) for p in pages]
    before = {id(p): content_labels(r, q, n, THRESHOLD, DEMOTE_BELOW[mode], html,
                                  p.lines)
              for p, r, q, n in zip(pages, rule, test, words, strict=True)}
    report(mode, "before (content forest)", sets, before)
    q, cuts = context_q(pages, folds, args.folds, test, train, html, args, log)
    after = {id(p): content_labels(r, qq, n, *cuts[folds[p.group]], html, p.lines)
             for p, r, qq, n in zip(pages, rule, q, words, strict=True)}
    report(mode, "after (context forest)", sets, after)
    changed = sum(1 for p in sets["wcxb"] if before[id(p)] != after[id(p)])
    print(f"{mode}: {changed} of {len(sets['wcxb'])} WCXB pages relabelled; "
          f"thresholds per fold {cuts}", flush=True)


def cpu(model_path: Path, shared: Path, limit: int, repeat: int) -> None:
    """CPU per page of ``segkit split``'s labelling with the model's context pass and
    without it (the same model, its context forests dropped), taking turns page by page,
    each page's best of ``repeat``: the 181 article pages and the first ``limit`` WCXB
    pages, HTML and text."""
    import gzip

    from benchkit import pin_to_one_core

    from segkit.classify.model import Model, ModeModel, load_model
    from segkit.inputs.charset import decode_html_page
    from segkit.pipeline import Segmenter

    pin_to_one_core()
    model = load_model(model_path)
    bare = Model({k: ModeModel(m.forest, m.threshold, m.demote_below, m.labeller)
                  for k, m in model.modes.items()}, "no context", model.trained)
    segs = {"with": Segmenter(generic=True, model=model),
            "without": Segmenter(generic=True, model=bare)}
    bench = shared / "bench"
    sets = [("articles", sorted((bench / "articles" / "html").glob("*.html*"))),
            ("wcxb", sorted((bench / "wcxb" / "html").glob("*.html.gz"))[:limit])]
    for name, paths in sets:
        html = [decode_html_page(gzip.decompress(p.read_bytes()) if p.suffix == ".gz"
                                 else p.read_bytes(), p.name).text for p in paths]
        text = [(bench / name / "text" / (p.name.split(".")[0] + ".txt")) for p in paths]
        texts = [t.read_text(encoding="utf-8", errors="replace") for t in text if t.exists()]
        for mode, docs in (("html", html), ("text", texts)):
            best = {k: [float("inf")] * len(docs) for k in segs}
            for _ in range(repeat):
                for i, doc in enumerate(docs):
                    for k, seg in segs.items():
                        start = time.process_time()
                        seg.segment_html(doc) if mode == "html" else seg.segment(doc)
                        best[k][i] = min(best[k][i], time.process_time() - start)
            got = {k: 1000 * sum(v) / max(len(v), 1) for k, v in best.items()}
            print(f"cpu {name} {mode} ({len(docs)} pages): with the context pass "
                  f"{got['with']:.1f} ms/page, without {got['without']:.1f} "
                  f"(+{100 * (got['with'] / got['without'] - 1):.0f}%)", flush=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--quick", action="store_true",
                        help="cross-fitted, not nested: for exploration only")
    parser.add_argument("--modes", default="html,text")
    parser.add_argument("--trees", type=int, default=80, help="content forest trees")
    parser.add_argument("--ctx-trees", type=int, default=None,
                        help="context forest trees (default: the mode's, CONTEXT_TREES)")
    parser.add_argument("--ctx-leaves", type=int, default=None,
                        help="context forest leaves per tree (default: the mode's, "
                             "CONTEXT_LEAVES)")
    parser.add_argument("--rows", type=Path, default=ROOT / ".cache" / "bench_stack-rows.pkl")
    parser.add_argument("--cpu", type=Path, metavar="MODEL",
                        help="time MODEL with and without its context pass instead")
    parser.add_argument("--limit", type=int, default=300, help="WCXB pages for --cpu")
    parser.add_argument("--repeat", type=int, default=2, help="passes for --cpu")
    args = parser.parse_args()
    if args.cpu:
        cpu(args.cpu, args.shared, args.limit, args.repeat)
        return 0
    if args.ctx_leaves:  # every context forest of this run, inner and outer, grows so
        learn_context.CONTEXT_LEAVES.update(html=args.ctx_leaves, text=args.ctx_leaves)
    modes = tuple(args.modes.split(","))
    data = rendered(args.shared, args.rows, modes)
    for mode in modes:
        run_mode(mode, {k: v for k, v in data[mode].items()}, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
