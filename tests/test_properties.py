"""Properties that hold for any input: one entry per line, lossless, valid labels, no crash."""

from __future__ import annotations

import gzip
import io
import json
import os
import pickle

import corpus_data as cd
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from segkit import LABELS, Segmenter
from segkit.corpus.worker import Settings, Worker
from segkit.describe import DocMeta
from segkit.inputs.decode import InputError, Source, decode
from segkit.inputs.files import read_stream
from segkit.inputs.formats import INPUT_FORMATS, sniff
from segkit.inputs.options import ReadOptions, ReadStats
from segkit.output.writers import Writer
from segkit.sites.loading import load_plugins

# Page-like lines (words, dates, menus, punctuation) mixed with arbitrary Unicode, so the
# classifier's rules get exercised and not just its fallbacks.
WORDS = st.sampled_from([
    "By", "Jane", "Doe", "Updated", "2 hours ago", "06:18 PM BST", "March 3, 2024", "Home",
    "|", "News", "Related", "Pictured:", "Credit: Reuters", "the", "harbour", "reopened",
    "said", ",", ".", "“", "”", "—", "-", "Watch:", "Share", "•", "\t", " ", "   ", "\r",
    "\u00a0", "\u2028", "\x0b", "\x1c", "\x85", "日本語", "Ünïcödé", "🙂", "a" * 300,
])
LINE = st.one_of(
    st.lists(WORDS, max_size=25).map(" ".join),
    st.text(max_size=80),
)
PAGE = st.lists(LINE, max_size=40).map("\n".join)
TEXT = st.one_of(st.text(), PAGE)

SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.fixture(scope="module")
def segmenters() -> dict[str, Segmenter]:
    """The segmenter as shipped (generic plus site plugins) and with the generic alone."""
    plugins = load_plugins(env=False, warn=lambda message: None)
    return {"default": Segmenter(plugins), "generic": Segmenter(plugins, generic=True)}


def check(doc, text: str) -> None:
    assert len(doc.lines) == text.count("\n") + 1
    assert [ln.n for ln in doc.lines] == list(range(1, len(doc.lines) + 1))
    assert "\n".join(ln.text for ln in doc.lines) == text
    for ln in doc.lines:
        if ln.text.strip():
            assert ln.label in LABELS, (ln.text, ln.label)
        else:
            assert ln.label is None, (ln.text, ln.label)


@SETTINGS
@given(text=TEXT)
def test_any_text_gets_one_valid_entry_per_line(segmenters, text):
    for segmenter in segmenters.values():
        check(segmenter.segment(text, id="p"), text)


@SETTINGS
@given(text=PAGE, url=st.sampled_from([None, "https://www.telegraph.co.uk/x",
                                       "https://daily8.com/a", "not a url", "http://[::1"]))
def test_any_text_with_any_url_still_holds(segmenters, text, url):
    check(segmenters["default"].segment(text, id="p", url=url), text)


@SETTINGS
@given(text=TEXT)
def test_jsonl_output_round_trips_to_the_input(segmenters, text):
    out = io.StringIO()
    Writer(out, "jsonl").write(segmenters["default"].segment(text, id="p"))
    record = json.loads(out.getvalue())
    # one document, one line, even for readers that split on U+2028 or NEL
    assert out.getvalue().splitlines() == [out.getvalue()[:-1]]
    assert "\n".join(ln["text"] for ln in record["lines"]) == text


@settings(max_examples=1000, deadline=None)
@given(data=st.one_of(
    st.binary(max_size=400),
    st.text(max_size=200).flatmap(lambda t: st.sampled_from([
        t.encode("utf-8"), t.encode("utf-16"), t.encode("utf-8-sig"),
        t.encode("cp1252", "replace"), t.encode("utf-16-le")])),
))
def test_decode_gives_text_or_input_error_only(data):
    try:
        text = decode(data, "input")
    except InputError as exc:
        assert exc.name == "input"
        assert str(exc).startswith("input: ")
        return
    assert isinstance(text, str)
    assert "\r" not in text
    assert text.strip()


@settings(max_examples=300, deadline=None)
@given(text=st.text(min_size=1).filter(lambda t: t.strip() and "\x00" not in t))
def test_utf8_text_decodes_back_with_line_ends_normalised(text):
    expected = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        assert decode(text.encode("utf-8"), "x") == expected
    except InputError as exc:  # text made mostly of control characters counts as binary
        assert "binary" in exc.reason


