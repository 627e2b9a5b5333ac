"""Scores against gold: line labels (per label and overall) and article bodies.

The body metric is the one of the article-extraction benchmark: multisets of 4-token
shingles per page, precision and recall averaged over pages, F1 of the two means.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import regex

from .labels import LABELS

SHINGLE = 4
_TOKEN = regex.compile(r"\w+")


# --- line labels -------------------------------------------------------------------

def read_gold(path: str | Path) -> list[tuple[str | None, str]]:
    """Read a ``label<TAB>text`` gold file: one row per document line, empty label if blank."""
    rows = []
    with open(path, encoding="utf-8", newline="\n") as fh:
        for raw in fh.read().split("\n"):
            label, sep, text = raw.partition("\t")
            if not sep:
                if raw == "":
                    continue
                raise ValueError(f"{path}: row without a tab: {raw[:60]!r}")
            rows.append((label or None, text))
    return rows


@dataclass
class LineScores:
    """Confusion counts over non-blank lines, with per-label precision, recall and F1."""

    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, gold: Sequence[str | None], pred: Sequence[str | None]) -> None:
        if len(gold) != len(pred):
            raise ValueError(f"{len(gold)} gold labels but {len(pred)} predicted")
        for g, p in zip(gold, pred, strict=True):
            if g is not None:
                self.confusion[(g, p or "none")] += 1

    @property
    def total(self) -> int:
        return sum(self.confusion.values())

    @property
    def accuracy(self) -> float:
        right = sum(n for (g, p), n in self.confusion.items() if g == p)
        return right / self.total if self.total else 0.0

    def prf(self, label: str) -> tuple[float, float, float, int]:
        tp = self.confusion[(label, label)]
        pred = sum(n for (_, p), n in self.confusion.items() if p == label)
        gold = sum(n for (g, _), n in self.confusion.items() if g == label)
        precision = tp / pred if pred else 0.0
        recall = tp / gold if gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return precision, recall, f1, gold

    def present(self) -> list[str]:
        gold = {g for g, _ in self.confusion}
        return [lab for lab in LABELS if lab in gold]

    @property
    def macro_f1(self) -> float:
        labels = self.present()
        return sum(self.prf(lab)[2] for lab in labels) / len(labels) if labels else 0.0

    def table(self) -> str:
        out = [f"{'label':<10} {'precision':>9} {'recall':>7} {'f1':>6} {'lines':>6}"]
        for lab in self.present():
            p, r, f, n = self.prf(lab)
            out.append(f"{lab:<10} {p:>9.3f} {r:>7.3f} {f:>6.3f} {n:>6}")
        out.append(f"accuracy {self.accuracy:.4f} over {self.total} lines; "
                   f"macro-F1 {self.macro_f1:.4f} over {len(self.present())} labels")
        return "\n".join(out)


# --- article bodies ----------------------------------------------------------------

def shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def page_prf(pred: str, truth: str) -> tuple[float, float]:
    """Precision and recall of one page, with the benchmark's conventions for empty sides."""
    p, t = shingles(pred), shingles(truth)
    tp = sum((p & t).values())
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


@dataclass
class BodyScores:
    precision: float
    recall: float
    pages: int
    per_page: dict[str, tuple[float, float]]

    @property
    def f1(self) -> float:
        s = self.precision + self.recall
        return 2 * self.precision * self.recall / s if s else 0.0

    def summary(self) -> str:
        return (f"body precision {self.precision:.4f} recall {self.recall:.4f} "
                f"F1 {self.f1:.4f} over {self.pages} pages")


def body_scores(pred: dict[str, str], truth: dict[str, str],
                ids: Iterable[str] | None = None) -> BodyScores:
    """Score predicted bodies against true ones; a page with no prediction counts as empty."""
    per_page = {i: page_prf(pred.get(i, ""), truth[i]) for i in (ids or truth)}
    n = len(per_page)
    precision = sum(p for p, _ in per_page.values()) / n if n else 0.0
    recall = sum(r for _, r in per_page.values()) / n if n else 0.0
    return BodyScores(precision, recall, n, per_page)
