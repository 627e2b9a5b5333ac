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
