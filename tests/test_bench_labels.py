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


def test_modes_limit_the_run_to_the_modes_named(monkeypatch) -> None:
    asked: list[bool] = []

    def labelled(shared: Path, html: bool) -> list:
        asked.append(html)
        return []

    monkeypatch.setattr(bench_labels, "content_folds", lambda shared, folds, cache: ({}, []))
    monkeypatch.setattr(bench_labels, "labelled", labelled)
    monkeypatch.setattr(bench_labels, "fold_labellers", lambda *a, **k: [])
    monkeypatch.setattr(bench_labels, "scores", lambda gold, got: {"n": len(gold)})
    monkeypatch.setattr(bench_labels, "mean_scores", lambda runs: {})
    got = bench_labels.run(ROOT, 5, None, modes=("text",))
    assert list(got) == ["text"] and asked == [False]  # no HTML labeller trained
    with pytest.raises(SystemExit) as stop:
        bench_labels.main(["--modes", "xml"])
    assert stop.value.code == 2  # a usage error, before any training


def test_the_wrong_lines_are_written_by_place_and_hash_without_their_text(tmp_path) -> None:
    from types import SimpleNamespace

    from segkit.tools.gold import line_hash

    pages = [SimpleNamespace(id="0001", lines=["Home", "A story."], labels=["nav", "body"]),
             SimpleNamespace(id="0002", lines=["By Ann Lee"], labels=["byline"])]
    rows = bench_labels.wrong_lines("text", pages, ["nav", "nav", "body"])
    assert rows == [f"text\t0001\t1\t{line_hash('A story.')}\tbody\tnav\n",
                    f"text\t0002\t0\t{line_hash('By Ann Lee')}\tbyline\tbody\n"]
    assert not any("story" in r or "Ann" in r for r in rows)


def test_wcxb_takes_the_seeds_and_modes_asked_for(monkeypatch, capsys) -> None:
    asked: list[tuple] = []

    def wcxb_scores(shared, folds, trees, modes, seeds):
        asked.append((modes, seeds))
        return {"html": {"labeller": {"all": 0.5}}}

    monkeypatch.setattr(bench_labels, "wcxb_scores", wcxb_scores)
    assert bench_labels.main(["--wcxb", "--modes", "html", "--seeds", "1,2"]) == 0
    assert asked == [(("html",), (1, 2))]
    assert "html labeller  all 0.500" in capsys.readouterr().out


def test_a_pages_body_f1_reads_the_lines_labelled_body_alone() -> None:
    texts = ["Home", "The river rose by a metre.", "More stories"]
    truth = "The river rose by a metre."
    assert bench_labels._body_f1(texts, ["nav", "body", "related"], truth) == 1.0
    assert bench_labels._body_f1(texts, ["body", "body", "body"], truth) < 1.0
    assert bench_labels._body_f1(texts, ["nav", "nav", "nav"], truth) == 0.0


def test_params_reach_each_fold_s_labeller(monkeypatch) -> None:
    """``--params JSON`` is handed to every fold's labeller, for a settings sweep."""
    given: list[dict] = []

    def fit(train, names, mode, trees, seed=None, params=None):
        given.append(params)
        raise StopIteration  # enough: the settings arrived

    monkeypatch.setattr(bench_labels, "fit_labeller", fit)
    with pytest.raises(StopIteration):
        bench_labels.fold_labellers([bench_labels.FoldRows(None, [], {})], True,
                                    params={"lambda_l2": 10})
    assert given == [{"lambda_l2": 10}]
    captured: list = []
    monkeypatch.setattr(bench_labels, "run", lambda *a: captured.append(a[-1]) or {})
    assert bench_labels.main(["--params", '{"min_child_samples": 50}']) == 0
    assert captured == [{"min_child_samples": 50}]
