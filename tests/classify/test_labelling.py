"""The labeller's rows: its own columns (title, author, digits, names) and the content
forest's probabilities around each line."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from segkit.classify.labelling import (
    _RELATED_CUE,
    _WORD,
    CONTENT_COLUMNS,
    DATE_REACH,
    LINK_COLUMNS,
    LINK_WINDOW,
    NEAR_COLUMNS,
    OWN_COLUMNS,
    RELATED_CUE_WORDS,
    RELATED_REACH,
    REPEAT_COLUMNS,
    SAME_REACH,
    TITLE_REACH,
    _capitalised,
    _digits,
    _nearest,
    _norm,
    _split,
    _words,
    extra_columns,
    label_columns,
    label_names,
    near_columns,
    own_columns,
    related_cue,
    related_distances,
    repeat_columns,
    with_content,
    word_set,
)
from segkit.classify.page_kind import KIND_COLUMNS
from segkit.classify.pipeline import rule_page
from segkit.classify.vector import MISSING, names
from segkit.evidence import Flag, LineEvidence, PageMeta

TEXTS = ["Rivers rise in the valley | The Courier", "Home", "Rivers rise in the valley",
         "By Jane Smith", "12 March 2024, 10:45",
         "The water rose by a metre overnight, the mayor said on Tuesday."]
COLUMN = {name: k for k, name in enumerate(label_columns(True))}


def _html_page(meta: PageMeta):
    evidence = [LineEvidence("p", 0, 0, 0, 0.0, ()) for _ in TEXTS]
    return rule_page(TEXTS, evidence, meta)


def test_the_names_are_the_content_rows_then_the_labellers_own() -> None:
    for html in (True, False):
        assert label_names(html) == [*names(html), *label_columns(html)]
    assert label_columns(True) == (*OWN_COLUMNS, *CONTENT_COLUMNS, *KIND_COLUMNS)
    assert label_columns(False) == (*OWN_COLUMNS, *NEAR_COLUMNS, *CONTENT_COLUMNS,
                                    *KIND_COLUMNS)


def test_a_line_repeating_the_markup_title_is_marked_and_its_neighbours_measured() -> None:
    page = _html_page(PageMeta(title=TEXTS[0], og_title="Rivers rise in the valley",
                               ld_authors=("Jane Smith",)))
    own = own_columns(page)
    assert own[2][COLUMN["t_sim"]] == 1.0 and own[2][COLUMN["t_exact"]] == 1.0
    assert own[1][COLUMN["t_exact"]] == 0.0 and own[1][COLUMN["t_sim"]] == 0.0
    assert own[3][COLUMN["t_dist"]] == 1.0          # the byline sits right under the title
    assert own[5][COLUMN["t_dist"]] == 3.0
    assert own[3][COLUMN["a_name"]] == 1.0 and own[5][COLUMN["a_name"]] == 0.0
    assert own[4][COLUMN["digits"]] > 0.4 and own[5][COLUMN["digits"]] == 0.0
    assert own[3][COLUMN["caps"]] == 1.0


def test_where_links_point_is_read_per_line_and_as_a_share_of_the_lines_around() -> None:
    texts = [f"Teaser number {k} about the river" for k in range(10)]
    teaser = LineEvidence("li", 0, int(Flag.LINK | Flag.ARTICLE_LINK), 1, 1.0, ())
    plain = LineEvidence("p", 0, 0, 0, 0.0, ())
    evidence = [plain] * 5 + [teaser] * 5
    own = own_columns(rule_page(texts, evidence, PageMeta()))
    assert [row[COLUMN["to_article"]] for row in own] == [0.0] * 5 + [1.0] * 5
    assert all(row[COLUMN["to_shallow"]] == 0.0 for row in own)
    share = [row[COLUMN[f"to_article~{LINK_WINDOW}"]] for row in own]
    assert share[0] == 0.0 and share[9] == 1.0
    assert share[4] == 3 / 7                         # lines 1-7: three teasers (5-7) of seven
    text_only = own_columns(rule_page(texts))
    assert all(row[COLUMN[name]] == MISSING for row in text_only for name in LINK_COLUMNS)


def test_a_link_to_a_persons_page_is_the_labellers_column_not_the_content_rows() -> None:
    """A poster's or an author's name links to their page: which label, not whether
    content, so the content row leaves the mark to the labeller."""
    texts = ["Reply from the forum", "ann_lee", "The river rose again today, said Ann."]
    poster = LineEvidence("a", 0, int(Flag.LINK | Flag.ONE_LINK | Flag.PERSON_LINK), 0,
                          1.0, ())
    plain = LineEvidence("p", 0, 0, 0, 0.0, ())
    own = own_columns(rule_page(texts, [plain, poster, plain], PageMeta()))
    assert [row[COLUMN["to_person"]] for row in own] == [0.0, 1.0, 0.0]
    assert "f_person_link" not in names(True) and "f_one_link" in names(True)


def test_without_markup_the_first_line_stands_for_the_title_and_no_author_is_known() -> None:
    own = own_columns(rule_page(TEXTS))
    assert own[2][COLUMN["t_sim"]] > 0.8           # the first line, less the site's name
    assert all(row[COLUMN["a_name"]] == MISSING for row in own)
    far = own_columns(rule_page(["Title here", *["Some other words."] * 30]))
    assert far[-1][COLUMN["t_dist"]] == TITLE_REACH


def test_the_content_probabilities_come_with_the_neighbours_and_a_running_mean() -> None:
    rows = [[0.0], [0.0], [0.0]]
    own = [[1.0] * 6 for _ in rows]
    got = with_content(rows, own, [0.2, 0.5, 0.8])
    p = 1 + 6  # the content row's one column, then the six own columns
    assert got[0][p:p + 4] == [0.2, MISSING, 0.5, 0.5]
    assert got[1][p:p + 4] == [0.5, 0.2, 0.8, 0.5]
    assert got[2][p:p + 4] == [0.8, 0.5, MISSING, 0.5]
    # Then the page's kind columns: unknown here, and the page's own on every line.
    assert all(row[p + 4:] == [MISSING] * len(KIND_COLUMNS) for row in got)
    kind = [0.1, 0.6, 0.1, 0.05, 0.05, 0.05, 0.05]
    assert all(row[p + 4:] == kind for row in with_content(rows, own, [0.2] * 3, kind))


def test_the_extra_columns_are_the_labeller_rows_past_the_content_row() -> None:
    page = _html_page(PageMeta(title=TEXTS[0], ld_authors=("Jane Smith",)))
    rows = [[float(k)] * 3 for k in range(len(TEXTS))]
    probs = [0.1, 0.9, 0.4, 0.3, 0.2, 0.8]
    extra = extra_columns(page, probs)
    assert [row + more for row, more in zip(rows, extra, strict=True)] == with_content(
        rows, own_columns(page), probs)


def test_the_distance_to_the_title_is_the_nearest_other_repeat_capped() -> None:
    rng = random.Random(3)
    for _ in range(300):
        anchors = sorted(rng.sample(range(60), rng.randint(0, 6)))
        for i in range(60):
            want = min((abs(i - a) for a in anchors if a != i), default=TITLE_REACH)
            assert _nearest(anchors, i) == min(want, TITLE_REACH)


def test_digits_are_counted_as_str_isdigit_counts_them() -> None:
    for text in ("", "abc", "12 March 2024, 10:45", "٣ أيام", "²³ x¹", "2024年3月12日", "0"*9):
        assert _digits(text) == sum(1 for c in text if c.isdigit())


@given(st.text(max_size=40))
@settings(max_examples=300, deadline=None)
def test_any_text_has_its_digits_counted_as_str_isdigit_counts_them(text: str) -> None:
    assert _digits(text) == sum(1 for c in text if c.isdigit())


@given(st.text(alphabet=st.sampled_from("aZ_9 -.Éé'\u00a0ß"), max_size=30))
@settings(max_examples=300, deadline=None)
def test_capitalised_words_are_counted_as_their_first_letters_say(text: str) -> None:
    tokens = _split(text)[0]
    assert _capitalised(text, tokens) == sum(1 for t in tokens if t[:1].isupper())


def test_one_search_gives_the_words_their_set_and_the_normal_form() -> None:
    rng = random.Random(4)
    parts = ["Rivers", "RISE", "ß", "İ", "ﬁ", "Ⅻ", "_", "9", " ", "-", "é", "\u0301", "ǅ",
             "\u200d", "ΣΑΣ", "x", ".", "\u00a0", "中文"]
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 8)))
        assert _split(text) == (_WORD.findall(text), _words(text), _norm(text)), text


def test_a_scoped_labeller_gets_the_rows_of_its_lines_alone_and_the_same_rows() -> None:
    texts = ["Rivers rise in the valley | The Courier", "Home", "Rivers rise in the valley",
             "Jane Smith", "12 March 2024", "The water rose by a metre overnight, she said.",
             "Rivers rise in the valley", "More from the valley"]
    page = rule_page(texts)
    needed = [False, True, False, True, False, False, False, True]
    probs = [0.1, 0.2, 0.9, 0.3, 0.2, 0.8, 0.4, 0.1]
    full, some = extra_columns(page, probs), extra_columns(page, probs, needed)
    assert [row for row, n in zip(some, needed, strict=True) if not n] == [[]] * 5
    assert [row for row, n in zip(some, needed, strict=True) if n] == [
        row for row, n in zip(full, needed, strict=True) if n]
    # Line 3's distance to the title counts the repeat on line 2, for which no row is built.
    assert some[3][COLUMN["t_dist"]] == 1.0


def test_the_word_set_alone_is_the_one_the_search_gives() -> None:
    rng = random.Random(5)
    parts = ["Rivers", "RISE", "ß", "İ", "ﬁ", "Ⅻ", "_", "9", " ", "-", "é", "\u0301", "ǅ",
             "\u200d", "ΣΑΣ", "x", ".", "\u00a0", "中文", "K", "Zz"]
    for _ in range(3000):
        text = "".join(rng.choice(parts) for _ in range(rng.randint(0, 8)))
        assert word_set(text) == _split(text)[1], text


@given(st.lists(st.sampled_from(
    ["Rivers rise in the valley | The Courier", "Rivers rise in the valley", "Home", "",
     "By Jane Smith", "12 March 2024, 10:45", "RIVERS RISE IN THE VALLEY", "Ünïcode Rivers",
     "The water rose by a metre overnight, the mayor said on Tuesday.", "rivers rise"]),
    min_size=1, max_size=14), st.data())
@settings(max_examples=150, deadline=None)
def test_any_scope_gives_its_lines_the_rows_every_line_gets(texts, data) -> None:
    page = rule_page([t for t in texts if t] or ["Home"])
    n = len(page.feats)
    needed = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
    probs = [k / max(n, 1) for k in range(n)]
    full, some = extra_columns(page, probs), extra_columns(page, probs, needed)
    assert all(s == (f if keep else []) for f, s, keep in zip(full, some, needed, strict=True))


def test_a_listings_repeated_author_and_date_lines_are_counted_over_the_page() -> None:
    """Each entry of a listing repeats its author and date lines in the same markup; an
    article shows one of each. The counts are the page's, the shared tokens the line's."""
    entry = ["How rivers rise", "By Ann Lee", "12 March 2024"]
    texts = ["River news", *entry * 3]
    title = LineEvidence("h1", 1, 0, 0, 0.0, ("header",))
    shapes = [LineEvidence("a", 0, 0, 0, 1.0, ("entry-title", "card")),
              LineEvidence("div", 0, 0, 0, 0.0, ("author", "card")),
              LineEvidence("div", 0, 0, 0, 0.0, ("date", "card"))]
    page = rule_page(texts, [title, *shapes * 3], PageMeta())
    rows = repeat_columns(page)
    assert [r[:2] for r in rows] == [[3.0, 3.0]] * len(texts)  # three bylines, three dates
    assert [r[2] for r in rows] == [1.0, *[3.0] * 9]  # each entry line's shape thrice
    own = own_columns(page)
    at = OWN_COLUMNS.index(REPEAT_COLUMNS[0])
    assert [row[at:at + 3] for row in own] == rows
    article = repeat_columns(rule_page(texts[:4], [title, *shapes], PageMeta()))
    assert article[2] == [1.0, 1.0, 1.0]
    text_only = repeat_columns(rule_page(texts))
    assert text_only[2] == [3.0, 3.0, MISSING]  # no markup: no tokens to compare


def test_the_lines_after_a_related_cue_count_from_it_up_to_the_cap() -> None:
    texts = ["A story about rivers.", "Check out other related discussions", "Flood maps",
             "Rain in March", "You might also be interested in these", "Dams"]
    assert related_distances(texts) == [RELATED_REACH, 0.0, 1.0, 2.0, 0.0, 1.0]
    prose = ("The council said the related costs of the new flood defences would be "
             "met by the county over the next ten years.")
    assert related_distances([prose, "Flood maps"]) == [RELATED_REACH] * 2  # prose, no cue
    far = related_distances(["Related", *["Some other words."] * 50])
    assert far[10] == 10.0 and far[-1] == RELATED_REACH


def test_a_shops_block_of_other_items_is_a_related_cue() -> None:
    """Shops head their teasers of other items with their own wording; a shop's menu
    item "Best sellers" and a product's badge "Best seller" are not such a header."""
    for head in ("People who viewed this item also viewed", "Customers also bought",
                 "Frequently Bought Together", "Recently viewed", "Consider these items",
                 "Complete the look", "Sponsored products"):
        assert related_distances([head, "Blue linen shirt"]) == [0.0, 1.0], head
    for line in ("Best Sellers", "Best seller", "Sponsored by the county council"):
        assert related_distances([line, "Blue linen shirt"]) == [RELATED_REACH] * 2, line


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("relatdsimyouncpgwhfqvbkRELATDSIMYOUFQVBſKK İ")),
               max_size=40)
       | st.sampled_from(["Related", "More from Sport", "You may also like", "Popular now",
                          "Other threads", "TRENDING", "ſimilar items", "Also viewed",
                          "FREQUENTLY BOUGHT", "Recently viewed", "ſponsored items"]))
