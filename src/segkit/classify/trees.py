"""Gradient-boosted trees, evaluated by segkit itself so that a plain install needs no
training library: the model is a small JSON file (``segkit train`` writes it).

A tree is five flat arrays and its leaf values: ``f`` the feature index of each split,
``t`` its threshold, ``l``/``r`` the children (a node index, or ``~leaf`` when negative),
``m`` how a missing value goes (bit 0: to the left; bits 1-2: LightGBM's missing type,
0 none, 1 zero, 2 NaN). Evaluation follows LightGBM's numerical decision exactly:
NaN counts as 0.0 unless the split keeps NaN apart; a missing value goes to its default
side; else ``value <= threshold`` goes left. Only numerical splits exist: every feature
segkit computes is a number.
"""

from __future__ import annotations

import math
from typing import Any, Final

# LightGBM's kZeroThreshold: |x| at most this counts as zero for "zero" missing values.
_ZERO: Final = 1e-35
_MISSING_ZERO: Final = 1
_MISSING_NAN: Final = 2


class ModelError(ValueError):
    """A model file that cannot be used; the message names the file and what is wrong."""


class Tree:
    """One regression tree in flat arrays (see the module docstring)."""

    __slots__ = ("feature", "leaves", "left", "missing", "right", "threshold")

    def __init__(self, feature: list[int], threshold: list[float], left: list[int],
                 right: list[int], missing: list[int], leaves: list[float]) -> None:
        self.feature = feature
        self.threshold = threshold
        self.left = left
        self.right = right
        self.missing = missing
        self.leaves = leaves

    def value(self, row: list[float]) -> float:
        """The leaf value this tree gives ``row``."""
        if not self.feature:
            return self.leaves[0]
        k = 0
        while k >= 0:
            x = row[self.feature[k]]
            how = self.missing[k]
            kind = how >> 1
            if x != x and kind != _MISSING_NAN:
                x = 0.0
            if (kind == _MISSING_ZERO and -_ZERO <= x <= _ZERO) or (
                    kind == _MISSING_NAN and x != x):
                k = self.left[k] if how & 1 else self.right[k]
            elif x <= self.threshold[k]:
                k = self.left[k]
            else:
                k = self.right[k]
        return self.leaves[~k]


class Forest:
    """A binary classifier: the sigmoid of the summed trees (LightGBM's ``binary``).

    When no split handles missing values apart (LightGBM's missing type "none", every
    split of the models segkit trains: its features are never missing), the trees are
    also laid end to end in four flat arrays and walked in one tight loop, a NaN read as
    0.0 by cleaning the row once: the same sums, to the last bit, in about half the time.
    """

    __slots__ = ("features", "flat", "trees")

    def __init__(self, features: list[str], trees: list[Tree]) -> None:
        self.features = features
        self.trees = trees
        self.flat: _Flat | None = _flatten(trees)

    def probability(self, row: list[float]) -> float:
        flat = self.flat
        if flat is not None:
            total = flat.total(row)
        else:
            total = 0.0
            for tree in self.trees:
                total += tree.value(row)
        return 1.0 / (1.0 + math.exp(-total))


class Labeller:
    """A multiclass forest (LightGBM's ``multiclass``): tree ``k`` adds to class
    ``k % len(classes)``; each class's probability is the softmax of the sums."""

    __slots__ = ("classes", "features", "flats", "trees")

    def __init__(self, features: list[str], trees: list[Tree], classes: list[str]) -> None:
        self.features = features
        self.trees = trees
        self.classes = classes
        width = len(classes)
        self.flats: list[_Flat | None] = [_flatten(trees[c::width]) for c in range(width)]

    def probabilities(self, row: list[float]) -> list[float]:
        """Each class's probability for ``row``, in the order of ``classes``."""
        width = len(self.classes)
        if any(flat is None for flat in self.flats):
            return _softmax([sum(tree.value(row) for tree in self.trees[c::width])
                             for c in range(width)])
        return self.split_probabilities(row, [])

    def split_probabilities(self, row: list[float], extra: list[float]) -> list[float]:
        """:meth:`probabilities` of the row ``row`` followed by ``extra``, without joining
        them: the labeller reads the content forest's row (some 240 columns) and its own
        few, and copying the long part for every line cost as much as walking the trees.
        The row is cleaned of NaN once for all the classes."""
        sums: list[float] = []
        base = len(row)
        clean, more = _clean(row), _clean(extra)
        for flat in self.flats:
            if flat is None:
                return self.probabilities([*row, *extra])
            sums.append(flat.walk_split(clean, more, base) if more else flat.walk(clean))
        return _softmax(sums)


def _softmax(sums: list[float]) -> list[float]:
    top = max(sums)
    exps = [math.exp(v - top) for v in sums]
    whole = sum(exps)
    return [e / whole for e in exps]


def _clean(row: list[float]) -> list[float]:
    """``row`` with a NaN read as 0.0, as LightGBM reads it where no split keeps NaN apart
    (the same list when it holds none)."""
    s = sum(row)
    if s != s:
        return [0.0 if x != x else x for x in row]
    return row


