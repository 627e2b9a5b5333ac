"""Gradient-boosted trees, evaluated by segkit itself so that a plain install needs no
training library: the model is a small JSON file (``segkit train`` writes it).

A tree is five flat arrays and its leaf values: ``f`` the feature index of each split,
``t`` its threshold, ``l``/``r`` the children (a node index, or ``~leaf`` when negative),
``m`` how a missing value goes (bit 0: to the left; bits 1-2: LightGBM's missing type,
0 none, 1 zero, 2 NaN). Evaluation follows LightGBM's numerical decision exactly:
NaN counts as 0.0 unless the split keeps NaN apart; a missing value goes to its default
side; else ``value <= threshold`` goes left. Only numerical splits exist: every feature
segkit computes is a number.

Three walks give the same sums: tree by tree (any forest), linked nodes (a forest no
split of which keeps missing values apart: all that ``segkit train`` writes) and, in a
wheel, the C walk of ``_forest.c``, which takes a whole page's rows in one call.
"""

from __future__ import annotations

import math
import struct
from typing import Any, Final

try:  # the walk in C (_forest.c), built into a wheel beside the mypyc modules
    from segkit.classify import _forest  # type: ignore[attr-defined]
except ImportError:  # an editable or pure-Python install: the linked nodes below
    _forest = None

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
    also linked as nodes and walked in one tight loop, a NaN read as 0.0 by cleaning the
    row once: the same sums, to the last bit, in a third of the time (compiled). Where
    the C walk is built (a wheel), they are packed for it instead, and a page's rows are
    walked in one call (:meth:`probabilities`): the same sums again; the linked nodes
    are then built only for a row that comes alone (:meth:`linked`).
    """

    __slots__ = ("features", "flat", "linkable", "packed", "trees")

    def __init__(self, features: list[str], trees: list[Tree]) -> None:
        self.features = features
        self.trees = trees
        self.linkable = _linkable(trees)  # else every walk goes tree by tree
        self.packed = _pack(trees, len(features)) if self.linkable else None
        # Linked at once without the C walk; with it, only when a row comes alone (the
        # pages go to C), as linking every tree took a third of loading the model.
        self.flat: _Linked | None = None
        if self.packed is None:
            self.linked()

    def linked(self) -> _Linked | None:
        """The trees as linked nodes (built on first use), or None if not linkable."""
        if self.flat is None and self.linkable:
            self.flat = _Linked(self.trees)
        return self.flat

    def probabilities(self, parts: list[list[list[float]]]) -> list[float]:
        """:meth:`probability` of each line, whose row is its rows in ``parts`` joined
        (the rows of a part all of one length): the content forest reads one part, the
        context forest its own columns and then the content row, never copied."""
        if self.packed is not None:
            return [1.0 / (1.0 + math.exp(-s)) for s in self.packed.sums(parts, 1, None)]
        if len(parts) == 1:
            return [self.probability(row) for row in parts[0]]
        return [self.probability([x for row in rows for x in row])
                for rows in zip(*parts, strict=True)]

    def probability(self, row: list[float]) -> float:
        flat = self.linked()
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

    __slots__ = ("classes", "features", "flats", "linkable", "packed", "trees")

    def __init__(self, features: list[str], trees: list[Tree], classes: list[str]) -> None:
        self.features = features
        self.trees = trees
        self.classes = classes
        self.linkable = _linkable(trees)
        self.packed = _pack(trees, len(features)) if self.linkable else None
        self.flats: list[_Linked] = []  # as Forest.flat: at once only without the C walk
        if self.packed is None:
            self.linked()

    def linked(self) -> list[_Linked]:
        """Each class's trees as linked nodes (built on first use); empty if not linkable."""
        if not self.flats and self.linkable:
            width = len(self.classes)
            self.flats = [_Linked(self.trees[c::width]) for c in range(width)]
        return self.flats

    def page_probabilities(self, rows: list[list[float]], extras: list[list[float]],
                           allowed: list[bool] | None = None,
                           named: list[bool] | None = None) -> list[list[float]]:
        """:meth:`split_probabilities` of each line's ``rows`` and ``extras``; a line not
        ``named`` (None: every line) gets an empty list, no tree walked."""
        keep = list(range(len(rows))) if named is None else [
            i for i, ok in enumerate(named) if ok]
        out: list[list[float]] = [[] for _ in rows]
        if self.packed is None:
            for i in keep:
                out[i] = self.split_probabilities(rows[i], extras[i], allowed)
            return out
        width = len(self.classes)
        parts = [rows, extras] if named is None else [[rows[i] for i in keep],
                                                       [extras[i] for i in keep]]
        flags = None if allowed is None else bytes(allowed)
        sums = self.packed.sums(parts, width, flags)
        for k, i in enumerate(keep):
            line = sums[k * width:(k + 1) * width]
            if allowed is not None:
                line = [v if ok else -math.inf for v, ok in zip(line, allowed, strict=True)]
            out[i] = _softmax(line)
        return out

    def probabilities(self, row: list[float]) -> list[float]:
        """Each class's probability for ``row``, in the order of ``classes``."""
        width = len(self.classes)
        if not self.linkable:
            return _softmax([sum(tree.value(row) for tree in self.trees[c::width])
                             for c in range(width)])
        return self.split_probabilities(row, [])

    def split_probabilities(self, row: list[float], extra: list[float],
                            allowed: list[bool] | None = None) -> list[float]:
        """:meth:`probabilities` of the row ``row`` followed by ``extra``, without joining
        them: the labeller reads the content forest's row (some 240 columns) and its own
        few, and copying the long part for every line cost as much as walking the trees.
        The row is cleaned of NaN once for all the classes. With ``allowed`` (a flag per
        class), the other classes' trees are not walked: they get 0, and the allowed ones
        their softmax among themselves (the same order, so the same best label)."""
        if not self.linkable:
            return _only(self.probabilities([*row, *extra]), allowed)
        sums: list[float] = []
        base = len(row)
        clean, more = _clean(row), _clean(extra)
        for k, flat in enumerate(self.linked()):
            if allowed is not None and not allowed[k]:
                sums.append(-math.inf)
            else:
                sums.append(flat.walk_split(clean, more, base) if more else flat.walk(clean))
        return _softmax(sums)


