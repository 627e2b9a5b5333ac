"""Stage 2, classes: the context-free class of a line, and what its markup adds."""

from classify_helpers import ev, feat, paragraph

from segkit.classify import classes as c
from segkit.evidence import Flag
from segkit.labels import LABELS


def test_internal_classes_are_never_label_names():
    assert len(c.ALL_CLASSES) == 14
    assert c.ALL_CLASSES.isdisjoint(LABELS)
    assert all(cls.startswith("~") for cls in c.ALL_CLASSES)


def test_a_paragraph_is_long_mostly_lower_case_and_ends_like_a_sentence():
    assert c.context_free(paragraph()) == c.GOOD
    short = paragraph(words=5)
    assert short.chars < c.GOOD_MIN_CHARS and c.context_free(short) == c.NEAR
    capitalised = feat(paragraph().text, terminal=True, lower_share=c.GOOD_MIN_LOWER - 0.1)
    assert c.context_free(capitalised) == c.SHORT


def test_an_unended_paragraph_needs_many_words():
    text = "word " * 20
    many = feat(text, lower_share=1.0, words=c.GOOD_MIN_WORDS_UNENDED)
    few = feat(text, lower_share=1.0, words=c.GOOD_MIN_WORDS_UNENDED - 1)
    assert c.context_free(many) == c.GOOD
    assert c.context_free(few) == c.SHORT


def test_a_long_line_without_function_words_is_no_paragraph():
    keywords = feat(paragraph().text, terminal=True, lower_share=1.0,
                    stop_share=c.GOOD_MIN_STOP_SHARE / 2)
    assert c.context_free(keywords) != c.GOOD
    unknown = feat(paragraph().text, terminal=True, lower_share=1.0, stop_share=-1.0)
    assert c.context_free(unknown) == c.GOOD  # no language: the share says nothing


def test_cues_come_before_length_in_their_order():
    assert c.context_free(feat("", chars=0)) == c.INVISIBLE
    assert c.context_free(feat("Related", related=True, nav=True)) == c.RELATED_HEAD
    assert c.context_free(feat("Comments", comments=True, nav=True)) == c.COMMENTS_HEAD
    assert c.context_free(feat("Read more: X", read_more=True)) == c.READ_MORE
    assert c.context_free(feat("12 May 2024", date=True, byline=True)) == c.DATE
    assert c.context_free(feat("By Jane", byline=True, caption=True)) == c.BYLINE_CUE
    assert c.context_free(feat("Photo: AP", caption=True, nav=True)) == c.CAPTION_CUE
    assert c.context_free(feat("Share", nav=True)) == c.NAV_CUE
    assert c.context_free(feat("A subheading")) == c.SHORT


def test_a_long_furniture_line_is_furniture_only_as_a_notice():
    text = "x" * c.NAV_MAX_CHARS
    assert c.context_free(feat(text, nav=True)) == c.NAV_CUE  # falls through as short
    long_prose = feat(paragraph().text, nav=True, terminal=True, lower_share=1.0,
                      chars=c.NAV_MAX_CHARS)
    assert c.context_free(long_prose) == c.GOOD
    assert c.context_free(feat(paragraph().text, nav=True, copyright=True,
                               chars=c.NAV_MAX_CHARS)) == c.NAV_CUE


def test_markup_furniture_figures_and_named_boxes():
    line = feat("Some line of text here")
    assert c.markup_class(line, c.SHORT, ev(flags=int(Flag.NAV))) == c.FURNITURE
    assert c.markup_class(line, c.SHORT, ev(flags=int(Flag.FIGCAPTION))) == c.CAPTION_CUE
    assert c.markup_class(line, c.SHORT, ev(tokens=("caption",))) == c.CAPTION_CUE
    assert c.markup_class(line, c.SHORT, ev(tokens=("byline",))) == c.BYLINE_CUE
    assert c.markup_class(line, c.SHORT, ev(tokens=("advert",))) == c.BOXED
    assert c.markup_class(line, c.SHORT, ev(tokens=("story",))) == c.SHORT


def test_a_figure_is_not_a_caption_outside_its_figcaption():
    """A table, a pull quote or an embed sits in a <figure> too; only its caption is one."""
    row = feat("Ferry B  Pier 4  06:40")
    assert c.markup_class(row, c.SHORT, ev(flags=int(Flag.FIGURE))) == c.SHORT
    inside = int(Flag.FIGURE | Flag.FIGCAPTION)
    assert c.markup_class(row, c.SHORT, ev(flags=inside)) == c.CAPTION_CUE


def test_only_near_tokens_name_a_line():
    far = ("x",) * c.MARKUP_NEAR_TOKENS + ("caption",)
    assert c.markup_class(feat("text"), c.SHORT, ev(tokens=far)) == c.SHORT


def test_a_markup_byline_is_short():
    long = feat(" ".join(["Name"] * (c.MARKUP_BYLINE_MAX_WORDS + 1)))
    assert c.markup_class(long, c.SHORT, ev(tokens=("byline",))) == c.SHORT


def test_headers_keep_their_text_class_in_any_markup():
    for cls in (c.RELATED_HEAD, c.COMMENTS_HEAD, c.INVISIBLE):
        assert c.markup_class(feat("Related"), cls, ev(flags=int(Flag.ASIDE))) == cls


def test_links_make_link_lines_but_a_linked_paragraph_stays_one():
    density = (c.LINK_LINE_DENSITY + c.LINKED_PARAGRAPH_DENSITY) / 2
    assert c.markup_class(feat("A teaser"), c.SHORT, ev(link_density=density)) == c.LINK_LINE
    assert c.markup_class(paragraph(), c.GOOD, ev(link_density=density)) == c.GOOD
    assert c.markup_class(paragraph(), c.GOOD,
                          ev(link_density=c.LINKED_PARAGRAPH_DENSITY)) == c.LINK_LINE
    assert c.markup_class(feat("Home"), c.SHORT, ev(flags=int(Flag.ONE_LINK))) == c.LINK_LINE


def test_line_classes_uses_markup_only_with_evidence():
    feats = [feat("Home"), paragraph()]
    assert c.line_classes(feats) == [c.SHORT, c.GOOD]
    assert c.line_classes(feats, [ev(flags=int(Flag.NAV)), ev()]) == [c.FURNITURE, c.GOOD]
