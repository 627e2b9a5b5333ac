"""Cross-validation grouped by domain: figures no page's own domain helped to make.

The pages of every gold source are split into K folds by registrable domain; for each
fold a model is trained on the other folds (both modes) and used on the fold's pages.
``benchmarks/bench_wcxb.py --cv K`` scores each WCXB page with its fold's model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from segkit.classify import vector
from segkit.classify.labelling import label_names
from segkit.classify.model import Model, model_from_json
from segkit.learn.context import CONTEXT_MODES, train_context
from segkit.learn.dataset import PageRows, fold_of
from segkit.learn.fit import TREES, fit_forest, fit_labeller
from segkit.learn.labeller import LABELLER_MODES, first_kept_out, labeller_rows
from segkit.learn.train import Sources, labelled_pages, model_file, pages


def fold_models(sources: Sources, k: int, trees: int = TREES, threads: int = 1,
                log: Any = print) -> tuple[dict[str, int], list[Model]]:
    """The fold of every domain, and the model of each fold (trained without it)."""
    by_mode: dict[str, list[PageRows]] = {m: pages(sources, m == "html") for m in ("html", "text")}
    labelled = {m: labelled_pages(sources, by_mode[m], m == "html") for m in LABELLER_MODES}
    groups = [p.group for rows in [*by_mode.values(), *labelled.values()] for p in rows]
    folds = fold_of(groups, k)
    forests: list[dict[str, dict[str, Any]]] = [{} for _ in range(k)]
    for fold in range(k):
        for mode, rows in by_mode.items():
            train = [p for p in rows if folds[p.group] != fold]
            forests[fold][mode] = fit_forest(train, vector.names(mode == "html"), trees,
                                             threads, mode == "html")
            if mode in CONTEXT_MODES:  # its p from an inner cross-fit over the other folds
                forests[fold][mode]["context"] = train_context(train, mode == "html", threads)
        log(f"fold {fold + 1}/{k} trained")
    for mode, pages_ in labelled.items():
        _fold_labellers(forests, pages_, folds, mode, threads)
    return folds, [model_from_json(model_file(f, {"fold": n}), f"fold {n}")
                   for n, f in enumerate(forests)]


def _fold_labellers(forests: list[dict[str, dict[str, Any]]], labelled: list[PageRows],
                    folds: dict[str, int], mode: str, threads: int) -> None:
    """Each fold's labeller, from the labelled pages of the other folds, each page's
    content probabilities by the forest of its own fold (which never saw it)."""
    from segkit.classify.trees import forest_from_json

    html = mode == "html"
    own = [forest_from_json(f[mode], f"fold {n}") for n, f in enumerate(forests)]
    probs = [first_kept_out(own[folds[p.group]], p.rows) for p in labelled]
    rows = labeller_rows(labelled, probs)
    for n, fold_forests in enumerate(forests):
        train = [p for p in rows if folds[p.group] != n]
        if train:
            fold_forests[mode]["labeller"] = fit_labeller(train, label_names(html),
                                                          threads=threads)


def fold_segmenters(plugins: Any, ids: list[str], k: int, shared: Path,
                    devset: Path | None = None) -> dict[str, Any]:
    """For each WCXB page id, a generic Segmenter with the model of the page's fold."""
    from segkit.learn.dataset import domain
    from segkit.pipeline import Segmenter
    from segkit.tools.wcxb import read_truth

    truth = read_truth(shared / "bench" / "wcxb" / "truth.json")
    folds, models = fold_models(Sources.shared(shared, devset), k)
    segs = [Segmenter(plugins, generic=True, model=m) for m in models]
    return {i: segs[folds[domain(truth[i].url, i)]] for i in ids}
