"""The title chooser's trainer (benchmarks/train_title.py) and bench_meta's held-out title
figure, on made-up pages."""

import sys
from pathlib import Path

import pytest

pytest.importorskip("sklearn", reason="the title trainer needs the train extra")
pytest.importorskip("scipy", reason="the title trainer needs the train extra")
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import bench_meta
import train_title

from segkit.document import Document
from segkit.evidence import LineEvidence, PageMeta
from segkit.tools.wcxb import Truth


def _page(n: int) -> tuple[Document, Truth]:
    """A page whose title is its h1 on even pages (articles) and its <title>'s first segment
    on odd ones (services, whose h1 is a slogan), one domain for every two pages."""
    h1, seo = f"Headline number {n}", f"Service name {n}"
    url = f"https://site{n // 2}.test/page{n}"
    doc = Document.from_text(f"{seo} | Site\n{h1}\nSome text about it, long enough.", id=str(n),
                             url=url)
    doc.evidence = [LineEvidence(tag, level, 0, 0, 0.0, ())
                    for tag, level in (("title", None), ("h1", 1), ("p", None))]
    for line, label in zip(doc.lines, ("nav", "headline", "body"), strict=True):
        line.label = label
    doc.meta = PageMeta(title=f"{seo} | Site", og_site_name="Site",
                        ld_types=("Article",) if n % 2 == 0 else ("Service",))
    kind = "article" if n % 2 == 0 else "service"
    return doc, Truth(str(n), url, kind, h1 if n % 2 == 0 else seo, None, None, "")


def test_the_chooser_learns_which_candidate_each_page_type_titles_itself_with():
    pages = train_title.page_set([_page(n) for n in range(40)])
    data = train_title.choices(pages)
    model = train_title.train_all(pages, data, 1.0)
    for i in range(len(pages.docs)):
        x = data.matrix(i, pages.gold_types[i])
        assert train_title.picks_gold(model, x, train_title.gold_index(pages, data, i))


def test_bench_meta_held_out_title_trains_a_chooser_per_fold(monkeypatch):
    fitted = []
    fit = train_title.fit

    def counting(*args):
        fitted.append(1)
        return fit(*args)

    monkeypatch.setattr(train_title, "fit", counting)
    rate = bench_meta.title_held_out([_page(n) for n in range(40)])
    assert len(fitted) == train_title.FOLDS
    assert 0.0 <= rate <= 1.0


def _text_page(n: int) -> tuple[Document, Truth]:
    """A text rendering: on even pages its first line is a <title> ("Name | Site"), on odd
    ones a menu item ("Home") beside a headline line, which no chooser rates."""
    first = f"Story number {n} | Site" if n % 2 == 0 else "Home"
    doc = Document.from_text(f"{first}\nStory number {n}\nSome text about it, long enough.",
                             id=str(n), url=f"https://site{n // 2}.test/page{n}")
    for line, label in zip(doc.lines, ("nav", "headline", "body"), strict=True):
        line.label = label
    kind = "article" if n // 2 % 2 == 0 else "service"  # the page-type model needs two
    return doc, Truth(str(n), doc.url, kind, f"Story number {n}", None, None, "")


def test_the_text_chooser_learns_from_pages_whose_first_line_stands_for_the_title():
    pages = train_title.text_page_set(train_title.page_set([_text_page(n) for n in range(40)]))
    assert len(pages.docs) == 20  # the even pages
    assert all(d.meta is not None and d.meta.title == d.lines[0].text for d in pages.docs)
    assert len(pages.golds) == len(pages.folds) == len(pages.types) == 20


def test_bench_meta_held_out_text_title_fits_text_choosers_and_scores_every_page(monkeypatch):
    seen = []
    fit = train_title.fit

    def counting(xs, golds, l2):
        seen.append(len(xs))
        return fit(xs, golds, l2)

    monkeypatch.setattr(train_title, "fit", counting)
    rate = bench_meta.text_title_held_out([_text_page(n) for n in range(40)])
    assert len(seen) == train_title.FOLDS
    assert all(0 < k < 20 for k in seen)  # the other folds' titled pages alone
    assert rate == 1.0  # the titled pages by the chooser, the others by their headline line
