import json

import pytest

from segkit.describe.title import (
    FEATURES,
    TitleModel,
    TitleModelError,
    candidate_rows,
    clean_title,
    find_title,
    first_line_titled,
    rule_title,
    shipped_model,
    strip_site,
    title_candidates,
    title_model_from_json,
)
from segkit.document import Document
from segkit.evidence import LineEvidence, PageMeta


def test_site_name_is_cut_from_the_title():
    assert strip_site("Harbour reopens | Example News", "Example News", "example.org") == (
        "Harbour reopens")
    assert strip_site("Example News - Harbour reopens", None, "examplenews.com") == (
        "Harbour reopens")
    assert strip_site("Harbour reopens after a long and stormy week - Gazette", None, "x.test") == (
        "Harbour reopens after a long and stormy week")
    assert strip_site("Plain title", "Site", "x.test") == "Plain title"


def _html_doc(rows, meta):
    doc = Document.from_text("\n".join(text for text, _, _ in rows), id="d",
                             url="https://www.example.org/a")
    doc.evidence = [LineEvidence(tag, level, 0, 0, 0.0, ()) for _, tag, level in rows]
    for line, (_, tag, _) in zip(doc.lines, rows, strict=True):
        line.label = "headline" if tag == "h1" else "body"
    doc.meta = meta
    return doc


def test_h1_agreeing_with_the_markup_title_is_taken():
    meta = PageMeta(title="Harbour Reopens | Example News", og_site_name="Example News")
    doc = _html_doc([("Menu", "h1", 1), ("Harbour reopens", "h1", 1), ("Text.", "p", None)],
                    meta)
    assert rule_title(doc) == "Harbour reopens"


def test_first_h1_else_the_trimmed_markup_title():
    meta = PageMeta(title="SEO title | Example News", og_site_name="Example News")
    assert rule_title(_html_doc([("The headline", "h1", 1)], meta)) == "The headline"
    assert rule_title(_html_doc([("Just text.", "p", None)], meta)) == "SEO title"


def _text_doc(text: str, labels: list[str]) -> Document:
    doc = Document.from_text(text, id="d")
    for line, label in zip(doc.lines, labels, strict=True):
        line.label = label
    return doc


def test_text_mode_takes_the_headline_line_beside_a_plain_first_line():
    # "Home" is a menu's first item, not a title: the headline line is.
    assert find_title(_text_doc("Home\nThe headline\nBody.", ["nav", "headline", "body"])
                      ) == "The headline"


def test_text_mode_lets_a_title_shaped_first_line_stand_for_the_title_tag():
    # A rendering of a page starts with its <title>: the site's name is cut off.
    doc = _text_doc("Rivers rise in the valley | The Courier\nHome\nRivers rise in the valley\n"
                    "The water rose by a metre overnight, the mayor said.",
                    ["nav", "nav", "nav", "body"])
    assert find_title(doc) == "Rivers rise in the valley"
    # With no headline line, the first line is the only guess; a long one is prose.
    assert find_title(_text_doc("Home\nBody.", ["body", "body"])) == "Home"
    prose = "The water rose by a metre overnight, " * 6
    assert find_title(_text_doc(f"{prose}\nBody.", ["body", "body"])) is None


def test_a_first_line_set_apart_stands_for_the_title_tag_beside_headline_lines():
    # A rendering sets its <title> apart with a blank line; the chooser weighs it against
    # the headline lines. Run into the lines below, a plain first line is a menu's item.
    apart = _text_doc("Winter timetable\n\nFerry keeps running\nBody.",
                      ["headline", None, "headline", "body"])
    titled = first_line_titled(apart)
    assert titled is not None and titled.meta is not None
    assert titled.meta.title == "Winter timetable"
    run_on = _text_doc("Home\nFerry keeps running\nBody.", ["nav", "headline", "body"])
    assert first_line_titled(run_on) is None
    # Shaped as a <title>, or with no headline after it, it stands in all the same.
    assert first_line_titled(_text_doc("Ferry | Gazette\nFerry\nBody.",
                                       ["nav", "headline", "body"])) is not None
    assert first_line_titled(_text_doc("Home\nFerry\nBody.", ["nav", "nav", "body"])
                             ) is not None


