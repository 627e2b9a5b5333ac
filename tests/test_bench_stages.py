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
    skipped = set() if html else set(bench_stages.HTML_ONLY)
    assert timed == set(bench_stages.STAGES) - skipped


def test_the_table_gives_each_stage_its_share_and_the_rest():
    best = dict.fromkeys(bench_stages.STAGES, 0.1)
    out = bench_stages.table(best, 2.0, 10, html=True)
    assert "labeller columns" in out and "the rest" in out and "(5.0 pages/s)" in out
    assert "walk" not in bench_stages.table(best, 2.0, 10, html=False)
