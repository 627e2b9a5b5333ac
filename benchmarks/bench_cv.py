#!/usr/bin/env python3
"""Cross-validated figures of the learned model, and the choice of its demote threshold.

    python benchmarks/bench_cv.py [--shared PATH] [--folds 5] [--probs FILE]

Trains one model per fold (``segkit.learn.cv``: folds by registrable domain over every
gold source of ``shared/``), and labels each page of the WCXB split and of the 181
article pages with the model of the fold that did not see its domain. Then, for each
fold, it picks the demote threshold (a rule ``body`` line stays body down to it) that
does best on the other folds' WCXB pages, and scores the fold's own pages with it: WCXB
word F1 per page type, the pages under 0.3, and the article benchmark's body F1 (its
own metric) beside the rule stages alone. The held-out probabilities are kept in
``--probs`` (default ``.cache/bench_cv-v2.pkl``), so the choice can be re-run without
training (delete it to train again). Takes about 20 minutes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import pickle
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from segkit.classify.model import content_labels, content_probabilities, word_counts
from segkit.classify.pipeline import first_line_kept
from segkit.classify.vector import Page
from segkit.learn.cv import fold_models, fold_of
from segkit.learn.dataset import domain, read_page
from segkit.learn.train import Sources
from segkit.tools.evaluate import body_scores
from segkit.tools.wcxb import word_score

ROOT = Path(__file__).resolve().parents[1]
DEMOTE_GRID = (0.1, 0.2, 0.3, 0.4)
SETS = {"wcxb": "wcxb/truth.json", "articles": "articles/ground-truth.json"}


def described(folder: Path, key: str, html: bool, url: str | None) -> Page:
    path = folder / "html" / f"{key}.html.gz" if html else folder / "text" / f"{key}.txt"
    data = gzip.decompress(path.read_bytes()) if html else path.read_bytes()
    return read_page(data, key, html, url)


def held_out(shared: Path, folds: int) -> dict[tuple[str, str, str], Any]:
    """(set, id, mode) -> (lines, rule labels, held-out probabilities, truth, type, group)."""
    by_group, models = fold_models(Sources.shared(shared, ROOT / "benchmarks" / "devset"),
                                   folds)
    out = {}
    for name, rel in SETS.items():
        path = shared / "bench" / rel
        for key, rec in sorted(json.loads(path.read_text(encoding="utf-8")).items()):
            group = domain(rec.get("url"), key)
            model = models[by_group[group]]
            for mode in ("html", "text"):
                page = described(path.parent, key, mode == "html", rec.get("url"))
                probs = first_line_kept(page, content_probabilities(
                    model.mode(mode == "html"), page)) if page.labels else []
                out[(name, key, mode)] = ([f.text for f in page.feats], page.labels, probs,
                                          rec["articleBody"], rec.get("type"), group)
    return out


def labels_with(texts: list[str], rule: list[str], probs: list[float], threshold: float,
                demote: float, html: bool) -> list[str]:
    """As ``classify.pipeline.model_labels`` combines them (``probs`` already have the
    first line kept out)."""
    if not probs:
        return rule
    return content_labels(rule, probs, word_counts(texts), threshold, demote, html,
                          texts)


def body(texts: list[str], labels: list[str]) -> str:
    return "\n".join(t for t, lab in zip(texts, labels, strict=True) if lab == "body")


def report(data: dict[tuple[str, str, str], Any], threshold: float, folds: int) -> None:
    fold = fold_of([v[5] for v in data.values()], folds)
    for mode in ("html", "text"):
        html = mode == "html"
        keys = [k for k in data if k[2] == mode]
        score = {(d, k): word_score(body(data[k][0], labels_with(*data[k][:3], threshold, d,
                                                                 html)),
                                    data[k][3]).f1
                 for d in DEMOTE_GRID for k in keys}
        wcxb = [k for k in keys if k[0] == "wcxb"]
        chosen = {f: max(DEMOTE_GRID, key=lambda d, f=f: sum(
            score[(d, k)] for k in wcxb if fold[data[k][5]] != f)) for f in range(folds)}
        pick = {k: chosen[fold[data[k][5]]] for k in keys}
        types: dict[str, list[float]] = defaultdict(list)
        for k in wcxb:
            types["all"].append(score[(pick[k], k)])
            types[data[k][4] or "?"].append(score[(pick[k], k)])
        print(f"{mode}: demote threshold chosen per fold {chosen}")
        print("  WCXB held-out word F1: " + ", ".join(
            f"{t} {sum(v) / len(v):.3f}" for t, v in sorted(types.items())))
        rules = [word_score(body(data[k][0], data[k][1]), data[k][3]).f1 for k in wcxb]
        print(f"  WCXB rule stages alone: all {sum(rules) / len(rules):.3f}")
        arts = [k for k in keys if k[0] == "articles"]
        truth = {k[1]: data[k][3] for k in arts}
        model = body_scores({k[1]: body(data[k][0], labels_with(
            *data[k][:3], threshold, pick[k], html)) for k in arts}, truth)
        alone = body_scores({k[1]: body(data[k][0], data[k][1]) for k in arts}, truth)
        print(f"  181 articles, held out: {model.summary()}")
        print(f"  181 articles, rule stages alone: {alone.summary()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--probs", type=Path, default=ROOT / ".cache" / "bench_cv-v2.pkl")
    args = parser.parse_args()
    if not (args.shared / "bench" / "wcxb").exists():
        print(f"skipped: {args.shared}/bench/wcxb not found", file=sys.stderr)
        return 2
    from segkit.learn.fit import THRESHOLD

    if args.probs.exists():
        data = pickle.loads(args.probs.read_bytes())
    else:
        data = held_out(args.shared, args.folds)
        args.probs.parent.mkdir(parents=True, exist_ok=True)
        args.probs.write_bytes(pickle.dumps(data))
    report(data, THRESHOLD, args.folds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