def test_text_mode_offers_the_lines_just_above_the_content_nearest_first():
    lines = ["Site | Home", "", "Menu", "Ferry keeps running", "By Ann Lee",
             "x" * 201, "The ferry ran all winter, the harbour master said.", "Footer"]
    labels = ["nav", None, "nav", "nav", "byline", "nav", "body", "nav"]
    doc = _text_doc("\n".join(lines), labels)
    cands = {c.text: c for c in title_candidates(first_line_titled(doc))}
    # Nearest first, up to ABOVE_LINES lines; an over-long line is prose, no candidate.
    assert cands["By Ann Lee"].sources["above"] == 0
    assert cands["Ferry keeps running"].sources["above"] == 1
    assert cands["Menu"].sources["above"] == 2
    assert "above" in cands["Site | Home"].sources
    assert "x" * 201 not in cands and "Footer" not in cands
    rows = dict(zip(cands, candidate_rows(first_line_titled(doc), None)[1], strict=True))
    assert rows["By Ann Lee"]["above_rank"] < rows["Ferry keeps running"]["above_rank"]
    # No body: nothing is above it. HTML has its h1s instead.
    assert all("above" not in c.sources for c in title_candidates(
        _text_doc("Ferry keeps running\nMenu", ["nav", "nav"])))
    html = _html_doc([("Ferry keeps running", "p", None), ("Text.", "p", None)],
                     PageMeta(title="Ferry"))
    assert all("above" not in c.sources for c in title_candidates(html))


def test_in_text_mode_the_first_line_is_the_title_tag_not_a_headline_source():
    # Labelled headline as a <title> without the site's name, it is offered as the
    # <title>; the headline lines after it keep their ranks.
    doc = first_line_titled(_text_doc("Winter timetable\n\nFerry keeps running\nBody.",
                                      ["headline", None, "headline", "body"]))
    found = _sources(doc)
    assert "headline" not in found["Winter timetable"] and "title" in found["Winter timetable"]
    assert "headline" in found["Ferry keeps running"]


def test_the_title_most_sources_agree_on_wins_over_a_lone_h1():
    meta = PageMeta(title="8 Recent Trends | Example News", og_title="8 Recent Trends",
                    og_site_name="Example News")
    doc = _html_doc([("Recent Trends", "p", 1), ("Text.", "p", None)], meta)
    doc.evidence[0].heading = 1
    assert rule_title(doc) == "8 Recent Trends"
    alone = PageMeta(title="SEO words | Example News", og_site_name="Example News")
    assert rule_title(_html_doc([("Recent Trends", "h1", 1)], alone)) == "Recent Trends"


def test_characters_that_show_nothing_are_left_out_of_the_title():
    """Bidirectional marks around a title and soft hyphens in a headline show nothing: the
    title has none, and sources that differ only by them agree."""
    meta = PageMeta(title="\u202aJane Roe\u202c - \u202aScholar\u202c", og_title="Jane Roe")
    assert rule_title(_html_doc([("Just text.", "p", None)], meta)) == "Jane Roe"
    meta = PageMeta(title="Repair Assistance | Example")
    doc = _html_doc([("Repair Assis\u00adtance", "h1", 1)], meta)
    assert rule_title(doc) == "Repair Assistance"
    assert find_title(doc) == "Repair Assistance"


def test_entities_left_in_a_markup_title_are_decoded():
    assert clean_title("Tips &amp; tricks &#x26; more\u00a0 now ") == "Tips & tricks & more now"
    assert clean_title("Fish & chips &c") == "Fish & chips &c"  # no entity: left as it is
    assert clean_title(" \u200b ") is None


def test_a_headings_permalink_mark_is_cut_off_the_title():
    assert clean_title("Quickstart \u00b6") == "Quickstart"
    assert clean_title("Usage #") == "Usage"
    assert clean_title("Learn C#") == "Learn C#"       # no space before it: a word's
    assert clean_title("Issue #12") == "Issue #12"
    meta = PageMeta(title="Advanced Usage \u2014 Example 2.0 documentation")
    doc = _html_doc([("Advanced Usage \u00b6", "h1", 1)], meta)
    assert find_title(doc) == "Advanced Usage"


