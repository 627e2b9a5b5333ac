"""The forests' walk in C (``classify/_forest.c``): the linked walk's sums to the last bit,
and a clear error, never a read out of bounds, on a bad row or a bad buffer."""

from __future__ import annotations

import math
import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segkit.classify import trees
from segkit.classify.model import SHIPPED, load_model
from segkit.classify.trees import MASK_LEAVES, MAX_MASKED, Labeller, Masked, Packed, Tree

if trees._forest is None:
    if os.environ.get("SEGKIT_REQUIRE_MYPYC") == "1":  # CI builds the wheel with it
        raise AssertionError("SEGKIT_REQUIRE_MYPYC=1, yet the C walk (_forest) is missing")
    pytest.skip("the C walk is built only into a wheel (this is an editable or pure-Python "
                "install): pip install . to test it", allow_module_level=True)

NAN = float("nan")


def _row(rng: random.Random, width: int) -> list[float]:
    return [rng.choice((0.0, 1.0, -1.0, rng.uniform(-2, 50), NAN)) for _ in range(width)]


def _parts(rows: list[list[float]], cut: int) -> list[list[list[float]]]:
    return [[r[:cut] for r in rows], [r[cut:] for r in rows]]


def test_the_shipped_forests_give_the_linked_walks_sums() -> None:
    rng = random.Random(0)
    for mode in load_model(SHIPPED).modes.values():
        forests = [mode.forest] + ([mode.context.forest] if mode.context else [])
        for forest in forests:
            flat = forest.linked()
            assert forest.packed is not None and flat is not None
            rows = [_row(rng, len(forest.features)) for _ in range(200)]
            want = [flat.total(r) for r in rows]
            assert forest.packed.sums([rows], 1, None) == want
            assert forest.packed.sums(_parts(rows, 17), 1, None) == want
            assert forest.probabilities([rows]) == [forest.probability(r) for r in rows]


def test_the_labeller_gives_each_lines_classes_as_the_linked_walk() -> None:
    rng = random.Random(1)
    labeller = load_model(SHIPPED).modes["html"].labeller
    assert labeller is not None and labeller.packed is not None
    width = len(labeller.features)
    rows = [_row(rng, width) for _ in range(120)]
    cut = width - 9
    heads, tails = [r[:cut] for r in rows], [r[cut:] for r in rows]
    allowed = [c in ("nav", "related", "byline") for c in labeller.classes]
    named = [i % 3 != 0 for i in range(len(rows))]
    for only in (None, allowed):
        got = labeller.page_probabilities(heads, tails, only, named)
        for i, row in enumerate(rows):
            assert got[i] == (labeller.split_probabilities(row, [], only) if named[i] else [])
    every = labeller.page_probabilities(heads, tails)
    assert every == [labeller.split_probabilities(h, t) for h, t in zip(heads, tails,
                                                                          strict=True)]


def _tree(draw: st.DrawFn, width: int) -> Tree:
    """A random tree whose children point forward, as the model loader demands."""
    splits = draw(st.integers(0, 6))
    feature, threshold, left, right = [], [], [], []
    leaves = 0
    for k in range(splits):
        feature.append(draw(st.integers(0, width - 1)))
        threshold.append(draw(st.floats(-3, 3)))
        kids = []
        for _ in range(2):
            if k + 1 < splits and draw(st.booleans()):
                kids.append(draw(st.integers(k + 1, splits - 1)))
            else:
                kids.append(~leaves)
                leaves += 1
        left.append(kids[0])
        right.append(kids[1])
    values = draw(st.lists(st.floats(-5, 5), min_size=max(leaves, 1), max_size=max(leaves, 1)))
    return Tree(feature, threshold, left, right, [0] * splits, values)


@st.composite
def _forests(draw: st.DrawFn) -> tuple[list[Tree], int, list[list[float]]]:
    width = draw(st.integers(1, 6))
    forest = [_tree(draw, width) for _ in range(draw(st.integers(1, 9)))]
    value = st.one_of(st.floats(-4, 4), st.just(NAN), st.just(0.0), st.just(-0.0))
    rows = draw(st.lists(st.lists(value, min_size=width, max_size=width), max_size=6))
    return forest, width, rows


@settings(max_examples=300, deadline=None)
@given(_forests(), st.integers(1, 3))
def test_any_forest_is_summed_as_tree_by_tree(case: tuple, classes: int) -> None:
    """Both C walks, tree by tree and by feature (Masked), with every class or some."""
    forest, width, rows = case
    packed = Packed(forest, width)
    for allowed in (None, bytes(c % 2 == 0 for c in range(classes))):
        got = packed.sums([rows], classes, allowed)
        by_tree = trees._forest.sums(packed.nodes, packed.leaves, packed.roots, width,
                                     classes, allowed, [rows])
        masked = Masked.of(forest, width, classes, allowed)
        assert masked is not None and masked.sums([rows], classes) == got == by_tree
        for i, row in enumerate(rows):
            want = [0.0] * classes
            for k, tree in enumerate(forest):
                if allowed is None or allowed[k % classes]:
                    want[k % classes] += tree.value(row)
            assert got[i * classes:(i + 1) * classes] == want


