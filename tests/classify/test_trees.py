"""The tree evaluator: LightGBM's numerical decisions, and model files checked on load."""

from __future__ import annotations

import json
import math
import random

import pytest

from segkit.classify.trees import ModelError, Tree, forest_from_json

# One split on feature 0 at 0.5; NaN goes its own way (missing type 2), to the left.
TREE = {"f": [0], "t": [0.5], "l": [-1], "r": [-2], "m": [1 | (2 << 1)], "v": [-1.0, 2.0]}


def test_a_split_sends_values_at_most_the_threshold_left() -> None:
    tree = forest_from_json({"features": ["x"], "trees": [TREE]}, "m").trees[0]
    assert tree.value([0.5]) == -1.0
    assert tree.value([0.6]) == 2.0


def test_nan_takes_the_default_side_only_where_the_split_keeps_nan_apart() -> None:
    nan = float("nan")
    keeps = Tree([0], [-1.0], [-1], [-2], [1 | (2 << 1)], [10.0, 20.0])
    assert keeps.value([nan]) == 10.0  # default left
    plain = Tree([0], [-1.0], [-1], [-2], [0], [10.0, 20.0])
    assert plain.value([nan]) == 20.0  # NaN read as 0.0 > -1.0


def test_the_forest_is_the_sigmoid_of_the_summed_trees() -> None:
    forest = forest_from_json({"features": ["x"], "trees": [TREE, TREE]}, "m")
    assert forest.probability([1.0]) == pytest.approx(1 / (1 + math.exp(-4.0)))


@pytest.mark.parametrize("bad, why", [
    ({"features": ["x"], "trees": [dict(TREE, f=[3])]}, "feature the model does not have"),
    ({"features": ["x"], "trees": [dict(TREE, l=[0])]}, "bad child"),
    ({"features": ["x"], "trees": [dict(TREE, v=[1.0])]}, "leaves"),
    ({"features": ["x"], "trees": [{"f": [0]}]}, "KeyError"),
    ({"features": "x", "trees": []}, "list of names"),
])
def test_a_broken_model_is_an_error_naming_where(bad: dict, why: str) -> None:
    with pytest.raises(ModelError, match=why) as info:
        forest_from_json(bad, "model.json")
    assert "model.json" in str(info.value)


def test_the_evaluator_agrees_with_lightgbm() -> None:
    lgb = pytest.importorskip("lightgbm", reason="lightgbm (the train extra) is not installed")
    np = pytest.importorskip("numpy")
    from segkit.learn.fit import dump_forest

    rng = np.random.default_rng(0)
    x = rng.normal(size=(2000, 4))
    x[rng.random(x.shape) < 0.05] = np.nan
    x[:, 3] = np.round(x[:, 3])  # many exact zeros
    y = ((np.nan_to_num(x[:, 0]) + x[:, 1] * np.nan_to_num(x[:, 3])) > 0).astype(int)
    booster = lgb.train({"objective": "binary", "verbose": -1, "num_leaves": 15,
                         "num_threads": 1}, lgb.Dataset(x, y), num_boost_round=30)
    forest = forest_from_json(json.loads(json.dumps(
        dump_forest(booster, ["a", "b", "c", "d"]))), "m")
    want = booster.predict(x)
    got = [forest.probability([float(v) for v in row]) for row in x]
    assert max(abs(a - b) for a, b in zip(want, got, strict=True)) < 1e-9


def test_the_flat_walk_gives_the_per_tree_sums_to_the_last_bit() -> None:
    from segkit.classify.model import SHIPPED, load_model

    rng = random.Random(0)
    for mode in load_model(SHIPPED).modes.values():
        forest = mode.forest
        flat = forest.linked()
        assert flat is not None  # the shipped trees never keep missing values apart
        width = len(forest.features)
        for _ in range(300):
            row = [rng.choice((0.0, 1.0, -1.0, rng.uniform(-2, 50), float("nan")))
                   for _ in range(width)]
            slow = 0.0
            for tree in forest.trees:
                slow += tree.value(row)
            assert flat.total(row) == slow


def test_a_forest_keeping_missing_values_apart_is_walked_tree_by_tree() -> None:
    forest = forest_from_json({"features": ["x"], "trees": [TREE]}, "m")
    assert forest.linked() is None and forest.packed is None
    assert forest.probability([float("nan")]) == pytest.approx(1 / (1 + math.exp(1.0)))


def test_the_flat_walk_agrees_with_lightgbm_on_nan_it_never_saw() -> None:
    lgb = pytest.importorskip("lightgbm", reason="lightgbm (the train extra) is not installed")
    np = pytest.importorskip("numpy")
    from segkit.learn.fit import dump_forest

    rng = np.random.default_rng(1)
    x = rng.normal(size=(2000, 3))
    y = (x[:, 0] + x[:, 1] > 0).astype(int)
    booster = lgb.train({"objective": "binary", "verbose": -1, "num_leaves": 7,
                         "num_threads": 1}, lgb.Dataset(x, y), num_boost_round=20)
    forest = forest_from_json(dump_forest(booster, ["a", "b", "c"]), "m")
    assert forest.linked() is not None
    x[rng.random(x.shape) < 0.2] = np.nan  # at run time only: read as 0.0
    want = booster.predict(x)
    got = [forest.probability([float(v) for v in row]) for row in x]
    assert max(abs(a - b) for a, b in zip(want, got, strict=True)) < 1e-9


