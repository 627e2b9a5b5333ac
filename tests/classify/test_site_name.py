"""The site's name in a browser title, and the ``<title>`` line it makes nav or headline."""

from __future__ import annotations

import pytest

from segkit import Segmenter
from segkit.classify.site_name import names_site, segments, short_tail, site_like, title_line
from segkit.evidence import LineEvidence, PageMeta
from segkit.tools.explain import explain

TITLE = LineEvidence("title", None, 0, 0, 0.0, ())
PARA = LineEvidence("p", None, 0, 0, 0.0, ())


def test_a_title_is_cut_at_its_separators() -> None:
    assert segments("Ferry keeps running | Harbour Gazette") == ["Ferry keeps running",
                                                                  "Harbour Gazette"]
    assert segments("Gazette - Ferry keeps running") == ["Gazette", "Ferry keeps running"]
    assert segments("Pick a desk: a guide") == ["Pick a desk: a guide"]  # no space before ':'
    assert segments(None) == []


@pytest.mark.parametrize(("segment", "site", "host", "named"), [
    ("Harbour Gazette", "Harbour Gazette", "", True),          # og:site_name
    ("B&H Photo Video", None, "bhphotovideo.com", True),      # the host, letters and digits
    ("4dayweek.io", None, "4dayweek.io", True),
    ("Sprout Social", None, "sproutsocial.com", True),
    ("Rust Blog", None, "blog.rust-lang.org", True),           # a label of the host in it
    ("Release notes", None, "blog.rust-lang.org", False),
    ("Ferry keeps running", "Harbour Gazette", "gazette.example", False),
])
def test_a_segment_names_the_site_by_its_name_or_host(segment: str, site: str | None,
                                                      host: str, named: bool) -> None:
    assert site_like(segment, site, host) is named


def test_a_short_last_segment_after_a_longer_title_is_taken_for_the_sites_name() -> None:
    # What the title chooser cuts off the titles it offers.
    assert short_tail(["A long headline about the ferry", "Gazette"])
    assert not short_tail(["Ferry", "Gazette"])
    assert not short_tail(["One segment only"])


@pytest.mark.parametrize("host", ["paper.example", ""])
def test_a_title_of_several_segments_shows_the_sites_name(host: str) -> None:
    # The name appended need not be the host's or og:site_name's: "| Help", "- HGT".
    assert names_site("Ferry keeps running | Winter", None, host)
    assert names_site("Cache settings | Help", None, host)
    assert names_site("Ferry times - Timetables | HGT", "Harbour Gazette", host)
    assert not names_site("Ferry keeps running", None, host)
    assert not names_site("Pick a desk: a guide", None, host)  # a colon in the title


def test_a_title_that_is_the_sites_name_shows_it() -> None:
    assert names_site("Harbour Gazette", "Harbour Gazette", "gazette.example")
    assert names_site("Gazette", None, "gazette.example")
    assert not names_site("Ferry keeps running", "Harbour Gazette", "gazette.example")


def test_the_title_line_is_nav_with_the_sites_name_and_headline_shown_alone() -> None:
    meta = PageMeta(og_site_name="Harbour Gazette")
    url = "https://www.gazette.example/ferry"
    evidence = [TITLE, PARA]
    with_site = title_line(["headline", "body"], "Ferry keeps running | Harbour Gazette",
                           evidence, meta, url)
    alone = title_line(["nav", "body"], "Ferry keeps running", evidence, meta, url)
    assert with_site == ["nav", "body"] and alone == ["headline", "body"]


def test_the_host_comes_from_the_canonical_url_without_a_url() -> None:
    meta = PageMeta(canonical="https://www.gazette.example/ferry")
    got = title_line(["headline"], "Ferry keeps running | Gazette", [TITLE], meta, None)
    assert got == ["nav"]


def test_other_lines_labels_and_text_pages_are_left_alone() -> None:
    meta = PageMeta()
    assert title_line(["nav"], "Ferry keeps running", [PARA], meta, None) == ["nav"]
    assert title_line(["body"], "Ferry keeps running", [TITLE], meta, None) == ["body"]
    assert title_line(["nav"], "Ferry keeps running", None, None, None) == ["nav"]


def test_a_text_pages_first_line_set_apart_is_taken_for_its_title_tag() -> None:
    url = "https://www.gazette.example/ferry"
    assert title_line(["nav", "body"], "Ferry keeps running", None, None, url,
                      alone=True) == ["headline", "body"]
    assert title_line(["headline"], "Ferry keeps running | Harbour Gazette", None, None, url,
                      alone=True) == ["nav"]
    # Not set apart, it may be anything (a logo's alt text, a menu): left alone.
    assert title_line(["nav"], "Ferry keeps running", None, None, url) == ["nav"]
    assert title_line(["body"], "Ferry keeps running", None, None, url, alone=True) == ["body"]


@pytest.mark.parametrize(("text", "first"), [
    ("Ferry keeps running\n\nFirst paragraph of the story.", "headline"),
    ("Ferry keeps running | Harbour Gazette\n\nFirst paragraph of the story.", "nav"),
    ("\n\nFerry keeps running\n\nFirst paragraph of the story.", "headline"),
    ("Ferry keeps running | Harbour Gazette", "nav"),
])
def test_segmenting_text_labels_a_first_line_set_apart_as_the_title_tag(text: str,
                                                                        first: str) -> None:
    doc = Segmenter(generic=True, model="none").segment(text)
    assert next(ln.label for ln in doc.lines if ln.text.strip()) == first


def test_a_first_line_that_runs_into_the_next_is_not_taken_for_the_title_tag() -> None:
    rules = Segmenter(generic=True, model="none")
    apart = rules.segment("Ferry keeps running\n\nMenu\nFirst paragraph.")
    run_on = rules.segment("Ferry keeps running\nMenu\nFirst paragraph.")
    assert apart.lines[0].label == "headline"
    assert run_on.lines[0].label == rules.segment("Ferry keeps running\nMenu\nFirst "
                                                  "paragraph.", trace=None).lines[0].label
    from segkit.classify.pipeline import describe_lines
    assert describe_lines(["Ferry", "", "Menu"])[1].first_alone
    assert not describe_lines(["Ferry", "Menu", ""])[1].first_alone
    assert describe_lines(["", "Ferry"])[1].first_alone


def test_explain_names_the_title_line_step() -> None:
    """The rules leave a title that is not the h1 in nav; shown alone, it is a headline."""
    paragraphs = "".join(
        f"<p>Paragraph {k} of the story, with enough words in it to read as running text "
        "that a person wrote, and a full stop at the end.</p>" for k in range(4))
    page = ("<html><head><title>Ferry keeps running</title></head><body>"
            f"<article><h1>Winter timetable</h1>{paragraphs}</article></body></html>")
    url = "https://www.gazette.example/ferry"
    rules = Segmenter(generic=True, model="none")
    assert rules.segment_html(page, url=url, trace=None).labels[0] == "headline"
    expl = explain(rules, page, html=True, url=url)
    first = expl.lines[0]
    assert first.label == "headline"
    assert first.rule is not None and "browser title" in first.rule


def test_a_first_line_is_apart_with_a_blank_line_or_the_end_after_it() -> None:
    from segkit.classify.site_name import first_line_apart

    assert first_line_apart(["", "Ferry", "", "Menu"])
    assert first_line_apart(["Ferry"]) and first_line_apart(["Ferry", "  "])
    assert not first_line_apart(["Ferry", "Menu"])
    assert not first_line_apart(["", " "]) and not first_line_apart([])