def _chain(leaves: int) -> Tree:
    """A tree of ``leaves`` leaves, each split's left child a leaf (the deepest shape)."""
    splits = leaves - 1
    return Tree([0] * splits, [float(k) for k in range(splits)],
                [~k for k in range(splits)], [k + 1 for k in range(splits - 1)] + [~splits],
                [0] * splits, [float(k) for k in range(leaves)])


def test_a_tree_of_more_leaves_than_a_mask_holds_is_walked_tree_by_tree() -> None:
    rows = [[x] for x in (-1.0, 0.0, 0.5, 30.0, 62.5, 63.0, 99.0)]
    for leaves in (MASK_LEAVES, MASK_LEAVES + 1):
        forest = [_chain(leaves), _chain(3)]
        packed = Packed(forest, 1)
        want = [forest[0].value(r) + forest[1].value(r) for r in rows]
        assert packed.sums([rows], 1, None) == want
        assert (packed.masked[(1, None)] is None) is (leaves > MASK_LEAVES)


def test_a_row_of_the_wrong_length_is_an_error_naming_the_line() -> None:
    packed = Packed([Tree([1], [0.5], [-1], [-2], [0], [1.0, 2.0])], 2)
    with pytest.raises(ValueError, match="line 1: its row has not the model's 2 columns"):
        packed.sums([[[0.0, 1.0], [0.0]]], 1, None)
    with pytest.raises(ValueError, match="line 0"):
        packed.sums([[[0.0, 1.0]], [[2.0]]], 1, None)
    with pytest.raises(TypeError, match="list of floats"):
        packed.sums([[(0.0, 1.0)]], 1, None)
    with pytest.raises(TypeError):
        packed.sums([[["x", 1.0]]], 1, None)
    with pytest.raises(ValueError, match="as many rows"):
        packed.sums([[[0.0]], []], 1, None)


def test_a_forest_keeps_the_masked_form_of_a_few_sets_of_classes() -> None:
    two = Tree([0], [0.5], [-1], [-2], [0], [1.0, 3.0])
    packed = Packed([two] * 3, 1)
    masks = [bytes([a, b, c]) for a in (0, 1) for b in (0, 1) for c in (0, 1)]
    for allowed in masks:
        want = [3.0 * bit for bit in allowed]
        assert packed.sums([[[1.0]]], 3, allowed) == want  # past the kept few too
    assert len(packed.masked) == MAX_MASKED


def test_a_bad_buffer_is_an_error_not_a_wild_read() -> None:
    tree = Tree([0], [0.5], [-1], [-2], [0], [1.0, 2.0])
    packed = Packed([tree], 1)
    good = packed.sums([[[0.0]]], 1, None)
    assert good == [1.0]
    for field, value in (("roots", b"\x05\x00\x00\x00"), ("leaves", b""),
                         ("width", 0)):
        broken = Packed([tree], 1)
        setattr(broken, field, value)
        with pytest.raises(ValueError):
            trees._forest.sums(broken.nodes, broken.leaves, broken.roots, broken.width, 1,
                               None, [[[0.0]]])
    masked = Masked.of([tree], 1, 1, None)
    assert masked is not None and masked.sums([[[0.0]]], 1) == good
    assert masked.sums([[[1.0]]], 1) == [2.0]  # right of the split: its mask applies
    for field, value in (("offsets", b"\x00\x00\x00\x00"), ("owners", b"\x07\x00\x00\x00"),
                         ("bases", b"\x09\x00\x00\x00"), ("classes_of", b"\x01\x00\x00\x00"),
                         ("masks", b"\x00" * 8), ("leaves", b"")):
        broken_masks = Masked.of([tree], 1, 1, None)
        assert broken_masks is not None
        setattr(broken_masks, field, value)
        with pytest.raises(ValueError):
            broken_masks.sums([[[1.0]]], 1)


def test_a_labeller_class_not_allowed_walks_no_tree() -> None:
    two = Tree([0], [0.5], [-1], [-2], [0], [1.0, 3.0])
    labeller = Labeller(["a"], [two, two, two], ["x", "y", "z"])
    assert labeller.packed is not None
    got = labeller.page_probabilities([[0.0]], [[]], [True, False, True])[0]
    assert got[1] == 0.0 and math.isclose(got[0], 0.5) and math.isclose(got[2], 0.5)


def test_with_the_c_walk_the_trees_are_linked_only_when_a_row_comes_alone() -> None:
    model = load_model(SHIPPED)  # a fresh load: the cached model may have been walked
    forest = model.modes["html"].forest
    labeller = model.modes["html"].labeller
    assert labeller is not None
    assert forest.flat is None and labeller.flats == []  # loading links nothing
    row = [0.0] * len(forest.features)
    assert forest.probabilities([[row]]) == [forest.probability(row)]
    assert forest.flat is not None
    extra = [0.0] * (len(labeller.features) - len(row))
    assert labeller.page_probabilities([row], [extra])[0] == labeller.split_probabilities(
        row, extra)
    assert len(labeller.flats) == len(labeller.classes)
