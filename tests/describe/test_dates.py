import pytest

from segkit.describe.dates import date_from_url, find_date, parse_date
from segkit.document import Document
from segkit.evidence import PageMeta


@pytest.mark.parametrize(("text", "iso"), [
    ("2019-11-20", "2019-11-20"),
    ("2019-11-20T08:30:00+01:00", "2019-11-20"),
    ("November 20, 2019", "2019-11-20"),
    ("Nov. 20th, 2019", "2019-11-20"),
    ("20 Nov 2019", "2019-11-20"),
    ("2019/11/20", "2019-11-20"),
    ("Wednesday, 20 November 2019 10:00", "2019-11-20"),
    ("Published Wed, Nov 20, 2019", "2019-11-20"),
    ("Posted on 20th of November, 2019", "2019-11-20"),
    ("20. November 2019", "2019-11-20"),
    ("20 de noviembre de 2019", "2019-11-20"),
    ("le 20 novembre 2019", "2019-11-20"),
    ("20.11.2019", "2019-11-20"),
    ("11/20/2019", "2019-11-20"),
    ("1574208000", "2019-11-20"),
    ("By Jane Roe | Updated 3 March 2024, 9:00", "2024-03-03"),
])
def test_written_dates_are_read(text, iso):
    assert parse_date(text) == iso


def test_numeric_order_follows_the_language_unless_the_day_settles_it():
    assert parse_date("03/04/2019") == "2019-03-04"
    assert parse_date("03/04/2019", month_first=False) == "2019-04-03"
    assert parse_date("25/04/2019") == "2019-04-25"


@pytest.mark.parametrize("text", ["", "no date here", "2019", "2019-13-45", "May 2019"])
def test_text_without_a_day_gives_none(text):
    assert parse_date(text) is None


def test_first_date_in_the_text_wins():
    assert parse_date("Updated 2021-05-06, first published 5 May 2020") == "2021-05-06"


def test_url_dates():
    assert date_from_url("https://x.test/2019/11/20/story") == "2019-11-20"
    assert date_from_url("https://x.test/news/20191120/story") == "2019-11-20"
    assert date_from_url("https://x.test/news/story-2019") is None
    assert date_from_url(None) is None


def _doc(lines, labels, meta=None, url=None):
    doc = Document.from_text("\n".join(lines), id="d", url=url)
    for line, label in zip(doc.lines, labels, strict=True):
        line.label = label
    doc.meta = meta
    return doc


def test_markup_date_comes_before_the_lines():
    meta = PageMeta(published_time="2020-01-02T00:00:00Z")
    doc = _doc(["Title", "March 3, 2024"], ["headline", "timestamp"], meta)
    assert find_date(doc) == "2020-01-02"


def test_text_mode_reads_the_timestamp_line():
    doc = _doc(["Title", "By Ann Lee", "Tuesday, March 3, 2024", "Body text here."],
               ["headline", "byline", "timestamp", "body"])
    assert find_date(doc) == "2024-03-03"


def test_modified_date_only_as_a_fallback():
    meta = PageMeta(modified_time="2023-06-07")
    assert find_date(_doc(["Title"], ["headline"], meta)) == "2023-06-07"
    assert find_date(_doc(["Title"], ["headline"], meta, "https://x.test/2020/01/02/a")) == (
        "2020-01-02")


def test_nothing_to_go_on_gives_none():
    assert find_date(_doc(["Title", "Some body text."], ["headline", "body"])) is None


def test_a_line_that_says_published_comes_before_other_datelines():
    doc = _doc(["Title", "May 27, 2025", "Start date Jun 14, 2025", "Post."],
               ["headline", "timestamp", "nav", "body"])
    assert find_date(doc) == "2025-06-14"


def test_dates_of_other_things_are_not_the_page_date():
    doc = _doc(["Title", "Joined: Sat Aug 31, 2019", "Last edited: Aug 6, 2025", "Hello."],
               ["headline", "nav", "timestamp", "body"])
    assert find_date(doc) is None


def test_a_short_body_dateline_is_the_last_resort():
    doc = _doc(["Title", "30th March 2025, 16:26 #1", "A post that runs on."],
               ["headline", "body", "body"])
    assert find_date(doc) == "2025-03-30"


def test_markup_publication_stamped_as_its_last_change_yields_to_an_earlier_shown_date():
    stamped = PageMeta(ld_date_published="2025-06-24", modified_time="2025-06-24")
    doc = _doc(["Title", "August 25, 2024"], ["headline", "timestamp"], stamped)
    assert find_date(doc) == "2024-08-25"
    own = PageMeta(ld_date_published="2025-06-24", modified_time="2025-07-01")
    assert find_date(_doc(["Title", "August 25, 2024"], ["headline", "timestamp"], own)) == (
        "2025-06-24")


def test_evidence_shorter_than_the_lines_is_no_error():
    from segkit.evidence import LineEvidence

    doc = _doc(["Title", "Posted 3 March 2024"], ["headline", "nav"])
    doc.evidence = [LineEvidence("h1", 1, 0, 0, 0.0, ())]
    assert find_date(doc) == "2024-03-03"


def test_a_text_forum_thread_is_dated_by_its_first_post():
    lines = ["Kettle descaling tips", "alice March 3, 2024, 4:00pm 1", "Vinegar works.",
             "March 9, 2024", "bob agrees.", "12 300 January 2, 2020"]
    labels = ["headline", "body", "body", "timestamp", "body", "related"]
    assert find_date(_doc(lines, labels), page_type="forum") == "2024-03-03"
    assert find_date(_doc(lines, labels)) == "2024-03-09"  # elsewhere a dateline comes first
    assert find_date(_doc(lines, labels), page_type="article") == "2024-03-09"
    html = _doc(lines, labels, PageMeta(title="Kettle descaling tips"))
    assert find_date(html, page_type="forum") == "2024-03-09"  # markup pages: as before


def test_a_dateline_near_a_headline_below_long_menus_is_read():
    from segkit.describe.dates import DATE_LINE_WINDOW

    menus = [f"Menu entry {i}" for i in range(DATE_LINE_WINDOW + 100)]
    lines = [*menus, "The headline", "By Ann Lee", "March 3, 2024", "Body text here."]
    labels = ["nav"] * len(menus) + ["headline", "byline", "timestamp", "body"]
    assert find_date(_doc(lines, labels)) == "2024-03-03"
    # Past the window and far from where the content starts, a date is another thing's.
    no_date = ["The headline", "Body text.", *menus, "March 9, 2024"]
    assert find_date(_doc(no_date, ["headline", "body", *["nav"] * len(menus), "nav"])) is None
