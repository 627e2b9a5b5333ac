"""The JSON of a document record, fast, and the same bytes as the standard library's.

A worker spends more time in ``json.dumps`` than in reading its record; the JSON of a
document is mostly its lines' texts. orjson encodes strings several times faster, but it
writes ``,`` and ``:`` where ``json.dumps`` writes ``, `` and ``: ``, and segkit's output
must not change bytes with its encoder (``--resume`` hashes what an earlier run wrote;
users diff outputs). So only the line texts go through orjson, one call each (the JSON
of a list of them cannot be split back at ``","``: a text ending in ``",`` puts one
inside an element); the rows come from a bytes template, decoded once, and the rest of
the record (id, source, metadata: a few values of any type) from ``json.dumps`` itself.
orjson's string escapes are the standard library's with ``ensure_ascii=False``
(``tests/output/test_encode.py`` compares them on hostile text); where orjson refuses a
text (a lone surrogate, which the standard library writes as it is) the whole record goes
through ``json.dumps``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import islice
from typing import Any, Final

import orjson

from segkit.document import Line
from segkit.labels import LABELS

# Characters JSON leaves raw but that str.splitlines() and JavaScript treat as line breaks.
LINE_BREAKS: Final = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}

# A line's label as JSON.
_LABEL_JSON: Final[dict[str | None, str]] = {None: "null", **{x: f'"{x}"' for x in LABELS}}
_LABEL_BYTES: Final[dict[str | None, bytes]] = {k: v.encode() for k, v in _LABEL_JSON.items()}
# What follows an indented row but the last.
_AFTER_ROW: Final = b",\n"
# A line's row in a compact record.
_ROW: Final = b'{"n": %d, "text": %b, "label": %b}'
# A row after the first in a compact record.
_NEXT_ROW: Final = b", " + _ROW


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
    per line, built from the lines without making a dict of each.

    The record is written into one buffer and decoded once: a page of a million lines
    holds its record twice at most (the buffer, the text), not once per step of a join.
    """
    text = json.dumps({**head, "lines": 0}, ensure_ascii=False, indent=indent)
    # The placeholder and "}" (and, indented, the line break before it) are cut.
    buf = bytearray(text[:-2 if indent is None else -3].encode())
    del text
    if not _add_rows(buf, lines, indent):
        dicts = [{"n": ln.n, "text": ln.text, "label": ln.label} for ln in lines]
        return json_text({**head, "lines": dicts}, indent)
    buf += b"}" if indent is None else b"\n}"
    return no_line_breaks(buf.decode())


def _add_rows(buf: bytearray, lines: Sequence[Line], indent: int | None) -> bool:
    """Add the JSON list of the lines' rows to ``buf``, as ``json.dumps`` writes it at
    depth 1 of a record, each text encoded by orjson; False where orjson refuses a text (a
    lone surrogate) or a line is not what a segmented document holds (then json.dumps
    writes the record)."""
    if not all(type(ln.n) is int and ln.label in _LABEL_JSON for ln in lines):
        return False
    if not lines:
        buf += b"[]"
        return True
    dumps, label = orjson.dumps, _LABEL_BYTES
    try:
        if indent is None:
            first = lines[0]
            buf += b"[" + _ROW % (first.n, dumps(first.text), label[first.label])
            for ln in islice(lines, 1, None):
                buf += _NEXT_ROW % (ln.n, dumps(ln.text), label[ln.label])
            buf += b"]"
            return True
        pad1, pad2 = b" " * indent, b" " * (2 * indent)
        buf += b"[\n" + pad2
        row = _indented_row(indent)
        for ln in lines:
            buf += row % (ln.n, dumps(ln.text), label[ln.label])
        del buf[-len(_AFTER_ROW) - len(pad2):]  # the last row's ",\n" and pad
        buf += b"\n" + pad1 + b"]"
    except TypeError:  # orjson.JSONEncodeError: a lone surrogate, or not a str
        return False
    return True


def _indented_row(indent: int) -> bytes:
    """A row as ``json.dumps(..., indent=indent)`` writes it at depth 2, with the "," and
    line break that go before the next row (the last row's is cut)."""
    pad2, pad3 = b" " * (2 * indent), b" " * (3 * indent)
    return (b"{\n" + pad3 + b'"n": %d,\n' + pad3 + b'"text": %b,\n' + pad3 + b'"label": %b\n'
            + pad2 + b"}" + _AFTER_ROW + pad2)
