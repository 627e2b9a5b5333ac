import json

import pytest

from segkit.describe import describe
from segkit.describe.author_chooser import candidate_rows, choose_author
from segkit.describe.author_model import (
    FEATURES,
    AuthorModel,
    author_model_path,
    shipped_model,
)
from segkit.describe.chooser import ChooserError
from segkit.document import Document
from segkit.evidence import Flag, LineEvidence, PageMeta

PROSE = ("The water rose overnight and the town woke to free sandbags, a trial of the new "
         "pumps and a question nobody could answer.")


def _doc(rows, meta=None, url=None):
    """A text document of (label, text) rows."""
    doc = Document.from_text("\n".join(text for _, text in rows), id="d", url=url)
    for line, (label, _) in zip(doc.lines, rows, strict=True):
        line.label = label
    doc.meta = meta
    return doc


ARTICLE = [("nav", "Courier | Home"), ("nav", "Free Trial"), ("headline", "How the river rose"),
           ("byline", "By Ann Lee"), ("timestamp", "May 3, 2021"), ("body", PROSE),
           ("nav", "Darya Efimova"), ("body", PROSE)]


def _rows(doc, page_type="article"):
    names, rows = candidate_rows(doc, page_type)
    return dict(zip(names, rows, strict=True))


def test_every_name_a_line_shows_is_a_candidate_and_none_is_the_last():
    names, rows = candidate_rows(_doc(ARTICLE), "article")
    assert names[-1] is None and rows[-1] == {"none": 1.0}
    assert {"Ann Lee", "Free Trial", "Darya Efimova"} <= set(names)
    assert "May 3, 2021" not in names  # a date is no name


def test_a_candidate_is_described_by_the_lines_around_it():
    by = _rows(_doc(ARTICLE))["Ann Lee"]
    assert by["kind:by"] == by["label:byline"] == by["first:byline"] == 1.0
    assert by["after_headline"] == by["date_after"] == by["rule"] == by["headline:3"] == 1.0
    assert by["given"] == by["capitalised"] == by["words:2"] == by["names:1"] == 1.0
    assert by["before_body"] == 1.0 and by["after_body"] == 0.0


def test_a_dateline_s_parts_without_digits_are_candidates():
    """"Date · reading time · name": a byline's reading stops at the first number, so the
    name in a later part is offered on its own, as a part of a dateline."""
    rows = [("headline", "How the river rose"),
            ("timestamp", "December 15, 2025 · 30 min · 6279 words · Ash Vardanian"),
            ("body", PROSE)]
    ash = _rows(_doc(rows))["Ash Vardanian"]
    assert ash["kind:dated"] == ash["date_on_line"] == ash["label:timestamp"] == 1.0
    once = _rows(_doc(ARTICLE))["Ann Lee"]["occurrences"]
    rows[1] = ("byline", "Ash Vardanian · December 15, 2025")  # read both ways: one line
    ash = _rows(_doc(rows))["Ash Vardanian"]
    assert ash["kind:dated"] == ash["kind:short"] == 1.0 and ash["occurrences"] == once


def test_only_a_dateline_near_the_content_is_split_into_parts():
    far = [("headline", "How the river rose"), *[("body", PROSE)] * 12,
           ("nav", "Home · Courier Sport · May 3, 2021"), *[("body", PROSE)] * 12]
    names, _ = candidate_rows(_doc(far), "article")
    assert "Courier Sport" not in names
    menu = [("headline", "How the river rose"), ("nav", "Home · Courier Sport"),
            ("body", PROSE)]
    assert "Courier Sport" not in candidate_rows(_doc(menu), "article")[0]  # no date


def test_words_the_prose_writes_in_lower_case_tell_a_menu_from_a_name():
    rows = _rows(_doc(ARTICLE))
    assert rows["Free Trial"]["lower_share"] == 1.0 and "person" not in rows["Free Trial"]
    darya = rows["Darya Efimova"]
    assert darya["lower_share"] == 0.0 and darya["never_lower"] == darya["person"] == 1.0


def test_a_name_repeated_counts_its_lines_and_a_bio_opening_with_it_is_seen():
    rows = [*ARTICLE, ("nav", "Darya Efimova"),
            ("body", "Darya Efimova writes about rivers, towns and the people who live there.")]
    darya = _rows(_doc(rows))["Darya Efimova"]
    assert darya["occurrences"] > _rows(_doc(ARTICLE))["Darya Efimova"]["occurrences"]
    assert darya["bio"] == 1.0


def test_the_chooser_takes_the_best_scored_candidate_or_none():
    doc = _doc(ARTICLE)
    assert choose_author(doc, "article", AuthorModel({"kind:by": 2.0, "none": 1.0})) == "Ann Lee"
    name_in_menu = AuthorModel({"person": 2.0, "label:nav": 1.0, "none": 1.0})
    assert choose_author(doc, "article", name_in_menu) == "Darya Efimova"
    assert choose_author(doc, "article", AuthorModel({"none": 1.0})) is None
    # the page type's own copy of a feature weighs only on pages of that type
    typed = AuthorModel({"none": 1.0, "person@forum": 2.0, "label:nav@forum": 1.0})
    assert choose_author(doc, "forum", typed) == "Darya Efimova"
    assert choose_author(doc, "article", typed) is None


