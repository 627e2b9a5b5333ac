"""Fitting LightGBM boosters and writing them in segkit's own tree format."""

from __future__ import annotations

import zlib
from typing import Any, Final

from segkit.classify.vector import url_values
from segkit.labels import BODY, BYLINE, HEADLINE, NAV, RELATED, TIMESTAMP

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


def averaged(forests: list[dict[str, Any]]) -> dict[str, Any]:
    """One forest whose sums are the mean of ``forests``' (of the same features and
    classes, so tree ``k`` keeps its class ``k % classes``)."""
    if len(forests) == 1:
        return forests[0]
    share = 1.0 / len(forests)
    trees = [dict(tree, v=[value * share for value in tree["v"]])
             for forest in forests for tree in forest["trees"]]
    return {"features": forests[0]["features"], "trees": trees}


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


# The booster's settings, chosen with cross-validation grouped by domain on the WCXB
# split (benchmarks/bench_wcxb.py --cv): trees of up to 31 leaves, each line's split
# candidates from 60% of the features, 80% of the rows per tree.
PARAMS: dict[str, Any] = {
    "objective": "binary", "learning_rate": 0.08, "num_leaves": 31,
    "min_child_samples": 40, "feature_fraction": 0.6, "bagging_fraction": 0.8,
    "bagging_freq": 1, "lambda_l2": 1.0, "max_bin": 127, "verbose": -1, "seed": 1,
    "deterministic": True, "force_row_wise": True,
}
# Trees per forest: every line walks each of them, so the model's run time grows with
# this. Held out (benchmarks/bench_forest.py, 5 folds by domain), the first 80 of 150
# trees score within 0.001 of all 150 on WCXB in both modes (HTML 0.8501 against
# 0.8509, text 0.8117 against 0.8115), the first 40 0.005 lower.
TREES = 80
# A line is content at this probability or more (the text-mode inner cross-validation
# chose 0.35-0.4 on every fold; HTML mode was run at 0.4).
THRESHOLD = 0.4
# A rule ``body`` line stays body down to this probability. Chosen per fold on the other
# folds' held-out probabilities (benchmarks/bench_cv.py, grid 0.1-0.4): HTML chose 0.3 in
# four folds of five (0.4 in one), text 0.3 in two and 0.1-0.4 in the others (median 0.3).
DEMOTE_BELOW = {"html": 0.3, "text": 0.3}


# One page in this many (chosen by a hash of its id, so training is reproducible) is
# learnt as if its address were unknown: pages often come without one (a file, stdin),
# and a model that always saw one leans on it. Held out (5 folds by domain, 80 trees),
# the 181 article pages given without their URLs: body F1 HTML 0.940 -> 0.961, text
# 0.873 -> 0.896; with them 0.966 -> 0.968 and 0.909 -> 0.906; WCXB with URLs HTML
# 0.850 -> 0.848, text 0.812 -> 0.812.
URL_DROPOUT = 2
URL_PREFIX = "u_"  # the URL columns of vector.names()


def page_rows(page: Any, names: list[str]) -> list[list[float]]:
    """The rows a page is learnt from: its own, or, for one page in URL_DROPOUT, the
    same as a page without an address has them."""
    if zlib.crc32(page.id.encode("utf-8")) % URL_DROPOUT != URL_DROPOUT - 1:
        return page.rows
    return without_url(page.rows, names)


def without_url(rows: list[list[float]], names: list[str]) -> list[list[float]]:
    """Copies of ``rows`` with the URL columns of a page that has no address."""
    columns = [k for k, name in enumerate(names) if name.startswith(URL_PREFIX)]
    blank = url_values("")
    out = [list(r) for r in rows]
    for row in out:
        for k, value in zip(columns, blank, strict=True):
            row[k] = value
    return out


def seeded(settings: dict[str, Any], seed: int | None) -> dict[str, Any]:
    """``settings`` with another seed of the sampling, or as they are for None (the default
    keeps every forest, and so the shipped model, byte for byte)."""
    return settings if seed is None else dict(settings, seed=seed)


