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

from segkit.document import METADATA_ROW
from segkit.labels import LABELS

SHINGLE = 4
# The benchmark's ``\w+`` is Python ``re``'s: letters, numbers and ``_``. The regex
# module's ``\w`` also takes combining marks, joiners and symbols like ``ⓒ``, which would
# change the tokens of 7 of the 181 true bodies (Arabic vowel marks, ``½``).
_TOKEN = regex.compile(r"[\p{L}\p{N}_]+")


# --- line labels -------------------------------------------------------------------

def read_gold(path: str | Path) -> list[tuple[str | None, str]]:
    """Read a ``label<TAB>text`` gold file: one row per document line, empty label if blank
    (the metadata row of segkit's TSV, ``METADATA_ROW``, is not a line and is passed over)."""
    rows = []
    with open(path, encoding="utf-8", newline="\n") as fh:
        for raw in fh.read().split("\n"):
            label, sep, text = raw.partition("\t")
            if not sep:
                if raw == "":
                    continue
                raise ValueError(f"{path}: row without a tab: {raw[:60]!r}")
            if label != METADATA_ROW:
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


    def confusion_table(self) -> str:
        """Gold labels down, predicted across (``none``: a line left without a label)."""
        gold = self.present()
        predicted = {p for _, p in self.confusion}
        cols = [lab for lab in LABELS if lab in predicted]
        cols += sorted(predicted - set(cols))
        first = max(len(c) for c in [*gold, "gold\\pred"]) + 1
        width = max(len(c) for c in cols) + 1 if cols else 1
        out = ["gold\\pred".ljust(first) + "".join(c.rjust(width) for c in cols)]
        for g in gold:
            out.append(g.ljust(first)
                       + "".join(str(self.confusion[(g, c)]).rjust(width) for c in cols))
        return "\n".join(out)

    def confusion_dict(self) -> dict[str, dict[str, int]]:
        """The confusion counts as ``{gold: {predicted: lines}}``."""
        out: dict[str, dict[str, int]] = {}
        for (g, p), n in sorted(self.confusion.items()):
            out.setdefault(g, {})[p] = n
        return out


# --- article bodies ----------------------------------------------------------------

def shingles(text: str) -> Counter[tuple[str, ...]]:
    """Multiset of 4-token runs; a text of 1-3 tokens is one shorter shingle, none if empty."""
    tokens = _TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < SHINGLE:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + SHINGLE]) for i in range(len(tokens) - SHINGLE + 1))


def page_counts(pred: str, truth: str) -> tuple[int, int, int]:
    """True positives, false positives and false negatives over the shingle multisets."""
    p, t = shingles(pred), shingles(truth)
    tp = sum((p & t).values())
    return tp, sum(p.values()) - tp, sum(t.values()) - tp


def prf_from_counts(tp: int, fp: int, fn: int) -> tuple[float, float]:
    """Precision and recall of one page, with the benchmark's conventions for empty sides."""
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return precision, recall


def page_prf(pred: str, truth: str) -> tuple[float, float]:
    """Precision and recall of one page (see :func:`prf_from_counts`)."""
    return prf_from_counts(*page_counts(pred, truth))


@dataclass
class BodyScores:
    """Mean precision and recall over pages; ``per_page`` holds each page's pair."""

    precision: float
    recall: float
    pages: int
    per_page: dict[str, tuple[float, float]]
    precision_pages: int = 0  # pages with a non-empty prediction: the precision mean's
    recall_pages: int = 0     # pages with a non-empty truth: the recall mean's

    @property
    def f1(self) -> float:
        s = self.precision + self.recall
        return 2 * self.precision * self.recall / s if s else 0.0

    def summary(self) -> str:
        return (f"body precision {self.precision:.4f} recall {self.recall:.4f} "
                f"F1 {self.f1:.4f} over {self.pages} pages")


def body_scores(pred: dict[str, str], truth: dict[str, str],
                ids: Iterable[str] | None = None) -> BodyScores:
    """Score predicted bodies against true ones; a page with no prediction counts as empty.

    As in the benchmark's own evaluation, precision is undefined on a page whose
    prediction has no shingle (tp + fp = 0) and recall on one whose truth has none
    (tp + fn = 0): such pages are left out of that mean, not counted as 0.
    """
    keys = list(truth if ids is None else ids)
    unknown = [i for i in keys if i not in truth]
    if unknown:
        raise ValueError(f"{len(unknown)} id(s) not in the ground truth, e.g. {unknown[0]!r}")
    per_page: dict[str, tuple[float, float]] = {}
    precisions: list[float] = []
    recalls: list[float] = []
    for i in keys:
        tp, fp, fn = page_counts(pred.get(i, ""), truth[i])
        precision, recall = per_page[i] = prf_from_counts(tp, fp, fn)
        if tp + fp:
            precisions.append(precision)
        if tp + fn:
            recalls.append(recall)
    return BodyScores(
        precision=sum(precisions) / len(precisions) if precisions else 0.0,
        recall=sum(recalls) / len(recalls) if recalls else 0.0,
        pages=len(per_page), per_page=per_page,
        precision_pages=len(precisions), recall_pages=len(recalls),
    )