def test_the_labeller_agrees_with_lightgbm_multiclass() -> None:
    lgb = pytest.importorskip("lightgbm", reason="lightgbm (the train extra) is not installed")
    np = pytest.importorskip("numpy")
    from segkit.classify.trees import labeller_from_json
    from segkit.learn.fit import dump_forest

    rng = np.random.default_rng(1)
    x = rng.normal(size=(1500, 3))
    y = (x[:, 0] > 0).astype(int) + (x[:, 1] > 0.5).astype(int)  # three classes
    booster = lgb.train({"objective": "multiclass", "num_class": 3, "verbose": -1,
                         "num_leaves": 7, "num_threads": 1}, lgb.Dataset(x, y),
                        num_boost_round=20)
    data = dump_forest(booster, ["a", "b", "c"])
    data["classes"] = ["x", "y", "z"]
    labeller = labeller_from_json(json.loads(json.dumps(data)), "m")
    want = booster.predict(x)
    got = [labeller.probabilities([float(v) for v in row]) for row in x]
    assert np.abs(np.asarray(got) - want).max() < 1e-9


@pytest.mark.parametrize("extra, why", [
    ({}, "'classes' must be a list"),
    ({"classes": ["only"]}, "'classes' must be a list"),
    ({"classes": ["a", "b", "c"]}, "do not divide among 3 classes"),
])
def test_a_broken_labeller_is_an_error_naming_where(extra: dict, why: str) -> None:
    from segkit.classify.trees import labeller_from_json

    data = {"features": ["a"], "trees": [TREE, TREE], **extra}
    with pytest.raises(ModelError, match=why):
        labeller_from_json(data, "model.json (html) labeller")


def test_the_labeller_reads_a_row_in_two_parts_to_the_last_bit() -> None:
    from segkit.classify.model import SHIPPED, load_model

    rng = random.Random(2)
    labeller = load_model(SHIPPED).modes["html"].labeller
    assert labeller is not None
    width = len(labeller.features)
    for cut in (width - 10, width - 1, width):
        for _ in range(100):
            row = [rng.choice((0.0, 1.0, -1.0, rng.uniform(-2, 50), float("nan")))
                   for _ in range(width)]
            slow = [0.0] * len(labeller.classes)
            for k, tree in enumerate(labeller.trees):
                slow[k % len(slow)] += tree.value(row)
            top = max(slow)
            exps = [math.exp(v - top) for v in slow]
            want = [e / sum(exps) for e in exps]
            assert labeller.split_probabilities(row[:cut], row[cut:]) == want
            assert labeller.probabilities(row) == want


def test_a_labeller_asked_for_some_classes_walks_only_their_trees() -> None:
    from segkit.classify.model import SHIPPED, load_model

    rng = random.Random(3)
    labeller = load_model(SHIPPED).modes["html"].labeller
    assert labeller is not None
    allowed = [c in ("nav", "related", "byline") for c in labeller.classes]
    for _ in range(50):
        row = [rng.choice((0.0, 1.0, rng.uniform(-2, 50))) for _ in labeller.features]
        full = labeller.probabilities(row)
        some = labeller.split_probabilities(row, [], allowed)
        whole = sum(p for p, ok in zip(full, allowed, strict=True) if ok)
        for p, q, ok in zip(full, some, allowed, strict=True):
            assert q == 0.0 if not ok else abs(q - p / whole) < 1e-12


def test_a_labeller_walked_tree_by_tree_keeps_to_the_allowed_classes_too() -> None:
    from segkit.classify.trees import Labeller, Tree

    keeps_nan = Tree([0], [0.5], [-1], [-2], [1 | (2 << 1)], [1.0, 3.0])  # not linkable
    flat = Tree([], [], [], [], [], [2.0])
    labeller = Labeller(["a"], [keeps_nan, flat, flat], ["x", "y", "z"])
    assert not labeller.linkable and labeller.linked() == [] and labeller.packed is None
    got = labeller.split_probabilities([0.0], [], [True, False, True])
    assert got[1] == 0.0 and abs(got[0] + got[2] - 1.0) < 1e-12
    assert abs(got[0] / got[2] - math.exp(1.0 - 2.0)) < 1e-12


def test_without_the_c_walk_the_trees_are_linked_as_they_load() -> None:
    from segkit.classify import trees

    if trees._forest is not None:
        pytest.skip("the C walk is built here: tests/classify/test_forest_c.py covers it")
    forest = forest_from_json({"features": ["x"], "trees": [
        {"f": [0], "t": [0.5], "l": [-1], "r": [-2], "m": [0], "v": [1.0, 3.0]}]}, "m")
    assert forest.packed is None and forest.flat is not None
    assert forest.probability([1.0]) == pytest.approx(1 / (1 + math.exp(-3.0)))