def fit_forest(pages: list[Any], names: list[str], trees: int = TREES, threads: int = 1,
               html: bool = True, *, seed: int | None = None) -> dict[str, Any]:
    """A forest fitted to the rows of ``pages`` (``dataset.PageRows``), in JSON form;
    ``seed`` (default PARAMS'): which rows and features each tree samples."""
    import lightgbm as lgb
    import numpy as np

    from segkit.learn.dataset import line_weights

    x = np.asarray([r for p in pages for r in page_rows(p, names)], dtype=np.float64)
    y = np.asarray([g for p in pages for g in p.gold], dtype=np.int8)
    w = np.asarray([v for p in pages for v in line_weights(p)], dtype=np.float64)
    params = seeded(dict(PARAMS, num_threads=threads), seed)
    booster = lgb.train(params, lgb.Dataset(x, y, weight=w, feature_name=_safe(names)),
                        num_boost_round=trees)
    forest = dump_forest(booster, names)
    forest["threshold"] = THRESHOLD
    forest["demote_below"] = DEMOTE_BELOW["html" if html else "text"]
    return forest


def _safe(names: list[str]) -> list[str]:
    """Feature names LightGBM accepts (it refuses some punctuation); order is what counts."""
    return [f"f{k}" for k in range(len(names))]


# The labeller's settings, else the content forest's: it learns from a few hundred
# labelled pages, not WCXB's 1,500, so its trees are smaller and need fewer lines per leaf.
LABELLER_PARAMS: dict[str, Any] = dict(PARAMS, objective="multiclass", learning_rate=0.3,
                                       num_leaves=15, min_child_samples=20)
