"""The context pass: its columns on a hand-made page, its forest in a model file, and the
pipeline deciding from its probabilities."""

from __future__ import annotations

import pytest
from test_model import TEXT, model_json

from segkit.classify import context, vector
from segkit.classify.model import ModelError, model_from_json
from segkit.classify.pipeline import rule_page
from segkit.evidence import PageStructure
from segkit.pipeline import Segmenter

# body(0) > div.thread(1) > three div.post (2, 3, 4); body(0) > nav(5).
STRUCTURE = PageStructure(line_nodes=[2, 3, 4, 5], parents=[-1, 0, 1, 1, 1, 0],
                          sigs=["body", "div.thread", "div.post", "div.post", "div.post",
                                "nav"])
PROBS = [0.9, 0.8, 0.1, 0.0]
CHARS = [100.0, 100.0, 200.0, 50.0]


def _col(rows: list[list[float]], name: str, html: bool = True) -> list[float]:
    k = context.names(html).index(name)
    return [row[k] for row in rows]


def _rows(html: bool = True) -> list[list[float]]:
    groups = context.containers(STRUCTURE, vector.line_paths(STRUCTURE, 4)) if html else None
    width = len(vector.names(html))
    base = [[float(i)] * width for i in range(4)]
    return context.rows(context.Layout(CHARS, groups), PROBS, base, html)


def test_the_containers_of_each_line_and_its_nearest_repeated_block() -> None:
    got = dict(zip(context.CONTAINERS,
                   context.containers(STRUCTURE, vector.line_paths(STRUCTURE, 4)), strict=True))
    assert got["a0"] == [2, 3, 4, 5]
    assert got["a1"] == [1, 1, 1, 0]
    assert got["a3"] == [-1, -1, -1, -1]
    assert got["rep"] == [2, 3, 4, -1]        # each post is its line's repeated item
    assert got["reps"] == [2, 2, 2, -1]       # the three posts are one group; nav none


def test_neighbours_and_running_means_of_p() -> None:
    rows = _rows()
    assert all(len(r) == len(context.names(True)) for r in rows)
    assert _col(rows, "p") == PROBS
    assert _col(rows, "p@-1") == [vector.MISSING, 0.9, 0.8, 0.1]
    assert _col(rows, "p@+2") == [0.1, 0.0, vector.MISSING, vector.MISSING]
    assert _col(rows, "p~3")[0] == pytest.approx(sum(PROBS) / 4)
    assert _col(rows, "p~3w")[0] == pytest.approx(
        sum(p * c for p, c in zip(PROBS, CHARS, strict=True)) / sum(CHARS))


def test_page_columns_place_each_line_against_the_confident_span() -> None:
    rows = _rows()
    assert _col(rows, "p_max") == [0.9] * 4
    assert _col(rows, "p_conf_share")[0] == pytest.approx(200 / 450)
    assert _col(rows, "p_rank") == pytest.approx([0.0, 100 / 450, 200 / 450, 400 / 450])
    assert _col(rows, "in_span") == [1.0, 1.0, 0.0, 0.0]
    assert _col(rows, "span_dist") == [0.0, 0.0, 1.0, 2.0]


def test_container_means_read_the_ancestors_and_the_repeated_block() -> None:
    rows = _rows()
    thread = (0.9 * 100 + 0.8 * 100 + 0.1 * 200) / 400
    assert _col(rows, "a1_p")[:3] == pytest.approx([thread] * 3)
    assert _col(rows, "reps_p")[:3] == pytest.approx([thread] * 3)
    assert _col(rows, "reps_share")[0] == pytest.approx(400 / 450)
    assert _col(rows, "rep_p") == pytest.approx([0.9, 0.8, 0.1, vector.MISSING])
    assert _col(rows, "a0_p")[3] == 0.0 and _col(rows, "a0_share")[3] == pytest.approx(50 / 450)


def test_the_content_row_columns_come_last() -> None:
    rows = _rows(html=False)
    assert "a1_p" not in context.names(False)
    assert _col(rows, "row_chars", html=False) == [0.0, 1.0, 2.0, 3.0]


@pytest.mark.parametrize("html", [True, False])
def test_both_modes_read_the_whole_content_row(html: bool) -> None:
    width = len(vector.names(html))
    groups = context.containers(STRUCTURE, vector.line_paths(STRUCTURE, 4)) if html else None
    base = [[float(i * 1000 + j) for j in range(width)] for i in range(4)]
    rows = context.rows(context.Layout(CHARS, groups), PROBS, base, html)
    assert [row[-width:] for row in rows] == base
    assert context.names(html)[-width:] == [f"row_{c}" for c in vector.names(html)]
    assert all(len(row) == len(context.names(html)) for row in rows)


def test_a_text_page_has_a_layout_of_characters_only() -> None:
    page = rule_page(TEXT.split("\n"))
    lay = context.layout(page)
    assert lay.groups is None and lay.chars == [float(f.chars) for f in page.feats]


def _context_forest(html: bool, **extra: object) -> dict:
    """A context forest of one split: short lines (under ~20 characters) are content."""
    short = context.names(html).index("row_chars")
    forest = {"features": context.names(html), "threshold": 0.5, "demote_below": 0.3,
              "trees": [{"f": [short], "t": [3.0], "l": [-1], "r": [-2], "m": [0],
                         "v": [5.0, -5.0]}]}
    forest.update(extra)
    return forest


def _with_context(**extra: object) -> dict:
    data = model_json(5.0)
    for mode in ("html", "text"):
        data["modes"][mode]["context"] = _context_forest(mode == "html", **extra)
    return data


def test_a_model_file_with_or_without_a_context_forest_loads() -> None:
    assert model_from_json(model_json(), "m.json").modes["text"].context is None
    ctx = model_from_json(_with_context(), "m.json").modes["html"].context
    assert ctx is not None and ctx.threshold == 0.5 and ctx.demote_below == 0.3


@pytest.mark.parametrize("extra, why", [
    ({"features": [*context.names(True)[:-1], "other"]},
     "context forest was trained on other features"),
    ({"threshold": 2.0}, "threshold"),
])
def test_a_context_forest_that_cannot_be_used_is_an_error_naming_the_file(
        extra: dict, why: str) -> None:
    with pytest.raises(ModelError, match=why) as info:
        model_from_json(_with_context(**extra), "m.json")
    assert "m.json" in str(info.value)


def test_the_pipeline_decides_from_q_not_p() -> None:
    # The content forest is sure of every line; the context forest only of short ones.
    sure = Segmenter(generic=True, model=model_from_json(model_json(5.0), "p.json"))
    short = Segmenter(generic=True, model=model_from_json(_with_context(), "q.json"))
    p_labels = {ln.text: ln.label for ln in sure.segment(TEXT).lines if ln.text}
    q_labels = {ln.text: ln.label for ln in short.segment(TEXT).lines if ln.text}
    sentence = TEXT.split("\n")[-1]
    assert p_labels[sentence] == "body" and q_labels[sentence] == "nav"
    assert q_labels["Menu"] == "body"
