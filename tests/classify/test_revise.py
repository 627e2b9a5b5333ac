"""Stage 4, revise: labels from the article region, then each context revision."""

from classify_helpers import feat, paragraph

from segkit.classify import classes as c
from segkit.classify import revise as v
from segkit.classify.region import Region
from segkit.labels import BODY, BYLINE, CAPTION, HEADLINE, NAV, RELATED, TIMESTAMP


def region(start: int, end: int, head: int | None = None,
           inside: list[bool] | None = None) -> Region:
    return Region(head=head, start=start, end=end, inside=inside, weights=[])


def test_run_labels_by_class_inside_the_run_and_nav_outside():
    feats = [feat("Menu"), paragraph(), feat("12 May"), feat("A Teaser Title Here"),
             feat("Home"), feat("Footer")]
    classes = [c.SHORT, c.GOOD, c.DATE, c.LINK_LINE, c.LINK_LINE, c.SHORT]
    assert v.run_labels(feats, classes, region(1, 5)) == [
        NAV, BODY, TIMESTAMP, RELATED, NAV, NAV]


def test_text_outside_the_container_is_nav_but_cues_keep_their_label():
    feats = [paragraph(), feat("Sign up"), feat("By Jane")]
    classes = [c.GOOD, c.SHORT, c.BYLINE_CUE]
    labels = v.run_labels(feats, classes, region(0, 3, inside=[True, False, False]))
    assert labels == [BODY, NAV, BYLINE]


def test_the_head_of_the_article_lies_between_headline_and_run():
    feats = [feat("Title"), feat("By Jane"), feat("12 May"), feat("Share"), paragraph()]
    classes = [c.SHORT, c.BYLINE_CUE, c.DATE, c.NAV_CUE, c.GOOD]
    labels = [NAV] * 5
    v.mark_head(feats, classes, labels, 0, 4)
    assert labels == [NAV, BYLINE, TIMESTAMP, NAV, NAV]


def test_without_a_headline_the_head_is_a_few_lines_above_the_run():
    n = v.HEAD_NO_TITLE_LINES + 2
    feats = [feat("By Jane")] * n + [paragraph()]
    classes = [c.BYLINE_CUE] * n + [c.GOOD]
    labels = [NAV] * (n + 1)
    v.mark_head(feats, classes, labels, None, n)
    assert labels[: n - v.HEAD_NO_TITLE_LINES] == [NAV] * 2
    assert labels[n - v.HEAD_NO_TITLE_LINES : n] == [BYLINE] * v.HEAD_NO_TITLE_LINES


def test_the_title_is_a_headline_wherever_it_repeats_above_the_end():
    feats = [feat("The Bridge Opens - Example News"), feat("The  bridge opens"),
             feat("Menu"), feat("The Bridge Opens"), paragraph(), feat("The Bridge Opens")]
    labels = [NAV, NAV, NAV, NAV, BODY, NAV]
    v.mark_title(feats, labels, 3, 5)
    assert labels == [NAV, HEADLINE, NAV, HEADLINE, BODY, NAV]


def test_a_date_or_byline_just_above_the_title_is_the_articles():
    feats = [feat("12 May"), feat("By Jane"), feat("Title")]
    classes = [c.DATE, c.BYLINE_CUE, c.SHORT]
    labels = [NAV, NAV, NAV]
    v.mark_above_title(feats, classes, labels, 2)
    assert labels == [TIMESTAMP, BYLINE, NAV]
    labels = [NAV] * 4
    v.mark_above_title([feat("x"), *feats], [c.DATE, *classes], labels, 3)
    assert labels[0] == NAV  # beyond HEAD_BEFORE_LINES


def test_a_byline_just_after_the_article_is_its_credit():
    classes = [c.GOOD, c.BYLINE_CUE] + [c.SHORT] * v.TAIL_BYLINE_LINES + [c.BYLINE_CUE]
    labels = [BODY] + [NAV] * (len(classes) - 1)
    v.mark_tail(classes, labels, 1)
    assert labels[1] == BYLINE and labels[-1] == NAV


