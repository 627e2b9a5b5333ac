"""Properties that hold for any input: one entry per line, lossless, valid labels, no crash."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segkit import LABELS, Segmenter
from segkit.inputs.decode import InputError, decode
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
