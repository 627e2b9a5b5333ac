"""JSONL files: one record per non-blank line, each passed on still as bytes.

The worker parses the line (:func:`segkit.inputs.records.json_record`), so a ``--jobs``
run spends the main process's time on reading only.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import regex

from segkit.inputs.decode import InputError, Source
from segkit.inputs.options import ReadOptions, ReadStats, too_big
from segkit.inputs.streams import CHUNK_BYTES, Opened

# An object's first key on the first line ({"id": ..., not a pretty-printed {\n).
_JSONL_START = regex.compile(rb'\A(?:\xef\xbb\xbf)?[ \t]*\{[ \t]*"')


def sniff_jsonl(head: bytes, name: str) -> bool:
    """Whether the first line opens a JSON object with a key."""
    return bool(_JSONL_START.match(head))


def read_jsonl(opened: Opened, options: ReadOptions,
               stats: ReadStats) -> Iterator[Source | InputError]:
    """One Source per non-blank line (``name:number``); a line over the limit is an error."""
    limit = options.max_bytes
    name, doc_id = opened.name, opened.doc_id
    for number, line in enumerate(_lines(opened.stream, limit), start=1):
        rec_name, rec_id = f"{name}:{number}", f"{doc_id}:{number}"
        if line is None:
            yield InputError(rec_name, too_big(limit), id=rec_id)
        elif not line.isspace():  # not .strip(): no copy of the line
            yield Source(name=rec_name, id=rec_id, data=line, kind="jsonl")


def _lines(stream: BinaryIO, limit: int) -> Iterator[bytes | None]:
    """Lines of at most ``limit`` bytes; None for a longer one, which is skipped unread."""
    while True:
        line = stream.readline(limit + 1)
        if not line:
            return
        if len(line) > limit and not line.endswith(b"\n"):
            while line and not line.endswith(b"\n"):
                line = stream.readline(CHUNK_BYTES)
            yield None
            continue
        yield line
