"""Features: the written-out __init__, and the shortcuts line_features takes."""

from dataclasses import astuple, fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segkit.classify.classes import (
    GOOD,
    GOOD_MIN_CHARS,
    GOOD_MIN_STOP_SHARE,
    NEAR_MIN_WORDS,
    context_free,
)
from segkit.classify.features import (
    CASE_MIN_CHARS,
    CASE_MIN_WORDS,
    STOP_MIN_CHARS,
    Features,
    _initial_case,
    _rules_out_date,
    is_date_line,
    line_features,
    opens_comments,
    tells_time_of_day,
)
from segkit.classify.region import LIST_MARKER_WORDS, MENU_MAX_WORDS
from segkit.classify.wordlists import CAPTION_STARTS, COMMENT_HEADS


def _value(i: int, kind: object) -> object:
    """A value of the field's type (a string annotation, or a class once compiled)."""
    name = kind if isinstance(kind, str) else getattr(kind, "__name__", "")
    return {"str": f"t{i}", "float": i + 0.5, "bool": bool(i % 2)}.get(name, i)


def test_init_sets_every_field_by_keyword_only():
    values = [_value(i, field.type) for i, field in enumerate(fields(Features))]
    names = [field.name for field in fields(Features)]
    assert astuple(Features(**dict(zip(names, values, strict=True)))) == tuple(values)
    with pytest.raises(TypeError):
        Features(*values)  # seventeen fields are not to be told by position


# The shortcuts of line_features must agree with the plain definitions they replace.
PIECES = [*"aZ .,-@|\t\x1c\x1f\u00a0\u2028É“’—", "é", "İ", "ǅ", "Σ", "中", "Ⅻ", "ß",
          "Monday", "AM", "May", "BBC", "12", "Updated", "by", "\ud800"]
WORDS = st.lists(st.sampled_from(PIECES), max_size=20).map("".join)


@settings(max_examples=500, deadline=None)
@given(text=WORDS)
def test_initial_case_counts_the_case_of_each_words_first_letter(text):
    initials = [token[0] for token in text.split()]
    upper = sum(c.isupper() for c in initials)
    assert _initial_case(text) == (upper, upper + sum(c.islower() for c in initials))


@settings(max_examples=500, deadline=None)
@given(text=WORDS)
def test_a_first_word_that_rules_out_a_date_line_does(text):
    words = text.lower().split()
    if words and _rules_out_date(text, words[0]):
        assert not is_date_line(text)


@pytest.mark.parametrize("text", ["16:42", "06:18 PM BST", "Updated 17 minutes ago",
                                  "2h ago", "4pm", "Wednesday at 4:26 PM"])
def test_a_time_of_day_or_a_few_hours_back_tells_the_time(text):
    assert tells_time_of_day(text)


@pytest.mark.parametrize("text", ["March 23, 2026", "12.05.2024", "Jan 2, 2024",
                                  "posted 6 years ago", "2 days ago"])
def test_a_calendar_date_or_days_back_does_not(text):
    assert not tells_time_of_day(text)


def test_the_first_word_rules_out_only_what_it_should():
    assert _rules_out_date("Share this article", "share")
    assert not _rules_out_date("Monday 12 May", "monday")
    assert not _rules_out_date("BST 12:30", "bst")  # a time zone in capitals
    assert not _rules_out_date("12:30 BST", "12:30")


def test_cue_phrases_are_shaped_as_the_first_word_tests_assume():
    # _COMMENT_HEADS_FIRST and _CAPTION_STARTS_FIRST test a line's first word before its
    # phrases: that finds every match only while each phrase is several words.
    assert all(" " in head for head in COMMENT_HEADS)
    assert all(start.count(" ") == 1 for start in CAPTION_STARTS)


@pytest.mark.parametrize("line, head", [
    ("Be the first to comment", True), ("Be the first to comment.", True),
    ("Leave a comment", True), ("Be the first to know when the sale starts", False),
])
def test_a_comment_head_of_more_words_counts_as_a_whole_line(line, head):
    assert line_features([line])[0].comments is head


PROSE = ("The council said on Tuesday that the new bridge would open to traffic in the spring, "
         "and that the old one would be closed for repairs.")
KEYWORDS = ("politics economy markets inflation housing transport energy climate health "
            "education science technology culture football tennis cricket")


def test_function_words_are_measured_on_long_lines_of_a_known_language():
    prose, keywords, short = line_features([PROSE, KEYWORDS, "Contact us"])
    assert prose.stop_share >= GOOD_MIN_STOP_SHARE
    assert keywords.stop_share == 0.0
    assert short.stop_share == -1.0  # too short to say


def test_a_long_line_without_function_words_is_not_running_text():
    prose, keywords = line_features([PROSE, KEYWORDS])
    assert context_free(prose) == GOOD
    assert keywords.chars >= 80 and keywords.lower_share == 1.0
    assert context_free(keywords) != GOOD
    # where the language is not known, the share says nothing
    (alone,) = line_features(["Zxq vlorp " * 12])
    assert alone.stop_share == -1.0 and context_free(alone) == GOOD


def test_the_language_is_told_from_the_first_words_of_the_page():
    menu = ["Zxq vlorp " * 10] * 25  # 500 words, none of them function words
    prose = [PROSE] * 10
    assert line_features([*prose, *menu])[0].stop_share >= GOOD_MIN_STOP_SHARE
    assert line_features([*menu, *prose])[-1].stop_share == -1.0  # beyond the sample


def test_shares_are_measured_on_every_line_the_classifier_asks_them_of():
    # context_free asks the lower-case share of lines of GOOD_MIN_CHARS or NEAR_MIN_WORDS,
    # weight() of lines over MENU_MAX_WORDS + LIST_MARKER_WORDS words; the function-word
    # share, of GOOD lines
    assert GOOD_MIN_CHARS >= CASE_MIN_CHARS and GOOD_MIN_CHARS >= STOP_MIN_CHARS
    assert NEAR_MIN_WORDS >= CASE_MIN_WORDS
    assert MENU_MAX_WORDS + LIST_MARKER_WORDS + 1 >= CASE_MIN_WORDS
    menu, sentence = line_features(["Contact us", "We are open on every day of the week."])
    assert menu.lower_share == -1.0 and sentence.lower_share == 8 / 9


@pytest.mark.parametrize(("text", "opens"), [
    ("34 responses to “A headline”", True), ("12 Thoughts on A headline", True),
    ("Leave a Reply Cancel reply", True), ("JOIN THE DISCUSSION", True),
    ("Be the first to comment", True),
    ("9 Comments", False),  # a count: Q&A sites show one under every answer
    ("Comments", False), ("About Jane Smith", False), ("Leave a review", False),
    ("34 responses", False), ("", False)])
def test_opens_comments_knows_a_blogs_comment_openers(text: str, opens: bool) -> None:
    assert opens_comments(text) is opens
