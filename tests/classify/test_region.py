"""Stage 3, region: line weights, the article-run search, the title anchor, the container."""

from classify_helpers import ev, feat, paragraph

from segkit.classify import classes as c
from segkit.classify import region as r


def test_weights_by_class():
    para = paragraph(words=100)
    assert r.weight(para, c.GOOD) == r.GOOD_MAX_POINTS  # capped
    assert r.weight(feat("x" * 150), c.GOOD) == 1.5
    assert r.weight(feat("A sentence."), c.NEAR) == r.NEAR_WEIGHT
    assert r.weight(feat("Related"), c.RELATED_HEAD) == r.RELATED_WEIGHT
    assert r.weight(feat("Comments"), c.COMMENTS_HEAD) == r.COMMENTS_WEIGHT
    assert r.weight(feat("Home"), c.NAV_CUE) == r.NAV_WEIGHT
    assert r.weight(feat("Home"), c.LINK_LINE) == r.SHORT_WEIGHT
    assert r.weight(feat(""), c.INVISIBLE) == r.NEUTRAL_WEIGHT


def test_weights_of_short_lines_by_shape():
    assert r.weight(feat("Home", repeats=2), c.SHORT) == r.REPEATED_WEIGHT
    assert r.weight(feat("www.example.com", link=True), c.SHORT) == r.NEUTRAL_WEIGHT
    assert r.weight(feat("- Our team here"), c.SHORT) == r.SHORT_WEIGHT  # with its marker
    assert r.weight(feat("1. first of the numbered things", bullet=True),
                    c.SHORT) == r.LIST_ITEM_WEIGHT
    assert r.weight(feat("a row of a table in sentence case", lower_share=0.9),
                    c.SHORT) == r.ROW_WEIGHT
    assert r.weight(feat("A Teaser Title In Title Case", lower_share=0.0),
                    c.SHORT) == r.TITLE_WEIGHT


def test_a_short_line_near_text_costs_less():
    feats = [feat("Menu entry"), feat("x"), feat("x"), feat("Subheading"), paragraph()]
    classes = [c.SHORT, c.SHORT, c.SHORT, c.SHORT, c.GOOD]
    weights = r.region_weights(feats, classes)
    assert weights[0] == r.SHORT_WEIGHT  # three lines from the text
    assert weights[3] == r.AMONG_TEXT_WEIGHT
    assert weights[2] == r.AMONG_TEXT_WEIGHT  # TEXT_NEIGHBOURHOOD lines away


def _teasers(pairs: int) -> tuple[list, list]:
    feats, classes = [], []
    for _ in range(pairs):
        feats += [feat("Another Story You Might Like"), paragraph()]
        classes += [c.SHORT, c.GOOD]
    return feats, classes


def test_teaser_lists_need_enough_title_and_blurb_pairs():
    feats, classes = _teasers(r.TEASER_MIN_PAIRS)
    assert r.teaser_lines(feats, classes) == list(range(2 * r.TEASER_MIN_PAIRS))
    feats, classes = _teasers(r.TEASER_MIN_PAIRS - 1)
    assert r.teaser_lines(feats, classes) == []


def test_blurbs_of_teaser_lists_weigh_less():
    feats, classes = _teasers(r.TEASER_MIN_PAIRS)
    plain = r.region_weights(feats, classes)
    weights = r.article_weights(feats, classes)
    assert weights[1] == plain[1] * r.TEASER_WEIGHT_FACTOR
    assert weights[0] == plain[0]  # a cost stays a cost


def test_best_region_is_the_run_with_the_largest_sum():
    assert r.best_region([-1.0, 2.0, -0.5, 2.0, -3.0, 1.0]) == (1, 4)
    assert r.best_region([-1.0, -2.0]) == (0, 0)


def test_the_lines_under_the_title_cost_nothing_and_a_stop_ends_the_run():
    weights = [-1.0, -1.0, 2.0, 2.0, -0.5, 4.0]
    # the leading costs are dropped (the points count from ``start``, less what they cost)
    assert r.best_extension(weights, 0, frozenset()) == (2, 6, 10.0)
    assert r.best_extension(weights, 0, frozenset({4})) == (2, 4, 6.0)
    # the free lines cost nothing: a small paragraph after them still makes the run
    near = [-1.0] * r.HEAD_FREE_LINES + [0.5]
    assert r.best_extension(near, 0, frozenset())[:2] == (r.HEAD_FREE_LINES, len(near))
    far = [-1.0] * (r.HEAD_FREE_LINES + 1) + [0.5]
    assert r.best_extension(far, 0, frozenset())[1] == 0  # beyond them the menu costs


