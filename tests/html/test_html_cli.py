"""HTML input end to end: ``segkit split`` and the Python API on small pages written here.

``tests/html/test_html.py`` covers rendering pages to lines; this file covers what a user sees:
which inputs are read as HTML (.html, .htm, .html.gz, HTML by content on stdin), the
labels of an unambiguous page, ``--evidence`` output against the JSON Schema, and bad
input, where each input either gets a sensible segmentation or a clear error naming it,
the run goes on with the others and exits 1 when one failed.
"""

from __future__ import annotations

import dataclasses
import gzip
import io
import json
import random
import resource
import sys
from importlib.resources import files
from pathlib import Path

import pytest
import shared_data as sd
from jsonschema import Draft202012Validator

import segkit
from segkit import LABELS, segment
from segkit.cli import EXIT_RECORD_ERRORS, main
from segkit.evidence import Flag, LineEvidence, PageMeta
from segkit.pipeline import MAX_CLASSIFIED_LINE_CHARS, Segmenter

TITLE = "Harbour reopens after the winter storm"
SITE = "The Coastal Courier"
MENU = ["Home", "World", "Sport", "Weather"]
PARAGRAPHS = [
    "The harbour reopened on Monday morning, three days after the storm tore through the "
    "town and left the quay under a metre of water.",
    "Fishermen said they were relieved to get back to work, although many of their boats "
    "still need repairs before they can sail again this season.",
    "The council has promised to rebuild the sea wall before next winter, and engineers "
    "began surveying the damage along the front on Tuesday afternoon.",
    "Residents who lost power during the storm were told that most homes would be "
    "reconnected by the end of the week, weather permitting.",
]
FOOTER = ["Privacy policy", "Contact us", f"© 2024 {SITE}"]

HEAD = f"""<head><meta charset="utf-8">
<title>{TITLE} | {SITE}</title>
<meta property="og:title" content="{TITLE}">
<meta property="og:site_name" content="{SITE}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2024-03-04T09:00:00Z">
<link rel="canonical" href="https://news.example/harbour">
<script type="application/ld+json">{{"@context": "https://schema.org",
 "@type": "NewsArticle", "headline": "{TITLE}", "datePublished": "2024-03-04",
 "author": {{"@type": "Person", "name": "Jane Doe"}}}}</script>
<style>p {{ color: black; }}</style>
</head>"""

PAGE = (
    f'<!DOCTYPE html>\n<html lang="en">\n{HEAD}\n<body>\n'
    '<nav class="site-menu"><ul>'
    + "".join(f'<li><a href="/{m.lower()}">{m}</a></li>' for m in MENU)
    + "</ul></nav>\n<main><article>\n"
    f"<h1>{TITLE}</h1>\n"
    + "\n".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    + "\n</article></main>\n<footer>"
    + "".join(f'<p><a href="/{i}">{f}</a></p>' if i < 2 else f"<p>{f}</p>"
              for i, f in enumerate(FOOTER))
    + "</footer>\n<script>var tracking = 'not text';</script>\n</body>\n</html>\n"
)
# The page's lines: its <title> first, then each block of visible text.
LINES = [f"{TITLE} | {SITE}", *MENU, TITLE, *PARAGRAPHS, *FOOTER]
LABELLED = [("nav", f"{TITLE} | {SITE}"), *(("nav", m) for m in MENU), ("headline", TITLE),
            *(("body", p) for p in PARAGRAPHS), *(("nav", f) for f in FOOTER)]

KEYS = ["id", "source", "url", "site", "title", "author", "date", "language", "page_type",
        "lines"]


@pytest.fixture(autouse=True)
def _no_env_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEGKIT_PLUGINS", raising=False)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema_file = files(segkit).joinpath("schema/document.schema.json")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def assert_valid(validator: Draft202012Validator, record: dict) -> None:
    errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["split", "--generic", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def only_summary(err: str) -> bool:
    """Whether stderr holds nothing but the run's one-line summary."""
    lines = err.splitlines()
    return len(lines) == 1 and lines[0].startswith("segkit: ") and " record(s) in " in lines[0]


def records(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


def labelled(record: dict) -> list[tuple[str, str]]:
    return [(ln["label"], ln["text"]) for ln in record["lines"] if ln["label"]]


def set_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), "utf-8"))


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.html"
    path.write_text(PAGE, encoding="utf-8")
    return path


