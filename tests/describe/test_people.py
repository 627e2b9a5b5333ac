import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segkit.describe.people import find_author, name_line, split_byline
from segkit.document import Document
from segkit.evidence import PageMeta


@pytest.mark.parametrize(("line", "names"), [
    ("By Jane Roe", ["Jane Roe"]),
    ("By Jane Roe and John Doe | May 3, 2021", ["Jane Roe", "John Doe"]),
    ("Written by Ann Lee, Bo Chen & Cy Dunn", ["Ann Lee", "Bo Chen", "Cy Dunn"]),
    ("Von Anna Schmidt, 3. Mai 2021", ["Anna Schmidt"]),
    ("Author: Sam Poe", ["Sam Poe"]),
    ("Jane Roe - Staff Writer", ["Jane Roe"]),
])
def test_bylines_give_the_names(line, names):
    assert split_byline(line) == names


def _doc(lines, labels, meta=None):
    doc = Document.from_text("\n".join(lines), id="d")
    for line, label in zip(doc.lines, labels, strict=True):
        line.label = label
    doc.meta = meta
    return doc


ARTICLE = ["Site | Home", "", "How the river rose", "April Fulton", "", "The water rose."]
LABELS = ["nav", None, "headline", "nav", None, "body"]


def test_a_text_article_without_byline_takes_the_name_under_its_headline():
    assert find_author(_doc(ARTICLE, LABELS), "article") == "April Fulton"
    assert find_author(_doc(ARTICLE, LABELS), "forum") == "April Fulton"
    assert find_author(_doc(ARTICLE, LABELS)) is None             # no page type known
    assert find_author(_doc(ARTICLE, LABELS), "product") is None  # a shop's line, not an author
    html = _doc(ARTICLE, LABELS, PageMeta(title="How the river rose"))
    assert find_author(html, "article") is None                   # markup pages: not this way
    bylined = [*ARTICLE[:4], "By Ann Lee", *ARTICLE[5:]]
    assert find_author(_doc(bylined, [*LABELS[:4], "byline", "body"]), "article") == "Ann Lee"
    far = ARTICLE[:3] + ["Intro."] * 8 + ARTICLE[3:]
    assert find_author(_doc(far, LABELS[:3] + ["body"] * 8 + LABELS[3:]), "article") is None


@pytest.mark.parametrize(("line", "name"), [
    ("April Fulton", True), ("Eric Gerard Ruiz", True), ("Jane Q. Roe", True),
    ("Table of Contents", False), ("Charles Dickens Quote", False), ("AI Agents", False),
    ("JOHN SMITH", False), ("april fulton", False), ("Fulton", False),
    ("Jennifer Alexandra Montgomery-Smithson Jr", False),
])
def test_a_name_line_is_two_or_three_capitalised_words_opening_with_a_given_name(line, name):
    assert name_line(line) is name


def test_markup_authors_are_joined():
    meta = PageMeta(ld_authors=("Jane Roe", "John Doe"))
    assert find_author(_doc(["T"], ["headline"], meta)) == "Jane Roe; John Doe"


def test_urls_and_placeholders_are_not_names():
    meta = PageMeta(author="admin", article_author="https://facebook.com/someone")
    doc = _doc(["T", "By Ann Lee"], ["headline", "byline"], meta)
    assert find_author(doc) == "Ann Lee"


def test_text_mode_reads_byline_lines():
    assert find_author(_doc(["T", "By Ann Lee", "Body."], ["headline", "byline", "body"])) == (
        "Ann Lee")
    assert find_author(_doc(["T", "Body."], ["headline", "body"])) is None


@pytest.mark.parametrize(("line", "names"), [
    ("March 15, 2022 · 3 min read · By Ann Lee", ["Ann Lee"]),
    ("Discussion in 'Help' started by jdoe42, May 26, 2025.", ["jdoe42"]),
    ("LingoLover94 April 5, 2023, 10:08am 1", ["LingoLover94"]),
    ("Thread starter Bo Chen", ["Bo Chen"]),
    ("By continuing, you agree to our terms", []),
])
def test_more_bylines(line, names):
    assert split_byline(line) == names


@pytest.mark.parametrize(("line", "author"), [
    ("raoul (raoul) May 3, 2024, 8:45am", "raoul"),  # a forum's name, then its handle
    ("By Jane Roe (Reuters)", "Jane Roe (Reuters)"),  # as shown
    ("By Jo Roe (jroe)", "Jo Roe (jroe)"),
])
def test_a_handle_that_repeats_the_name_is_left_out(line, author):
    assert find_author(_doc(["T", line], ["headline", "byline"])) == author


def test_dates_ranks_and_sentences_are_not_names():
    for line in ("Sat, 20 Dec, 2025 - 06:36", "Member", "clicking the button"):
        assert find_author(_doc(["T", line], ["headline", "byline"])) is None


def test_a_byline_naming_the_markup_author_and_more_gives_them_all():
    meta = PageMeta(ld_authors=("Ann Lee",))
    doc = _doc(["T", "By Ann Lee, Bo Chen & Cy Dunn"], ["headline", "byline"], meta)
    assert find_author(doc) == "Ann Lee; Bo Chen; Cy Dunn"


