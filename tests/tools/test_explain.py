"""``segkit explain``: the labels ``split`` gives, and for each line who decided and why."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from shared_data import SHARED, Corpus, article_texts

import segkit
from segkit import LABELS, Document, Segmenter, Site
from segkit.classify import classify_lines
from segkit.cli import main
from segkit.sites.loading import load_plugins
from segkit.tools.explain import explain, format_text

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))

PAGE = """\
A quiet harbour town votes on its ferry | Harbour Gazette
Home
News
Sport

A quiet harbour town votes on its ferry
ALERT Council meeting tonight
By Ada Lovelace
The council of the harbour town voted on Tuesday to keep the winter ferry running, after a long debate about what the service costs and who uses it.
Fares will rise by a tenth from January, and the timetable will be cut to four crossings a day on weekdays during the coldest months of the year.
Residents who rely on the crossing to reach the hospital on the mainland said the vote was a relief, and the ferry company welcomed the decision.
PHOTO The ferry at the quay
Picture: Harbour Gazette archive
Most read
Lighthouse keeper retires after forty years
Storm closes the coast road
Newsletter
"""  # noqa: E501


@pytest.fixture(autouse=True)
def _no_env_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEGKIT_PLUGINS", raising=False)


PLUGIN = '''
import segkit
from segkit import Block, Site

ALERT = r"^ALERT "
AUTHOR = r"^By \\p{Lu}"
PHOTO = r"^PHOTO "
MOST_READ = r"^Most read$"
NEWSLETTER = r"^Newsletter$"


def refine(doc):
    for line in doc.lines:
        if line.text.startswith("Picture:"):
            line.label = "caption"


@segkit.hookimpl
def register_sites(register):
    register(Site(name="gazette", domains=("gazette.test",),
                  rules={ALERT: "nav", PHOTO: "caption", r"^Home$": "related"},
                  after={AUTHOR: "byline"},
                  blocks=[Block(start=MOST_READ, end=NEWSLETTER, label="related")],
                  refine=refine))
'''


@pytest.fixture
def gazette(tmp_path: Path) -> Segmenter:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "gazette.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    plugins = load_plugins([folder], shipped=False, entry_points=False, env=False)
    assert plugins.errors == []
    return Segmenter(plugins)


def reasons(segmenter: Segmenter, text: str = PAGE, url: str | None = "https://gazette.test/a"):
    expl = explain(segmenter, text, url=url)
    return expl, {r.text: r for r in expl.lines if r.label is not None}


# --- the labels are split's -------------------------------------------------------

def _same_labels(segmenter: Segmenter, text: str, url: str | None = None) -> None:
    expected = segmenter.segment(text, url=url)
    expl = explain(segmenter, text, url=url)
    assert [r.label for r in expl.lines] == expected.labels
    assert expl.doc.site == expected.site
    assert [r.n for r in expl.lines] == [ln.n for ln in expected.lines]


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
@pytest.mark.parametrize("url", [None, "https://www.daily8.com/a", "https://telegraph.co.uk/"])
def test_explain_gives_the_labels_split_gives_on_every_seed(path, url):
    segmenter = Segmenter(load_plugins(env=False, entry_points=False))
    _same_labels(segmenter, path.read_text(encoding="utf-8"), url)


def test_explain_gives_the_labels_split_gives_on_the_shared_pages():
    corpus = Corpus(SHARED)
    if corpus.missing():
        pytest.skip(corpus.missing())
    segmenter = Segmenter(load_plugins(env=False, entry_points=False))
    for text in article_texts(corpus).values():
        _same_labels(segmenter, text)


def test_the_trace_changes_no_generic_label():
    for path in SEEDS:
        lines = path.read_text(encoding="utf-8").split("\n")
        steps: list[tuple[str, list[str]]] = []

        def record(step: str, labels: list[str], _steps: list = steps, **facts: object) -> None:
            _steps.append((step, list(labels)))

        traced = classify_lines(lines, trace=record)
        assert traced == classify_lines(lines)
        assert steps[0][0] == "article"
        assert steps[-1][1] == [label for label in traced if label is not None]


# --- who decided, and why -----------------------------------------------------------

def test_a_site_rule_is_named_by_its_constant(gazette):
    expl, by_text = reasons(gazette)
    assert expl.doc.site == "gazette" and expl.site_error is None
    alert = by_text["ALERT Council meeting tonight"]
    assert (alert.label, alert.by, alert.rule) == ("nav", "gazette", "rule ALERT")
    assert alert.patterns == [r"^ALERT "]
    photo = by_text["PHOTO The ferry at the quay"]
    assert (photo.label, photo.rule) == ("caption", "rule PHOTO")


def test_an_unnamed_pattern_is_shown_as_written(gazette):
    _, by_text = reasons(gazette)
    home = by_text["Home"]
    assert (home.label, home.by, home.rule) == ("related", "gazette", "rule '^Home$'")
    assert home.runner_up == "nav"  # what the generic classifier said


def test_after_block_and_refine_rules_say_which(gazette):
    _, by_text = reasons(gazette)
    nxt = by_text[next(t for t in by_text if t.startswith("The council of"))]
    assert (nxt.label, nxt.rule) == ("byline", "line after AUTHOR")
    for title in ("Most read", "Lighthouse keeper retires after forty years",
                  "Storm closes the coast road"):
        assert (by_text[title].label, by_text[title].rule) == (
            "related", "block MOST_READ..NEWSLETTER")
    assert by_text["Newsletter"].by != "gazette"  # the end marker is not in the block
    picture = by_text["Picture: Harbour Gazette archive"]
    assert (picture.by, picture.rule) == ("gazette", "refine hook")


def test_the_runner_up_is_the_label_the_rule_replaced(gazette):
    generic = {r.text: r for r in explain(Segmenter(gazette.plugins, generic=True), PAGE).lines}
    _, by_text = reasons(gazette)
    nxt = next(t for t in by_text if t.startswith("The council of"))
    assert generic[nxt].label == "body"
    assert by_text[nxt].runner_up == "body"
    assert by_text[nxt].score == generic[nxt].score


def test_generic_lines_name_the_article_run_and_the_line_class():
    expl = explain(Segmenter(load_plugins(env=False, entry_points=False)), PAGE)
    assert expl.doc.site is None
    by_text = {r.text: r for r in expl.lines if r.label}
    para = by_text[next(t for t in by_text if t.startswith("Fares will rise"))]
    assert para.by == "generic" and para.label == "body"
    assert para.rule.startswith("in run ") and para.rule.endswith(": paragraph")
    assert para.runner_up == "nav" and para.score > 1
    sport = by_text["Sport"]
    assert sport.label == "nav" and sport.rule.startswith("outside run ")
    assert sport.runner_up == "body" and sport.score < 0
    assert by_text["A quiet harbour town votes on its ferry"].rule == "shows the page title"
    run = para.rule.split()[2].rstrip(":")
    first, last = (int(x) for x in run.split("-"))
    assert all(first <= r.n <= last for r in expl.lines
               if r.rule and r.rule.startswith("in run "))


class FirstClassifier:
    """A plugin whose ``classify`` hook answers before the generic classifier."""

    @segkit.hookimpl(tryfirst=True)
    def classify(self, doc: Document) -> list[str | None]:
        return ["related" for _ in doc.lines]


def test_a_classify_plugin_that_answers_is_named():
    plugins = load_plugins(shipped=False, env=False, entry_points=False)
    plugins.pm.register(FirstClassifier(), name="everything-related")
    expl = explain(Segmenter(plugins), PAGE)
    assert expl.classifier == "everything-related"
    assert {(r.label, r.by, r.rule) for r in expl.lines if r.label} == {
        ("related", "everything-related", "its classify hook")}


def test_a_classify_plugin_that_passes_leaves_it_to_the_generic_one():
    class Passes:
        @segkit.hookimpl(tryfirst=True)
        def classify(self, doc: Document) -> None:
            return None

    plugins = load_plugins(shipped=False, env=False, entry_points=False)
    plugins.pm.register(Passes(), name="passes")
    expl = explain(Segmenter(plugins), PAGE)
    assert expl.classifier == "segkit.sites.generic"
    assert [r.label for r in expl.lines] == Segmenter(plugins).segment(PAGE).labels


def test_a_failing_site_is_reported_and_its_rules_forgotten():
    def refine(doc: Document) -> None:
        raise RuntimeError("boom")

    plugins = load_plugins(shipped=False, env=False, entry_points=False)
    plugins.sites.append(Site(name="broken", domains=("broken.test",),
                              rules={r"^Home$": "related"}, refine=refine))
    messages: list[str] = []
    expl = explain(Segmenter(plugins, warn=messages.append), PAGE, url="https://broken.test/")
    assert expl.doc.site is None and "RuntimeError: boom" in expl.site_error
    assert {r.by for r in expl.lines if r.label} == {"generic"}
    assert messages and "boom" in messages[0]


# --- the command ----------------------------------------------------------------------

@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.txt"
    path.write_text(PAGE, encoding="utf-8")
    (tmp_path / "plugins").mkdir()
    (tmp_path / "plugins" / "gazette.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
    return path


def test_command_prints_a_row_per_labelled_line(capsys, page):
    code = main(["explain", "--plugins", str(page.parent / "plugins"), "--url",
                 "https://gazette.test/", str(page)])
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert out[0] == (f"{page}: site gazette ({page.parent / 'plugins' / 'gazette.py'}); "
                      "classifier generic")
    assert out[1].split() == ["line", "label", "by", "rule", "runner-up", "text"]
    rows = out[2:]
    assert len(rows) == sum(1 for line in PAGE.split("\n") if line.strip())
    alert = next(r for r in rows if r.endswith("ALERT Council meeting tonight"))
    assert alert.split()[:5] == ["7", "nav", "gazette", "rule", "ALERT"]


def test_command_json_has_every_line_with_its_reason(capsys, page):
    code = main(["explain", "--json", "--plugins", str(page.parent / "plugins"),
                 "--site", "gazette", str(page)])
    record = json.loads(capsys.readouterr().out)
    assert code == 0 and record["site"] == "gazette"
    assert len(record["lines"]) == len(PAGE.split("\n"))
    assert set(record["lines"][0]) == {"n", "text", "label", "by", "rule", "patterns",
                                       "runner_up", "score", "runner_up_score",
                                       "runner_up_scale"}
    assert {ln["label"] for ln in record["lines"]} <= {*LABELS, None}


def test_command_generic_uses_no_site(capsys, page):
    assert main(["explain", "--json", "--generic", "--plugins", str(page.parent / "plugins"),
                 "--url", "https://gazette.test/", str(page)]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["site"] is None
    assert {ln["by"] for ln in record["lines"] if ln["label"]} == {"generic"}


@pytest.mark.parametrize(("argv", "code", "complaint"), [
    (["explain", "{dir}"], 2, "explain takes one file, not a folder"),
    (["explain", "{dir}/missing.txt"], 1, "no such file or directory"),
    (["explain", "--site", "nosuchsite", "{dir}/page.txt"], 2, "unknown site 'nosuchsite'"),
])
def test_command_errors(capsys, page, argv, code, complaint):
    assert main([a.format(dir=page.parent) for a in argv]) == code
    assert complaint in capsys.readouterr().err


def test_command_reads_html_as_split_does(capsys, tmp_path):
    page = tmp_path / "page.html"
    paragraphs = "".join(
        f"<p>Paragraph {k} of the story, with enough words in it to read as running text "
        "that a person wrote, and a full stop at the end.</p>" for k in range(4))
    page.write_text(
        "<html><head><title>Ferry keeps running | Gazette</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Ferry keeps running</h1><p class='byline'>By Ada Quill</p>{paragraphs}"
        "<figure><img src='x.jpg'><figcaption>The ferry at the quay</figcaption></figure>"
        "</article><footer>© Gazette</footer></body></html>", encoding="utf-8")
    assert main(["split", "--format", "jsonl", str(page)]) == 0
    split_record = json.loads(capsys.readouterr().out)
    assert main(["explain", "--json", str(page)]) == 0
    explained = json.loads(capsys.readouterr().out)
    assert [ln["text"] for ln in explained["lines"]] == [ln["text"] for ln in split_record["lines"]]
    assert [ln["label"] for ln in explained["lines"]] == [
        ln["label"] for ln in split_record["lines"]]
    assert "Ferry keeps running" in [ln["text"] for ln in explained["lines"]]


# --- the hook contract: classify(doc, trace) ----------------------------------------

class TracingClassifier:
    """A plugin that answers first and reports its one step through the hook's ``trace``."""

    def __init__(self) -> None:
        self.traces: list[object] = []

    @segkit.hookimpl(tryfirst=True)
    def classify(self, doc: Document, trace) -> list[str | None]:
        self.traces.append(trace)
        labels = ["body" for _ in doc.lines]
        if trace is not None:
            trace("everything is body", [label for label, ln in zip(labels, doc.lines,
                                                                    strict=True)
                                         if not ln.blank])
        return labels


