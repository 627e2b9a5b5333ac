"""Where a link points, from its href (html/links.py), and the walker marking lines by it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from segkit.evidence import LINK_TARGETS, Flag
from segkit.html.links import link_target, page_host
from segkit.html.walker import html_to_lines

ARTICLE, SHALLOW = int(Flag.ARTICLE_LINK), int(Flag.SHALLOW_LINK)
ANCHOR, OFFSITE = int(Flag.ANCHOR_LINK), int(Flag.OFFSITE_LINK)
PERSON = int(Flag.PERSON_LINK)


@pytest.mark.parametrize(("href", "bits"), [
    ("/news/rivers-rise-in-the-valley", ARTICLE),          # a slug of several words
    ("/p/1234567", ARTICLE),                               # a long id
    ("/2024/05/flood", ARTICLE),                           # a dated path
    ("how_to_pick_a_desk.html?ref=side#top", ARTICLE),     # relative; query and fragment go
    ("/news/", SHALLOW),                                   # a section
    ("/", SHALLOW),
    ("/news/world", 0),                                    # deeper, no article's marks
    ("/news/2024", 0),                                     # four digits: a year, not an id
    ("#comments", ANCHOR),
    ("https://www.example.com/about", SHALLOW),            # the page's own site
    ("https://shop.example.com/a/b", 0),                   # a subdomain of it
    ("https://other.org/a/b", OFFSITE),
    ("//other.org/one-more-long-story", OFFSITE | ARTICLE),
    ("mailto:desk@example.com", 0),
    ("javascript:void(0)", 0),
    ("", 0),
    ("/members/ann_lee.123456/", PERSON | ARTICLE),          # a forum member's profile
    ("/author/ann-lee", PERSON),                           # an author's page
    ("/u/ann", PERSON),
    ("/@ann", PERSON | SHALLOW),                           # Medium and the like
    ("/~ann", PERSON | SHALLOW),                           # Lobsters and the like
    ("./memberlist.php?mode=viewprofile&u=129", PERSON),   # phpBB
    ("/members/", SHALLOW),                                # the member list: nobody's page
    ("/guides/user-guide", 0),                             # "user" inside a word
])
def test_a_link_is_marked_by_where_it_points(href: str, bits: int) -> None:
    assert link_target(href, "example.com") == bits


def test_without_the_pages_host_no_link_counts_as_offsite() -> None:
    assert link_target("https://other.org/a/b", "") == 0


def test_the_host_of_a_url_drops_www_and_case() -> None:
    assert page_host("https://WWW.Example.com:443/x?y") == "example.com:443"
    assert page_host("https://example.com") == "example.com"
    assert page_host("/relative/only") == ""
    assert page_host(None) == ""


@given(st.text(max_size=80), st.text(max_size=20))
def test_any_href_gives_only_link_target_bits(href: str, host: str) -> None:
    assert link_target(href, host) & ~LINK_TARGETS == 0


def test_the_walker_marks_each_line_by_its_links_against_the_canonical_host() -> None:
    page = html_to_lines(
        '<html><head><link rel="canonical" href="https://www.example.com/x"></head><body>'
        '<ul><li><a href="/news">News</a></li>'
        '<li><a href="/2024/05/rivers-rise">Rivers rise in the valley</a></li>'
        '<li><a href="#top">Back to top</a></li>'
        '<li><a href="https://other.org/a/b">A partner</a></li></ul>'
        '<p>Plain text without a link, long enough to be a line.</p></body></html>')
    flags = {line: ev.flags & LINK_TARGETS for line, ev in zip(page.lines, page.evidence,
                                                               strict=True)}
    assert flags["News"] == SHALLOW
    assert flags["Rivers rise in the valley"] == ARTICLE
    assert flags["Back to top"] == ANCHOR
    assert flags["A partner"] == OFFSITE
    assert flags["Plain text without a link, long enough to be a line."] == 0


def test_the_walker_marks_a_link_to_a_persons_page_and_rel_author() -> None:
    page = html_to_lines(
        '<html><body><p><a href="/members/ann.1/">ann_lee</a></p>'
        '<p><a rel="author" href="/about-us">The Courier desk</a></p>'
        '<p><a href="/about-us">About the paper</a></p></body></html>')
    person = {line: ev.has(Flag.PERSON_LINK) for line, ev in zip(page.lines, page.evidence,
                                                                 strict=True)}
    assert person == {"ann_lee": True, "The Courier desk": True, "About the paper": False}


def test_links_past_the_remembered_ones_are_still_marked() -> None:
    """The walker remembers at most MAX_SHARED_EVIDENCE hrefs per page; later ones are
    worked out each time, with the same marks."""
    from segkit.html.walker import MAX_SHARED_EVIDENCE

    count = MAX_SHARED_EVIDENCE + 50
    items = "".join(f'<li><a href="/{k}">Menu {k}</a></li>' if k % 2 else
                    f'<li><a href="/story/{k}-rivers-rise-again">Story {k}</a></li>'
                    for k in range(count))
    page = html_to_lines(f"<html><body><ul>{items}</ul></body></html>")
    marks = [ev.flags & LINK_TARGETS for ev in page.evidence]
    assert len(marks) == count
    assert marks[-2:] == [ARTICLE, SHALLOW] and marks[:2] == [ARTICLE, SHALLOW]