def test_a_run_of_menu_lines_ends_the_article():
    weights = [2.0] + [r.SHORT_WEIGHT] * r.MENU_RUN_STOP + [10.0]
    assert r.best_extension(weights, 0, frozenset())[1] == 1
    weights = [2.0] + [r.SHORT_WEIGHT] * (r.MENU_RUN_STOP - 1) + [10.0]
    assert r.best_extension(weights, 0, frozenset())[1] == len(weights)


def test_title_candidates_repeat_the_first_line_less_its_site_name():
    feats = [feat("Bridge to open in spring - Example News"), feat("Home"),
             feat("Bridge to open in spring"), feat("Bridge to open in spring today")]
    assert r.title_candidates(feats) == [2]


def test_a_rephrased_title_shares_most_of_its_words():
    feats = [feat("Council says new bridge opens in spring"), feat("Home"),
             feat("New bridge opens in spring, council says"), feat("Weather in spring")]
    assert r.title_candidates(feats) == [2]


def test_the_article_is_the_run_after_the_title():
    feats = [feat("Bridge to open in spring - Example News"), paragraph(), feat("Menu"),
             feat("Bridge to open in spring"), feat("Share"), paragraph(), paragraph()]
    classes = [c.SHORT, c.GOOD, c.SHORT, c.SHORT, c.NAV_CUE, c.GOOD, c.GOOD]
    weights = r.article_weights(feats, classes)
    assert r.find_article(feats, classes, weights) == (3, 5, 7)


def test_without_a_title_the_richest_run_stands_alone():
    feats = [feat("Menu"), paragraph(), paragraph(), feat("Footer")]
    classes = [c.SHORT, c.GOOD, c.GOOD, c.NAV_CUE]
    weights = r.article_weights(feats, classes)
    assert r.find_article(feats, classes, weights) == (None, 1, 3)


def test_the_h1_anchors_the_article_in_html():
    feats = [feat("Menu"), feat("The Headline Shown"), paragraph(), paragraph()]
    classes = [c.SHORT, c.SHORT, c.GOOD, c.GOOD]
    weights = r.article_weights(feats, classes)
    evidence = [ev(), ev(heading=r.TITLE_HEADING_LEVEL), ev(), ev()]
    assert r.find_article(feats, classes, weights, evidence)[0] == 1
    assert r.find_article(feats, classes, weights)[0] is None


def test_the_container_drops_text_outside_it_and_takes_in_its_lists():
    body, aside = ("story",), ("sidebar",)
    classes = [c.GOOD, c.SHORT, c.GOOD, c.GOOD, c.SHORT]
    evidence = [ev(body), ev(aside), ev(body), ev(body), ev(body)]
    start, end, inside = r.fit_container(classes, evidence, 0, 4, None)
    assert (start, end) == (0, 5)  # the list line after the run is the container's
    assert inside == [True, False, True, True, True]


def test_beyond_the_run_only_lines_set_directly_in_the_container_join_it():
    body = ("story",)
    nested = ("promo", "card", "inner", "story")  # more than CONTAINER_MAX_NESTING deep
    assert len(nested) - 1 > r.CONTAINER_MAX_NESTING
    classes = [c.GOOD, c.GOOD, c.SHORT]
    _, end, inside = r.fit_container(classes, [ev(body), ev(body), ev(nested)], 0, 2, None)
    assert end == 2 and inside == [True, True, False]
    _, end, _ = r.fit_container(classes, [ev(body), ev(body), ev(body)], 0, 2, None)
    assert end == 3


def test_no_container_without_shared_tokens():
    classes = [c.GOOD, c.GOOD]
    assert r.fit_container(classes, [ev(("a",)), ev(("b",))], 0, 2, None) == (0, 2, None)


def test_find_region_composes_the_search():
    feats = [feat("Menu"), paragraph(), paragraph()]
    classes = [c.SHORT, c.GOOD, c.GOOD]
    region = r.find_region(feats, classes)
    assert (region.head, region.start, region.end, region.inside) == (None, 1, 3, None)
    assert region.weights == r.article_weights(feats, classes)