def test_the_trace_argument_is_given_only_under_explain():
    plugin = TracingClassifier()
    plugins = load_plugins(shipped=False, env=False, entry_points=False)
    plugins.pm.register(plugin, name="tracing")
    Segmenter(plugins).segment(PAGE)
    assert plugin.traces == [None]
    expl = explain(Segmenter(plugins), PAGE)
    assert callable(plugin.traces[1])
    assert expl.classifier == "tracing"
    assert {r.rule for r in expl.lines if r.label} == {"everything is body"}


def test_a_hook_call_passes_every_argument_the_spec_declares():
    import warnings

    segmenter = Segmenter(load_plugins(shipped=False, env=False, entry_points=False))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # pluggy warns of a declared argument not passed
        segmenter.segment(PAGE)
        explain(segmenter, PAGE)


def test_a_wrapper_around_classify_still_lets_explain_name_who_answered():
    class Wrapper:
        @segkit.hookimpl(wrapper=True)
        def classify(self, doc: Document):
            return (yield)

    plugins = load_plugins(shipped=False, env=False, entry_points=False)
    plugins.pm.register(Wrapper(), name="wrapper")
    plugins.pm.register(FirstClassifier(), name="everything-related")
    expl = explain(Segmenter(plugins), PAGE)
    assert expl.classifier == "everything-related"