# --- fuzz: every stage a stranger's bytes reach -----------------------------------------
# The property: a document or a named error entry, never an internal error. CI runs a
# short budget; SEGKIT_FUZZ_EXAMPLES raises it (docs/reliability.md: a long fuzz).
FUZZ = settings(max_examples=int(os.environ.get("SEGKIT_FUZZ_EXAMPLES", "150")),
                deadline=None, suppress_health_check=[HealthCheck.too_slow])

PAGE_HTML = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Harbour reopens</title>"
    "<script type='application/ld+json'>{\"@type\": \"NewsArticle\", \"author\": "
    "{\"name\": \"Jane Doe\"}}</script><style>p{color:red}</style></head><body>"
    "<nav><ul><li><a href='/'>Home</a></li><li><a href='/news'>News</a></li></ul></nav>"
    "<article><h1>Harbour reopens</h1><p class='byline'>By Jane Doe</p>"
    "<time datetime='2024-03-03'>March 3, 2024</time><p>The harbour reopened on Monday "
    "after a long winter, officials said.</p><figure><img alt='Boats'><figcaption>Boats "
    "in the harbour. Credit: Reuters</figcaption></figure><table><tr><td>a</td><td>b</td>"
    "</tr></table><pre>  code\n  more</pre></article><aside><h2>Related</h2><ul><li>"
    "<a href='/x'>Other story</a></li></ul></aside><footer>© 2024</footer></body></html>"
)
# Pieces a mutation splices into markup: tags opened and never closed, stray closers,
# comments and CDATA cut short, entities, NULs, controls and odd white space.
SPLICES = st.sampled_from([
    "<", ">", "</", "<p>", "</div>", "<table>", "<td>", "<li>", "<!--", "-->", "<![CDATA[",
    "<script>", "</script>", "<svg><foreignObject>", "<math>", "&amp;", "&#0;", "&#x110000;",
    "&nbsp;", "\x00", "\x0b", "\u2028", "\r", "<br/>", "<img alt='", "'", '"', "=",
    "<template>", "<select><option>", "<frameset>", "<plaintext>", "<textarea>",
])


@st.composite
def mutated(draw, base: str) -> str:
    """``base`` with a few spans cut, repeated or replaced by splices."""
    text = base
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        end = draw(st.integers(at, min(len(text), at + 40)))
        how = draw(st.sampled_from(["cut", "splice", "repeat", "text"]))
        piece = {"cut": "", "repeat": text[at:end] * 2, "splice": draw(SPLICES),
                 "text": draw(st.text(max_size=10))}[how]
        text = text[:at] + piece + text[end:]
    return text


def check_html(doc) -> None:
    for ln in doc.lines:
        assert (ln.label in LABELS) if ln.text.strip() else ln.label is None, ln
    again = pickle.loads(pickle.dumps(doc))  # what a process pool does with it
    assert (again.labels, again.evidence, again.meta, again.structure) == (
        doc.labels, doc.evidence, doc.meta, doc.structure)


@FUZZ
@given(html=st.one_of(mutated(PAGE_HTML), st.text(max_size=300),
                      st.lists(SPLICES | st.text(max_size=5), max_size=60).map("".join)))
def test_fuzz_the_html_walker_gives_a_document(segmenters, html):
    for segmenter in segmenters.values():
        check_html(segmenter.segment_html(html, id="p"))


@FUZZ
@given(head=st.binary(max_size=600), name=st.sampled_from(["", "x.html", "x.gz", "x.warc"]))
def test_fuzz_the_sniffer_names_a_format(head, name):
    assert sniff(head, name) in INPUT_FORMATS


def _jsonl_records() -> st.SearchStrategy[bytes]:
    value = st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=40),
                      st.sampled_from([PAGE_HTML, "A page.\nIts text."]),
                      st.lists(st.integers(), max_size=3))
    record = st.dictionaries(st.sampled_from(["id", "url", "text", "html", "x"]), value,
                             max_size=5)
    return st.lists(record, max_size=4).map(lambda rs: "".join(
        json.dumps(r) + "\n" for r in rs).encode("utf-8"))


def _warc(gz: bool) -> st.SearchStrategy[bytes]:
    texts = st.lists(st.sampled_from(["A page.\nIts text.", PAGE_HTML, "", "é" * 30]),
                     max_size=3)
    return texts.map(lambda ts: cd.wet(ts, gz=gz))


