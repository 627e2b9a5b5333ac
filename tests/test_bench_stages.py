"""bench_stages: the stages it times one by one give the pipeline's own labels."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_stages  # noqa: E402

from segkit.pipeline import Segmenter  # noqa: E402

PROSE = ("The river rose overnight and the town woke to sandbags on every corner, "
         "while the council met at dawn to plan the pumps and the shelters.")
HTML = (f"<html><head><title>River rises | The Courier</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>River rises</h1><p class='byline'>By Ann Lee</p>"
        f"<time datetime='2021-05-03'>May 3, 2021</time><p>{PROSE}</p><p>{PROSE}</p>"
        f"<figure><img src='a.jpg'><figcaption>The flooded square.</figcaption></figure>"
        f"</article><footer>© 2021 The Courier</footer></body></html>")
TEXT = f"River rises | The Courier\nHome\nRiver rises\nBy Ann Lee\n\n{PROSE}\n{PROSE}\n"


@pytest.mark.parametrize(("data", "html"), [(HTML.encode(), True), (TEXT.encode(), False)])
def test_the_stages_give_the_pipeline_s_labels_and_every_stage_is_timed(data, html):
    clock = bench_stages.Clock()
    seg = Segmenter(generic=True)
    assert bench_stages.staged(seg, data, html, clock) == bench_stages.whole(seg, data, html)
    timed = {s for s, seconds in clock.seconds.items() if seconds > 0}
    skipped = set(bench_stages.TEXT_ONLY if html else bench_stages.HTML_ONLY)
    assert timed == set(bench_stages.STAGES) - skipped


def _headlines_model():
    """A text model whose content forest splits on a line's length (0.18 up to 32
    characters, else 0.88) and whose labeller names every line it takes a headline."""
    from segkit.classify import vector
    from segkit.classify.labelling import label_names
    from segkit.classify.model import FORMAT, VERSION, model_from_json
    from segkit.labels import LABELS

    def leaf(value: float) -> dict:
        return {"f": [], "t": [], "l": [], "r": [], "m": [], "v": [value]}

    forest = {"features": vector.names(False), "threshold": 0.5, "demote_below": 0.3,
              "trees": [{"f": [vector.names(False).index("chars")], "t": [3.5],
                         "l": [~0], "r": [~1], "m": [0], "v": [-1.5, 2.0]}]}
    forest["labeller"] = {"features": label_names(False), "classes": list(LABELS),
                          "trees": [leaf(5.0 if c == "headline" else 0.0) for c in LABELS],
                          "scope": {"takes": ["nav"], "gives": ["nav", "headline"]}}
    html = {"features": vector.names(True), "threshold": 0.5, "demote_below": 0.3,
            "trees": [leaf(0.0)]}
    return model_from_json({"format": FORMAT, "version": VERSION,
                            "modes": {"html": html, "text": forest}}, "m.json")


def test_the_stages_follow_the_text_pipeline_where_it_keeps_one_headline():
    seg = Segmenter(generic=True, model=_headlines_model())
    text = (f"Harbour reopens after the storm\n\nBy Jane Smith\n{PROSE}\nHome\nWorld news"
            "\nSport").encode()
    clock = bench_stages.Clock()
    labels = bench_stages.staged(seg, text, False, clock)
    assert labels == bench_stages.whole(seg, text, False)
    assert labels[0] == "headline" and labels[-3:] == ["nav"] * 3  # the labeller's, undone


def test_the_table_gives_each_stage_its_share_and_the_rest():
    best = dict.fromkeys(bench_stages.STAGES, 0.1)
    out = bench_stages.table(best, 2.0, 10, html=True)
    assert "labeller columns" in out and "the rest" in out and "(5.0 pages/s)" in out
    assert "one headline" not in out
    text = bench_stages.table(best, 2.0, 10, html=False)
    assert "walk" not in text and "one headline" in text