def test_explain_names_the_model_where_it_changed_a_label(tmp_path: Path) -> None:
    from segkit.classify import vector
    from segkit.classify.model import FORMAT, VERSION
    from segkit.tools.explain import explain

    sure = {"threshold": 0.5, "demote_below": 0.3,
            "trees": [{"f": [], "t": [], "l": [], "r": [], "m": [],
                                         "v": [5.0]}]}
    model = tmp_path / "m.json"
    model.write_text(json.dumps({"format": FORMAT, "version": VERSION, "modes": {
        "text": dict(sure, features=vector.names(False))}}), encoding="utf-8")
    text = "Home\nNews\n" + "A sentence of running text that goes on. " * 6
    expl = explain(Segmenter(generic=True, model=str(model)), text)
    assert any("the model: content at p=0.99" in (r.rule or "") for r in expl.lines)
    assert any("(threshold 0.50)" in (r.rule or "") for r in expl.lines)  # text: the file's
    # HTML reads each page at its own cut: every line as likely, the cut is their p
    html_model = tmp_path / "h.json"
    html_model.write_text(json.dumps({"format": FORMAT, "version": VERSION, "modes": {
        "html": dict(sure, features=vector.names(True))}}), encoding="utf-8")
    page = f"<title>T</title><ul><li>Home</li></ul><p>{text}</p>"
    expl = explain(Segmenter(generic=True, model=str(html_model)), page, html=True)
    assert any("(the page's cut 0.99)" in (r.rule or "") for r in expl.lines)