@st.composite
def damaged(draw, data: st.SearchStrategy[bytes]) -> bytes:
    """Bytes cut short, or with a few bytes flipped."""
    raw = draw(data)
    if raw and draw(st.booleans()):
        raw = raw[:draw(st.integers(0, len(raw)))]
    for _ in range(draw(st.integers(0, 3))):
        if raw:
            at = draw(st.integers(0, len(raw) - 1))
            raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1:]
    return raw


READER_INPUT = st.one_of(
    st.binary(max_size=400),
    damaged(_jsonl_records()),
    damaged(_warc(gz=False)),
    damaged(_warc(gz=True)),
    damaged(_jsonl_records().map(gzip.compress)),
    damaged(st.sampled_from([PAGE_HTML.encode(), PAGE_HTML.encode("utf-16")])),
)


@pytest.fixture(scope="module")
def worker() -> Worker:
    return Worker(Settings(), load_plugins(env=False, warn=lambda message: None))


@FUZZ
@given(data=READER_INPUT, fmt=st.sampled_from(["auto", "jsonl", "warc", "text", "html"]))
def test_fuzz_the_readers_give_documents_or_named_errors(worker, data, fmt):
    options = ReadOptions(input_format=fmt, max_bytes=1 << 16)
    for item in read_stream(io.BytesIO(data), "in.bin", "in", options, ReadStats()):
        assert isinstance(item, Source | InputError)
        result = worker(item)
        if result.error is not None:
            assert result.name and not result.error.startswith("internal error"), result


HOSTILE = st.text(st.characters(codec="utf-8"), max_size=30) | st.sampled_from(
    ["\n# forged", "\x1b[31mred", "-->", "a\u2028b", "\t|\t", "\r\n"])


@FUZZ
@given(id=HOSTILE, source=HOSTILE, url=st.none() | HOSTILE, fmt=st.sampled_from(
    ["jsonl", "md", "tsv", "text"]))
def test_fuzz_writers_keep_hostile_names_in_their_place(segmenters, id, source, url, fmt):
    doc = segmenters["generic"].segment("A title\n\nSome words here.", id=id, source=source,
                                        url=url)
    out = io.StringIO()
    writer = Writer(out, fmt)
    writer.write(doc)
    writer.write_rendered(writer.render_error(id, source, "reason"))
    writer.close()
    lines = out.getvalue().split("\n")
    if fmt == "jsonl":
        assert [json.loads(line)["id"] for line in lines if line] == [id, id]
    if fmt == "md":
        assert lines[0].startswith("<!-- segkit: ") and lines[0].endswith(" -->")
        assert sum(line.startswith("<!-- segkit error: ") for line in lines) == 1


def _written(doc, fmt: str, id: str, source: str) -> str:
    out = io.StringIO()
    writer = Writer(out, fmt)
    writer.write(doc)
    writer.write_rendered(writer.render_error(id, source, "reason"))
    writer.close()
    return out.getvalue()


@FUZZ
@given(id=HOSTILE, source=HOSTILE, url=st.none() | HOSTILE)
def test_fuzz_json_and_html_writers_keep_hostile_names_in_their_place(segmenters, id, source,
                                                                       url):
    """The JSON array holds them as strings; the HTML report escapes them: the markup of a
    report with hostile names has the same tags as with plain ones."""
    def doc(i: str, s: str, u: str | None):
        return segmenters["generic"].segment("A title\n\nSome words here.", id=i, source=s,
                                             url=u)

    records = json.loads(_written(doc(id, source, url), "json", id, source))
    assert [r["id"] for r in records] == [id, id]
    hostile = _written(doc(id, source, url), "html", id, source)
    plain = _written(doc("x", "x", None if url is None else "x"), "html", "x", "x")
    assert hostile.count("<") == plain.count("<")


@FUZZ
@given(title=HOSTILE, author=st.none() | HOSTILE, fmt=st.sampled_from(
    ["tsv", "text", "md", "article", "html"]))
