"""bench_meta's ceilings: how often a page's lines show its gold title, author and date."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_meta  # noqa: E402

from segkit.document import Document  # noqa: E402
from segkit.tools.wcxb import Truth  # noqa: E402


def _page(text: str, **gold: str) -> tuple[Document, Truth]:
    truth = Truth(id="p", url=None, type="article", title=gold.get("title"),
                  author=gold.get("author"), date=gold.get("date"), body="")
    return Document.from_text(text, id="p"), truth


def test_a_date_is_read_in_either_order_and_every_date_of_a_line_counts() -> None:
    assert bench_meta.days_shown("Posted 03/04/2021 · updated May 5, 2022") == {
        "2021-03-04", "2021-04-03", "2022-05-05"}
    assert bench_meta.days_shown("Founded in 2019, open 24/7") == set()


def test_the_lines_show_a_gold_field_only_where_one_line_holds_it_whole() -> None:
    shown = _page("How the River Rose | The Courier\nHow the river rose\nBy Ann Lee\n"
                  "Updated 4 May 2021", title="How the river rose", author="Ann Lee",
                  date="2021-05-04T10:00:00")
    apart = _page("How the river rose today\nBy Ann\nLee\nMay 2021",
                  title="How the river rose", author="Ann Lee", date="2021-05-04")
    untold = _page("No metadata here")
    rates = bench_meta.shown_rates([shown, apart, untold])
    assert rates == {"title": (0.5, 2), "author": (0.5, 2), "date": (0.5, 2)}