@pytest.fixture
def good(tmp_path: Path) -> Path:
    """A good input to put after a bad one: the run must still write it."""
    path = tmp_path / "good.htm"
    path.write_text(PAGE, encoding="utf-8")
    return path


# --- what is read as HTML --------------------------------------------------------------

def test_html_file_is_rendered_and_labelled_from_its_markup(capsys, page):
    code, out, err = run(capsys, str(page))
    assert code == 0 and only_summary(err)
    [record] = records(out)
    assert list(record) == KEYS
    assert (record["id"], record["source"]) == ("page", str(page))
    assert [ln["text"] for ln in record["lines"]] == LINES
    assert [ln["n"] for ln in record["lines"]] == list(range(1, len(LINES) + 1))
    assert all(list(ln) == ["n", "text", "label"] for ln in record["lines"])
    assert "not text" not in out and "color: black" not in out  # scripts and styles


def test_headline_is_the_h1_not_the_title_with_the_site_name(capsys, page):
    """nav and footer lines are nav, paragraphs body, the h1 alone headline."""
    _, out, _ = run(capsys, str(page))
    [record] = records(out)
    assert labelled(record) == LABELLED


@pytest.mark.parametrize("name", ["page.htm", "page.HTML", "page.xhtml", "page.html.gz",
                                  "page.htm.gz", "page.dat", "page"])
def test_html_is_recognised_by_name_or_content_and_gunzipped(capsys, tmp_path, name):
    data = PAGE.encode("utf-8")
    path = tmp_path / name
    path.write_bytes(gzip.compress(data) if name.endswith(".gz") else data)
    code, out, err = run(capsys, str(path))
    assert code == 0, err
    [record] = records(out)
    assert labelled(record) == LABELLED
    assert record["source"] == str(path)


def test_html_on_stdin_is_recognised_by_its_content(capsys, monkeypatch):
    for data in (PAGE.encode("utf-8"), PAGE.encode("utf-16"), b"\n  " + PAGE.encode()):
        set_stdin(monkeypatch, data)
        code, out, err = run(capsys, "-")
        assert code == 0, err
        [record] = records(out)
        assert (record["id"], record["source"]) == ("stdin", "<stdin>")
        assert labelled(record) == LABELLED


def test_gzipped_text_on_stdin_stays_text(capsys, monkeypatch):
    set_stdin(monkeypatch, gzip.compress(b"Home\nA plain line of text, not markup.\n"))
    code, out, _ = run(capsys, "-")
    assert code == 0
    [record] = records(out)
    assert [ln["text"] for ln in record["lines"]] == [
        "Home", "A plain line of text, not markup.", ""]


