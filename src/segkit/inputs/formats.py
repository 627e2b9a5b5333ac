"""The input formats: one table, name -> how to recognise it and how to read it.

Each format is a reader module with a ``read_*(opened, options, stats)`` generator of
Sources and InputErrors (:mod:`~segkit.inputs.whole`, :mod:`~segkit.inputs.jsonl`,
:mod:`~segkit.inputs.warc`), and one entry in :data:`FORMATS`. ``--input-format`` takes
any name in the table (or ``auto``); with ``auto`` the formats' ``sniff`` functions are
tried on a file's first (inflated) bytes from the end of the table to its start, so the
table lists formats from the most general (text, which every file is) to the most
specific. Gzip is not a format: :mod:`~segkit.inputs.streams` inflates any input.

To add a format (say Parquet): write ``inputs/parquet.py`` with ``sniff_parquet(head,
name)`` (its magic bytes) and ``read_parquet(opened, options, stats)`` yielding one
:class:`~segkit.inputs.decode.Source` per row, then add
``Format("parquet", sniff_parquet, read_parquet)`` at the end of :data:`FORMATS`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from segkit.inputs.decode import InputError, Source
from segkit.inputs.jsonl import read_jsonl, sniff_jsonl
from segkit.inputs.options import ReadOptions, ReadStats
from segkit.inputs.parquet import read_parquet, sniff_parquet
from segkit.inputs.sniff import is_html
from segkit.inputs.streams import Opened
from segkit.inputs.warc import read_warc, sniff_warc
from segkit.inputs.whole import read_html, read_text

Sniff = Callable[[bytes, str], bool]
Reader = Callable[[Opened, ReadOptions, ReadStats], Iterator[Source | InputError]]


@dataclass(frozen=True, slots=True)
class Format:
    """An input format: its ``--input-format`` name, whether a file's first bytes (and its
    name) show it (None: only when asked for by name), and its reader."""

    name: str
    sniff: Sniff | None
    read: Reader


FORMATS: tuple[Format, ...] = (
    Format("text", None, read_text),  # what nothing else is
    Format("html", is_html, read_html),
    Format("jsonl", sniff_jsonl, read_jsonl),
    Format("warc", sniff_warc, read_warc),
    Format("wet", None, read_warc),  # WET is WARC with conversion records
    Format("parquet", sniff_parquet, read_parquet),  # columns id, url, text or html
)
BY_NAME: dict[str, Format] = {f.name: f for f in FORMATS}
# What --input-format accepts.
INPUT_FORMATS: tuple[str, ...] = ("auto", *BY_NAME)


def sniff(head: bytes, name: str = "") -> str:
    """The name of the format the first bytes of an (inflated) input show."""
    for fmt in reversed(FORMATS):
        if fmt.sniff is not None and fmt.sniff(head, name):
            return fmt.name
    return FORMATS[0].name
