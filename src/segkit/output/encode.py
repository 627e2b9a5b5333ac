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
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final

import orjson

from segkit.document import Line
from segkit.labels import LABELS

# Characters JSON leaves raw but that str.splitlines() and JavaScript treat as line breaks.
LINE_BREAKS: Final = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}

# A line's label as JSON.
_LABEL_JSON: Final[dict[str | None, str]] = {None: "null", **{x: f'"{x}"' for x in LABELS}}
_LABEL_BYTES: Final[dict[str | None, bytes]] = {k: v.encode() for k, v in _LABEL_JSON.items()}
# A line's row in a compact record, and what goes before it: "[" before the first row,
# ", " before the others.
_ROW: Final = b'{"n": %d, "text": %b, "label": %b}'
_OPEN_LIST: Final = b"["
_COMPACT_SEPARATOR: Final = b", "


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
    buf = _opening(head, indent)
    if not _add_rows(buf, lines, indent, first=True):
        dicts = [{"n": ln.n, "text": ln.text, "label": ln.label} for ln in lines]
        return json_text({**head, "lines": dicts}, indent)
    buf += _closing(indent, empty=not lines)
    return no_line_breaks(buf.decode())


class JsonRecord:
    """The JSON of a record written a window of lines at a time (a windowed page):
    ``opening``, then ``rows`` of each window's lines, then ``closing``. Joined, they are
    the bytes of ``record_json`` of all the lines at once; no piece holds more than a
    window's rows."""

    def __init__(self, head: dict[str, Any], indent: int | None = None) -> None:
        self.head = head
        self.indent = indent
        self.count = 0  # rows written so far

    def opening(self) -> str:
        """The record up to its list of lines (the head's keys, then ``"lines": ``)."""
        return no_line_breaks(_opening(self.head, self.indent).decode())

    def rows(self, lines: Sequence[Line]) -> str:
        """The rows of ``lines``, each after the separator it needs."""
        buf = bytearray()
        first = self.count == 0
        text = (buf.decode() if _add_rows(buf, lines, self.indent, first)
                else _rows_by_json(lines, self.indent, first))
        self.count += len(lines)
        return no_line_breaks(text)

    def closing(self) -> str:
        return _closing(self.indent, empty=self.count == 0).decode()


def string_pieces(head: dict[str, Any], key: str, parts: Iterable[str]) -> Iterator[str]:
    """``json_text({**head, key: "".join(parts)})`` a part at a time (a windowed page's
    article): JSON escapes a string character by character, so the pieces join to the
    same bytes, and none holds more than its part."""
    yield no_line_breaks(_opening(head, None, key).decode()) + '"'
    for part in parts:
        yield no_line_breaks(json.dumps(part, ensure_ascii=False)[1:-1])
    yield '"}'


def _opening(head: dict[str, Any], indent: int | None, last: str = "lines") -> bytearray:
    """The record as ``json.dumps`` writes it up to the value of its last key, ``last``."""
    text = json.dumps({**head, last: 0}, ensure_ascii=False, indent=indent)
    # The placeholder and "}" (and, indented, the line break before it) are cut.
    return bytearray(text[:-2 if indent is None else -3].encode())


def _closing(indent: int | None, *, empty: bool) -> bytes:
    """The end of the list of rows and of the record."""
    if indent is None:
        return b"[]}" if empty else b"]}"
    return b"[]\n}" if empty else b"\n" + b" " * indent + b"]\n}"


def _separators(indent: int | None) -> tuple[bytes, bytes]:
    """What goes before the first row of the list, and before each row after it."""
    if indent is None:
        return _OPEN_LIST, _COMPACT_SEPARATOR
    pad2 = b"\n" + b" " * (2 * indent)
    return _OPEN_LIST + pad2, b"," + pad2


def _add_rows(buf: bytearray, lines: Sequence[Line], indent: int | None, first: bool) -> bool:
    """Add the rows of the lines to ``buf``, as ``json.dumps`` writes them at depth 2 of a
    record (``first``: the list opens before the first), each text encoded by orjson;
    False where orjson refuses a text (a lone surrogate) or a line is not what a
    segmented document holds (then json.dumps writes them)."""
    if not all(type(ln.n) is int and ln.label in _LABEL_JSON for ln in lines):
        return False
    dumps, label = orjson.dumps, _LABEL_BYTES
    opening, separator = _separators(indent)
    row = _ROW if indent is None else _indented_row(indent)
    first_row, next_row = opening + row, separator + row
    try:
        rest = iter(lines)
        if first:
            for ln in rest:  # the first line alone
                buf += first_row % (ln.n, dumps(ln.text), label[ln.label])
                break
        for ln in rest:
            buf += next_row % (ln.n, dumps(ln.text), label[ln.label])
    except TypeError:  # orjson.JSONEncodeError: a lone surrogate, or not a str
        return False
    return True


def _rows_by_json(lines: Sequence[Line], indent: int | None, first: bool) -> str:
    """``_add_rows`` by ``json.dumps``, a row at a time: for the rows orjson refuses."""
    opening, separator = (s.decode() for s in _separators(indent))
    out = []
    for ln in lines:
        row = json.dumps({"n": ln.n, "text": ln.text, "label": ln.label},
                         ensure_ascii=False, indent=indent)
        if indent is not None:  # at depth 2 (a JSON text holds no raw line break)
            row = row.replace("\n", "\n" + " " * (2 * indent))
        out.append((opening if first else separator) + row)
        first = False
    return "".join(out)


def _indented_row(indent: int) -> bytes:
    """A row as ``json.dumps(..., indent=indent)`` writes it at depth 2."""
    pad2, pad3 = b" " * (2 * indent), b" " * (3 * indent)
    return (b"{\n" + pad3 + b'"n": %d,\n' + pad3 + b'"text": %b,\n' + pad3 + b'"label": %b\n'
            + pad2 + b"}")