def test_fuzz_metadata_headers_keep_hostile_values_in_their_place(segmenters, title, author,
                                                                  fmt):
    """Whatever a page's title or author holds, each format's metadata header stays one
    row, one line or one comment, and the machine formats give the values back."""
    doc = segmenters["generic"].segment("A title\n\nSome words here.", id="p", source="p")
    doc.metadata = DocMeta(title=title, author=author, language="en")
    plain = segmenters["generic"].segment("A title\n\nSome words here.", id="p", source="p")
    plain.metadata = DocMeta(title="x", author=None if author is None else "x", language="en")
    out, clean = _written(doc, fmt, "p", "p"), _written(plain, fmt, "p", "p")
    if fmt == "tsv":
        meta = [row.split("\t") for row in out.split("\n") if "\t#meta\t" in row]
        assert [(m[0], m[1]) for m in meta] == [("p", "#meta")]
        assert json.loads(meta[0][2])["title"] == title
        assert json.loads(meta[0][2])["author"] == author
    elif fmt == "article":
        record = json.loads(out.split("\n")[0])
        assert (record["title"], record["author"]) == (title, author)
    elif fmt == "html":
        assert out.count("<") == clean.count("<")
    else:
        assert out.count("\n") == clean.count("\n")  # the header is still one line
        if fmt == "md":
            assert out.count("-->") == clean.count("-->")


# Pieces of lines a site's rules look for (logos, credits, datelines, widget and related
# headers, sentences), so that the declarative rules fire, mixed with arbitrary text.
SITE_PIECES = st.sampled_from([
    "Logo", "site logo", "Valley Ledger2 hours ago", "an hour ago", "AP —", "Northwire -",
    "Lyon, France", "Jane Doe/Reuters", "A/B/C", "Try our AI features", "Related Articles",
    "Download the app", "Daily8 AI", "The harbour reopened on Monday, officials said.",
    "By Jane Doe", "Telegraph", "Comments", "Sign up", "", " ", "\u2028", "—",
])
SITE_LINE = st.one_of(SITE_PIECES, st.lists(SITE_PIECES | WORDS, max_size=8).map(" ".join),
                      st.text(max_size=40))
SITE_PAGE = st.lists(SITE_LINE, max_size=40).map("\n".join)


@pytest.fixture(scope="module")
def site_segmenters() -> dict[str, tuple[Segmenter, list[str]]]:
    """A segmenter forced to each shipped site, and the warnings it gave."""
    plugins = load_plugins(env=False, warn=lambda message: None)
    out: dict[str, tuple[Segmenter, list[str]]] = {}
    for site in plugins.sites:
        warnings: list[str] = []
        out[site.name] = (Segmenter(plugins, site=site.name, warn=warnings.append), warnings)
    return out


@FUZZ
@given(text=SITE_PAGE)
@example(text="")  # daily8's refine failed on a page with no line before its widgets
@example(text="Try our AI features\nRelated Articles")
def test_fuzz_the_site_rules_give_a_document(site_segmenters, text):
    """Each shipped site's rules, blocks and refine hook on a hostile page: a document with
    valid labels and its lines untouched, and no site failing on it."""
    assert site_segmenters, "no site plugin shipped"
    for name, (segmenter, warnings) in site_segmenters.items():
        warnings.clear()
        doc = segmenter.segment(text, id="p")
        assert "\n".join(ln.text for ln in doc.lines) == text
        check_html(doc)
        assert not warnings, (name, warnings)


PATTERNS = st.sampled_from([
    r"^\S.{0,60}?ago$", r"(?i)^related articles$", r"^[^.!?/]{2,60}(?:/[^.!?/]{2,40})+$",
    r"\p{Lu}\p{Ll}+", r"(a|a)*b", r"^$", r".", r"(?i)logo", r"[", r"(?<=a)b", r"\d+",
]) | st.text(max_size=8)
RULES = st.dictionaries(PATTERNS, st.sampled_from([*LABELS, "nope"]), max_size=4)


@FUZZ
@given(rules=RULES, after=RULES, blocks=st.lists(st.tuples(
    PATTERNS, st.sampled_from(LABELS), st.none() | PATTERNS, st.booleans()), max_size=3),
    text=SITE_PAGE)
def test_fuzz_declared_site_rules_are_refused_or_applied(segmenters, rules, after, blocks, text):
    """A plugin's declared rules (any patterns, labels and blocks): refused when the site is
    made, naming it, or applied to any page leaving a label on every non-blank line."""
    from segkit import Block, Site
    from segkit.sites.site import RuleError

    try:
        site = Site(name="fuzzed", rules=rules, after=after,
                    blocks=[Block(s, lab, e, inc) for s, lab, e, inc in blocks])
    except ValueError as exc:
        assert "site 'fuzzed'" in str(exc)
        return
    doc = segmenters["generic"].segment(text, id="p")
    try:
        site.apply(doc)
    except RuleError as exc:
        assert "site 'fuzzed'" in str(exc)
        return
    check_html(doc)