class _Flat:
    """Every tree's splits in shared arrays: ``roots`` is where each tree starts (a node
    index, or ``~leaf`` for a tree of one leaf); children index the shared arrays."""

    __slots__ = ("feature", "leaves", "left", "right", "roots", "threshold")

    def __init__(self) -> None:
        self.feature: list[int] = []
        self.threshold: list[float] = []
        self.left: list[int] = []
        self.right: list[int] = []
        self.leaves: list[float] = []
        self.roots: list[int] = []

    def add(self, tree: Tree) -> None:
        nodes, leaves = len(self.feature), len(self.leaves)
        self.roots.append(nodes if tree.feature else ~leaves)
        self.feature.extend(tree.feature)
        self.threshold.extend(tree.threshold)
        self.left.extend([_moved(c, nodes, leaves) for c in tree.left])
        self.right.extend([_moved(c, nodes, leaves) for c in tree.right])
        self.leaves.extend(tree.leaves)

    def total(self, row: list[float]) -> float:
        """The sum of the trees' values, in tree order."""
        return self.walk(_clean(row))

    def walk(self, row: list[float]) -> float:
        """:meth:`total` of a row holding no NaN."""
        feature, threshold, left, right = self.feature, self.threshold, self.left, self.right
        leaves = self.leaves
        total = 0.0
        for k in self.roots:
            while k >= 0:
                k = left[k] if row[feature[k]] <= threshold[k] else right[k]
            total += leaves[~k]
        return total

    def walk_split(self, row: list[float], extra: list[float], base: int) -> float:
        """:meth:`walk` of ``row`` followed by ``extra`` (``base``: the length of ``row``)."""
        feature, threshold, left, right = self.feature, self.threshold, self.left, self.right
        leaves = self.leaves
        total = 0.0
        for k in self.roots:
            while k >= 0:
                f = feature[k]
                x = row[f] if f < base else extra[f - base]
                k = left[k] if x <= threshold[k] else right[k]
            total += leaves[~k]
        return total


def _moved(child: int, nodes: int, leaves: int) -> int:
    """A tree's child index, once its tree starts at ``nodes`` and ``leaves``."""
    return child + nodes if child >= 0 else ~(~child + leaves)


def _flatten(trees: list[Tree]) -> _Flat | None:
    """The flat form of ``trees``, or None when a split handles missing values apart."""
    if any(how >> 1 for tree in trees for how in tree.missing):
        return None
    flat = _Flat()
    for tree in trees:
        flat.add(tree)
    return flat


def forest_from_json(data: Any, where: str) -> Forest:
    """A :class:`Forest` from its JSON form, every array checked, or a :class:`ModelError`."""
    if not isinstance(data, dict):
        raise ModelError(f"{where}: not a forest object")
    features = data.get("features")
    trees = data.get("trees")
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise ModelError(f"{where}: 'features' must be a list of names")
    if not isinstance(trees, list):
        raise ModelError(f"{where}: 'trees' must be a list")
    return Forest(list(features), [_tree(t, len(features), f"{where} tree {k}")
                                   for k, t in enumerate(trees)])


def labeller_from_json(data: Any, where: str) -> Labeller:
    """A :class:`Labeller` from its JSON form (a forest with its ``classes``)."""
    forest = forest_from_json(data, where)
    classes = data.get("classes")
    if not isinstance(classes, list) or len(classes) < 2 or not all(
            isinstance(c, str) for c in classes):
        raise ModelError(f"{where}: 'classes' must be a list of two or more labels")
    if len(forest.trees) % len(classes):
        raise ModelError(f"{where}: {len(forest.trees)} trees do not divide among "
                         f"{len(classes)} classes")
    return Labeller(forest.features, forest.trees, list(classes))


def _tree(data: Any, width: int, where: str) -> Tree:
    try:
        f = [int(x) for x in data["f"]]
        t = [float(x) for x in data["t"]]
        left = [int(x) for x in data["l"]]
        right = [int(x) for x in data["r"]]
        m = [int(x) for x in data["m"]]
        v = [float(x) for x in data["v"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise ModelError(f"{where}: {type(exc).__name__}: {exc}") from None
    nodes = len(f)
    if not v or any(len(a) != nodes for a in (t, left, right, m)):
        raise ModelError(f"{where}: arrays of different lengths")
    if nodes and len(v) != nodes + 1:
        raise ModelError(f"{where}: {nodes} splits need {nodes + 1} leaves")
    if any(not 0 <= x < width for x in f):
        raise ModelError(f"{where}: a split reads a feature the model does not have")
    # Children point forward (to a later node) or to a leaf, so a walk always ends.
    for k in range(nodes):
        for child in (left[k], right[k]):
            if not (k < child < nodes or -len(v) <= child < 0):
                raise ModelError(f"{where}: node {k} has a bad child {child}")
    return Tree(f, t, left, right, m, v)
