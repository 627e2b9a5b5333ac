"""The JSON of a document record, fast, and the same bytes as the standard library's.

A worker spends more time in ``json.dumps`` than in reading its record; the JSON of a
document is mostly its lines' texts. orjson encodes strings several times faster, but it
writes ``,`` and ``:`` where ``json.dumps`` writes ``, `` and ``: ``, and segkit's output
must not change bytes with its encoder (``--resume`` hashes what an earlier run wrote;
users diff outputs). So only the line texts go through orjson, all in one call; the
separators come from a template, and the rest of the record (id, source, metadata: a few
values of any type) from ``json.dumps`` itself. orjson's string escapes are the
standard library's with ``ensure_ascii=False`` (``tests/output/test_encode.py`` compares
them on hostile text); where orjson refuses a text (a lone surrogate, which the standard
library writes as it is) the whole record goes through ``json.dumps``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, Final

import orjson

from segkit.document import Line
from segkit.labels import LABELS

# Characters JSON leaves raw but that str.splitlines() and JavaScript treat as line breaks.
LINE_BREAKS: Final = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}

# A line's label as JSON.
_LABEL_JSON: Final[dict[str | None, str]] = {None: "null", **{x: f'"{x}"' for x in LABELS}}
# What separates the encoded line texts in orjson's JSON of a list of strings: a quote
# inside a string is always escaped, so this never occurs within one.
_BETWEEN: Final = '","'


def json_text(record: dict, indent: int | None = None) -> str:
    """JSON that stays on one line for every reader, whatever line breaks the page holds."""
    return no_line_breaks(json.dumps(record, ensure_ascii=False, indent=indent))


def no_line_breaks(text: str) -> str:
    """``text`` with LINE_BREAKS escaped (an ASCII text, told in O(1), holds none)."""
    if text.isascii():
        return text
    for ch, escaped in LINE_BREAKS.items():
        text = text.replace(ch, escaped)
    return text


def record_json(head: dict[str, Any], lines: Sequence[Line], indent: int | None = None) -> str:
    """``json_text`` of ``head`` with a last key ``lines``: a ``{n, text, label}`` object
    per line, built from the lines without making a dict of each."""
    encoded = _texts(lines)
    if encoded is None:
        rows = [{"n": ln.n, "text": ln.text, "label": ln.label} for ln in lines]
        return json_text({**head, "lines": rows}, indent)
    text = json.dumps({**head, "lines": 0}, ensure_ascii=False, indent=indent)
    if indent is None:  # ends with the placeholder and "}"
        return no_line_breaks(f"{text[:-2]}{_rows(lines, encoded)}}}")
    return no_line_breaks(f"{text[:-3]}{_rows_indented(lines, encoded, indent)}\n}}")


def _texts(lines: Sequence[Line]) -> list[str] | None:
    """The lines' texts as JSON strings without their quotes; None where orjson refuses
    one, or where a line is not what a segmented document holds (then json.dumps)."""
    if not all(type(ln.n) is int and ln.label in _LABEL_JSON for ln in lines):
        return None
    try:
        joined = orjson.dumps([ln.text for ln in lines]).decode()
    except TypeError:  # orjson.JSONEncodeError: a lone surrogate, or not a str
        return None
    return joined[2:-2].split(_BETWEEN) if lines else []


def _rows(lines: Sequence[Line], encoded: list[str]) -> str:
    label = _LABEL_JSON
    rows = ", ".join([f'{{"n": {ln.n}, "text": "{t}", "label": {label[ln.label]}}}'
                      for ln, t in zip(lines, encoded, strict=True)])
    return f"[{rows}]"


def _rows_indented(lines: Sequence[Line], encoded: list[str], indent: int) -> str:
    """The rows as ``json.dumps(..., indent=indent)`` writes them at depth 2."""
    if not lines:
        return "[]"
    pad1, pad2, pad3 = (" " * (indent * d) for d in (1, 2, 3))
    label = _LABEL_JSON
    rows = f",\n{pad2}".join([
        f'{{\n{pad3}"n": {ln.n},\n{pad3}"text": "{t}",\n{pad3}"label": {label[ln.label]}'
        f"\n{pad2}}}" for ln, t in zip(lines, encoded, strict=True)])
    return f"[\n{pad2}{rows}\n{pad1}]"