def _sources(doc):
    return {c.text: set(c.sources) for c in title_candidates(doc)}


def test_candidates_come_from_every_title_source():
    meta = PageMeta(title="Harbour reopens - Local news | Example News", og_title="Harbour",
                    og_site_name="Example News", ld_headline="Harbour reopens at last",
                    ld_name="The harbour", ld_breadcrumb=("Home", "Harbour news"))
    doc = _html_doc([("Harbour reopens", "h1", 1), ("Boats", "h2", 2), ("Text.", "p", None)],
                    meta)
    found = _sources(doc)
    assert found["Harbour reopens"] >= {"h1", "headline", "title_first"}
    assert found["Boats"] == {"h2"}
    assert {"title_segment"} <= found["Local news"]
    assert "title_head" in found["Harbour reopens - Local news"]
    assert "title_cut" in found["Harbour reopens - Local news"]
    assert found["Harbour"] == {"og", "og_first", "og_cut"}
    assert found["Harbour reopens at last"] == {"ld_headline", "ld_cut"}
    assert found["The harbour"] == {"ld_name"} and found["Harbour news"] == {"crumb"}


def test_an_h1_broken_over_two_lines_is_offered_whole():
    meta = PageMeta(title="Example")
    doc = _html_doc([("News Product", "h1", 1), ("Management Course", "h1", 1),
                     ("Text.", "p", None)], meta)
    assert "h1_joined" in _sources(doc)["News Product Management Course"]
    apart = _html_doc([("News Product", "h1", 1), ("Text.", "p", None),
                       ("Management Course", "h1", 1)], meta)
    assert "News Product Management Course" not in _sources(apart)


def test_the_title_elements_own_line_does_not_make_it_shown():
    meta = PageMeta(title="Harbour reopens")
    doc = _html_doc([("Harbour reopens", "title", None), ("Text.", "p", None)], meta)
    [cand] = [c for c in title_candidates(doc) if c.text == "Harbour reopens"]
    assert cand.line == -1
    doc = _html_doc([("Harbour reopens", "title", None), ("Harbour reopens", "div", None),
                     ("Text.", "p", None)], meta)
    [cand] = [c for c in title_candidates(doc) if c.text == "Harbour reopens"]
    assert cand.line == 1


def test_a_markup_candidate_is_placed_on_the_first_line_that_shows_it_whatever_its_case():
    """Lines are keyed only when their first character can start the candidate's key: the
    shortcut must find a line that differs in case, leading space, typography or script."""
    meta = PageMeta(title="Harbour Reopens | Example", og_title="'Quoted' title",
                    ld_headline="Élan vital — renewed", ld_name="über alles")
    doc = _html_doc([("Menu", "p", None), ("  harbour reopens", "div", None),
                     ("HARBOUR REOPENS", "div", None), ("`Quoted` title", "p", None),
                     ("élan vital - renewed", "p", None), ("Über alles", "p", None)], meta)
    line = {c.text: c.line for c in title_candidates(doc)}
    assert line["Harbour Reopens"] == 1
    assert line["'Quoted' title"] == 3
    assert line["Élan vital — renewed"] == 4
    assert line["über alles"] == 5
    assert line["Harbour Reopens | Example"] == -1


def test_features_say_where_a_candidate_stands_and_the_page_type_copies_them():
    meta = PageMeta(title="Harbour reopens | Example News", og_site_name="Example News")
    doc = _html_doc([("Menu", "p", None), ("Harbour reopens", "h1", 1),
                     ("The harbour reopens today.", "p", None)], meta)
    doc.lines[0].label = "nav"
    cands, rows = candidate_rows(doc, "service")
    row = rows[[c.text for c in cands].index("Harbour reopens")]
    assert row["src:h1"] == row["first:h1"] == row["shown"] == row["next_body"] == 1.0
    assert row["rule"] == 1.0 and row["in_body"] == 1.0 and row["label:headline"] == 1.0
    assert row["type:service"] == 1.0 and row["src:h1@service"] == 1.0
    assert set(row) <= set(FEATURES)
    full = rows[[c.text for c in cands].index("Harbour reopens | Example News")]
    assert full["site"] == full["has_sep"] == 1.0 and full["shown"] == 0.0
    assert "type:service" not in candidate_rows(doc, None)[1][0]