def test_a_page_with_markup_keeps_the_rules():
    doc = _doc(ARTICLE, PageMeta(title="How the river rose", author="Jo Marsh"))
    assert choose_author(doc, "article", AuthorModel({"person": 5.0})) == "Jo Marsh"


def test_the_shipped_chooser_names_the_byline_and_leaves_a_shop_unnamed():
    assert describe(_doc(ARTICLE)).author == "Ann Lee"
    shop = [("nav", "Acme Tools | Shop"), ("nav", "Free Trial"), ("nav", "Contact Sales"),
            ("headline", "Cordless drill 18V"), ("body", PROSE), ("nav", "Add to cart")]
    assert choose_author(_doc(shop), "product") is None


@pytest.mark.parametrize("html", [False, True])
def test_each_mode_s_shipped_chooser_loads_and_weighs_only_its_features(html):
    model = shipped_model(html)
    assert model.weights and set(model.weights) <= set(FEATURES)
    assert json.loads(author_model_path(html).read_text(encoding="utf-8"))["l2"] > 0
    back = AuthorModel.from_json(json.loads(json.dumps(model.to_json())), "x")
    assert back.weights == pytest.approx(model.weights, abs=1e-5)
    assert shipped_model(True).weights != shipped_model(False).weights


def _html(rows, meta, marks):
    """An HTML document: ``rows`` as in :func:`_doc`, each line's markup from ``marks``
    (flags, tokens)."""
    doc = _doc(rows, meta)
    doc.evidence = [LineEvidence("p", None, flags, 0, 0.0, tokens) for flags, tokens in marks]
    return doc


def test_a_page_whose_markup_names_no_author_is_left_to_the_html_chooser(monkeypatch):
    import segkit.describe.author_chooser as chooser

    asked = []
    real = chooser.shipped_model
    monkeypatch.setattr(chooser, "shipped_model",
                        lambda html=False: asked.append(html) or real(html))
    plain = [(0, ())] * len(ARTICLE)
    choose_author(_html(ARTICLE, PageMeta(title="How the river rose"), plain), "article")
    choose_author(_doc(ARTICLE), "article")
    assert asked == [True, False]
    assert choose_author(_html(ARTICLE, PageMeta(author="Jo Marsh"), plain), "article") == (
        "Jo Marsh")  # the markup names the author: the rules
    assert asked == [True, False]


def test_a_line_s_markup_describes_its_names_in_html():
    marks = [(0, ())] * len(ARTICLE)
    marks[3] = (int(Flag.LINK | Flag.ONE_LINK | Flag.PERSON_LINK), ("author-name", "byline"))
    marks[6] = (int(Flag.NAV), ("menu",))
    rows = _rows(_html(ARTICLE, PageMeta(title="How the river rose"), marks))
    by, menu = rows["Ann Lee"], rows["Darya Efimova"]
    assert by["marked"] == by["person_link"] == by["one_link"] == 1.0 and "in_menu" not in by
    assert menu["in_menu"] == 1.0 and "marked" not in menu and "person_link" not in menu


@pytest.mark.parametrize(("change", "message"), [
    ({"kind": "segkit-title-chooser"}, "not a segkit-author-chooser"),
    ({"features": ["none"]}, "retrain it with benchmarks/train_author.py"),
    ({"weights": [1.0]}, "finite numbers"),
    ({"intercept": float("nan")}, "intercept"),
])
def test_a_bad_author_model_is_refused_naming_the_file(change, message):
    data = {**AuthorModel({"none": 1.0}).to_json(), **change}
    with pytest.raises(ChooserError, match=f"my.json: .*{message}"):
        AuthorModel.from_json(data, "my.json")


def test_an_unreadable_model_file_is_refused_naming_it(tmp_path):
    path = tmp_path / "author.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ChooserError, match=r"author\.json"):
        AuthorModel.read(path)


def test_a_name_under_an_author_box_header_far_from_the_content_is_a_candidate():
    box = [*ARTICLE, *[("nav", f"Section {n}") for n in range(30)],
           ("nav", "About the author"), ("nav", "Maya Ortiz"), ("nav", "Olu Bello")]
    rows = _rows(_doc(box))
    assert rows["Maya Ortiz"]["author_header"] == 1.0
    assert "Olu Bello" not in rows  # far from the content and from any header: not read


def test_a_by_line_far_from_the_content_is_read_and_prose_with_by_is_not():
    rows = [*ARTICLE, *[("nav", f"Section {n}") for n in range(30)],
            ("related", "Story by Kim Park"), ("body", "Made by hand. " + PROSE)]
    by = _rows(_doc(rows))
    assert by["Kim Park"]["kind:by"] == 1.0
    assert all("hand" not in name for name in by if name)


@pytest.mark.parametrize("byline", ["By Ann Lee", "VON Anna Schmidt, 3. Mai 2021",
                                    "Publié le 3 mai 2021 par Élise Roy", "Thread starter jdoe",
                                    "Auteur : Zoë Faure", "May 3, 2021 · by Bo Chen"])
def test_the_rules_read_the_same_byline_from_the_lines_the_chooser_marks(byline):
    from segkit.describe.author_chooser import _marked_lines
    from segkit.describe.people import find_author

    rows = [*ARTICLE[:3], ("nav", byline), *ARTICLE[4:]]
    doc = _doc(rows)
    by_lines, _ = _marked_lines(doc.lines)
    assert find_author(doc, "article", by_lines) == find_author(doc, "article")
    assert 3 in by_lines
