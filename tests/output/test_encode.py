"""The fast JSON of a document record is the standard library's, byte for byte."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from segkit.document import Document, Line
from segkit.labels import LABELS
from segkit.output.encode import json_text, record_json
from segkit.output.formats.json import Json
from segkit.output.formats.jsonl import Jsonl

# Text a page can hold that JSON encoders disagree on: controls, quotes and backslashes,
# DEL, non-ASCII in every plane, JavaScript's line breaks, the byte-order mark.
HOSTILE = [
    "", " ", "plain", 'a "quoted" \\ back\\slash /', "\x00\x01\x08\t\n\x0b\x0c\r\x1b\x1f\x7f",
    "caf\u00e9 \u4e2d\u6587 \U0001f600 \u200b\ufeff", "\u0085 \u2028 \u2029 end",
    '","', '\\","\\', '"', "\\", "\ud7ff\ue000\uffff", "a\u2028b", "\x80\x9f",
    # A text ending in '",' once made the JSON of the next one start inside it.
    'x",', '",', '"chrome_profile": "Profile 1",', '","', ',"', '\\",', '\\\\",',
]


def stdlib(head: dict, lines: list[Line], indent: int | None) -> str:
    """What segkit wrote before the fast encoder: json.dumps of the whole record."""
    rows = [{"n": ln.n, "text": ln.text, "label": ln.label} for ln in lines]
    return json_text({**head, "lines": rows}, indent)


def head(**meta: object) -> dict:
    return {"id": "d\u2028\"1", "source": None, "url": "https://x.example/\u00e9", "site": None,
            "title": "T\x00", "author": None, "date": "2024-01-01", "language": "en",
            "page_type": None, **meta}


@pytest.mark.parametrize("indent", [None, 2])
def test_hostile_texts_same_bytes(indent: int | None) -> None:
    lines = [Line(n, t, LABELS[n % len(LABELS)] if t.strip() else None)
             for n, t in enumerate(HOSTILE, start=1)]
    assert record_json(head(), lines, indent) == stdlib(head(), lines, indent)


@pytest.mark.parametrize("indent", [None, 2])
def test_no_lines_and_one_empty_line(indent: int | None) -> None:
    for lines in ([], [Line(1, "")], [Line(1, ""), Line(2, "")]):
        assert record_json(head(), lines, indent) == stdlib(head(), lines, indent)


@pytest.mark.parametrize("indent", [None, 2])
def test_lone_surrogate_falls_back_to_stdlib(indent: int | None) -> None:
    """orjson refuses a lone surrogate (a JSONL input's "\\ud800"); json.dumps writes it."""
    lines = [Line(1, "a\ud800b", "body"), Line(2, "\udfff", "nav")]
    assert record_json(head(), lines, indent) == stdlib(head(), lines, indent)


def test_odd_values_in_the_head_and_lines_fall_back() -> None:
    """Floats (NaN too), big ints and a non-int line number are json.dumps's to write."""
    odd = head(score=float("nan"), big=2**70, x=1e16)
    lines = [Line(1.0, "x", "body"), Line(True, "y", None)]  # type: ignore[arg-type]
    assert record_json(odd, lines) == stdlib(odd, lines, None)
    assert "NaN" in record_json(odd, lines) and '"n": 1.0' in record_json(odd, lines)


# Texts of any characters, and texts of those that JSON escapes or that separate its values.
TEXTS = st.one_of(st.text(), st.text(alphabet='",\\:[]{} \n\u2028ab', max_size=12))


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(TEXTS, st.sampled_from([None, *LABELS])), max_size=8),
       st.sampled_from([None, 2]))
def test_any_text_same_bytes(rows: list[tuple[str, str | None]], indent: int | None) -> None:
    lines = [Line(n, text, label) for n, (text, label) in enumerate(rows, start=1)]
    assert record_json(head(), lines, indent) == stdlib(head(), lines, indent)


@pytest.mark.parametrize("fmt", [Jsonl, Json])
@pytest.mark.parametrize("only", [None, frozenset({"body", "nav"})])
def test_formats_render_what_the_record_dumps(fmt: type, only: frozenset | None) -> None:
    doc = Document.from_text("Title\n\nBody \u2028 text \"q\"\nmenu", id="d", source="s")
    for line, label in zip(doc.lines, ["headline", None, "body", "nav"], strict=True):
        line.label = label
    out = fmt(None, only=only)
    indent = 2 if fmt is Json else None
    expected = json_text(out.record(doc), indent)
    assert out.render(doc).rstrip("\n") == expected
    assert json.loads(expected)["lines"] == out.record(doc)["lines"]
