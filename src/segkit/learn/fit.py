"""Fitting LightGBM boosters and writing them in segkit's own tree format."""

from __future__ import annotations

from typing import Any

# LightGBM's names for how a split treats missing values, as classify.trees reads them.
_MISSING_TYPES = {"None": 0, "Zero": 1, "NaN": 2}


def dump_forest(booster: Any, names: list[str]) -> dict[str, Any]:
    """A trained binary booster as the JSON form :mod:`segkit.classify.trees` evaluates."""
    trees = []
    for info in booster.dump_model()["tree_info"]:
        arrays: dict[str, list[Any]] = {k: [] for k in "ftlrmv"}
        _visit(info["tree_structure"], arrays)
        trees.append(arrays)
    return {"features": list(names), "trees": trees}


def _visit(node: dict[str, Any], a: dict[str, list[Any]]) -> int:
    """Append ``node``'s subtree in preorder; its index, or ``~leaf`` for a leaf."""
    if "leaf_value" in node:
        a["v"].append(float(node["leaf_value"]))
        return ~(len(a["v"]) - 1)
    if node.get("decision_type", "<=") != "<=":
        raise ValueError("only numerical splits are supported (segkit's features are numbers)")
    k = len(a["f"])
    a["f"].append(int(node["split_feature"]))
    a["t"].append(float(node["threshold"]))
    a["m"].append(int(bool(node["default_left"])) | (_MISSING_TYPES[node["missing_type"]] << 1))
    a["l"].append(0)
    a["r"].append(0)
    a["l"][k] = _visit(node["left_child"], a)
    a["r"][k] = _visit(node["right_child"], a)
    return k