def _only(probs: list[float], allowed: list[bool] | None) -> list[float]:
    """``probs`` renormalised over the ``allowed`` classes (all when None)."""
    if allowed is None:
        return probs
    kept = [p if ok else 0.0 for p, ok in zip(probs, allowed, strict=True)]
    whole = sum(kept)
    return [p / whole for p in kept] if whole > 0.0 else kept


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


class _Node:
    """A split or (``leaf``) a leaf of a linked tree. mypyc reads a native object's fields
    straight from its struct, where the flat arrays cost a list read and an unboxing for
    each of feature, threshold and child: walking linked nodes takes a third of the time
    compiled, and half in plain Python."""

    __slots__ = ("feature", "leaf", "left", "right", "threshold", "value")

    def __init__(self, feature: int, threshold: float, value: float, leaf: bool) -> None:
        self.feature = feature
        self.threshold = threshold
        self.value = value
        self.leaf = leaf
        self.left: _Node = self  # set by _linked; a leaf's children are never read
        self.right: _Node = self


def _linked(tree: Tree) -> _Node:
    """The root of ``tree`` as linked nodes."""
    leaves = [_Node(0, 0.0, v, True) for v in tree.leaves]
    if not tree.feature:
        return leaves[0]
    splits = [_Node(f, t, 0.0, False) for f, t in zip(tree.feature, tree.threshold,
                                                         strict=True)]
    for node, left, right in zip(splits, tree.left, tree.right, strict=True):
        node.left = splits[left] if left >= 0 else leaves[~left]
        node.right = splits[right] if right >= 0 else leaves[~right]
    return splits[0]


class _Linked:
    """The roots of the trees, linked (:class:`_Node`), walked in tree order."""

    __slots__ = ("roots",)

    def __init__(self, trees: list[Tree]) -> None:
        self.roots = [_linked(tree) for tree in trees]

    def total(self, row: list[float]) -> float:
        """The sum of the trees' values, in tree order."""
        return self.walk(_clean(row))

    def walk(self, row: list[float]) -> float:
        """:meth:`total` of a row holding no NaN."""
        total = 0.0
        for node in self.roots:
            while not node.leaf:
                node = node.left if row[node.feature] <= node.threshold else node.right
            total += node.value
        return total

    def walk_split(self, row: list[float], extra: list[float], base: int) -> float:
        """:meth:`walk` of ``row`` followed by ``extra`` (``base``: the length of ``row``)."""
        total = 0.0
        for node in self.roots:
            while not node.leaf:
                f = node.feature
                x = row[f] if f < base else extra[f - base]
                node = node.left if x <= node.threshold else node.right
            total += node.value
        return total


