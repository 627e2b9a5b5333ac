from segkit.describe.page_type import PAGE_TYPES, classify_page, find_page_type, page_features
from segkit.document import Document
from segkit.evidence import PageMeta

TOY = {"classes": ["article", "product"], "intercept": [0.0, 0.1],
       "weights": {"ld:product": [-1.0, 2.0], "url:blog": [1.5, -1.0]}}


def test_the_linear_model_is_evaluated_in_plain_python():
    assert classify_page({"ld:product": 1.0}, TOY) == "product"
    assert classify_page({"url:blog": 1.0}, TOY) == "article"
    assert classify_page({}, TOY) == "product"  # the intercepts alone


def test_features_read_markup_url_and_lines():
    doc = Document.from_text("Add to cart\n$19.99", id="d", url="https://shop.test/product/red-shoe")
    doc.meta = PageMeta(ld_types=("Product", "Offer"), og_type="product")
    feats = page_features(doc)
    assert {"ld:product", "ld:offer", "og:product", "url:product", "cue:add to cart"} <= set(feats)
    assert feats["share:price"] == 0.5


def test_the_titles_words_are_features_in_html_and_text():
    html = Document.from_text("Menu\nSome text.", id="d")
    html.meta = PageMeta(title="Best Trail Shoes 2025 \u2013 Review | Runners' Forum")
    assert {"title:best", "title:trail", "title:shoes", "title:review", "title:runners",
            "title:forum"} <= set(page_features(html))
    assert "title:menu" not in page_features(html)  # the markup's title, not the first line
    assert "title:2025" not in page_features(html)  # letters only
    text = Document.from_text("\nPython Docs: Logging HOWTO\n\nSome text.", id="d")
    assert {"title:python", "title:docs", "title:logging", "title:howto"} <= set(
        page_features(text))
    prose = Document.from_text("Docs " + "word " * 60 + "\nMore.", id="d")
    assert not any(k.startswith("title:") for k in page_features(prose))  # prose: no title


def test_the_shipped_model_reads_the_title():
    """Two pages alike but for their title's words are given different types."""
    text = "Blue kettle\n" + "A kettle that boils fast and pours well.\n" * 3
    types = set()
    for title in ("Blue kettle - Shop - Add to cart", "Blue kettle - Forum - Reply"):
        doc = Document.from_text(text, id="d", url="https://x.test/p")
        doc.meta = PageMeta(title=title)
        types.add(find_page_type(doc))
    assert len(types) == 2


def test_shipped_model_gives_a_wcxb_type():
    doc = Document.from_text("Some text.", id="d", url="https://x.test/docs/api/install")
    assert find_page_type(doc) in PAGE_TYPES


def test_a_text_page_is_scanned_for_its_cues_once(monkeypatch):
    """The content forest keeps the page's cue values; the page type takes them."""
    from segkit.classify import page_cues
    from segkit.pipeline import Segmenter

    scans = []
    real = page_cues.price_lines
    monkeypatch.setattr(page_cues, "price_lines", lambda t: scans.append(1) or real(t))
    text = "Blue kettle\nAdd to cart\n$24.99\n" + "A kettle that boils fast and pours well.\n" * 3
    doc = Segmenter(generic=True).segment(text)
    assert doc.metadata is not None and doc.metadata.page_type in PAGE_TYPES
    assert len(scans) == 1


def test_an_html_page_is_scanned_for_its_cues_once(monkeypatch):
    """The labeller's page kind keeps the page's cue values; the page type takes them."""
    from segkit.classify import page_cues
    from segkit.pipeline import Segmenter

    scans = []
    real = page_cues.price_lines
    monkeypatch.setattr(page_cues, "price_lines", lambda t: scans.append(1) or real(t))
    html = ("<html><head><title>Blue kettle</title></head><body><h1>Blue kettle</h1>"
            "<p>Add to cart</p><p>$24.99</p>"
            + "<p>A kettle that boils fast and pours well, and keeps its heat.</p>" * 3
            + "</body></html>")
    doc = Segmenter(generic=True).segment_html(html)
    assert doc.metadata is not None and doc.metadata.page_type in PAGE_TYPES
    assert len(scans) == 1