def test_explain_gives_p_and_q_where_the_context_pass_decided(tmp_path: Path) -> None:
    from segkit.classify import context, vector
    from segkit.classify.model import FORMAT, VERSION
    from segkit.tools.explain import explain

    def forest(value: float, names: list[str]) -> dict:
        return {"threshold": 0.5, "demote_below": 0.3, "features": names,
                "trees": [{"f": [], "t": [], "l": [], "r": [], "m": [], "v": [value]}]}

    text_mode = dict(forest(5.0, vector.names(False)),
                     context=forest(4.0, context.names(False)))
    model = tmp_path / "m.json"
    model.write_text(json.dumps({"format": FORMAT, "version": VERSION,
                                 "modes": {"text": text_mode}}), encoding="utf-8")
    text = "Home\nNews\n" + "A sentence of running text that goes on. " * 6
    expl = explain(Segmenter(generic=True, model=str(model)), text)
    assert any("the context pass: p=0.99 -> q=0.98" in (r.rule or "") for r in expl.lines)


# --- the table: causes never cut, the runner-up with its own score -------------------

SEED_DIR = Path(__file__).resolve().parents[2] / "seeds"
LONG_NAME = "NEWSLETTER_SIGNUP_BOX_AT_THE_FOOT_OF_EVERY_ARTICLE"