class Packed:
    """Trees as the C walk reads them (``_forest.c``): every split as ``=iiiid`` (its
    feature, its children, padding, its threshold), children and roots numbered across
    the forest (a leaf as ``~index``), and the leaves' values."""

    __slots__ = ("leaves", "masked", "nodes", "roots", "trees", "width")

    def __init__(self, trees: list[Tree], width: int) -> None:
        self.trees = trees
        # The masked form of the trees for each set of classes walked (see Masked),
        # built at its first use: a model loads in the time it did.
        self.masked: dict[tuple[int, bytes | None], Masked | None] = {}
        nodes: list[bytes] = []
        leaves: list[float] = []
        roots: list[int] = []
        node = struct.Struct("=iiiid")
        for tree in trees:
            first, first_leaf = len(nodes), len(leaves)
            roots.append(first if tree.feature else ~first_leaf)
            for f, t, left, right in zip(tree.feature, tree.threshold, tree.left,
                                         tree.right, strict=True):
                nodes.append(node.pack(f, _numbered(left, first, first_leaf),
                                       _numbered(right, first, first_leaf), 0, t))
            leaves.extend(tree.leaves)
        self.nodes = b"".join(nodes)
        self.leaves = struct.pack(f"={len(leaves)}d", *leaves)
        self.roots = struct.pack(f"={len(roots)}i", *roots)
        self.width = width

    def sums(self, parts: list[list[list[float]]], classes: int, allowed: bytes | None
             ) -> list[float]:
        """Each line's sum for each of ``classes`` (tree ``k`` adds to class
        ``k % classes``), line by line; a class not ``allowed`` gets 0.0."""
        assert _forest is not None
        key = (classes, allowed)
        if key in self.masked:
            masked = self.masked[key]
        elif len(self.masked) < MAX_MASKED:
            masked = self.masked[key] = Masked.of(self.trees, self.width, classes, allowed)
        else:  # a caller of many sets of classes: walked tree by tree past the first few
            masked = None
        if masked is not None:
            return masked.sums(parts, classes)
        out: list[float] = _forest.sums(self.nodes, self.leaves, self.roots, self.width,
                                        classes, allowed, parts)
        return out


# A tree of more leaves than this cannot be walked by mask (a leaf is a bit of 64).
MASK_LEAVES: Final = 64
# Sets of classes whose masked form a forest keeps: the pipeline walks a labeller with
# at most two (its scope's), and each form holds every split of the forest again.
MAX_MASKED: Final = 4


