#!/usr/bin/env python3
"""All seven labels, cross-validated: line accuracy, macro-F1 and each label's F1.

    python benchmarks/bench_labels.py [--shared PATH] [--folds 5] [--trees N] [--json]
                                      [--train-rounds N] [--score-rounds N] [--seeds 1,2,3]
                                      [--modes html,text] [--errors PATH]

On every page with every line labelled (the development set of ``benchmarks/devset``,
HTML and text; the nine labelled article pages and the two seeds of ``shared/``, text),
each page is labelled by models that never saw its domain: the content forest of its
fold (``segkit.learn.cv``, trained on every gold source of ``shared/`` but that fold),
and a labeller trained on the labelled pages of the other folds (giving body where its
``gives_body`` allows, read against the content forest's probabilities: this benchmark
runs no context pass). Beside it, the same content forest with the rule labels (no
labeller: what a model file without one does).
``--train-rounds N`` trains the labellers on the development set's first N rounds alone
(``devset/pages.tsv``; the shared pages always), ``--score-rounds N`` scores the first N
rounds' pages alone: a larger set and a smaller one, compared on the same pages.
``--seeds 1,2,3`` trains the labellers once per seed (the rows and features each tree
samples) and prints each seed's figures and their mean: the spread between seeds is as
large as many a change's effect, so compare means before reading a small difference.
The content forests of the folds are cached (``.cache/bench_labels.pkl``, stamped with the
code they ran, not the labeller's: ``NOT_CONTENT``); without the cache they take about 6
minutes to train. ``--modes text`` scores one mode alone. ``--wcxb`` gives WCXB body F1
with the labeller, each page's the mean over ``--seeds``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchkit import NOT_TRAINING, code_digest
from devset import page_bytes, page_rounds

import segkit
from segkit.classify import vector
from segkit.classify.labelling import label_names, label_rows
from segkit.classify.model import (
    FORMAT,
    VERSION,
    GivesBody,
    Model,
    Scope,
    content_labels,
    content_probabilities,
    gives_body_from_json,
    model_from_json,
    named_labels,
    scope_from_json,
    spared_from_checks,
    word_counts,
)
from segkit.classify.page_kind import kind_from_json
from segkit.classify.pipeline import first_line_kept, page_kind
from segkit.classify.trees import Labeller, labeller_from_json
from segkit.labels import LABELS
from segkit.learn.cv import fold_models
from segkit.learn.dataset import (
    PageRows,
    devset_pages,
    domain,
    hashed_pages,
    label_pages,
    read_page,
)
from segkit.learn.fit import fit_labeller
from segkit.learn.labeller import first_kept_out, kinds_for, labeller_rows
from segkit.learn.train import Sources
from segkit.tools.gold import line_hash
from segkit.tools.wcxb import mean_by_type, read_truth, word_score

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "benchmarks" / "devset"
# The code the content forests never run, so that a change there keeps the cached forests:
# the labeller's columns and training, the context pass (this benchmark runs none), and
# every stage after the classifier. A labeller experiment then costs minutes, not an hour.
NOT_CONTENT = ("classify/labelling.py", "learn/labeller.py", "learn/context.py",
               "classify/context.py", *NOT_TRAINING)


def labelled(shared: Path, html: bool) -> list[PageRows]:
    """Every page with all seven labels, in one mode."""
    wcxb = shared / "bench" / "wcxb" / "truth.json"
    out = list(devset_pages(DEVSET, wcxb, html))
    if not html:
        for folder in (shared / "bench" / "articles" / "labels", shared / "seeds"):
            out += [*label_pages(folder), *hashed_pages(folder, html)]
    return [p for p in out if p.labels]


def content_folds(shared: Path, folds: int, cache: Path) -> tuple[dict[str, int], list[Model]]:
    """Each domain's fold and the content model of each fold, trained once and cached
    (the folds' model files and the domains' folds, pickled) with a stamp of the code that
    trained them: a cache from other code (another content row) is trained again."""
    stamp = {"folds": folds, "content_only": True,
             "code": code_digest([Path(segkit.__file__).parent], NOT_CONTENT)}
    saved = pickle.loads(cache.read_bytes()) if cache.exists() else None
    if isinstance(saved, dict) and saved.get("stamp") == stamp:
        by_group, files = saved["by_group"], saved["files"]
    else:
        by_group, models = fold_models(Sources.shared(shared), folds, content_only=True,
                                       log=lambda m: print(m, file=sys.stderr))  # not --json's
        files = [_file(m) for m in models]
        cache.parent.mkdir(exist_ok=True)
        cache.write_bytes(pickle.dumps({"stamp": stamp, "by_group": by_group,
                                        "files": files}))
    return by_group, [model_from_json(f, f"fold {k}") for k, f in enumerate(files)]


def _file(model: Model) -> dict[str, Any]:
    """A loaded model as the JSON it came from (the forests' arrays)."""
    modes = {}
    for name, mode in model.modes.items():
        trees = [{"f": t.feature, "t": t.threshold, "l": t.left, "r": t.right,
                  "m": t.missing, "v": t.leaves} for t in mode.forest.trees]
        modes[name] = {"features": mode.forest.features, "trees": trees,
                       "threshold": mode.threshold, "demote_below": mode.demote_below}
    return {"format": FORMAT, "version": VERSION, "modes": modes, "trained": {}}


def scores(gold: list[str], got: list[str]) -> dict[str, Any]:
    """Accuracy, each label's F1 and their mean over the labels the gold has."""
    pairs = Counter(zip(gold, got, strict=True))
    f1 = {}
    for label in LABELS:
        tp = pairs[(label, label)]
        fp = sum(n for (g, p), n in pairs.items() if p == label and g != label)
        fn = sum(n for (g, p), n in pairs.items() if g == label and p != label)
        if tp + fn:
            f1[label] = 2 * tp / (2 * tp + fp + fn)
    confused = {f"{g}->{p}": n for (g, p), n in pairs.most_common() if g != p}
    right = sum(pairs[(x, x)] for x in LABELS)
    return {"confused": dict(list(confused.items())[:12]), "lines": len(gold),
            "accuracy": right / len(gold),
            "macro_f1": sum(f1.values()) / len(f1), "f1": f1}


def in_rounds(page: PageRows, last: int | None, round_of: dict[str, int]) -> bool:
    """Whether ``page`` is a shared page or of the development set's first ``last`` rounds."""
    return last is None or round_of.get(page.id, 0) <= last


def run(shared: Path, folds: int, trees: int | None, train_rounds: int | None = None,
        score_rounds: int | None = None, seeds: tuple[int | None, ...] = (None,),
        modes: tuple[str, ...] = ("html", "text"), errors: Path | None = None,
        params: dict[str, Any] | None = None) -> dict[str, Any]:
    """Per mode, the scores of the rules with the content decision and of the labellers
    (those of the first seed; ``seeds`` holds each seed's, ``mean`` their mean); with
    ``errors``, the first seed's wrong lines written there (:func:`wrong_lines`)."""
    round_of = page_rounds()
    by_group, models = content_folds(shared, folds, ROOT / ".cache" / "bench_labels.pkl")
    out: dict[str, Any] = {}
    wrong: list[str] = []
    for mode in modes:
        html = mode == "html"
        pages = labelled(shared, html)
        content = {}
        for page in pages:  # every page's content decision by the model of its own fold
            forest = models[by_group.get(page.group, 0)].mode(html)
            probs = _probs(models[by_group.get(page.group, 0)], html, page.rows)
            content[page.id] = (probs, content_labels(
                page.rule or [], probs, word_counts(page.lines), forest.threshold,
                forest.demote_below, html, page.lines))
        train = [p for p in pages if in_rounds(p, train_rounds, round_of)]
        scored = [p for p in pages if in_rounds(p, score_rounds, round_of)]
        gold = [lab for p in scored for lab in p.labels or []]
        ruled = [lab for p in scored for lab in content[p.id][1]]
        probs = {p.id: content[p.id][0] for p in pages}
        by_fold = fold_rows(train, scored, probs, typed_pages(shared, html) if pages else [],
                            by_group, folds)
        by_seed = {}
        for seed in seeds:
            got = labelled_by(fold_labellers(by_fold, html, trees, seed, params),
                              scored, content, by_group, by_fold)
            by_seed[seed] = scores(gold, got)
            if errors is not None and seed == seeds[0]:
                wrong += wrong_lines(mode, scored, got)
        out[mode] = {"pages": len(scored), "rules+content": scores(gold, ruled),
                     "labeller": by_seed[seeds[0]], "seeds": by_seed,
                     "mean": mean_scores(list(by_seed.values()))}
    if errors is not None:
        errors.write_text("".join(wrong), encoding="utf-8")
    return out


def wrong_lines(mode: str, pages: list[PageRows], got: list[str]) -> list[str]:
    """One TSV row per line the labeller got wrong: the mode, the page, the line's place
    among the page's non-blank lines, its text's hash (as the development set keeps it),
    the gold label and the one given. No page text: the hash finds the line again."""
    out: list[str] = []
    at = 0
    for page in pages:
        for n, (text, gold) in enumerate(zip(page.lines, page.labels or [], strict=True)):
            if got[at + n] != gold:
                out.append(f"{mode}\t{page.id}\t{n}\t{line_hash(text)}\t{gold}\t{got[at + n]}\n")
        at += len(page.lines)
    return out


def labelled_by(labellers: list[tuple[Labeller, GivesBody | None, Scope | None]],
                scored: list[PageRows], content: dict[str, tuple[list[float], list[str]]],
                by_group: dict[str, int], by_fold: list[FoldRows]) -> list[str]:
    """The labels the fold labellers give the scored pages' lines, in the pages' order."""
    out: list[str] = []
    for page in scored:
        fold = by_group.get(page.group, 0)
        labeller, gives, scope = labellers[fold]
        probs, decided = content[page.id]
        rows = by_fold[fold].test[page.id]
        out += named_labels(decided, [labeller.probabilities(r) for r in rows],
                            labeller.classes, probs, gives, scope,
                            spared_from_checks(decided, page.lines, scope))
    return out


@dataclass
class FoldRows:
    """One fold's labeller rows: the other folds' training pages (their page kinds held
    out), its own scored pages' by page id, and the page-kind model they come from."""

    kind: dict[str, Any] | None
    train: list[PageRows]
    test: dict[str, list[list[float]]]


def fold_rows(train: list[PageRows], scored: list[PageRows], probs: dict[str, list[float]],
              typed: list[PageRows], by_group: dict[str, int], folds: int) -> list[FoldRows]:
    """Each fold's :class:`FoldRows`: its page-kind model fitted on the typed pages of the
    other folds, as ``segkit train`` fits one on all of them (``learn.labeller.kinds_for``)."""
    out = []
    for fold in range(folds):
        mine = [p for p in train if by_group.get(p.group, 0) != fold]
        test = [p for p in scored if by_group.get(p.group, 0) == fold]
        other = [p for p in typed if by_group.get(p.group, 0) != fold]
        kind, train_kinds, test_kinds = kinds_for(other, mine, test)
        rows = labeller_rows(test, [probs[p.id] for p in test], test_kinds)
        out.append(FoldRows(kind, labeller_rows(mine, [probs[p.id] for p in mine], train_kinds),
                            {p.id: r.rows for p, r in zip(test, rows, strict=True)}))
    return out


def typed_pages(shared: Path, html: bool) -> list[PageRows]:
    """WCXB's pages with their type and page-kind features alone (no rows): what the
    page-kind models learn from."""
    truth = read_truth(shared / "bench" / "wcxb" / "truth.json")
    out = []
    for key, t in sorted(truth.items()):
        page = read_page(page_bytes(shared, key, html), key, html, t.url)
        out.append(PageRows(key, domain(t.url, key), t.type, [], [], [], None,
                            kind=page_kind(page)))
    return out


def mean_scores(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """Accuracy, macro-F1 and each label's F1 averaged over runs (of several seeds)."""
    labels = [lab for lab in LABELS if all(lab in r["f1"] for r in runs)]
    return {"accuracy": sum(r["accuracy"] for r in runs) / len(runs),
            "macro_f1": sum(r["macro_f1"] for r in runs) / len(runs),
            "f1": {lab: sum(r["f1"][lab] for r in runs) / len(runs) for lab in labels}}


def wcxb_scores(shared: Path, folds: int, trees: int | None,
                modes: tuple[str, ...] = ("html", "text"),
                seeds: tuple[int | None, ...] = (None,)) -> dict[str, Any]:
    """WCXB word F1 per page type, held out, of the content forest alone and with the
    labeller (trained on the labelled pages of the other folds) after it: each page's
    F1 the mean over the labellers of the ``seeds``."""
    by_group, models = content_folds(shared, folds, ROOT / ".cache" / "bench_labels.pkl")
    truth = read_truth(shared / "bench" / "wcxb" / "truth.json")
    out: dict[str, Any] = {}
    for mode in modes:
        html = mode == "html"
        pages = labelled(shared, html)
        held = {p.id: _probs(models[by_group.get(p.group, 0)], html, p.rows) for p in pages}
        by_fold = fold_rows(pages, [], held, typed_pages(shared, html), by_group, folds)
        kinds = [None if f.kind is None else kind_from_json(f.kind, "fold") for f in by_fold]
        by_seed = [fold_labellers(by_fold, html, trees, seed) for seed in seeds]
        f1: dict[str, dict[str, float]] = {"content": {}, "labeller": {}}
        types = {}
        for key, t in sorted(truth.items()):
            fold = by_group.get(domain(t.url, key), 0)
            page = read_page(page_bytes(shared, key, html), key, html, t.url)
            if not page.labels:
                continue
            rows = vector.rows(page)
            forest = models[fold].mode(html)
            probs = first_line_kept(page, content_probabilities(forest, page, rows))
            texts = [f.text for f in page.feats]
            decided = content_labels(page.labels, probs, [f.words for f in page.feats],
                                     forest.threshold, forest.demote_below, html, texts)
            f1["content"][key] = _body_f1(texts, decided, t.body)
            kind = kinds[fold]
            wide = label_rows(page, rows, probs,
                              None if kind is None else kind.probabilities(page_kind(page)))
            got = []
            for labellers in by_seed:
                lab, gives, scope = labellers[fold]
                scored = [lab.probabilities(r) for r in wide]
                named = named_labels(decided, scored, lab.classes, probs, gives, scope,
                                     spared_from_checks(decided, texts, scope))
                got.append(_body_f1(texts, named, t.body))
            f1["labeller"][key] = sum(got) / len(got)
            types[key] = t.type
        out[mode] = {name: mean_by_type(v, types) for name, v in f1.items()}
    return out


def _body_f1(texts: list[str], labels: list[str], truth: str) -> float:
    """WCXB word F1 of the lines ``labels`` call body against the truth's main content."""
    return word_score("\n".join(x for x, y in zip(texts, labels, strict=True) if y == "body"),
                      truth).f1


def fold_labellers(by_fold: list[FoldRows], html: bool, trees: int | None = None,
                   seed: int | None = None, params: dict[str, Any] | None = None
                   ) -> list[tuple[Labeller, GivesBody | None, Scope | None]]:
    """Each fold's labeller, from the labeller rows of the other folds' pages, with where
    it gives body and which lines it may rename (``trees``: rounds, default the mode's;
    ``params``: LightGBM settings over the mode's)."""
    out = []
    for fold, rows in enumerate(by_fold):
        data = fit_labeller(rows.train, label_names(html), "html" if html else "text", trees,
                            seed=seed, params=params)
        out.append((labeller_from_json(data, f"fold {fold}"),
                    gives_body_from_json(data, f"fold {fold}"),
                    scope_from_json(data, f"fold {fold}")))
    return out


def _probs(model: Model, html: bool, rows: list[list[float]]) -> list[float]:
    mode = model.mode(html)
    assert mode is not None
    return first_kept_out(mode.forest, rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--trees", type=int, default=None,
                    help="the labellers' rounds (default each mode's, learn.fit)")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--train-rounds", type=int, default=None,
                    help="labellers from the development set's first N rounds alone")
    ap.add_argument("--score-rounds", type=int, default=None,
                    help="score the development set's first N rounds' pages alone")
    ap.add_argument("--seeds", default="",
                    help="labellers trained with each of these seeds (e.g. 1,2,3), and the mean")
    ap.add_argument("--modes", default="html,text", help="the modes to score (html, text)")
    ap.add_argument("--errors", type=Path, metavar="PATH",
                    help="write the first seed's wrong lines there as TSV (mode, page, line, "
                         "hash, gold, given), to study the held-out errors")
    ap.add_argument("--params", type=json.loads, default={}, metavar="JSON",
                    help="LightGBM settings over the labellers' (learn.fit), e.g. "
                         "'{\"min_child_samples\": 50}'")
    ap.add_argument("--wcxb", action="store_true",
                    help="WCXB body word F1 held out, content forest alone and with the labeller")
    args = ap.parse_args(argv)
    modes = tuple(m for m in args.modes.split(",") if m)
    if not modes or set(modes) - {"html", "text"}:
        ap.error(f"--modes takes html and text, not {args.modes!r}")
    seeds = tuple(int(s) for s in args.seeds.split(",") if s) or (None,)
    if args.wcxb:
        got = wcxb_scores(args.shared, args.folds, args.trees, modes, seeds)
        for mode, by in got.items():
            for name, means in by.items():
                print(mode, f"{name:9}", " ".join(f"{k} {v:.3f}" for k, v in means.items()))
        return 0
    result = run(args.shared, args.folds, args.trees, args.train_rounds, args.score_rounds,
                 seeds, modes, args.errors, args.params)
    if args.json:
        print(json.dumps(result, indent=1))
        return 0
    for mode, got in result.items():
        print(f"{mode}: {got['pages']} pages")
        for name in ("rules+content", "labeller"):
            s = got[name]
            per = " ".join(f"{k} {v:.3f}" for k, v in s["f1"].items())
            print(f"  {name:14} acc {s['accuracy']:.3f} macro-F1 {s['macro_f1']:.3f}  {per}")
            print("    most confused (gold->got):",
                  ", ".join(f"{k} {v}" for k, v in s["confused"].items()))
        if len(got["seeds"]) > 1:
            for name, s in [*((f"seed {k}", v) for k, v in got["seeds"].items()),
                            ("mean", got["mean"])]:
                per = " ".join(f"{k} {v:.3f}" for k, v in s["f1"].items())
                print(f"  labeller {name:7} acc {s['accuracy']:.3f} "
                      f"macro-F1 {s['macro_f1']:.3f}  {per}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
