"""A page longer than any real page is labelled a window of lines at a time (issue 15,
point 8): each window as a page of its own, by the rule stages, the page's metadata
read from its first window. The window constants are made small here, so that a small
page is windowed."""

from __future__ import annotations

import re

import pytest

from segkit.describe import describe
from segkit.document import Document, Windowed, whole
from segkit.pipeline import Segmenter
from segkit.sites.site import Site

# Small windows: a page of more than 12 lines is read 5 lines at a time at most.
PAGE_LINES = 12
WINDOW = 5

WORDS = "river council library winter market station harbour museum bakery garden".split()


def page_text(lines: int) -> str:
    """An invented page: a menu, a title, paragraphs, blank lines between some."""
    out = ["Home", "News", "Sport"]
    for n in range(lines - 3):
        if n % 4 == 3:
            out.append("")
            continue
        w = [WORDS[(n + k) % len(WORDS)] for k in range(5)]
        out.append(f"The {w[0]} near the {w[1]} reopened on Monday after {n} weeks, and the "
                   f"{w[2]} by the {w[3]} felt busier than it had for years.")
    return "\n".join(out)


@pytest.fixture
def small_windows(windows):
    return windows(PAGE_LINES, WINDOW)


def rules() -> Segmenter:
    return Segmenter(model="none")


def test_a_page_over_the_limit_comes_back_windowed_and_a_page_at_it_whole(small_windows):
    assert isinstance(rules().label_text(page_text(PAGE_LINES), id="p"), Document)
    assert isinstance(rules().label_text(page_text(PAGE_LINES + 1), id="p"), Windowed)


def test_a_windowed_page_has_every_line_numbered_and_labelled(small_windows):
    text = page_text(23)
    labelled = rules().label_text(text, id="p")
    assert isinstance(labelled, Windowed)
    windows = list(labelled.windows)
    # 23 lines in windows of 5 at most: as few windows as that takes, the last shorter.
    assert [len(w.lines) for w in windows] == [5, 5, 5, 5, 3]
    lines = [ln for w in windows for ln in w.lines]
    assert [ln.n for ln in lines] == list(range(1, 24))
    assert "\n".join(ln.text for ln in lines) == text
    assert all((ln.label is None) == (not ln.text.strip()) for ln in lines)
    assert all(ln.label is not None for ln in lines if ln.text.strip())


def test_each_window_is_labelled_as_a_page_of_its_own(small_windows):
    text = page_text(23)
    windows = list(rules().label_text(text, id="p").windows)
    for window in windows:
        alone = rules().segment(window.text, id="w")  # under the limit: labelled whole
        assert window.labels == alone.labels


def test_windows_are_labelled_by_the_rule_stages_whatever_the_model(small_windows):
    """The page is over the lines the model reads, whatever its windows' size."""
    text = page_text(23)
    with_model = whole(Segmenter().label_text(text, id="p"))
    assert with_model.labels == whole(rules().label_text(text, id="p")).labels


def test_the_metadata_is_read_from_the_first_window(small_windows):
    labelled = rules().label_text(page_text(23), id="p", url="https://example.com/a")
    first = next(labelled.windows)
    assert labelled.page.metadata == describe(first)
    assert labelled.page.head()["id"] == "p" and labelled.page.url == "https://example.com/a"


def test_a_windowed_page_made_whole_is_the_page(small_windows):
    text = page_text(23)
    doc = rules().segment(text, id="p")  # segment: a Document, windowed or not
    assert doc.text == text and [ln.n for ln in doc.lines] == list(range(1, 24))
    assert doc.labels == [ln.label for w in rules().label_text(text, id="p").windows
                          for ln in w.lines]


def test_an_html_page_is_windowed_with_its_evidence(small_windows):
    html = "<title>T</title><body>" + "".join(
        f"<p>{line}</p>" if line else "<br><br>" for line in page_text(30).split("\n")
    ) + "</body>"
    whole_page = Segmenter(model="none").segment_html(html, id="p")
    from segkit.html.walker import html_to_lines

    page = html_to_lines(html)
    walked, evidence = list(page.lines), page.evidence
    labelled = rules().label_page(page, id="p")
    assert page.lines == [], "the page's lines were not taken"
    assert isinstance(labelled, Windowed)
    windows = list(labelled.windows)
    assert [ln.text for w in windows for ln in w.lines] == walked
    assert [e for w in windows for e in w.evidence] == evidence
    assert all(w.meta is labelled.page.meta for w in windows)
    assert [ln.text for ln in whole_page.lines] == walked


def test_a_site_is_applied_to_every_window(small_windows):
    segmenter = rules()
    pattern = r"after (1|9|21|33) weeks"
    segmenter.forced = Site(name="weeks", rules={pattern: "caption"})
    labelled = segmenter.label_text(page_text(40), id="p")
    assert labelled.page.site == "weeks"
    lines = [ln for w in labelled.windows for ln in w.lines]
    matched = [ln for ln in lines if re.search(pattern, ln.text)]
    assert [ln.n for ln in matched] == [5, 13, 25, 37]  # in four windows of five lines
    assert all(ln.label == "caption" for ln in matched)
    assert all(ln.label != "caption" for ln in lines if ln not in matched)


def _refusing(text: str):
    def refine(doc: Document) -> None:
        if any(text in ln.text for ln in doc.lines):
            raise RuntimeError("refused")
    return refine


def test_a_site_failing_on_a_later_window_leaves_that_window_generic(small_windows):
    warnings: list[str] = []
    segmenter = Segmenter(model="none", warn=warnings.append)
    segmenter.forced = Site(name="picky", rules={".": "nav"}, refine=_refusing("after 20 "))
    labelled = segmenter.label_text(page_text(40), id="p")
    windows = list(labelled.windows)
    generic = [rules().segment(w.text).labels for w in windows]
    refused = [any("after 20 " in ln.text for ln in w.lines) for w in windows]
    assert labelled.page.site == "picky" and refused.count(True) == 1
    for window, labels, generic_window in zip(windows, generic, refused, strict=True):
        assert (window.labels == labels) == generic_window
    assert len(warnings) == 1 and "'picky'" in warnings[0]


def test_a_site_failing_on_the_first_window_is_dropped_for_the_page(small_windows):
    segmenter = Segmenter(model="none", warn=lambda message: None)
    segmenter.forced = Site(name="picky", rules={".": "nav"}, refine=_refusing("Home"))
    labelled = segmenter.label_text(page_text(40), id="p")
    assert labelled.page.site is None
    assert whole(labelled).labels == whole(rules().label_text(page_text(40), id="p")).labels
