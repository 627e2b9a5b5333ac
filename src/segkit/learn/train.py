"""``segkit train``: a model file from gold, for HTML and text input.

The shipped model is built by ``segkit train --out src/segkit/classify/model.json``
with the defaults (the gold of ``../shared``): the README says so, and a test checks the
shipped file reads and matches this segkit's features.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segkit.classify import vector
from segkit.classify.model import FORMAT, VERSION
from segkit.learn.context import CONTEXT_MODES, train_context
from segkit.learn.dataset import PageRows, devset_pages, hashed_pages, label_pages, truth_pages
from segkit.learn.fit import PARAMS, THRESHOLD, TREES, fit_forest, seeded
from segkit.learn.labeller import (
    LABELLER_MODES,
    held_out_probabilities,
    train_labeller,
    usable,
)


@dataclass
class Sources:
    """Where the gold is: truth files (pages beside them) and folders of label files."""

    truth: list[Path] = field(default_factory=list)
    labels: list[Path] = field(default_factory=list)
    # Labelled development sets (benchmarks/devset's form): pages of the truth files with
    # every line labelled, for the labeller.
    devset: list[Path] = field(default_factory=list)

    @classmethod
    def shared(cls, root: Path, devset: Path | None = None) -> Sources:
        """The gold of ``../shared``: WCXB and the article benchmark, their label files;
        and a development set of its pages (the project's ``benchmarks/devset``)."""
        bench = root / "bench"
        return cls([bench / "wcxb" / "truth.json", bench / "articles" / "ground-truth.json"],
                   [bench / "articles" / "labels", root / "seeds"],
                   [devset] if devset is not None else [])

    def check(self) -> None:
        for path in [*self.truth, *self.labels, *self.devset]:
            if not path.exists():
                raise FileNotFoundError(f"{path}: no such gold file or folder")


def pages(sources: Sources, html: bool) -> list[PageRows]:
    """Every page of the sources in one mode (label files are text: text mode only; hashed
    gold in the mode of the page beside it)."""
    out = [p for t in sources.truth for p in truth_pages(t, html)]
    labelled: list[PageRows] = []
    if not html:
        labelled += [p for folder in sources.labels for p in label_pages(folder)]
    labelled += [p for folder in sources.labels for p in hashed_pages(folder, html)]
    return [p for p in out + grouped_with_truth(labelled, out) if p.rows]


def grouped_with_truth(labelled: list[PageRows], truth: list[PageRows]) -> list[PageRows]:
    """Label files named after a page of a truth file (the article benchmark's labelled
    pages) in that page's domain group: cross-validation must not train on a page's lines
    while it scores the same page from its truth."""
    group = {p.id: p.group for p in truth}
    for p in labelled:
        p.group = group.get(p.id, p.group)
    return labelled


def labelled_pages(sources: Sources, content: list[PageRows], html: bool) -> list[PageRows]:
    """The pages with every line labelled: the label files' and the development sets'
    (whose pages are looked up in the truth files)."""
    out = [p for p in content if p.labels]
    for folder in sources.devset:
        out += [p for truth in sources.truth for p in devset_pages(folder, truth, html,
                                                                    missing_ok=True)]
    return out


def model_file(forests: dict[str, dict[str, Any]], trained: dict[str, Any]) -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "modes": forests, "trained": trained}


def second_passes(sources: Sources, rows: list[PageRows], mode: str, threads: int = 1,
                  log: Any = print, *, seed: int | None = None) -> dict[str, Any]:
    """The mode's context forest and labeller (where ``CONTEXT_MODES`` and
    ``LABELLER_MODES`` say), both from held-out content probabilities: the forests of the
    folds by domain are one set (the labelled pages' domains are the pages'), fitted once."""
    html = mode == "html"
    labelled = usable(labelled_pages(sources, rows, html)) if mode in LABELLER_MODES else []
    wanted = (rows if mode in CONTEXT_MODES else []) + labelled
    if not wanted:
        return {}
    probs = held_out_probabilities(rows, wanted, html, threads=threads, seed=seed)
    out: dict[str, Any] = {}
    if mode in CONTEXT_MODES:
        out["context"] = train_context(rows, html, threads, probs[:len(rows)], seed=seed)
        log(f"{mode}: context forest (thresholds {out['context']['threshold']}, "
            f"{out['context']['demote_below']})")
    labeller = train_labeller(rows, labelled, html, threads=threads,
                              probs=probs[len(wanted) - len(labelled):], seed=seed)
    if labeller is not None:
        out["labeller"] = labeller
        log(f"{mode}: labeller from {len(labelled)} labelled pages")
    return out


def unlearnable(rows: list[PageRows]) -> str | None:
    """Why a mode's pages cannot teach a forest what is content (None: they can): a forest
    learns from lines of both kinds, body and not."""
    if not rows:
        return "no gold pages"
    kinds = {g for p in rows for g in p.gold}
    if len(kinds) < 2:
        return "no body line in the gold" if True not in kinds else "only body lines in the gold"
    return None


def train(sources: Sources, out: Path, trees: int = TREES, threads: int = 1,
          log: Any = print, *, seed: int | None = None) -> dict[str, Any]:
    """Fit a forest per mode on every page of ``sources`` and write the model file;
    ``seed`` (default PARAMS'): which rows and features each tree samples, in every
    forest, to see how far a figure moves with the sampling alone."""
    sources.check()
    forests: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    for mode in ("html", "text"):
        start = time.perf_counter()
        rows = pages(sources, mode == "html")
        log(f"{mode}: {len(rows)} pages, {sum(len(p.rows) for p in rows)} lines "
            f"({time.perf_counter() - start:.0f} s to render)")
        why = unlearnable(rows)
        if why is not None:  # label files are text: gold for one mode alone is a model of it
            log(f"{mode}: {why}, no forest: {mode} input keeps the rule stages' labels")
            continue
        forests[mode] = fit_forest(rows, vector.names(mode == "html"), trees, threads,
                                   mode == "html", seed=seed)
        counts[mode] = len(rows)
        forests[mode].update(second_passes(sources, rows, mode, threads, log, seed=seed))
    if not forests:
        raise ValueError("no mode's gold can teach a forest (see above): no model written")
    trained = {"sources": [str(p) for p in [*sources.truth, *sources.labels,
                                            *sources.devset]],
               "pages": counts, "trees": trees, "threshold": THRESHOLD,
               "params": seeded({k: v for k, v in PARAMS.items() if k != "verbose"}, seed)}
    data = model_file(forests, trained)
    tmp = out.with_name(out.name + ".part")
    tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    tmp.replace(out)
    log(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return data