def test_the_scorer_picks_the_candidate_its_weights_favour():
    meta = PageMeta(title="Data Analytics Services | Acme", og_site_name="Acme")
    doc = _html_doc([("Intelligent analytics", "h1", 1), ("Text.", "p", None)], meta)
    assert find_title(doc, model=TitleModel({"src:h1": 1.0})) == "Intelligent analytics"
    assert find_title(doc, model=TitleModel({"src:title_first": 1.0})) == (
        "Data Analytics Services")
    assert find_title(doc, "service", TitleModel({"src:title_first@service": 1.0})) == (
        "Data Analytics Services")
    assert find_title(_html_doc([("Text.", "p", None)], PageMeta())) is None


def test_the_shipped_title_model_loads_and_rates_every_feature_it_knows():
    model = shipped_model()
    assert model.weights and set(model.weights) <= set(FEATURES)
    back = title_model_from_json(json.loads(json.dumps(model.to_json())), "x")
    assert back.weights.keys() <= set(FEATURES)


def test_each_mode_has_its_own_shipped_title_model():
    from segkit.describe.title import TEXT_TITLE_MODEL_PATH, TITLE_MODEL_PATH

    text, html = shipped_model(True), shipped_model()
    assert text.weights and set(text.weights) <= set(FEATURES)
    assert text.weights != html.weights
    for path in (TEXT_TITLE_MODEL_PATH, TITLE_MODEL_PATH):
        assert json.loads(path.read_text(encoding="utf-8"))["l2"] > 0  # how it was fitted


def test_a_text_page_is_rated_by_the_text_model_and_an_html_page_by_the_html_one(
        monkeypatch):
    """Each model, swapped for one that favours another candidate, moves its own mode's
    title and only that: text mode's candidates are only its first line and its lines."""
    import segkit.describe.title as title

    first_segment = TitleModel({"src:title_first": 1.0})
    whole = TitleModel({"src:title": 1.0})
    text_doc = _text_doc("Rivers rise | The Courier\nRivers rise\nThe water rose overnight.",
                         ["nav", "nav", "body"])
    html_doc = _html_doc([("Rivers rise", "h1", 1), ("The water rose.", "p", None)],
                         PageMeta(title="Rivers rise | The Courier"))
    for text_model, html_model, text_title, html_title in (
            (whole, first_segment, "Rivers rise | The Courier", "Rivers rise"),
            (first_segment, whole, "Rivers rise", "Rivers rise | The Courier")):
        monkeypatch.setattr(title, "shipped_model",
                            lambda text=False, t=text_model, h=html_model: t if text else h)
        assert find_title(text_doc) == text_title
        assert find_title(html_doc) == html_title


@pytest.mark.parametrize(("change", "message"), [
    ({"kind": "other"}, "not a segkit-title-chooser"),
    ({"features": ["src:h1"]}, "retrain"),
    ({"weights": [1.0]}, "finite numbers"),
    ({"intercept": "x"}, "intercept"),
])
def test_a_bad_title_model_is_refused_naming_the_file(change, message):
    data = {**TitleModel({"src:h1": 1.0}).to_json(), **change}
    with pytest.raises(TitleModelError, match=f"my.json: .*{message}"):
        title_model_from_json(data, "my.json")


def test_lines_are_keyed_where_their_key_may_be_sought_and_only_there() -> None:
    from segkit.describe.text import key
    from segkit.describe.title import _line_keys

    sought = key("Café “owners” vote")
    lines = ["Café “owners” vote",                          # non-ASCII, the key itself
             "Cafe owners vote" + " " * 40,                 # long by its spaces alone
             "Caf\u200bé\u200b “owners”\u200b vote\u200b",  # zero-width spaces dropped
             "Café owners vote on the new terrace rules at the council tonight",  # prose
             "Weather"]
    doc = Document.from_text("\n".join(lines), id="d")
    got = dict(_line_keys(doc, {sought[0]}, len(sought)))
    assert got[0] == sought and got[2] == sought
    assert got[1] == "cafe owners vote"        # may be sought (its key is as short): keyed
    assert 3 not in got                        # longer than any key sought: not keyed
    assert 4 not in got                        # ASCII, another first letter: not keyed
