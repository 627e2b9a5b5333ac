from segkit.describe.title import find_title, strip_site
from segkit.document import Document
from segkit.evidence import LineEvidence, PageMeta


def test_site_name_is_cut_from_the_title():
    assert strip_site("Harbour reopens | Example News", "Example News", "example.org") == (
        "Harbour reopens")
    assert strip_site("Example News - Harbour reopens", None, "examplenews.com") == (
        "Harbour reopens")
    assert strip_site("Harbour reopens after a long and stormy week - Gazette", None, "x.test") == (
        "Harbour reopens after a long and stormy week")
    assert strip_site("Plain title", "Site", "x.test") == "Plain title"


def _html_doc(rows, meta):
    doc = Document.from_text("\n".join(text for text, _, _ in rows), id="d",
                             url="https://www.example.org/a")
    doc.evidence = [LineEvidence(tag, level, 0, 0, 0.0, ()) for _, tag, level in rows]
    for line, (_, tag, _) in zip(doc.lines, rows, strict=True):
        line.label = "headline" if tag == "h1" else "body"
    doc.meta = meta
    return doc


def test_h1_agreeing_with_the_markup_title_is_taken():
    meta = PageMeta(title="Harbour Reopens | Example News", og_site_name="Example News")
    doc = _html_doc([("Menu", "h1", 1), ("Harbour reopens", "h1", 1), ("Text.", "p", None)],
                    meta)
    assert find_title(doc) == "Harbour reopens"


def test_first_h1_else_the_trimmed_markup_title():
    meta = PageMeta(title="SEO title | Example News", og_site_name="Example News")
    assert find_title(_html_doc([("The headline", "h1", 1)], meta)) == "The headline"
    assert find_title(_html_doc([("Just text.", "p", None)], meta)) == "SEO title"


def test_text_mode_takes_the_headline_line():
    doc = Document.from_text("Home\nThe headline\nBody.", id="d")
    for line, label in zip(doc.lines, ["nav", "headline", "body"], strict=True):
        line.label = label
    assert find_title(doc) == "The headline"
    for line in doc.lines:
        line.label = "body"
    assert find_title(doc) is None


def test_the_title_most_sources_agree_on_wins_over_a_lone_h1():
    meta = PageMeta(title="8 Recent Trends | Example News", og_title="8 Recent Trends",
                    og_site_name="Example News")
    doc = _html_doc([("Recent Trends", "p", 1), ("Text.", "p", None)], meta)
    doc.evidence[0].heading = 1
    assert find_title(doc) == "8 Recent Trends"
    alone = PageMeta(title="SEO words | Example News", og_site_name="Example News")
    assert find_title(_html_doc([("Recent Trends", "h1", 1)], alone)) == "Recent Trends"


def test_markup_first_breaks_a_tie_for_the_markup_title():
    meta = PageMeta(title="Data Analytics Services | Acme", og_site_name="Acme")
    doc = _html_doc([("Intelligent analytics", "h1", 1), ("Text.", "p", None)], meta)
    doc.lines[0].label = "body"
    assert find_title(doc) == "Intelligent analytics"
    assert find_title(doc, markup_first=True) == "Data Analytics Services"


def test_characters_that_show_nothing_are_left_out_of_the_title():
    """Bidirectional marks around a title and soft hyphens in a headline show nothing: the
    title has none, and sources that differ only by them agree."""
    meta = PageMeta(title="\u202aJane Roe\u202c - \u202aScholar\u202c", og_title="Jane Roe")
    assert find_title(_html_doc([("Just text.", "p", None)], meta)) == "Jane Roe"
    meta = PageMeta(title="Repair Assistance | Example")
    doc = _html_doc([("Repair Assis\u00adtance", "h1", 1)], meta)
    assert find_title(doc) == "Repair Assistance"
