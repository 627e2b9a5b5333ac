"""The learned model: files checked on load, chosen by option or environment, its say on
which lines are content, and the rows it reads."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from segkit.classify import vector
from segkit.classify.model import (
    FORMAT,
    MODEL_ENV,
    VERSION,
    ModelError,
    article_bounds,
    bounded,
    content_labels,
    is_title_link,
    links_kept,
    load_model,
    model_from_json,
    one_headline,
    page_cut,
    relabel,
    resolve_model,
)
from segkit.classify.pipeline import rule_page
from segkit.cli import main
from segkit.labels import LABELS
from segkit.pipeline import Segmenter

TEXT = "A headline for the page\n\nMenu\n" + "This is a sentence of running text. " * 5


def constant_forest(html: bool, value: float, threshold: float = 0.5) -> dict:
    """A forest of one leaf: every line gets sigmoid(value)."""
    return {"features": vector.names(html), "threshold": threshold, "demote_below": 0.3,
            "trees": [{"f": [], "t": [], "l": [], "r": [], "m": [], "v": [value]}]}


def model_json(value: float = 5.0, **extra: object) -> dict:
    data = {"format": FORMAT, "version": VERSION,
            "modes": {"html": constant_forest(True, value),
                      "text": constant_forest(False, value)}}
    data.update(extra)
    return data


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("data, why", [
    ({"format": "other"}, "not a segkit model file"),
    (model_json(version=99), "version 99"),
    (model_json(modes={}), "'modes'"),
    (model_json(modes={"pdf": constant_forest(False, 1.0)}), "unknown mode"),
    (model_json(modes={"text": dict(constant_forest(False, 1.0), features=["x"])}),
     "other features"),
    (model_json(modes={"text": constant_forest(False, 1.0, threshold=1.5)}), "threshold"),
])
def test_a_model_that_cannot_be_used_is_an_error_naming_the_file(
        tmp_path: Path, data: dict, why: str) -> None:
    path = write(tmp_path, data)
    with pytest.raises(ModelError, match=why) as info:
        load_model(path)
    assert str(path) in str(info.value)


def test_a_missing_or_garbled_file_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot read"):
        load_model(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_bytes(b"{not json")
    with pytest.raises(ModelError, match="bad JSON"):
        load_model(bad)


def test_a_model_file_json_writes_with_infinity_loads(tmp_path: Path) -> None:
    # json.dumps writes an infinite threshold as Infinity, which orjson refuses to read.
    data = model_json()
    data["modes"]["text"]["trees"] = [{"f": [0], "t": [math.inf], "l": [-1], "r": [-2],
                                       "m": [0], "v": [4.0, -4.0]}]
    path = write(tmp_path, data)
    assert "Infinity" in path.read_text(encoding="utf-8")
    forest = load_model(path).modes["text"].forest
    assert forest.trees[0].threshold == [math.inf]
    assert forest.probability([1e300] * len(forest.features)) == pytest.approx(
        1 / (1 + math.exp(-4.0)))


def test_the_command_refuses_a_bad_model_before_any_work(tmp_path: Path, capsys) -> None:
    page = tmp_path / "page.txt"
    page.write_text(TEXT, encoding="utf-8")
    missing = tmp_path / "missing.json"
    assert main(["split", "--model", str(missing), str(page)]) == 2
    assert str(missing) in capsys.readouterr().err


def test_none_means_the_rule_stages_alone() -> None:
    assert resolve_model("none") is None


def test_the_environment_names_a_model(tmp_path: Path, monkeypatch) -> None:
    path = write(tmp_path, model_json())
    monkeypatch.setenv(MODEL_ENV, str(path))
    model = resolve_model()
    assert model is not None and model.path == str(path.resolve())


def test_a_model_sure_of_every_line_makes_the_rule_nav_body(tmp_path: Path) -> None:
    rules = Segmenter(generic=True, model="none").segment(TEXT)
    assert "nav" in rules.labels
    all_content = Segmenter(generic=True, model=str(write(tmp_path, model_json(5.0))))
    labels = all_content.segment(TEXT).labels
    assert "nav" not in labels and labels.count("body") > rules.labels.count("body")


def test_relabel_keeps_cue_labels_and_demotes_body_the_model_rejects() -> None:
    labels = ["headline", "body", "nav", "byline", "body"]
    probs = [0.9, 0.9, 0.9, 0.9, 0.1]
    assert relabel(labels, probs, 0.5, 0.3) == ["headline", "body", "body", "byline", "nav"]


def test_a_read_more_cue_with_a_title_is_a_title_link() -> None:
    assert is_title_link("Related: Ten ways to keep bees in town")
    assert is_title_link("READ MORE: Two words")
    assert is_title_link("See also: The river in spring")
    assert not is_title_link("Read more: Bees")  # one word: too short for a title
    assert not is_title_link("Read more")  # a button
    assert not is_title_link("Related articles about bees")  # a header, no cue with a colon
    assert not is_title_link("Readers say the bees came back")


def test_the_rules_title_links_stay_related_where_the_model_says_content() -> None:
    rule = ["related", "related", "nav", "body"]
    texts = ["Related: Ten ways to keep bees", "Read more", "Read more: Bees in town",
             "Read more: the bees are back."]
    labels = ["body", "body", "body", "body"]
    assert links_kept(rule, labels, texts) == ["related", "body", "body", "body"]
    # the content decision the benchmarks score makes the same call
    probs = [0.9] * 4
    assert content_labels(rule, probs, [5, 2, 5, 5], 0.5, 0.3, False, texts)[:2] == \
        ["related", "body"]


def test_a_model_sure_of_every_line_leaves_a_title_link_related(tmp_path: Path) -> None:
    text = TEXT + "\n\nRelated: Ten ways to keep bees in town\n\n" + \
        "More running text of the story follows here, as sentences do. " * 3
    seg = Segmenter(generic=True, model=str(write(tmp_path, model_json(5.0))))
    doc = seg.segment(text)
    assert [line.label for line in doc.lines if line.text.startswith("Related:")] == \
        ["related"]
    assert "nav" not in doc.labels


def test_a_rule_body_line_stays_body_until_the_model_is_quite_sure() -> None:
    labels = ["body", "body", "nav"]
    assert relabel(labels, [0.9, 0.35, 0.35], 0.5, 0.3) == ["body", "body", "nav"]
    assert relabel(labels, [0.9, 0.25, 0.35], 0.5, 0.3) == ["body", "nav", "nav"]


def test_a_page_where_no_line_reaches_the_threshold_keeps_its_best_lines() -> None:
    labels = relabel(["nav", "nav", "nav"], [0.1, 0.3, 0.28], 0.5, 0.3)
    assert labels == ["nav", "body", "body"]  # within 80% of the best probability


def test_the_page_cut_takes_lines_while_the_expected_word_f1_grows() -> None:
    # 0.9 sure of ten words, 0.45 of ten more: keeping both expects F1 27/33.5 = 0.81,
    # the first alone 18/23.5 = 0.77. A fixed cut of 0.5 would leave the second out.
    assert page_cut([0.9, 0.45], [10, 10], 0.5) == 0.45
    assert content_labels(["nav", "nav"], [0.9, 0.45], [10, 10], 0.5, 0.3, True) == [
        "body", "body"]
    # Beside a line it is sure of, a long unlikely one costs more than it brings: 0.38 is
    # left out where a fixed cut of 0.35 would take it (198/241 = 0.82 against 276/338).
    assert page_cut([0.99, 0.38], [100, 100], 0.35) == 0.99
    assert content_labels(["nav", "nav"], [0.99, 0.38], [100, 100], 0.35, 0.3, True) == [
        "body", "nav"]


def test_the_page_cut_weighs_lines_by_their_words() -> None:
    # The same probabilities; a one-word line at 0.45 is not worth what ten words are.
    assert page_cut([0.9, 0.45], [10, 1], 0.5) == 0.9
    assert page_cut([0.9, 0.45], [1, 10], 0.5) == 0.45


def test_the_page_cut_keeps_the_likeliest_line_and_falls_back_without_content() -> None:
    assert page_cut([0.05, 0.01], [5, 5], 0.5) == 0.05  # a page with text keeps a line
    assert page_cut([0.0, 0.0], [5, 5], 0.4) == 0.4
    assert page_cut([0.7], [0], 0.4) == 0.4  # no words: nothing to expect
    assert page_cut([], [], 0.4) == 0.4


def split_model(html: bool) -> dict:
    """A model whose one tree gives short lines p=0.45 and long ones p=0.6, at 0.5."""
    split = {"f": [vector.names(html).index("chars")], "t": [3.0], "l": [-1], "r": [-2],
             "m": [0], "v": [math.log(0.45 / 0.55), math.log(0.6 / 0.4)]}
    return {"format": FORMAT, "version": VERSION, "modes": {"html" if html else "text": {
        "features": vector.names(html), "threshold": 0.5, "demote_below": 0.1,
        "trees": [split]}}}


PARAGRAPH = "A sentence of running text that goes on. " * 6


def test_html_decides_at_the_page_cut(tmp_path: Path) -> None:
    # The page's content is uncertain (its paragraph at 0.6): keeping the two menu lines at
    # 0.45 with it expects more word F1 (59.4/79.7) than leaving them out (57.6/77.7).
    page = ("<html><head><title>Page</title></head><body><ul><li><a href='/'>Home</a></li>"
            f"<li><a href='/n'>News</a></li></ul><p>{PARAGRAPH}</p></body></html>")
    segmenter = Segmenter(generic=True, model=str(write(tmp_path, split_model(True))))
    labels = segmenter.segment_html(page).labels
    # The <title> line is kept out of the content (a title shown alone: a headline).
    assert labels == ["headline", "body", "body", "body"]


def test_text_decides_at_the_models_threshold(tmp_path: Path) -> None:
    segmenter = Segmenter(generic=True, model=str(write(tmp_path, split_model(False))))
    labels = segmenter.segment(f"Home\nNews\n{PARAGRAPH}").labels
    assert labels == ["nav", "nav", "body"]  # 0.45 is under 0.5
    assert content_labels(["nav", "nav"], [0.9, 0.45], [10, 10], 0.5, 0.3, False) == [
        "body", "nav"]


@pytest.mark.parametrize("html", [True, False])
def test_every_row_has_a_value_for_every_name(html: bool) -> None:
    from segkit.evidence import LineEvidence, PageStructure

    texts = ["Title", "Home", "A sentence that runs on for a while, as text does."]
    evidence = [LineEvidence("p", None, 0, 0, 0.0, ("content",)) for _ in texts]
    page = rule_page(texts, evidence if html else None,
                     structure=PageStructure([-1, 1, 1], [-1, 0], ["body.", "div.x"])
                     if html else None, url="https://example.com/blog/a-post")
    rows = vector.rows(page)
    assert len(rows) == len(texts)
    assert {len(r) for r in rows} == {len(vector.names(html))}
    assert len(set(vector.names(html))) == len(vector.names(html))


def test_model_from_json_accepts_what_segkit_train_writes() -> None:
    model = model_from_json(model_json(), "m")
    assert model.mode(True) is not None and model.mode(False) is not None


def test_a_page_longer_than_any_real_one_keeps_the_rule_labels(tmp_path: Path) -> None:
    from segkit.classify.model import MODEL_MAX_LINES

    text = "\n".join(f"Menu entry {k}" for k in range(MODEL_MAX_LINES + 1))
    sure = Segmenter(generic=True, model=str(write(tmp_path, model_json(5.0))))
    labels = sure.segment(text).labels
    assert "body" not in labels  # the model would have made every line body
    assert labels == Segmenter(generic=True, model="none").segment(text).labels


def test_keyword_columns_mark_the_tokens_and_the_near_ones_apart() -> None:
    from segkit.evidence import LineEvidence

    far = tuple(f"w{k}" for k in range(vector.NEAR_TOKENS))
    tokens = [("content", "price"), (*far, "content"), ()]
    evidence = [LineEvidence("p", None, 0, 0, 0.0, t) for t in tokens]
    page = rule_page(["One line here.", "Two lines here.", "Three."], evidence)
    names = vector.names(True)
    rows = vector.rows(page)
    marked = [{n for n, v in zip(names, r, strict=True) if n.startswith("k") and v} for r in rows]
    assert marked == [{"k_content", "k_price", "k8_content"}, {"k_content"}, set()]


def constant_labeller(html: bool, favourite: str, classes: tuple[str, ...] = LABELS) -> dict:
    """A labeller of one leaf per class: every line gets ``favourite`` (by far)."""
    from segkit.classify.labelling import label_names

    trees = [{"f": [], "t": [], "l": [], "r": [], "m": [], "v": [5.0 if c == favourite else 0.0]}
             for c in classes]
    return {"features": label_names(html), "classes": list(classes), "trees": trees}


def test_a_labeller_names_every_line(tmp_path: Path) -> None:
    data = model_json()
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(data), encoding="utf-8")
    data["modes"]["text"]["labeller"] = constant_labeller(False, "related")
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    before = Segmenter(generic=True, model=str(plain)).segment(TEXT)
    doc = Segmenter(generic=True, model=str(path)).segment(TEXT)
    # Every line is related but the body: a page with text keeps its content.
    want = [None if a.label is None else "body" if a.label == "body" else "related"
            for a in before.lines]
    assert [line.label for line in doc.lines] == want
    assert "related" in want and "body" in want


def test_the_labeller_takes_body_from_lines_but_gives_it_only_where_allowed() -> None:
    from segkit.classify.model import named_labels

    classes = ["body", "nav", "related"]
    sure_body = [[0.8, 0.15, 0.05]] * 3
    # A line the content decision left out gets the best label but body.
    assert named_labels(["body", "nav", "nav"], sure_body, classes) == ["body", "nav", "nav"]
    # A content line may lose body to another label.
    assert named_labels(["body", "body", "nav"],
                        [[0.9, 0.1, 0.0], [0.2, 0.1, 0.7], [0.5, 0.1, 0.4]],
                        classes) == ["body", "related", "related"]


def test_the_labeller_gives_body_where_its_own_and_the_content_probability_allow() -> None:
    from segkit.classify.model import GivesBody, named_labels

    classes = ["body", "nav", "related", "byline"]
    scores = [[0.45, 0.5, 0.05, 0.0], [0.6, 0.3, 0.1, 0.0], [0.35, 0.6, 0.05, 0.0],
              [0.2, 0.1, 0.7, 0.0], [0.9, 0.05, 0.05, 0.0], [0.5, 0.1, 0.0, 0.4]]
    content = [0.5, 0.1, 0.9, 0.9, 0.9, 0.9]
    decided = ["nav", "nav", "nav", "body", "body", "byline"]
    gives = GivesBody(labelled=0.4, content=0.3)
    # Body where both are high enough, even when body is not the labeller's best label;
    # never from a line it would call a byline (or headline, date, caption).
    assert named_labels(decided, scores, classes, content, gives) == [
        "body", "nav", "nav", "related", "body", "byline"]
    # Without it (a model file that has none), never.
    assert named_labels(decided, scores, classes, content) == [
        "nav", "nav", "nav", "related", "body", "byline"]


def test_a_scoped_labeller_renames_only_its_lines_and_only_to_its_labels() -> None:
    from segkit.classify.model import GivesBody, Scope, named_labels

    classes = ["body", "nav", "related", "byline", "headline"]
    scores = [[0.1, 0.1, 0.1, 0.7, 0.0], [0.1, 0.1, 0.1, 0.7, 0.0], [0.1, 0.05, 0.15, 0.0, 0.7],
              [0.1, 0.1, 0.7, 0.1, 0.0], [0.1, 0.1, 0.0, 0.8, 0.0], [0.9, 0.1, 0.0, 0.0, 0.0],
              [0.9, 0.1, 0.0, 0.0, 0.0]]
    decided = ["nav", "headline", "related", "body", "related", "nav", "body"]
    scope = Scope(frozenset(("nav", "related")), frozenset(("nav", "related", "byline")))
    # A nav or related line may become a byline; the rules' headline and the content
    # decision's body stay; a line whose best label is out of scope takes its best in it.
    assert named_labels(decided, scores, classes, scope=scope) == [
        "byline", "headline", "related", "body", "byline", "nav", "body"]
    # Unscoped, every line is renamed.
    assert named_labels(decided, scores, classes) == [
        "byline", "byline", "headline", "related", "byline", "nav", "body"]
    # A scope without body gives none, whatever the labeller's body probability.
    content = [0.9] * len(decided)
    gives = GivesBody(0.1, 0.1)
    assert named_labels(decided, scores, classes, content, gives, scope)[5] == "nav"
    # The lines out of scope are not read: the pipeline scores only the others.
    sparse = [s if d in scope.takes else [] for d, s in zip(decided, scores, strict=True)]
    assert (named_labels(decided, sparse, classes, content, gives, scope)
            == named_labels(decided, scores, classes, content, gives, scope))


def test_a_scope_may_let_body_lines_become_bylines_or_dates_and_nothing_else() -> None:
    from segkit.classify.model import Scope, named_labels

    classes = ["body", "nav", "byline", "timestamp", "headline"]
    scores = [[0.2, 0.1, 0.6, 0.1, 0.0],   # body, a byline by the labeller: byline
              [0.2, 0.7, 0.1, 0.0, 0.0],   # body, nav by the labeller: stays body
              [0.3, 0.0, 0.1, 0.2, 0.4],   # body, headline: of body and its two, body
              [0.1, 0.1, 0.1, 0.6, 0.1],   # body, a date: timestamp
              [0.6, 0.3, 0.1, 0.0, 0.0]]   # nav, body by the labeller: never given body
    decided = ["body", "body", "body", "body", "nav"]
    takes, gives = frozenset(("nav",)), frozenset(("nav", "byline", "timestamp"))
    scope = Scope(takes, gives, frozenset(("byline", "timestamp")))
    assert scope.names("body") and not scope.names("headline")
    assert named_labels(decided, scores, classes, scope=scope) == [
        "byline", "body", "body", "timestamp", "nav"]
    # Without from_body the body lines are the content decision's.
    assert named_labels(decided, scores, classes, scope=Scope(takes, gives)) == [
        "body", "body", "body", "body", "nav"]
    # Body is among the classes scored (to weigh it), but given only to a body line.
    assert scope.allowed(classes) == [True, True, True, True, False]


def test_a_body_line_named_nav_stays_body_past_a_few_words() -> None:
    from segkit.classify.model import FROM_BODY_NAV_MAX_WORDS, Scope, short_nav_only

    short, long = FROM_BODY_NAV_MAX_WORDS, FROM_BODY_NAV_MAX_WORDS + 1
    decided = ["body", "body", "nav", "body", "related"]
    named = ["nav", "nav", "nav", "byline", "nav"]
    words = [short, long, long, long, long]
    scope = Scope(frozenset(("nav", "related")), frozenset(("nav", "related", "byline")),
                  frozenset(("byline", "nav")))
    # A menu entry the content decision took in goes; a listing's entry stays body; the
    # lines the labeller takes anyway, and other names, are as it named them.
    assert short_nav_only(decided, named, words, scope) == [
        "nav", "body", "nav", "byline", "nav"]
    without = Scope(scope.takes, scope.gives, frozenset(("byline",)))
    assert short_nav_only(decided, named, words, without) == named
    assert short_nav_only(decided, named, words, None) == named  # HTML: every line its own


def test_a_text_labeller_scoped_from_body_names_the_body_lines_in_a_run(tmp_path: Path
                                                                        ) -> None:
    data = model_json()
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(data), encoding="utf-8")
    labeller = constant_labeller(False, "body")
    # Its byline tree: a short line (``chars``, the log of its length, at most 4) is one.
    labeller["trees"][LABELS.index("byline")] = {
        "f": [labeller["features"].index("chars")], "t": [4.0], "l": [-1], "r": [-2],
        "m": [0], "v": [9.0, 0.0]}
    labeller["scope"] = {"takes": ["nav"], "gives": ["nav"], "from_body": ["byline"]}
    data["modes"]["text"]["labeller"] = labeller
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    text = "A headline for the page\n\nFerries run all winter now.\n" + "This is running text. " * 8
    before = [ln.label for ln in Segmenter(generic=True, model=str(plain)).segment(text).lines]
    after = [ln.label for ln in Segmenter(generic=True, model=str(path)).segment(text).lines]
    # The short body line is scored and named a byline; the long one stays body.
    assert before[2:] == ["body", "body"]
    assert after == [*before[:2], "byline", "body"]
    # explain: the byline is the labeller's; the body it left body, the content decision's.
    from segkit.tools.explain import explain

    rules = [r.rule or "" for r in explain(Segmenter(generic=True, model=str(path)),
                                           text).lines]
    assert rules[2].startswith("the labeller: byline")
    assert not rules[3].startswith("the labeller")


def test_a_model_files_scope_may_name_what_body_lines_become(tmp_path: Path) -> None:
    from segkit.classify.model import ModelError, scope_from_json

    base = {"takes": ["nav"], "gives": ["nav", "byline"]}
    assert scope_from_json({"scope": base}, "m").from_body == frozenset()
    got = scope_from_json({"scope": {**base, "from_body": ["byline"]}}, "m")
    assert got.from_body == frozenset(("byline",))
    for bad in (["body"], ["teaser"], "byline"):
        with pytest.raises(ModelError, match="from_body"):
            scope_from_json({"scope": {**base, "from_body": bad}}, "m")


def test_a_scope_may_check_the_rules_dates_and_bylines() -> None:
    from segkit.classify.model import Scope, named_labels

    classes = ["body", "nav", "related", "byline", "timestamp", "headline"]
    scores = [[0.6, 0.1, 0.1, 0.0, 0.2, 0.0],   # a date, body by the labeller: body
              [0.2, 0.1, 0.1, 0.0, 0.6, 0.0],   # a date it agrees with: stays
              [0.1, 0.2, 0.1, 0.0, 0.0, 0.6],   # a byline, headline by it: never given
              [0.6, 0.1, 0.1, 0.0, 0.2, 0.0],   # a date, body by it, but spared
              [0.1, 0.1, 0.1, 0.1, 0.1, 0.5]]   # a rule headline: not checked
    decided = ["timestamp", "timestamp", "byline", "timestamp", "headline"]
    takes, gives = frozenset(("nav",)), frozenset(("nav", "byline", "timestamp"))
    scope = Scope(takes, gives, checks=frozenset(("timestamp", "byline")))
    assert scope.names("timestamp") and not scope.names("headline")
    assert named_labels(decided, scores, classes, scope=scope, spared=frozenset((3,))) == [
        "body", "timestamp", "nav", "timestamp", "headline"]
    # Without checks the rules' dates and bylines stand.
    assert named_labels(decided, scores, classes, scope=Scope(takes, gives)) == decided


def test_the_first_date_and_byline_and_a_live_blogs_times_are_spared() -> None:
    from segkit.classify.model import Scope, spared_from_checks
    from segkit.classify.revise import LIVE_MIN_TIMES

    scope = Scope(frozenset(("nav",)), frozenset(("nav",)),
                  checks=frozenset(("timestamp", "byline")))
    decided = ["headline", "byline", "timestamp", "body", "timestamp", "byline", "timestamp"]
    texts = ["A title", "By Ann Lee", "3 May 2026", "Text.", "4 May 2026", "By Bo Ng",
             "10:42"]
    # The article's own date and byline stay; the later ones are checked.
    assert spared_from_checks(decided, texts, scope) == frozenset((1, 2))
    assert spared_from_checks(decided, texts, Scope(frozenset(("nav",)),
                                                    frozenset(("nav",)))) == frozenset()
    # Enough dates that tell the time of day: a live blog, whose entry times all stay.
    live = ["timestamp", "body"] * LIVE_MIN_TIMES
    times = [t for _ in range(LIVE_MIN_TIMES) for t in ("16:42", "Harbour wall overtopped")]
    assert spared_from_checks(live, times, scope) == frozenset(
        range(0, 2 * LIVE_MIN_TIMES, 2))


def test_a_model_files_scope_may_check_labels_it_does_not_take() -> None:
    from segkit.classify.model import ModelError, scope_from_json

    base = {"takes": ["nav"], "gives": ["nav", "byline"]}
    assert scope_from_json({"scope": base}, "m").checks == frozenset()
    got = scope_from_json({"scope": {**base, "checks": ["timestamp"]}}, "m")
    assert got.checks == frozenset(("timestamp",))
    for bad in (["body"], ["teaser"], "timestamp"):
        with pytest.raises(ModelError, match="checks"):
            scope_from_json({"scope": {**base, "checks": bad}}, "m")
    with pytest.raises(ModelError, match="must not share"):
        scope_from_json({"scope": {**base, "checks": ["nav"]}}, "m")


def test_a_text_labeller_that_checks_dates_turns_a_listings_dates_to_body(tmp_path: Path
                                                                           ) -> None:
    data = model_json()
    plain = tmp_path / "plain.json"
    labeller = constant_labeller(False, "body")
    labeller["scope"] = {"takes": ["nav"], "gives": ["nav"]}
    data["modes"]["text"]["labeller"] = labeller
    plain.write_text(json.dumps(data), encoding="utf-8")
    labeller["scope"]["checks"] = ["timestamp"]
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    entry = "The warden leads a walk along the harbour wall and back to the old quay."
    days = ["3 March 2026", "10 March 2026", "17 March 2026"]
    text = "Harbour Gazette events\n\n" + "\n".join(f"{d}\n{entry}" for d in days) + "\n"
    before = [ln.label for ln in Segmenter(generic=True, model=str(plain)).segment(text).lines]
    after = [ln.label for ln in Segmenter(generic=True, model=str(path)).segment(text).lines]
    dates = [i for i, ln in enumerate(text.split("\n")) if ln in days]
    assert [before[i] for i in dates] == ["timestamp"] * 3
    # The first stays the page's own date; the labeller, which calls every line body,
    # takes the others.
    assert [after[i] for i in dates] == ["timestamp", "body", "body"]


def body_then_nav_labeller(html: bool) -> dict:
    """A labeller of one leaf per class: body first for every line, nav second."""
    data = constant_labeller(html, "body")
    nav = LABELS.index("nav")
    data["trees"][nav]["v"] = [2.0]
    return data


def test_a_model_file_says_where_its_labeller_gives_body(tmp_path: Path) -> None:
    data = model_json()
    plain = body_then_nav_labeller(False)
    data["modes"]["text"]["labeller"] = plain
    assert model_from_json(data, "m.json").modes["text"].gives_body is None
    text = "A headline for the page\nBy Jane Smith\n\n" + TEXT.split("\n")[-1]
    without = Segmenter(generic=True, model=model_from_json(data, "m.json")).segment(text)
    plain["gives_body"] = {"labelled": 0.4, "content": 0.3}
    gives = model_from_json(data, "m.json").modes["text"].gives_body
    assert gives is not None and (gives.labelled, gives.content) == (0.4, 0.3)
    doc = Segmenter(generic=True, model=model_from_json(data, "m.json")).segment(text)
    # The byline the rules keep from the content decision: the labeller, sure of body
    # and reading a content probability of 0.99, makes it body only when allowed to
    # (without, it takes its next best label, nav).
    assert without.lines[1].label == "nav"
    assert doc.lines[1].label == "body"


@pytest.mark.parametrize("given", [[0.4, 0.3], {"labelled": 1.5, "content": 0.3},
                                   {"labelled": 0.4}])
def test_a_labeller_with_a_bad_gives_body_is_an_error_naming_the_file(given) -> None:
    data = model_json()
    data["modes"]["text"]["labeller"] = dict(constant_labeller(False, "body"),
                                             gives_body=given)
    with pytest.raises(ModelError, match=r"m\.json \(text\) labeller.*gives_body"):
        model_from_json(data, "m.json")


def test_a_model_file_says_which_lines_its_labeller_may_rename() -> None:
    data = model_json()
    labeller = constant_labeller(False, "body")
    data["modes"]["text"]["labeller"] = labeller
    assert model_from_json(data, "m.json").modes["text"].scope is None
    labeller["scope"] = {"takes": ["nav"], "gives": ["nav", "byline"]}
    scope = model_from_json(data, "m.json").modes["text"].scope
    assert scope is not None
    assert (scope.takes, scope.gives) == ({"nav"}, {"nav", "byline"})


@pytest.mark.parametrize("scope", [["nav"], {"takes": ["nav"]}, {"takes": [], "gives": ["nav"]},
                                   {"takes": ["nav"], "gives": ["menu"]},
                                   {"takes": [["nav"]], "gives": ["nav"]}])
def test_a_labeller_with_a_bad_scope_is_an_error_naming_the_file(scope) -> None:
    data = model_json()
    data["modes"]["text"]["labeller"] = dict(constant_labeller(False, "body"), scope=scope)
    with pytest.raises(ModelError, match=r"m\.json \(text\) labeller.*scope"):
        model_from_json(data, "m.json")


def test_a_labeller_that_leaves_no_body_keeps_the_content_decision() -> None:
    from segkit.classify.model import named_labels

    scores = [[0.1, 0.9], [0.2, 0.8]]
    assert named_labels(["body", "nav"], scores, ["body", "nav"]) == ["body", "nav"]
    assert named_labels(["nav", "nav"], scores, ["body", "nav"]) == ["nav", "nav"]


@pytest.mark.parametrize("change, why", [
    (lambda lab: lab.update(features=vector.names(False)), "labeller was trained on other"),
    (lambda lab: lab.update(classes=["body", "nav", "x", "y", "z", "u", "v"]),
     "classes are not the seven labels"),
])
def test_a_labeller_that_does_not_fit_this_segkit_is_an_error(change, why: str) -> None:
    data = model_json()
    labeller = constant_labeller(False, "nav")
    change(labeller)
    data["modes"]["text"]["labeller"] = labeller
    with pytest.raises(ModelError, match=why):
        model_from_json(data, "m.json")


def test_explain_names_the_labeller_and_its_runner_up(tmp_path: Path) -> None:
    data = model_json()
    data["modes"]["text"]["labeller"] = constant_labeller(False, "related")
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    from segkit.tools.explain import explain

    got = explain(Segmenter(generic=True, model=str(path)), TEXT)
    related = [r for r in got.lines if r.label == "related"]
    assert related
    for reason in related:
        assert reason.rule is not None and reason.rule.startswith("the labeller: related at p=")
        assert reason.rule.endswith(", threshold 0.50)")  # and what decided content
        assert reason.score is None or isinstance(reason.score, float)
        assert reason.runner_up in {"headline", "byline", "timestamp", "body", "caption", "nav"}


def test_a_page_of_kept_out_lines_alone_has_no_body() -> None:
    # probability 0 is what first_line_kept gives the <title> line: no fallback to it
    assert relabel(["body"], [0.0], 0.5, 0.3) == ["nav"]
    assert relabel(["body", "nav"], [0.0, 0.0], 0.5, 0.3) == ["nav", "nav"]
    assert relabel(["nav", "nav"], [0.0, 0.01], 0.5, 0.3) == ["nav", "body"]  # fallback


def test_a_page_that_renders_as_its_title_alone_has_no_body() -> None:
    from segkit.pipeline import Segmenter

    html = ("<html><head><title>Sign in to read this page</title></head>"
            "<body><div id='root'></div><script>start()</script></body></html>")
    doc = Segmenter(generic=True).segment_html(html)
    assert [ln.text for ln in doc.lines if ln.text.strip()] == ["Sign in to read this page"]
    assert "body" not in {ln.label for ln in doc.lines}


@pytest.mark.parametrize(("html", "first"), [
    ("<p>Hi there, some text.</p>", "body"),
    ("<h2>Parks budget approved</h2><p>The council approved the budget on Tuesday after a "
     "long debate about the parks.</p>", "headline"),
])
def test_an_html_fragment_without_a_title_may_open_with_its_content(html, first) -> None:
    # Before, the first line was kept out as if it were the <title>: the fragment's one
    # paragraph came out nav, its heading nav.
    from segkit.pipeline import Segmenter

    doc = Segmenter(generic=True).segment_html(html)
    assert next(ln.label for ln in doc.lines if ln.text.strip()) == first


def test_explain_says_when_the_labeller_gave_a_line_body() -> None:
    data = model_json()
    data["modes"]["text"]["labeller"] = dict(body_then_nav_labeller(False),
                                             gives_body={"labelled": 0.4, "content": 0.3})
    from segkit.tools.explain import explain

    text = "A headline for the page\nBy Jane Smith\n\n" + TEXT.split("\n")[-1]
    got = explain(Segmenter(generic=True, model=model_from_json(data, "m.json")), text)
    byline = got.lines[1]
    assert byline.label == "body"
    assert byline.rule is not None
    assert byline.rule.startswith("the labeller gives body: p=0.9")
    assert "(at least 0.40), content q=0.99 (at least 0.30)" in byline.rule
    assert byline.runner_up != "body"


def test_explain_names_the_label_the_labeller_gave_not_its_top_class() -> None:
    data = model_json()
    data["modes"]["text"]["labeller"] = body_then_nav_labeller(False)  # no gives_body
    from segkit.tools.explain import explain

    text = "A headline for the page\nBy Jane Smith\n\n" + TEXT.split("\n")[-1]
    got = explain(Segmenter(generic=True, model=model_from_json(data, "m.json")), text)
    byline = got.lines[1]
    # Body is the labeller's top class, but it may not give it: the line is nav.
    assert byline.label == "nav"
    assert byline.rule is not None and byline.rule.startswith("the labeller: nav at p=0.05")
    assert byline.runner_up == "body"


# A text page with teasers above its article's head and a related block after it.
BOUNDED_TEXT = ("A headline for the page - The Daily Site\n"
                "Menu\n"
                "Police find a lost dog in the park The owner was glad to see it again today.\n"
                "Sports\n"
                "A headline for the page\n"
                "By Jane Smith\n"
                + "This is a sentence of running text. " * 5 + "\n"
                "And here is another paragraph of the article, with more words in it than not.\n"
                "Related Articles\n"
                "A teaser about another story that reads like a sentence of text.\n")


def test_an_article_is_bounded_by_its_headline_and_the_related_block_after_it() -> None:
    rule = ["nav", "body", "nav", "headline", "byline", "body", "body", "nav", "related",
            "related"]
    assert article_bounds(rule) == (3, 8)
    # a related block before the article's last body line does not end it
    assert article_bounds(["headline", "timestamp", "body", "related", "body", "nav"]) == (0, 6)
    # no article head: a headline whose byline comes too late, or a page without one
    assert article_bounds(["headline", "nav", "nav", "nav", "byline", "body"]) is None
    assert article_bounds(["nav", "body", "body", "related"]) is None


def test_a_blogs_reader_comments_end_an_article_as_a_related_block_does() -> None:
    rule = ["headline", "byline", "body", "body", "nav", "nav", "body", "nav", "related"]
    texts = ["Title", "By Jo", "Text.", "More text.", "Share", "3 thoughts on “Title”",
             "A comment.", "Reply", "Related"]
    assert article_bounds(rule) == (0, 8)
    assert article_bounds(rule, texts) == (0, 5)
    # "Leave a Reply" opens them too; a bare count ("9 Comments", under every answer of a
    # question-and-answer site) does not, nor an opener before the article's first body
    # line, nor one past the related block that ends it first
    assert article_bounds(rule, [*texts[:5], "Leave a Reply", *texts[6:]]) == (0, 5)
    assert article_bounds(rule, [*texts[:5], "9 Comments", *texts[6:]]) == (0, 8)
    assert article_bounds(rule, [texts[0], "Leave a reply", *texts[2:5], "x", *texts[6:]]
                          ) == (0, 8)
    assert article_bounds(rule, [*texts[:5], "x", *texts[6:8], "Leave a Reply"]) == (0, 8)
    labels = ["headline", "byline", "body", "body", "body", "body", "body", "body", "body"]
    probs = [0.9, 0.9, 0.9, 0.9, 0.6, 0.6, 0.6, 0.6, 0.9]
    assert bounded(rule, labels, probs, texts) == [
        "headline", "byline", "body", "body",
        "body",  # before the comments: the model decides
        "nav",  # the opener and the weak promotions after it are undone
        "body",  # the rules' own body stays what the model decided
        "nav",
        "body"]  # a strong one stays


def test_bounded_undoes_the_promotions_above_the_headline_and_weak_ones_past_related() -> None:
    rule = ["nav", "body", "headline", "byline", "body", "nav", "related", "related", "nav"]
    labels = ["body", "body", "headline", "byline", "body", "body", "body", "body", "body"]
    probs = [0.9, 0.9, 0.9, 0.9, 0.9, 0.6, 0.6, 0.69, 0.7]
    assert bounded(rule, labels, probs) == [
        "nav",  # above the headline: never promoted
        "body",  # the rules' own body stays what the model decided
        "headline", "byline", "body",
        "body",  # between the article and its related block: the model decides
        "related", "related",  # from the related block on, under AFTER_RELATED_PROMOTE
        "body"]
    # a page with no article head is left as the model decided
    assert bounded(["nav", "body"], ["body", "body"], [0.6, 0.9]) == ["body", "body"]


def test_a_page_has_one_headline_and_the_others_become_body_or_nav() -> None:
    texts = ["Harbour reopens after the storm | The Gazette", "Harbour reopens after storm",
             "The harbour reopened on Monday.", "Damage along coast roads",
             "Ferry times", "Harbour reopens after the storm, in pictures"]
    labels = ["headline", "headline", "body", "headline", "headline", "headline"]
    probs = [0.1, 0.9, 0.9, 0.8, 0.2, 0.5]
    assert one_headline(labels, texts, probs, 0.4) == [
        "headline", "headline",  # the title line and the headline shown: alike
        "body",
        "body",  # a subheading, in the content
        "nav",  # unlike the headline, and not content
        "headline"]  # five of its seven words are the headline's: kept
    # one headline is left as it is, however unlike the first line
    assert one_headline(["nav", "headline"], ["Menu", "A title"], [0.1, 0.1], 0.4) == [
        "nav", "headline"]


def test_text_keeps_one_headline_and_explain_says_why_the_others_lost_it() -> None:
    from segkit.tools.explain import explain

    data = model_json()
    # content: 0.18 for a line of up to 32 characters (log1p(chars) <= 3.5), else 0.88
    data["modes"]["text"]["trees"] = [{"f": [vector.names(False).index("chars")],
                                       "t": [3.5], "l": [~0], "r": [~1], "m": [0],
                                       "v": [-1.5, 2.0]}]
    labeller = constant_labeller(False, "headline")  # every line it takes: a headline
    labeller["scope"] = {"takes": ["nav"], "gives": ["nav", "headline"]}
    data["modes"]["text"]["labeller"] = labeller
    seg = Segmenter(generic=True, model=model_from_json(data, "m.json"))
    text = ("Harbour reopens after the storm\n\nBy Jane Smith\n"
            + "Boats were back at sea by noon, fishermen said on Monday. " * 3
            + "\nHome\nWorld news\nSport")
    labels = seg.segment(text).labels
    assert labels[0] == "headline" and labels[3] == "body"
    assert labels[4:] == ["nav"] * 3  # the labeller's headlines, unlike the page's: not content
    why = explain(seg, text).lines[4]
    assert why.rule == "a headline unlike the page's own: a subheading or a teaser's title"


def test_a_live_blog_keeps_its_entries_titles_as_headlines() -> None:
    texts = ["Storm live: the latest", "09:15 GMT", "Ferries stop", "10:02 GMT",
             "Harbour wall breached", "11:30 GMT", "Winds ease"]
    labels = ["headline", "timestamp", "headline", "timestamp", "headline", "timestamp",
              "headline"]
    assert one_headline(labels, texts, [0.9] * 7, 0.4) == labels
    two_times = labels[:5]
    assert one_headline(two_times, texts[:5], [0.9] * 5, 0.4)[2:5:2] == ["body", "body"]


# BOUNDED_TEXT with a blog's reader comments where its related block was.
COMMENTS_TEXT = BOUNDED_TEXT.replace(
    "Related Articles\nA teaser about another story that reads like a sentence of text.\n",
    "Leave a Reply\nJoe Bloggs says:\nI think that this story reads like a sentence of text.\n")


def test_a_text_articles_reader_comments_stay_out_of_its_body() -> None:
    model = model_from_json(model_json(0.5), "m.json")  # every line: sigmoid(0.5) = 0.62
    labels = Segmenter(generic=True, model=model).segment(COMMENTS_TEXT).labels
    assert labels[4:10] == ["headline", "byline", "body", "body", "nav", "nav"]
    assert labels[10] == "nav"  # a comment reads as prose; the model's 0.62 is too weak


def test_text_is_bounded_by_its_article_and_html_is_not() -> None:
    model = model_from_json(model_json(0.5), "m.json")  # every line: sigmoid(0.5) = 0.62
    seg = Segmenter(generic=True, model=model)
    assert Segmenter(generic=True, model="none").segment(BOUNDED_TEXT).labels[4:6] == [
        "headline", "byline"]
    labels = seg.segment(BOUNDED_TEXT).labels
    assert labels[1:4] == ["nav", "nav", "nav"]  # above the headline
    assert labels[6:10] == ["body", "body", "related", "related"]
    page = ("<html><head><title>Page - Site</title></head><body><nav>Menu</nav>"
            "<p>Police find a lost dog in the park The owner was glad to see it.</p>"
            "<h1>A headline for the page</h1><p>By Jane Smith</p>"
            "<p>" + "This is a sentence of running text. " * 5 + "</p>"
            "<h2>Related Articles</h2><p>A teaser about another story.</p></body></html>")
    html = [ln.label for ln in seg.segment_html(page).lines]
    assert html[1:3] == ["body", "body"] and html[-2:] == ["body", "body"]


def test_explain_says_which_bound_kept_a_line_out() -> None:
    from segkit.tools.explain import explain

    got = explain(Segmenter(generic=True, model=model_from_json(model_json(0.5), "m.json")),
                  BOUNDED_TEXT)
    teaser, related = got.lines[2], got.lines[9]
    assert teaser.label == "nav"
    assert teaser.rule == "kept out: above the article's headline (line 5)"
    assert teaser.runner_up == "body"
    assert related.label == "related"
    assert related.rule == ("kept out: in or past the related block after the article "
                            "(line 9), q=0.62 (under 0.70)")
    comments = explain(Segmenter(generic=True, model=model_from_json(model_json(0.5), "m.json")),
                       COMMENTS_TEXT).lines[10]
    assert comments.label == "nav"
    assert comments.rule == ("kept out: in or past the reader comments after the article "
                             "(line 9), q=0.62 (under 0.70)")


def test_a_labellers_page_kind_model_is_read_and_a_malformed_one_refused(tmp_path: Path
                                                                        ) -> None:
    from segkit.classify.page_kind import PAGE_KINDS

    data = model_json()
    labeller = constant_labeller(False, "related")
    kind = {"classes": list(PAGE_KINDS), "intercept": [0.0] * 7,
            "weights": {"title:forum": [0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 0.0]}}
    data["modes"]["text"]["labeller"] = dict(labeller, kind=kind)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    mode = load_model(path).modes["text"]
    assert mode.kind is not None and mode.kind.weights["title:forum"][1] == 3.0
    data["modes"]["text"]["labeller"] = dict(labeller, kind=dict(kind, intercept=[0.0]))
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(ModelError, match="page-kind model needs") as info:
        load_model(path)
    assert str(path) in str(info.value)
    # Without one (gold that gave no page types), its kind columns are unknown.
    data["modes"]["text"]["labeller"] = labeller
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_model(path).modes["text"].kind is None


def test_the_labeller_reads_the_page_kind_of_every_line(tmp_path: Path) -> None:
    from segkit.classify.page_kind import PAGE_KINDS

    data = model_json()
    text_forest = data["modes"]["text"]  # short lines (chars, the log of the length) not content
    text_forest["trees"] = [{"f": [text_forest["features"].index("chars")], "t": [3.0],
                             "l": [-1], "r": [-2], "m": [0], "v": [-5.0, 5.0]}]
    labeller = constant_labeller(False, "nav")
    # Related where the page is more likely a forum than one in seven, else nav.
    labeller["trees"][LABELS.index("related")] = {
        "f": [labeller["features"].index("kind_forum")], "t": [0.5], "l": [-1], "r": [-2],
        "m": [0], "v": [0.0, 9.0]}
    kind = {"classes": list(PAGE_KINDS), "intercept": [0.0] * 7,
            "weights": {"title:forum": [0.0, 9.0, 0.0, 0.0, 0.0, 0.0, 0.0]}}
    data["modes"]["text"]["labeller"] = dict(labeller, kind=kind)
    path = tmp_path / "m.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    seg = Segmenter(generic=True, model=str(path))
    body = "\n\nMenu\n" + "This is a sentence of running text. " * 5
    forum = [ln.label for ln in seg.segment("The forum" + body).lines]
    shop = [ln.label for ln in seg.segment("The shop" + body).lines]
    assert forum[2] == "related" and shop[2] == "nav"