# Boosting rounds of the labeller; each round adds one tree per label, and every line
# walks them all. Held out in HTML (benchmarks/bench_labels.py and its --wcxb), 15
# rounds at rate 0.3 scored as 30 at 0.15 (WCXB 0.856 both, the 181 articles 0.969
# against 0.968) in half the time. On the 245 labelled pages of today, more rounds name
# the rare labels better: line accuracy and macro-F1 0.881 and 0.703 at 15 rounds,
# 0.886/0.734 at 30, 0.887/0.744 at 60, 0.887/0.748 at 120 (byline 0.59 -> 0.68 -> 0.70,
# timestamp 0.53 -> 0.64 -> 0.64 at 15, 60 and 120). But every round is seven trees for
# every line: at 60 rounds an HTML article page took 27 ms of CPU against 17 at 15
# (compiled, one core, benchmarks/bench_stack.py --cpu, one run with other work on the
# machine). 30 rounds keep most of the gain for a third of that cost. Since the trees are
# walked in C (classify/_forest.c), a 30-round labeller's trees cost 0.8 ms of a 15 ms HTML
# article page; on the 567 labelled pages (bench_labels.py --seeds 1,2,3, the same content
# forests) 60 rounds gave 0.897/0.767 against 0.892/0.753 in HTML, every seed up, and in
# text (--trees 60 against its 20) 0.832/0.596 against 0.827/0.585. Through the whole
# pipeline (bench_wcxb.py --cv 5 --articles --labels), 60 against 30: HTML labels
# 0.898/0.770 -> 0.902/0.786 (byline 0.69 -> 0.72), WCXB HTML body 0.871 -> 0.873 (the
# labeller also gives body), the 181 articles 0.966 -> 0.965. So 60, in both modes.
LABELLER_TREES = 60
# The text labeller's rounds and leaves (it walks only its four labels' trees, on the
# rules' nav and related lines: most of a text page). Held out on the 578 labelled text
# pages (bench_labels.py, the mean of seeds 1 and 2), line accuracy / macro-F1 with 15
# leaves: 0.820/0.566 at 10 rounds, 0.821/0.572 at 15, 0.824/0.579 at 20, 0.826/0.584 at
# 30, 0.828/0.593 at 45; with 31 leaves 0.825/0.583 at 15 and 0.827/0.587 at 20: as
# good as 30 rounds of 15 leaves, in two thirds of the trees. (HTML at 20 rounds of 31
# leaves: 0.891/0.741, against 0.891/0.748 for its 30 of 15.) With the trees walked in
# C, 60 rounds of 31 leaves: 0.832/0.596 (three seeds; 20 rounds 0.827/0.585), and
# through the whole pipeline 0.825/0.570 -> 0.830/0.581, body figures unchanged.
TEXT_LABELLER_TREES = 60
TEXT_LABELLER_LEAVES = 31
# Labellers fitted with different seeds (other rows and features sampled per tree) and
# averaged, per mode: one forest of all their trees, each leaf divided by their number,
# so a line's sums are the mean of theirs. Held out (bench_labels.py, the mean of seeds 1
# to 5), HTML accuracy / macro-F1 0.898 / 0.774 with one, 0.901 / 0.786 with three
# (caption 0.545 -> 0.578, byline 0.716 -> 0.732), every seed above one's mean; its walk
# 2.0 -> 2.7 ms of a 13 ms HTML article page (bench_stages.py, compiled, one core). Text
# 0.834 / 0.608 -> 0.836 / 0.617 with three, but 1.9 -> 2.6 ms of a 6.9 ms text page, where
# segkit is barely ahead of jusText: one.
LABELLER_BAGS: Final = {"html": 3, "text": 1}
# Apart from one bag's seed to the next, so runs of neighbouring seeds share no labeller.
_BAG_SEEDS: Final = 100
# Where the labeller makes body of a line that the content decision left out and that it
# would call nav or related (classify.model.GivesBody): its body probability at least
# LABELLED, the content probability at least CONTENT. First chosen at (0.4, 0.3) for a
# 15-round labeller from 245 pages (held out, nested: never 0.8616, (0.4, 0.3) 0.8674).
# Chosen again in the whole pipeline for the 30-round labeller from 409 pages
# (benchmarks/bench_wcxb.py --cv 5 --gives-body, each fold's setting chosen on the other
# folds' pages): WCXB HTML at (0.4, 0.3) 0.8709, (0.3, 0.3) 0.8716, (0.2, 0.3) 0.8710,
# (0.3, 0.4) 0.8724, which every fold chose (product 0.669 -> 0.674, listing 0.737 ->
# 0.743, documentation 0.940 -> 0.939). For the labeller of 567 pages that reads where
# links point, every fold chose it again (0.8717; (0.3, 0.3) 0.8707, (0.4, 0.4) 0.8704).
# For the three averaged HTML labellers, flat: (0.3, 0.4) 0.8733, (0.3, 0.5) 0.8734, (0.2,
# 0.4) 0.8732, (0.4, 0.4) 0.8729, (0.3, 0.3) 0.8714, never 0.8700; chosen per fold 0.8725.
GIVES_BODY: Final = {"labelled": 0.3, "content": 0.4}
# Which lines the labeller may rename, and to what, per mode (None: every line, any
# label; see classify.model.Scope). Held out (benchmarks/bench_labels.py, 578 labelled
# text pages, labellers of seeds 1 and 2), text line accuracy / macro-F1: the rules
# 0.823/0.520; a labeller of every line that keeps the content decision's body
# 0.824/0.582 (headline 0.66 -> 0.64, caption 0.26 -> 0.21); one that renames only the
# lines the rules left in nav or related 0.823/0.580; the same, giving only nav,
# related, byline or date, 0.826/0.585 (byline 0.18 -> 0.36, timestamp 0.43 -> 0.62,
# related 0.45 -> 0.52, the rest as the rules). The body is the content decision's
# either way (but for the dates and bylines of ``checks``, below). HTML: its labeller
# names every line.
# ``from_body``: a body line of at most classify.model.FROM_BODY_MAX_WORDS words it may
# name a byline or date instead (a forum post's author line, "Staff writer" under a
# byline). Held out through the whole pipeline (the fold models of bench_wcxb.py --cv 5,
# which this does not retrain: the scope is read at labelling time), text 0.8297 / 0.585
# -> 0.8299 / 0.593 (byline 0.373 -> 0.411, timestamp 0.623 -> 0.641); the same at a cap
# of 8, 20 or none, 0.592 at 6. Its cost: text mode about 4% slower (bench_text.py).
# Or ``nav``, on a line of at most classify.model.FROM_BODY_NAV_MAX_WORDS words (a menu
# entry the content decision took in): the same fold models, 0.8384 / 0.6434 -> 0.8445 /
# 0.6479, WCXB text 0.8234 -> 0.8237 (docs/results.md, 6 December 2026).
# Giving ``headline`` too (a menu's line that is the page's h1 again, lower down): the
# labeller's trees are the same (they learn every label), only what it may give changes.
# Held out (bench_labels.py --modes text --seeds 1,2), headline 0.658 -> 0.665 and 0.674,
# macro-F1 0.608 -> 0.610; text author 0.655 -> 0.659, title 0.737 -> 0.735 (bench_meta.py
# --cv); through the whole pipeline (bench_wcxb.py --cv 5 --labels, the same fold models
# given either scope) 0.8307 / 0.5918 -> 0.8307 / 0.5936, headline 0.674 -> 0.686; no
# cost in speed (bench_text.py).
# ``checks``: a line the rules made a date or a byline it may turn to body, nav or related
# where it finds one of those likelier (a listing's dates, a teaser's), but for the page's
# first date and byline and a live blog's entry times (classify.model.spared_from_checks).
# Held out (bench_labels.py --modes text, the same fold labellers with and without it,
# seeds 1 and 2): accuracy / macro-F1 0.8355 / 0.6186 -> 0.8365 / 0.6297 and 0.8362 /
# 0.6241 -> 0.8370 / 0.6323 (timestamp 0.690 -> 0.750 and 0.698 -> 0.738, byline +0.015).
# Each fold, choosing among checking dates, bylines, captions, headlines and their unions
# on the other folds, chose dates with bylines in both seeds (checking captions cost
# caption 0.251 -> 0.220 and 0.179). Checking every date and byline scores 0.003 higher on
# the development set, whose one live blog has one dated line, but turns the seeds' live
# blog's entry times and an article's own date to body, against LABELS.md.
LABELLER_SCOPE: Final = {"html": None,
                         "text": {"takes": [NAV, RELATED],
                                  "gives": [NAV, RELATED, BYLINE, TIMESTAMP, HEADLINE],
                                  "from_body": [BYLINE, TIMESTAMP, NAV],
                                  "checks": [TIMESTAMP, BYLINE]}}