def test_the_cue_is_the_patterns_search_on_a_short_line(text: str) -> None:
    """The words checked before the pattern never hide a line the pattern would find."""
    want = text.count(" ") < RELATED_CUE_WORDS and _RELATED_CUE.search(text) is not None
    assert related_cue(text) == want


def test_a_posters_name_is_measured_against_the_dates_below_and_above_it() -> None:
    """A forum post opens with its poster's name, often twice, just above its date; in
    text, which has no profile link to tell it, the columns give the lines to the nearest
    date either way and whether the name repeats close by (a menu's words further apart)."""
    texts = ["Best tents for wet weather", "Forums", "hilltopper", "hilltopper",
             "12 March 2024", "Any tent that survives a storm is fine by me.", "riverrat",
             "13 March 2024", "Forums"]
    page = rule_page(texts)
    assert [f.date for f in page.feats] == [False] * 4 + [True, False, False, True, False]
    rows = near_columns(page, texts)
    assert [r[0] for r in rows] == [4.0, 3.0, 2.0, 1.0, 3.0, 2.0, 1.0, DATE_REACH, DATE_REACH]
    assert [r[1] for r in rows] == [DATE_REACH] * 5 + [1.0, 2.0, 3.0, 1.0]
    assert [r[2] for r in rows] == [0.0, 0.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0]
    own = own_columns(page)  # no markup: the near columns follow the labeller's own
    assert [row[len(OWN_COLUMNS):] for row in own] == rows
    marked = own_columns(rule_page(texts, [LineEvidence("p", 0, 0, 0, 0.0, ())] * len(texts),
                                   PageMeta()))
    assert {len(row) for row in marked} == {len(OWN_COLUMNS)}  # HTML has its markup cues
    apart = ["Home", *[f"Line {k} of prose." for k in range(SAME_REACH)], "Home"]
    assert near_columns(rule_page(apart), apart)[0][2] == 0.0  # SAME_REACH + 1 lines apart
    close = apart[:1] + apart[2:]
    assert near_columns(rule_page(close), close)[0][2] == 1.0


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["hilltopper", "12 March 2024", "Forums", "Reply",
                                 "Any tent that survives a storm is fine by me."]),
                min_size=1, max_size=20))
def test_the_near_columns_are_the_nearest_dates_and_repeats_by_their_definition(texts) -> None:
    """Against a plain search of every other line: the nearest date strictly below and
    above, capped, and an equal text within SAME_REACH lines."""
    page = rule_page(texts)
    dates = [i for i, f in enumerate(page.feats) if f.date]
    for i, (below, above, same) in enumerate(near_columns(page, texts)):
        assert below == min([j - i for j in dates if j > i] + [DATE_REACH])
        assert above == min([i - j for j in dates if j < i] + [DATE_REACH])
        assert same == float(any(texts[j] == texts[i] for j in range(len(texts))
                                 if j != i and abs(j - i) <= SAME_REACH))
