"""bench_labels.py's figures over several seeds: each seed's scores and their mean."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_labels  # noqa: E402


def test_the_mean_over_seeds_averages_each_figure_over_the_labels_every_seed_has() -> None:
    gold = ["body", "body", "nav", "byline"]
    one = bench_labels.scores(gold, ["body", "nav", "nav", "byline"])
    two = bench_labels.scores(gold, ["body", "body", "nav", "nav"])
    mean = bench_labels.mean_scores([one, two])
    assert mean["accuracy"] == pytest.approx((0.75 + 0.75) / 2)
    assert mean["macro_f1"] == pytest.approx((one["macro_f1"] + two["macro_f1"]) / 2)
    assert mean["f1"]["byline"] == pytest.approx((1.0 + 0.0) / 2)
    assert set(mean["f1"]) == {"body", "nav", "byline"}