def test_a_related_block_runs_to_its_teasers_end():
    feats = [paragraph(), feat("More stories"), feat("A Story About Something Else"),
             feat("Another Story About Things"), feat("Home"), feat("About"), feat("Jobs"),
             feat("The Last Story Of Them All")]
    classes = [c.GOOD, c.RELATED_HEAD] + [c.SHORT] * 6
    labels = [BODY] + [NAV] * 7
    v.mark_related(feats, classes, labels, 0, 1)
    # three menu-like lines in a row end the block; they stay nav
    assert labels == [BODY, RELATED, RELATED, RELATED, NAV, NAV, NAV, NAV]


def test_a_related_block_inside_the_article_stops_at_its_text():
    feats = [paragraph(), feat("Related"), feat("A Story About Something Else"), paragraph()]
    classes = [c.GOOD, c.RELATED_HEAD, c.SHORT, c.GOOD]
    labels = [BODY, RELATED, BODY, BODY]
    v.mark_related(feats, classes, labels, 0, 4)
    assert labels == [BODY, RELATED, RELATED, BODY]


def test_read_more_links_are_related_anywhere():
    labels = [BODY]
    v.mark_related([feat("Read more: X")], [c.READ_MORE], labels, 0, 1)
    assert labels == [RELATED]


def test_a_short_line_above_a_picture_credit_is_its_caption():
    feats = [paragraph(), feat("The bridge at dusk"), feat("Photo: AP")]
    classes = [c.GOOD, c.SHORT, c.CAPTION_CUE]
    labels = [BODY, BODY, CAPTION]
    v.mark_captions(feats, classes, labels, 0, 3)
    assert labels == [BODY, CAPTION, CAPTION]
    labels = [BODY, BODY, CAPTION]  # a paragraph above a credit stays body
    v.mark_captions([feat("x"), paragraph(), feat("Photo: AP")],
                    [c.SHORT, c.GOOD, c.CAPTION_CUE], labels, 0, 3)
    assert labels == [BODY, BODY, CAPTION]


def test_a_long_line_above_a_credit_is_no_caption():
    long = feat("x" * v.CAPTION_ABOVE_CREDIT_MAX_CHARS)
    labels = [BODY, BODY, CAPTION]
    v.mark_captions([paragraph(), long, feat("Photo: AP")],
                    [c.GOOD, c.SHORT, c.CAPTION_CUE], labels, 0, 3)
    assert labels[1] == BODY


def _live_blog(entries: int) -> tuple[list, list, list]:
    feats, classes, labels = [], [], []
    for _ in range(entries):
        feats += [feat("10:42"), feat("Minister arrives at the summit"), paragraph()]
        classes += [c.DATE, c.SHORT, c.GOOD]
        labels += [TIMESTAMP, BODY, BODY]
    return feats, classes, labels


def test_live_blog_entries_get_their_titles():
    feats, classes, labels = _live_blog(v.LIVE_MIN_TIMES)
    v.mark_live_blog(feats, classes, labels, 0, len(feats))
    assert labels[:3] == [TIMESTAMP, HEADLINE, BODY]


def test_too_few_times_make_no_live_blog():
    feats, classes, labels = _live_blog(v.LIVE_MIN_TIMES - 1)
    v.mark_live_blog(feats, classes, labels, 0, len(feats))
    assert HEADLINE not in labels


def test_revise_reports_each_step_in_order():
    steps = []

    def trace(step, labels, **facts):
        steps.append((step, list(labels), sorted(facts)))

    feats = [feat("Title"), paragraph()]
    labels = v.revise(feats, [c.SHORT, c.GOOD], region(1, 2, head=0), trace)
    assert labels == [HEADLINE, BODY]
    assert [s for s, _, _ in steps] == ["article", "head", "title", "above title", "tail",
                                        "related", "captions", "live blog"]
    assert steps[0][2] == ["classes", "end", "head", "inside", "start", "weights"]
    steps.clear()
    v.revise(feats, [c.SHORT, c.GOOD], region(1, 2), trace)
    assert "title" not in [s for s, _, _ in steps]  # no headline, no title steps
