"""Training the context pass: its word-F1 scorer and the thresholds it chooses."""

from __future__ import annotations

import pytest

from segkit.classify import vector
from segkit.labels import LABELS, NAV
from segkit.learn.dataset import PageRows
from segkit.tools.wcxb import word_score

pytest.importorskip("lightgbm", reason="segkit train needs the train extra (lightgbm)")

LINES = ["The page title", "Menu Home", "The river rose by a metre overnight.",
         "Schools stay shut until the water goes down."]
TRUTH = "The river rose by a metre overnight. Schools stay shut until the water goes down."


def _page() -> PageRows:
    names = vector.names(False)
    row = [0.0] * len(names)
    row[names.index("seg")] = float(LABELS.index(NAV))
    return PageRows("p", "example.com", "article", LINES, [list(row) for _ in LINES],
                    [False, False, True, True], TRUTH)


@pytest.mark.parametrize("keep", [[1, 1, 1, 1], [0, 0, 1, 1], [0, 1, 0, 1], [0, 0, 0, 0]])
def test_the_scorer_agrees_with_the_wcxb_word_f1(keep: list[int]) -> None:
    from segkit.learn.context import Scorer

    body = "\n".join(t for t, k in zip(LINES, keep, strict=True) if k)
    assert Scorer(_page()).f1([bool(k) for k in keep]) == pytest.approx(
        word_score(body, TRUTH).f1)


def test_the_thresholds_chosen_keep_the_content_and_leave_the_menu() -> None:
    from segkit.learn.context import choose_thresholds

    # The menu line at q 0.35, the paragraphs at 0.5: only a cut in (0.35, 0.5] is right,
    # and the first line (the title) is kept out whatever its q.
    cut, _ = choose_thresholds([_page()], [[0.9, 0.35, 0.5, 0.5]], html=False)
    assert 0.35 < cut <= 0.5


@pytest.mark.parametrize("html, leaves", [(True, 31), (False, 15)])
def test_a_mode_s_context_trees_grow_to_its_number_of_leaves(html: bool, leaves: int) -> None:
    import random

    from segkit.classify import context
    from segkit.learn.context import CONTEXT_LEAVES, fit_context

    assert CONTEXT_LEAVES["html" if html else "text"] == leaves
    rng = random.Random(4)
    width = len(context.names(html))
    rows = [[rng.random() for _ in range(width)] for _ in range(6000)]
    # Content in a checkerboard of the first three columns: a tree needs every leaf it may.
    gold = [(int(r[0] * 6) + int(r[1] * 6) + int(r[2] * 6)) % 2 == 0 for r in rows]
    pages = [PageRows(f"p{k}", f"site{k}.example", None, ["line"] * 600, rows[k::10],
                      gold[k::10], None) for k in range(10)]
    forest = fit_context(pages, html, trees=3)
    assert max(len(tree["v"]) for tree in forest["trees"]) == leaves