def test_text_that_mentions_tags_is_not_read_as_html(capsys, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("Use <p> for paragraphs.\n<b>bold</b> stays as typed\n", encoding="utf-8")
    _, out, _ = run(capsys, str(path))
    [record] = records(out)
    assert [ln["text"] for ln in record["lines"]] == [
        "Use <p> for paragraphs.", "<b>bold</b> stays as typed", ""]


def test_html_and_text_inputs_mix_in_one_run(capsys, tmp_path, page):
    text = tmp_path / "plain.txt"
    text.write_text("\n".join(LINES), encoding="utf-8")
    code, out, _ = run(capsys, str(page), str(text))
    assert code == 0
    html_doc, text_doc = records(out)
    assert [ln["text"] for ln in html_doc["lines"]] == [ln["text"] for ln in text_doc["lines"]]


def test_python_api_segments_html(page):
    html = page.read_text(encoding="utf-8")
    doc = segment(html, html=True, generic=True, id="p")
    assert [(ln.label, ln.text) for ln in doc.lines] == LABELLED
    assert doc.meta.og_title == TITLE and len(doc.evidence) == len(doc.lines)
    same = Segmenter(generic=True).segment_html(html, id="p", source="page.html")
    assert same.labels == doc.labels and same.source == "page.html"


# --- output ------------------------------------------------------------------------------

def test_only_body_as_text_prints_the_article_paragraphs(capsys, page):
    code, out, _ = run(capsys, "--only", "body", "--format", "text", str(page))
    assert code == 0
    assert out == "\n".join(PARAGRAPHS) + "\n"


def test_default_output_has_no_evidence(capsys, validator, page):
    _, out, _ = run(capsys, str(page))
    [record] = records(out)
    assert list(record) == KEYS
    assert all(list(ln) == ["n", "text", "label"] for ln in record["lines"])
    assert_valid(validator, record)


def test_evidence_gives_markup_per_line_and_page_metadata(capsys, validator, page):
    code, out, _ = run(capsys, "--evidence", str(page))
    assert code == 0
    [record] = records(out)
    assert list(record) == [*KEYS, "meta"]
    assert_valid(validator, record)
    assert all(list(ln) == ["n", "text", "label", "evidence"] for ln in record["lines"])
    evidence = {ln["text"]: ln["evidence"] for ln in record["lines"]}
    assert evidence[f"{TITLE} | {SITE}"]["tag"] == "title"
    assert evidence[TITLE]["tag"] == "h1" and evidence[TITLE]["heading"] == 1
    assert {"article", "main"} <= set(evidence[TITLE]["flags"])
    assert evidence[PARAGRAPHS[0]]["tag"] == "p"
    assert evidence[PARAGRAPHS[0]]["link_density"] == 0
    home = evidence["Home"]
    assert {"nav", "li", "list", "link", "one_link"} <= set(home["flags"])
    assert home["link_density"] == 1 and home["list_depth"] == 1
    assert "menu" in home["tokens"]  # from class="site-menu"
    assert "footer" in evidence[FOOTER[-1]]["flags"]
    meta = record["meta"]
    assert meta["title"] == f"{TITLE} | {SITE}"
    assert (meta["og_title"], meta["og_site_name"], meta["og_type"]) == (TITLE, SITE, "article")
    assert meta["published_time"] == "2024-03-04T09:00:00Z"
    assert meta["canonical"] == "https://news.example/harbour" and meta["lang"] == "en"
    assert meta["ld_headline"] == TITLE and meta["ld_authors"] == ["Jane Doe"]
    assert meta["ld_date_published"] == "2024-03-04"
    assert "NewsArticle" in meta["ld_types"] and meta["ld_has_article_body"] is False


@pytest.mark.parametrize("extra", [["--format", "json"], ["--only", "body,headline"]])
def test_evidence_in_json_and_with_only_is_valid(capsys, validator, page, extra):
    _, out, _ = run(capsys, "--evidence", *extra, str(page))
    recs = json.loads(out) if "json" in extra else records(out)
    for record in recs:
        assert_valid(validator, record)
        assert record["meta"]["og_title"] == TITLE
        assert all("evidence" in ln for ln in record["lines"])


def test_evidence_with_text_input_adds_nothing(capsys, validator, tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text("A title\n\nA paragraph of text.", encoding="utf-8")
    _, out, _ = run(capsys, "--evidence", str(path))
    [record] = records(out)
    assert list(record) == KEYS
    assert all(list(ln) == ["n", "text", "label"] for ln in record["lines"])
    assert_valid(validator, record)


def test_schema_describes_every_evidence_and_meta_field(validator):
    """The schema forbids unknown keys: it must list exactly what html.py writes."""
    defs = validator.schema["$defs"]
    ev = LineEvidence("p", None, 0, 0, 0.0, ())
    assert set(defs["evidence"]["properties"]) == set(ev.to_dict())
    assert set(defs["meta"]["properties"]) == {f.name for f in dataclasses.fields(PageMeta)}
    flags = defs["evidence"]["properties"]["flags"]["items"]["enum"]
    assert flags == [f.name.lower() for f in Flag if f.name]


@pytest.mark.parametrize(("where", "change"), [
    ("evidence", lambda r: r["lines"][0]["evidence"].update(flags=["sidebar"])),
    ("evidence", lambda r: r["lines"][0]["evidence"].update(link_density=1.5)),
    ("evidence", lambda r: r["lines"][0]["evidence"].pop("tag")),
    ("meta", lambda r: r["meta"].update(title=3)),
    ("meta", lambda r: r["meta"].update(extra="x")),
])
def test_schema_rejects_malformed_evidence(capsys, validator, page, where, change):
    _, out, _ = run(capsys, "--evidence", str(page))
    [record] = records(out)
    change(record)
    assert not validator.is_valid(record), where


# --- bad input -----------------------------------------------------------------------------

def _deep(levels: int) -> str:
    return "<div>" * levels + f"<p>{PARAGRAPHS[0]}</p>" + "</div>" * levels


SEGMENTED = {  # input name -> (bytes, a text the segmentation must hold)
    "truncated.html": (PAGE.encode()[: PAGE.index(PARAGRAPHS[1]) + 40],
                       PARAGRAPHS[1][:40]),
    "unclosed.html": (("<html><body><div><article><h1>" + TITLE + "<p>" + "<p><b><i>".join(
        PARAGRAPHS)).encode(), PARAGRAPHS[3]),
    "deep.html": (_deep(100_000).encode(), PARAGRAPHS[0]),
}


@pytest.mark.parametrize("name", list(SEGMENTED))
def test_broken_markup_is_segmented(capsys, tmp_path, validator, name):
    data, expected = SEGMENTED[name]
    path = tmp_path / name
    path.write_bytes(data)
    start = _cpu_seconds()
    code, out, err = run(capsys, str(path))
    assert _cpu_seconds() - start < 20, "took far too long"
    assert code == 0 and only_summary(err)
    [record] = records(out)
    assert_valid(validator, record)
    assert expected in [ln["text"] for ln in record["lines"]] or expected in out
    assert all(ln["label"] in LABELS for ln in record["lines"] if ln["text"].strip())


def _truncated_gzip() -> bytes:
    data = gzip.compress(PAGE.encode() * 20)
    return data[: len(data) // 2]


FAILING = {  # input name -> (bytes, what the error says)
    "random.html": (random.Random(3).randbytes(20_000), "binary data"),
    "nonul.html": (bytes(b for b in random.Random(4).randbytes(20_000) if b), "undecodable"),
    "fake.html.gz": (PAGE.encode(), "not gzip data"),
    "cut.html.gz": (_truncated_gzip(), "truncated gzip data"),
    "corrupt.html.gz": (b"\x1f\x8b\x08\x00" + b"\xff" * 200, "corrupt gzip data"),
    "empty.html": (b"", "empty input"),
    "blank.html": (b"  \n\t\n", "input holds only white space"),
    "empty.html.gz": (gzip.compress(b""), "empty input"),
}


@pytest.mark.parametrize("name", list(FAILING))
def test_bad_input_is_named_and_the_run_goes_on(capsys, tmp_path, good, name):
    data, reason = FAILING[name]
    path = tmp_path / name
    path.write_bytes(data)
    code, out, err = run(capsys, str(path), str(good))
    assert code == EXIT_RECORD_ERRORS
    error, record = records(out)
    assert error["source"] == str(path) and reason in error["error"]
    assert record["id"] == "good" and labelled(record) == LABELLED
    assert f"segkit: {path}: {reason}" in err
    assert "internal error" not in err and "Traceback" not in err
    assert err.endswith("docs/s): 1 document(s), 1 error(s)\n")


def test_every_bad_input_in_one_run_is_reported(capsys, tmp_path, good):
    paths = []
    for name, (data, _) in FAILING.items():
        paths.append(tmp_path / name)
        paths[-1].write_bytes(data)
    code, out, err = run(capsys, "--format", "tsv", *map(str, paths), str(good))
    assert code == EXIT_RECORD_ERRORS
    assert out.splitlines()[1:] == [f"good\t{label}\t{text}" for label, text in LABELLED]
    for path, (_, reason) in zip(paths, FAILING.values(), strict=True):
        assert f"segkit: {path}: {reason}" in err
    assert f"1 document(s), {len(paths)} error(s)" in err


def test_only_failed_inputs_to_stdout_exit_3_naming_no_output_file(capsys, tmp_path):
    path = tmp_path / "empty.html"
    path.write_bytes(b"")
    code, out, err = run(capsys, str(path))
    assert code == EXIT_RECORD_ERRORS
    assert records(out) == [{"id": "empty", "source": str(path), "error": "empty input"}]
    assert err.endswith("docs/s): 0 document(s), 1 error(s)\n")  # not "None left..."


def test_binary_data_on_stdin_is_an_error_naming_stdin(capsys, monkeypatch):
    set_stdin(monkeypatch, b"<html>" + bytes(range(256)) * 50)
    code, out, err = run(capsys, "-")
    assert code == EXIT_RECORD_ERRORS and "binary data" in records(out)[0]["error"]
    assert "segkit: <stdin>: binary data" in err


def _cpu_seconds() -> float:
    """CPU time of this process and of its finished children (the run's worker)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def test_a_50_mb_single_line_page_is_handled(capsys, tmp_path):
    """One 50 MB paragraph on one line: segmented whole, in seconds, not minutes."""
    sentence = "The harbour reopened on Monday after the storm, and the town was glad. "
    body = sentence * (50_000_000 // len(sentence))
    path = tmp_path / "huge.html"
    path.write_text(f"<html><head><title>Huge</title></head><body><p>{body}</p></body></html>",
                    encoding="utf-8")
    assert path.stat().st_size > 50_000_000 and b"\n" not in path.read_bytes()
    out_file = tmp_path / "huge.tsv"
    start = _cpu_seconds()  # CPU, not wall time: a busy machine must not fail it
    code, _, err = run(capsys, "--format", "tsv", "-o", str(out_file), str(path))
    elapsed = _cpu_seconds() - start
    assert code == 0, err
    rows = out_file.read_text(encoding="utf-8").split("\n")
    assert rows[1].split("\t")[2] == "Huge" and rows[2].split("\t")[2] == body.strip()
    assert rows[2].split("\t")[1] in LABELS
    assert elapsed < 15, f"{elapsed:.0f} CPU s for a 50 MB line"  # 27 s uncapped, 3 s capped
    assert len(body) > 10 * MAX_CLASSIFIED_LINE_CHARS  # the classifier saw a cut copy


# --- memory --------------------------------------------------------------------------

WORDS = ("river council library winter market station harbour museum bakery garden "
         "school bridge festival railway hospital theatre").split()


def page_body(cards: int) -> str:
    """Markup of an invented news page of about 6 KB per teaser card.

    Like big real pages, most of its bytes are markup and inline script, not text: an
    article, a menu, teaser cards with SVG icons, an embedded state object, a footer.
    """
    def w(i: int) -> str:
        return WORDS[i % len(WORDS)]

    icon = '<svg viewBox="0 0 24 24"><path d="' + "M12 2L2 7l10 5 10-5-10-5z" * 20 + '"/></svg>'
    cards_html = "".join(
        f'<div class="card card--teaser" data-id="{i}"><div class="card__media">'
        f'<img src="/img/{i}.jpg" alt="">{icon}</div><a class="card__link" href="/n/{i}">'
        f'<h3 class="card__title">{w(i).title()} {w(i + 3)} to close for repairs {i}</h3>'
        "</a></div>" for i in range(cards))
    state = "[" + ('{"key": "' + "x" * 3000 + '"},') * (2 * cards) + "0]"
    return (
        '<header><nav><ul>' + "".join(f'<li><a href="/{x}">{x}</a></li>' for x in WORDS)
        + f"</ul></nav></header><main><article><h1>{TITLE}</h1>"
        + "".join(f"<p>{p}</p>" for p in PARAGRAPHS * 5)
        + f'</article></main><section class="related"><h2>Related</h2>{cards_html}</section>'
        + f"<script>window.__STATE__ = {state};</script><footer><p>Privacy</p></footer>")


def test_a_20_mb_page_is_handled_in_memory_proportional_to_it():
    """tracemalloc's peak for the page body repeated 10 times stays under 15x once.

    As in test_memory.py: memory linear in the page gives at most 10, anything quadratic
    about 100. The tenfold page is over 20 MB.
    """
    body = page_body(300)
    head = f"<!DOCTYPE html><html><head><title>{TITLE} | {SITE}</title></head><body>"
    once, tenfold = head + body + "</body></html>", head + body * 10 + "</body></html>"
    assert len(tenfold.encode()) > 20_000_000
    segmenter = Segmenter(generic=True)
    doc = segmenter.segment_html(tenfold)
    assert len(doc.lines) == 1 + 10 * (len(segmenter.segment_html(once).lines) - 1)
    peak_once = sd.traced_peak(lambda: segmenter.segment_html(once))
    peak_ten = sd.traced_peak(lambda: segmenter.segment_html(tenfold))
    assert peak_ten < 15 * peak_once, f"10x the page peaks at {peak_ten / peak_once:.1f}x"