def test_the_reason_and_who_are_never_cut_only_the_text(tmp_path):
    plugins = load_plugins(shipped=False, env=False, entry_points=False)
    module = tmp_path / "a_site_with_a_long_name.py"
    module.write_text(textwrap.dedent(f"""
        import segkit
        from segkit import Site
        {LONG_NAME} = r"^Newsletter$"

        @segkit.hookimpl
        def register_sites(register):
            register(Site(name="a_site_with_a_long_name", domains=("long.test",),
                          rules={{{LONG_NAME}: "nav"}}))
        """), encoding="utf-8")
    plugins = load_plugins([tmp_path], shipped=False, env=False, entry_points=False)
    expl = explain(Segmenter(plugins), PAGE, url="https://long.test/")
    out = format_text(expl, width=60)
    row = next(r for r in out.splitlines() if r.endswith("Newsletter"))
    assert f"a_site_with_a_long_name  rule {LONG_NAME}  " in row
    live = explain(Segmenter(load_plugins(env=False, entry_points=False)),
                   (SEED_DIR / "live_blog.txt").read_text(encoding="utf-8"))
    table = format_text(live, width=60)
    assert "a live-blog entry's time, title or caption  " in table
    assert "…" not in "".join(r[:80] for r in table.splitlines()[2:])  # only text is cut
    assert any(r.endswith("…") for r in table.splitlines())


def test_the_runner_up_shows_its_own_score_on_the_deciders_scale():
    expl = explain(Segmenter(load_plugins(env=False, entry_points=False)), PAGE)
    by_text = {r.text: r for r in expl.lines if r.label}
    para = by_text[next(t for t in by_text if t.startswith("Fares will rise"))]
    assert (para.runner_up, para.runner_up_scale) == ("nav", "points")
    assert para.runner_up_score == -para.score < -1  # leaving a paragraph out costs
    sport = by_text["Sport"]
    assert sport.runner_up == "body" and sport.runner_up_score == sport.score < 0
    row = next(r for r in format_text(expl).splitlines() if r.startswith(f"{para.n:>5} "))
    assert f"nav       {para.runner_up_score:+.2f}" in row
    menu = explain(Segmenter(load_plugins(env=False, entry_points=False)),
                   (SEED_DIR / "menu_page.txt").read_text(encoding="utf-8"))
    by_model = [r for r in menu.lines
                if r.rule and r.rule.startswith(("the model", "the context pass"))]
    assert by_model
    for r in by_model:  # e.g. "content at p=0.47": the runner-up nav has p=0.53
        # the context pass decides by its own q ("p=0.37 -> q=0.43"), the model by p
        said = r.rule.split("q=")[1] if "q=" in r.rule else r.rule.split("p=")[1]
        p = float(said.split()[0])
        assert r.runner_up_scale == "p"
        want = p if r.runner_up == "body" else 1 - p
        assert abs(r.runner_up_score - want) < 0.011


def test_a_scoped_labeller_explains_only_the_lines_it_named():
    # The shipped text labeller renames only the rules' nav and related lines, and body
    # lines it finds bylines or dates: a line the content decision made body and that it
    # left body is the content decision's, and says so.
    from segkit.classify.model import resolve_model

    mode = resolve_model().mode(False)
    assert mode is not None and mode.scope is not None
    expl = explain(Segmenter(load_plugins(env=False, entry_points=False), generic=True),
                   (SEED_DIR / "menu_page.txt").read_text(encoding="utf-8"))
    said = [(r.label, r.rule) for r in expl.lines if r.rule]
    named = [label for label, rule in said if rule.startswith("the labeller")]
    assert named and set(named) <= mode.scope.gives
    assert any(label == "body" and rule.startswith(("the context pass", "the model"))
               for label, rule in said)
