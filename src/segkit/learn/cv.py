"""Cross-validation grouped by domain: figures no page's own domain helped to make.

The pages of every gold source are split into K folds by registrable domain; for each
fold a model is trained on the other folds (both modes) and used on the fold's pages.
``benchmarks/bench_wcxb.py --cv K`` scores each WCXB page with its fold's model.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from segkit.classify import vector
from segkit.classify.model import Model, model_from_json
from segkit.learn.dataset import PageRows
from segkit.learn.fit import TREES, fit_forest
from segkit.learn.train import Sources, model_file, pages


def fold_of(groups: list[str], k: int) -> dict[str, int]:
    """Each group's fold: sklearn's GroupKFold (folds of about equal size)."""
    from sklearn.model_selection import GroupKFold

    names = sorted(set(groups))
    out: dict[str, int] = {}
    for fold, (_, test) in enumerate(GroupKFold(k).split(names, groups=names)):
        for i in test:
            out[names[i]] = fold
    return out


def fold_models(sources: Sources, k: int, trees: int = TREES, threads: int = 1,
                log: Any = print) -> tuple[dict[str, int], list[Model]]:
    """The fold of every domain, and the model of each fold (trained without it)."""
    by_mode: dict[str, list[PageRows]] = {m: pages(sources, m == "html") for m in ("html", "text")}
    groups = [p.group for rows in by_mode.values() for p in rows]
    folds = fold_of(groups, k)
    models = []
    for fold in range(k):
        forests = {}
        for mode, rows in by_mode.items():
            train = [p for p in rows if folds[p.group] != fold]
            forests[mode] = fit_forest(train, vector.names(mode == "html"), trees, threads,
                                       mode == "html")
        log(f"fold {fold + 1}/{k} trained")
        models.append(model_from_json(model_file(forests, {"fold": fold}), f"fold {fold}"))
    return folds, models


def fold_segmenters(plugins: Any, ids: list[str], k: int, shared: Path) -> dict[str, Any]:
    """For each WCXB page id, a generic Segmenter with the model of the page's fold."""
    from segkit.learn.dataset import domain
    from segkit.pipeline import Segmenter
    from segkit.tools.wcxb import read_truth

    truth = read_truth(shared / "bench" / "wcxb" / "truth.json")
    folds, models = fold_models(Sources.shared(shared), k)
    segs = [Segmenter(plugins, generic=True, model=m) for m in models]
    return {i: segs[folds[domain(truth[i].url, i)]] for i in ids}
