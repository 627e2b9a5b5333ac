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
from segkit.learn.labeller import LABELLER_MODES, first_kept_out, kinds_for, labeller_rows
from segkit.learn.train import Sources, labelled_pages, model_file, pages


def fold_models(sources: Sources, k: int, trees: int = TREES, threads: int = 1,
                log: Any = print, content_only: bool = False, *, seed: int | None = None
                ) -> tuple[dict[str, int], list[Model]]:
    """The fold of every domain, and the model of each fold (trained without it)."""
    folds, files = fold_model_files(sources, k, trees, threads, log, content_only, seed=seed)
    return folds, fold_models_from(files)


def fold_models_from(files: list[dict[str, Any]]) -> list[Model]:
    """The fold models of :func:`fold_model_files`' JSON forms."""
    return [model_from_json(f, f"fold {n}") for n, f in enumerate(files)]


def fold_model_files(sources: Sources, k: int, trees: int = TREES, threads: int = 1,
                     log: Any = print, content_only: bool = False, *,
                     seed: int | None = None
                     ) -> tuple[dict[str, int], list[dict[str, Any]]]:
    """The fold of every domain, and each fold's model file in JSON form: what a
    benchmark keeps to score the same folds again without training them again.
    ``content_only`` leaves out the context pass and the labellers, which take most of
    the time, for a benchmark that reads the content forests alone. ``seed`` (default
    PARAMS'): the sampling of every forest's trees."""
    by_mode: dict[str, list[PageRows]] = {m: pages(sources, m == "html") for m in ("html", "text")}
    labelled = {m: labelled_pages(sources, by_mode[m], m == "html") for m in LABELLER_MODES}
    groups = [p.group for rows in [*by_mode.values(), *labelled.values()] for p in rows]
    folds = fold_of(groups, k)
    forests: list[dict[str, dict[str, Any]]] = [{} for _ in range(k)]
    for fold in range(k):
        for mode, rows in by_mode.items():
            train = [p for p in rows if folds[p.group] != fold]
            forests[fold][mode] = fit_forest(train, vector.names(mode == "html"), trees,
                                             threads, mode == "html", seed=seed)
            # The context pass's p from an inner cross-fit over the other folds.
            if mode in CONTEXT_MODES and not content_only:
                forests[fold][mode]["context"] = train_context(train, mode == "html", threads,
                                                               seed=seed)
        log(f"fold {fold + 1}/{k} trained")
    for mode, pages_ in ({} if content_only else labelled).items():
        _fold_labellers(forests, pages_, folds, mode, threads, by_mode[mode], seed)
    return folds, [model_file(f, {"fold": n}) for n, f in enumerate(forests)]


def _fold_labellers(forests: list[dict[str, dict[str, Any]]], labelled: list[PageRows],
                    folds: dict[str, int], mode: str, threads: int,
                    content: list[PageRows], seed: int | None = None) -> None:
    """Each fold's labeller, from the labelled pages of the other folds, each page's
    content probabilities by the forest of its own fold (which never saw it), and its
    page-kind model from the other folds' ``content`` pages."""
    from segkit.classify.trees import forest_from_json

    html = mode == "html"
    own = [forest_from_json(f[mode], f"fold {n}") for n, f in enumerate(forests)]
    probs = [first_kept_out(own[folds[p.group]], p.rows) for p in labelled]
    for n, fold_forests in enumerate(forests):
        mine = [(p, q) for p, q in zip(labelled, probs, strict=True) if folds[p.group] != n]
        if mine:
            train = [p for p, _ in mine]
            kind, kinds, _ = kinds_for([p for p in content if folds[p.group] != n], train, [])
            rows = labeller_rows(train, [q for _, q in mine], kinds)
            fold_forests[mode]["labeller"] = dict(
                fit_labeller(rows, label_names(html), mode, threads=threads, seed=seed),
                kind=kind)


def page_folds(ids: list[str], folds: dict[str, int], shared: Path,
               truth_file: Path | None = None) -> dict[str, int]:
    """The fold of each page id (its domain's) of WCXB's truth file, or of ``truth_file``."""
    from segkit.learn.dataset import domain
    from segkit.tools.wcxb import read_truth

    truth = read_truth(truth_file or shared / "bench" / "wcxb" / "truth.json")
    return {i: folds[domain(truth[i].url, i)] for i in ids}