class Masked:
    """Trees as the C walk by feature reads them (``_forest.masked_sums``, QuickScorer):
    the splits of every tree sorted by feature and then threshold, each with its tree and
    the 64-bit mask of that tree's leaves (left to right) its right branch leaves
    reachable. A line clears, for each feature, the masks of the splits below its value;
    each tree's exit is its leftmost leaf left. The same leaves as the walk tree by tree,
    added in the same order, without its mispredicted branches (docs/results.md)."""

    __slots__ = ("bases", "classes_of", "leaves", "masks", "offsets", "owners",
                 "thresholds", "width")

    def __init__(self, entries: list[tuple[int, float, int, int]], bases: list[int],
                 classes_of: list[int], leaves: list[float], width: int) -> None:
        entries.sort(key=lambda e: (e[0], e[1]))
        counts = [0] * (width + 1)
        for e in entries:
            counts[e[0] + 1] += 1
        for f in range(width):
            counts[f + 1] += counts[f]
        n = len(entries)
        self.offsets = struct.pack(f"={width + 1}i", *counts)
        self.thresholds = struct.pack(f"={n}d", *(e[1] for e in entries))
        self.owners = struct.pack(f"={n}i", *(e[2] for e in entries))
        self.masks = struct.pack(f"={n}Q", *(e[3] for e in entries))
        self.bases = struct.pack(f"={len(bases)}i", *bases)
        self.classes_of = struct.pack(f"={len(classes_of)}i", *classes_of)
        self.leaves = struct.pack(f"={len(leaves)}d", *leaves)
        self.width = width

    @classmethod
    def of(cls, trees: list[Tree], width: int, classes: int, allowed: bytes | None
           ) -> Masked | None:
        """The masked form of the trees whose class is ``allowed``; None when a tree
        has more than MASK_LEAVES leaves."""
        entries: list[tuple[int, float, int, int]] = []
        bases: list[int] = []
        classes_of: list[int] = []
        leaves: list[float] = []
        for k, tree in enumerate(trees):
            if allowed is not None and not allowed[k % classes]:
                continue
            if len(tree.leaves) > MASK_LEAVES:
                return None
            owner = len(bases)
            bases.append(len(leaves))
            classes_of.append(k % classes)
            order: list[int] = []  # the tree's leaves, left to right
            if tree.feature:
                _mask_splits(tree, 0, order, entries, owner)
            else:
                order.append(0)
            leaves.extend(tree.leaves[q] for q in order)
        return cls(entries, bases, classes_of, leaves, width)

    def sums(self, parts: list[list[list[float]]], classes: int) -> list[float]:
        """:meth:`Packed.sums` of the same trees."""
        assert _forest is not None
        out: list[float] = _forest.masked_sums(
            self.offsets, self.thresholds, self.owners, self.masks, self.bases,
            self.classes_of, self.leaves, self.width, classes, parts)
        return out


def _mask_splits(tree: Tree, node: int, order: list[int],
                 entries: list[tuple[int, float, int, int]], owner: int) -> None:
    """Add split ``node``'s entry and those below it, its subtree's leaves to ``order``
    (left to right): the split's mask clears the leaves of its left branch."""
    left, right = tree.left[node], tree.right[node]
    first = len(order)
    if left >= 0:
        _mask_splits(tree, left, order, entries, owner)
    else:
        order.append(~left)
    cleared = ((1 << (len(order) - first)) - 1) << first
    entries.append((tree.feature[node], tree.threshold[node], owner,
                    ~cleared & ((1 << MASK_LEAVES) - 1)))
    if right >= 0:
        _mask_splits(tree, right, order, entries, owner)
    else:
        order.append(~right)


def _numbered(child: int, first: int, first_leaf: int) -> int:
    """A tree's child numbered across the forest: its splits from ``first``, its leaves
    from ``first_leaf``."""
    return first + child if child >= 0 else ~(first_leaf + ~child)


def _pack(trees: list[Tree], width: int) -> Packed | None:
    """The trees packed for the C walk, when it is built."""
    return Packed(trees, width) if _forest is not None else None


def _linkable(trees: list[Tree]) -> bool:
    """Whether ``trees`` can be linked (and packed): no split handles missing values apart."""
    return not any(how >> 1 for tree in trees for how in tree.missing)


def forest_from_json(data: Any, where: str) -> Forest:
    """A :class:`Forest` from its JSON form, every array checked, or a :class:`ModelError`."""
    return Forest(*_features_and_trees(data, where))


def labeller_from_json(data: Any, where: str) -> Labeller:
    """A :class:`Labeller` from its JSON form (a forest with its ``classes``)."""
    features, trees = _features_and_trees(data, where)
    classes = data.get("classes")
    if not isinstance(classes, list) or len(classes) < 2 or not all(
            isinstance(c, str) for c in classes):
        raise ModelError(f"{where}: 'classes' must be a list of two or more labels")
    if len(trees) % len(classes):
        raise ModelError(f"{where}: {len(trees)} trees do not divide among "
                         f"{len(classes)} classes")
    return Labeller(features, trees, list(classes))


def _features_and_trees(data: Any, where: str) -> tuple[list[str], list[Tree]]:
    if not isinstance(data, dict):
        raise ModelError(f"{where}: not a forest object")
    features = data.get("features")
    trees = data.get("trees")
    if not isinstance(features, list) or not all(isinstance(f, str) for f in features):
        raise ModelError(f"{where}: 'features' must be a list of names")
    if not isinstance(trees, list):
        raise ModelError(f"{where}: 'trees' must be a list")
    return list(features), [_tree(t, len(features), f"{where} tree {k}")
                            for k, t in enumerate(trees)]


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