def test_the_site_as_markup_author_yields_to_a_by_line():
    meta = PageMeta(ld_authors=("Example News",), og_site_name="Example News")
    doc = _doc(["T", "By Ann Lee"], ["headline", "nav"], meta)
    assert find_author(doc) == "Ann Lee"
    doc = _doc(["T", "Some line"], ["headline", "nav"], meta)
    assert find_author(doc) == "Example News"


def test_markup_names_are_kept_as_given():
    meta = PageMeta(author="Jane Roe, MD, Senior Director of Clinical Operations")
    assert find_author(_doc(["T"], ["headline"], meta)) == meta.author


def test_a_date_before_the_name_is_cut_off():
    assert split_byline("Dec. 19, 2025 · Niko Roe") == ["Niko Roe"]


def _marked_doc(rows):
    from segkit.evidence import LineEvidence

    doc = _doc([text for text, _ in rows], ["nav"] * len(rows))
    doc.evidence = [LineEvidence("div", None, 0, 0, 0.0, tokens) for _, tokens in rows]
    return doc


def test_an_author_marked_element_names_the_author_but_not_after_edited():
    doc = _marked_doc([("Question title", ()), ("edited Feb 12, 2011 at 21:50", ()),
                       ("Editor Name", ("user", "details")), ("asked Feb 11, 2011", ()),
                       ("asker42", ("url", "user", "details"))])
    assert find_author(doc) == "asker42"


def _nav_doc(rows):
    """Lines labelled nav (as the classifier often labels a byline), each with its flags and
    class/id tokens."""
    from segkit.evidence import LineEvidence

    doc = _doc([text for text, _, _ in rows], ["nav"] * len(rows))
    doc.evidence = [LineEvidence("div", None, flags, 0, 0.0, tokens)
                    for _, flags, tokens in rows]
    return doc


def test_by_lines_in_menus_are_not_bylines():
    from segkit.evidence import Flag

    doc = _nav_doc([("T", 0, ()), ("By industry", int(Flag.NAV), ()),
                    ("By Company Size", 0, ("sub", "menu", "header")),
                    ("By Ann Lee", 0, ("post", "meta"))])
    assert find_author(doc) == "Ann Lee"


@pytest.mark.parametrize("line", [
    "© 2025 Shop Inc. All rights reserved. Built by Studio Nine",
    "Copyright 2022. Shop Inc. Built by Studio Nine.",
    "Top 25 insurers of 2025 ranked by Market Share",
    "1.3K views 15 replies last post by jdoe Jan 8, 2026",
    "Door Locks",
])
def test_lines_whose_by_names_no_author(line):
    assert find_author(_nav_doc([("T", 0, ()), (line, 0, ())])) is None


def test_a_thread_starter_badge_names_the_poster():
    assert find_author(_nav_doc([("T", 0, ()), ("jdoe42 Discussion starter", 0, ())])) == (
        "jdoe42")


@pytest.mark.parametrize("line", ["Jane Roe says", "jdoe commented", "About the Author",
                                  "Contributors"])
def test_commenters_and_author_box_headings_are_not_names(line):
    doc = _marked_doc([("T", ()), (line, ("author",)), ("Ann Lee", ("author", "name"))])
    assert find_author(doc) == "Ann Lee"


# Lines a "by" pattern matches, and look-alikes; the prefilter must pass every one they match.
_BY_SAMPLES = ["By Jane Roe", "posted by jdoe", "Published May 1, 2023 by Jane Roe",
               "Author: Jane Roe", "Contributors: A. B.", "jdoe Thread starter",
               "Thread Starter jdoe", "Door Jan Jansen", "par Marie Curie", "por Ana",
               "von Max Muster", "Autor: Hans", "Auteur : Jean", "BY JANE ROE",
               "March 15 · 3 min read · By Jane Roe", "jdoe Discussion Starter"]


@pytest.mark.parametrize("text", _BY_SAMPLES)
def test_the_by_line_prefilter_passes_every_line_a_pattern_matches(text: str) -> None:
    from segkit.describe import people

    matched = (people._STARTER.match(text) or people._BY_LINE.match(text)
               or people._MID_BY.search(text))
    assert matched, text  # the samples are by lines
    assert people._may_name_by(text.lower())


def test_the_by_line_prefilter_passes_over_lines_without_its_words() -> None:
    from segkit.describe import people

    assert not people._may_name_by("home | news | weather")
    doc = Document.from_text("Home\nNews\nSport\nBy Jane Roe\nA story begins here.", id="d")
    assert [names for names in people._by_lines(doc)] == [["Jane Roe"]]


@given(st.text(alphabet=st.characters(max_codepoint=127), max_size=60))
@settings(max_examples=500, deadline=None)
def test_no_ascii_line_a_by_pattern_matches_is_passed_over(text: str) -> None:
    from segkit.describe import people

    for candidate in (text, f"by {text}", f"{text} by J", f"Author: {text}"):
        if (people._STARTER.match(candidate) or people._BY_LINE.match(candidate)
                or people._MID_BY.search(candidate)):
            assert people._may_name_by(candidate.lower()), candidate


def test_word_lines_finds_each_line_holding_a_word_once():
    from segkit.describe.people import word_lines

    lows = ["by ann lee", "nothing here", "starter bob", "aby", "b", "y", "written by x by y"]
    assert word_lines(lows) == {0, 2, 3, 6}  # a word inside a word counts; none across lines
    assert word_lines([]) == set()
    assert word_lines(["von a", "par b"], ("par",)) == {1}
