"""The author chooser's trainer (benchmarks/train_author.py) and the author test that
bench_meta scores with, on made-up pages."""

import sys
from pathlib import Path

import pytest

pytest.importorskip("sklearn", reason="the author trainer needs the train extra")
pytest.importorskip("scipy", reason="the author trainer needs the train extra")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import bench_meta
import train_author

from segkit.document import Document
from segkit.tools.wcxb import Truth

NAMES = ("Ann Lee", "Bo Chen", "Cy Dunn", "Dee Moss", "Ed Park", "Flo Ruiz", "Gus Hale",
         "Hal Berg", "Ida Cole", "Jo Marsh")
PROSE = "The water rose overnight and the town woke to free sandbags and a trial of pumps."


@pytest.mark.parametrize(("got", "gold", "right"), [
    ("Ann Lee; Bo Chen", "Ann Lee and Bo Chen", True),   # "and" joins names: no name word
    ("Ann Lee", "Ann Lee and Bo Chen", False),
    ("Anna Schmidt; Jan Roth", "Anna Schmidt und Jan Roth", True),
    ("Ann Lee", "Dr. Ann Lee", False),                  # a title is a word of the name shown
    ("Danielle DeSiato", "DeSiato, Danielle", True),
    (None, "Ann Lee", False),
])
def test_the_author_counts_when_it_holds_every_name_word_of_the_gold(got, gold, right):
    assert bench_meta.author_holds(got, gold) is right


def _page(n: int) -> tuple[Document, Truth]:
    """An article with a byline under its headline (the gold author), or a shop page whose
    short lines name no one (no gold author); one domain for every two pages."""
    url = f"https://site{n // 2}.test/page{n}"
    if n % 4 < 2:
        rows = [("nav", "Home"), ("headline", f"Story {n}"), ("byline", f"By {NAMES[n % 10]}"),
                ("body", PROSE), ("nav", "Contact Sales")]
        kind, author = "article", NAMES[n % 10]
    else:
        rows = [("nav", "Home"), ("headline", f"Drill {n}"), ("nav", "Free Trial"),
                ("body", PROSE), ("nav", "Contact Sales")]
        kind, author = "product", None
    doc = Document.from_text("\n".join(text for _, text in rows), id=str(n), url=url)
    for line, (label, _) in zip(doc.lines, rows, strict=True):
        line.label = label
    return doc, Truth(str(n), url, kind, f"Story {n}", author, None, "")


def test_the_chooser_learns_to_take_the_byline_or_none():
    pages = train_author.page_set([_page(n) for n in range(40)])
    everything = list(range(40))
    types = train_author.page_types(pages, everything)
    model = train_author.fit(pages, everything, types, 0.1)
    for i in everything:
        names, rows = train_author.candidate_rows(pages.docs[i], types[i])
        got = names[model.best(rows, types[i], train_author.PAGE_TYPES)]
        assert got == pages.truths[i].author


def test_cross_validation_scores_every_page_once_per_strength_beside_the_rules():
    pages = train_author.page_set([_page(n) for n in range(40)])
    rates, rules = train_author.cross_validate(pages, (0.1, 1.0))
    for rate in (*rates.values(), rules):
        assert rate.named == rate.unnamed == 20
        assert 0 <= rate.right <= 20 and 0 <= rate.extra <= 20
    assert "author" in bench_meta.author_held_out([_page(n) for n in range(40)], html=False)
