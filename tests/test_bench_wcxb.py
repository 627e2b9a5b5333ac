"""bench_wcxb's --labels: the development set's pages through the whole pipeline, each by
the model of its fold, scored against their stored labels."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from shared_data import SHARED

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_wcxb  # noqa: E402

MODEL = ROOT / "src" / "segkit" / "classify" / "model.json"


@pytest.mark.skipif(not (SHARED / "bench" / "wcxb" / "truth.json").exists(),
                    reason="../shared/bench/wcxb is absent: the labelled pages' sources")
def test_label_scores_label_each_page_by_its_folds_model() -> None:
    from segkit.learn.dataset import domain
    from segkit.tools.wcxb import read_truth

    keys = {"0003", "0006"}
    truth = read_truth(SHARED / "bench" / "wcxb" / "truth.json")
    shipped = json.loads(MODEL.read_text(encoding="utf-8"))
    # Fold 0 the shipped model without its labeller (the rule labels, content decided by
    # the model), fold 1 the shipped model.
    empty = json.loads(json.dumps(shipped))
    del empty["modes"]["html"]["labeller"]
    on_rules = {domain(truth[k].url, k): 0 for k in keys}
    on_model = {domain(truth[k].url, k): 1 for k in keys}
    by_rules = bench_wcxb.label_scores(
        bench_wcxb.FoldModels(None, [empty, shipped], on_rules, {}), SHARED, keys)
    by_model = bench_wcxb.label_scores(
        bench_wcxb.FoldModels(None, [empty, shipped], on_model, {}), SHARED, keys)
    assert by_rules.splitlines()[0].startswith("labels, html, ")
    assert "accuracy by type: article" in by_model.splitlines()[1]

    def accuracy(report: str) -> float:
        return float(report.split("accuracy ")[1].split()[0])

    # The shipped labeller saw these pages: it labels them better than the rules.
    assert accuracy(by_model) > accuracy(by_rules) > 0.3


def test_give_body_changes_one_modes_labeller_and_widens_its_scope() -> None:
    shipped = json.loads(MODEL.read_text(encoding="utf-8"))
    text = shipped["modes"]["text"]["labeller"]
    assert "body" not in text["scope"]["gives"] and "gives_body" not in text
    before = json.dumps(shipped)

    given = bench_wcxb._give_body(shipped, "0.4,0.2", "text")
    labeller = given["modes"]["text"]["labeller"]
    assert labeller["gives_body"] == {"labelled": 0.4, "content": 0.2}
    assert labeller["scope"]["gives"] == [*text["scope"]["gives"], "body"]
    assert given["modes"]["html"] == shipped["modes"]["html"]
    assert json.dumps(shipped) == before  # the file given is not changed

    never = bench_wcxb._give_body(given, "none", "text")["modes"]["text"]["labeller"]
    assert "gives_body" not in never and "body" not in never["scope"]["gives"]
    html = bench_wcxb._give_body(shipped, "none")["modes"]["html"]["labeller"]
    assert "gives_body" not in html and "scope" not in html
