"""A learned chooser among a page's candidates (titles, author names): a linear scorer.

Each candidate is a row of named features; the chooser's score is their weighted sum and
the best-scored candidate is taken. The weights are a conditional logit's, fitted on the
WCXB split by a trainer in ``benchmarks/`` and shipped as a small JSON file that names its
kind and its features, so a file written for another chooser, or by another version of
segkit's features, is refused naming the file rather than read wrongly.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, ClassVar, Self


class ChooserError(ValueError):
    """A chooser's model file that cannot be used; the message names it and what is wrong."""


class LinearChooser:
    """Weights over :attr:`FEATURES`: the higher a candidate's score, the likelier it is the
    one to take. A subclass names its file's kind, its features and the script that trains
    it."""

    KIND: ClassVar[str] = "segkit-chooser"
    FEATURES: ClassVar[tuple[str, ...]] = ()
    WHAT: ClassVar[str] = "chooser"  # said in errors: "this segkit's {WHAT} features"
    TRAINER: ClassVar[str] = "benchmarks/"

    __slots__ = ("_typed", "intercept", "weights")

    def __init__(self, weights: dict[str, float], intercept: float = 0.0) -> None:
        self.weights = weights
        self.intercept = intercept
        self._typed: dict[str, dict[str, float]] = {}

    def score(self, row: dict[str, float]) -> float:
        weights = self.weights
        return self.intercept + sum(v * weights.get(name, 0.0) for name, v in row.items())

    def best(self, rows: list[dict[str, float]], page_type: str | None = None,
             page_types: tuple[str, ...] = ()) -> int:
        """The index of the best-scored row (the first of equals), each row ranked as
        :func:`typed` makes it for ``page_type`` (without copying it: the page type's
        indicator and the intercept add the same to every row); -1 when there is none."""
        weights = self.weights
        if page_type is not None and page_type in page_types:
            if page_type not in self._typed:
                self._typed[page_type] = self._typed_weights(page_type)
            weights = self._typed[page_type]
        scores = [sum(v * weights.get(name, 0.0) for name, v in row.items()) for row in rows]
        return max(range(len(scores)), key=scores.__getitem__) if scores else -1

    def _typed_weights(self, page_type: str) -> dict[str, float]:
        """Each feature's weight plus its ``page_type`` copy's."""
        weights = {name: w for name, w in self.weights.items() if "@" not in name}
        suffix = f"@{page_type}"
        for name, w in self.weights.items():
            if name.endswith(suffix):
                base = name.removesuffix(suffix)
                weights[base] = weights.get(base, 0.0) + w
        return weights

    def to_json(self, **extra: Any) -> dict[str, Any]:
        """The model as written to a file; ``extra`` keeps how it was trained."""
        return {"kind": self.KIND, "features": list(self.FEATURES),
                "intercept": round(self.intercept, 5),
                "weights": [round(self.weights.get(f, 0.0), 5) for f in self.FEATURES],
                **extra}

    @classmethod
    def from_json(cls, data: Any, where: str) -> Self:
        """The chooser of a file's JSON ``data``, checked against :attr:`FEATURES`."""
        if not isinstance(data, dict) or data.get("kind") != cls.KIND:
            raise ChooserError(f"{where}: not a {cls.KIND} model")
        features, weights = data.get("features"), data.get("weights")
        if features != list(cls.FEATURES):
            raise ChooserError(f"{where}: its features are not this segkit's {cls.WHAT} "
                               f"features (retrain it with {cls.TRAINER})")
        if not isinstance(weights, list) or len(weights) != len(features) or not all(
                isinstance(w, int | float) and math.isfinite(w) for w in weights):
            raise ChooserError(f"{where}: 'weights' must be {len(features)} finite numbers")
        intercept = data.get("intercept", 0.0)
        if not isinstance(intercept, int | float) or not math.isfinite(intercept):
            raise ChooserError(f"{where}: 'intercept' must be a finite number")
        return cls(dict(zip(features, map(float, weights), strict=True)), float(intercept))

    @classmethod
    def read(cls, path: Path) -> Self:
        """The chooser in the file at ``path``."""
        where = str(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ChooserError(f"{where}: {exc}") from None
        return cls.from_json(data, where)


def typed(row: dict[str, float], page_type: str | None,
          page_types: tuple[str, ...]) -> dict[str, float]:
    """``row`` with the page type's indicator and its copy of every feature, so that each
    page type may weigh a feature its own way (none added for an unknown type)."""
    if page_type not in page_types:
        return row
    return {**row, f"type:{page_type}": 1.0,
            **{f"{name}@{page_type}": value for name, value in row.items()}}