# A rare label's lines weigh more, by (lines of the commonest label / lines of this
# label) to this power: 0 ignores how rare a label is, 1 balances the labels fully. Held
# out (benchmarks/bench_labels.py --seeds 1,2, mean), HTML / text accuracy and macro-F1:
# 0 0.893/0.751, 0.832/0.581; 0.3 0.893/0.750, 0.830/0.584; 0.5 0.891/0.748,
# 0.827/0.587; 0.7 0.887/0.736, 0.820/0.582: flat up to 0.5, within the seeds' spread.
LABEL_BALANCE = 0.5


def fit_labeller(pages: list[Any], names: list[str], mode: str = "html",
                 trees: int | None = None, threads: int = 1, seed: int | None = None,
                 params: dict[str, Any] | None = None) -> dict[str, Any]:
    """A multiclass forest over the seven labels, fitted to the pages with full gold
    (``PageRows.labels``, their ``rows`` the labeller's), in JSON form with its
    ``classes``, and the ``mode``'s :data:`LABELLER_SCOPE` when it names only some lines;
    ``trees`` rounds (default the mode's). ``seed`` (default PARAMS'): which rows and
    features each tree samples, a spread to measure before reading a small difference
    (benchmarks/bench_labels.py). ``params``: LightGBM settings over the mode's, to try
    others (``bench_labels.py --params``)."""
    import lightgbm as lgb
    import numpy as np

    from segkit.labels import LABELS

    pages = [p for p in pages if p.labels]
    x = np.asarray([r for p in pages for r in page_rows(p, names)], dtype=np.float64)
    y = np.asarray([LABELS.index(lab) for p in pages for lab in p.labels], dtype=np.int32)
    counts = np.bincount(y, minlength=len(LABELS)).astype(np.float64)
    scale = (counts.max() / np.maximum(counts, 1.0)) ** LABEL_BALANCE
    w = np.asarray([scale[LABELS.index(lab)] / len(p.labels) ** 0.5 for p in pages
                    for lab in p.labels], dtype=np.float64)
    text = mode == "text"
    settings = dict(LABELLER_PARAMS, num_class=len(LABELS), num_threads=threads)
    if text:
        settings["num_leaves"] = TEXT_LABELLER_LEAVES
    settings = seeded(settings, seed)
    settings.update(params or {})
    rounds = trees or (TEXT_LABELLER_TREES if text else LABELLER_TREES)
    data = lgb.Dataset(x, y, weight=w, feature_name=_safe(names), free_raw_data=False)
    forests = []
    for bag in range(LABELLER_BAGS[mode]):
        bagged = dict(settings, seed=settings["seed"] + _BAG_SEEDS * bag)
        forests.append(dump_forest(lgb.train(bagged, data, num_boost_round=rounds), names))
    forest = averaged(forests)
    forest["classes"] = list(LABELS)
    scope = LABELLER_SCOPE[mode]
    if scope is None:
        forest["gives_body"] = dict(GIVES_BODY)
    else:  # it gives body only where its scope lets it name lines body
        forest["scope"] = {k: list(v) for k, v in scope.items()}
        if BODY in scope["gives"]:
            forest["gives_body"] = dict(GIVES_BODY)
    return forest
