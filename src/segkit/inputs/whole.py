"""Text and HTML files: a whole (inflated) file is one document.

Decoding waits for the worker (:mod:`segkit.inputs.records`): here the bytes are only
read, up to ``--max-bytes``. Which files are HTML: :func:`segkit.inputs.sniff.is_html`.
"""

from __future__ import annotations

from collections.abc import Iterator

from segkit.inputs.decode import InputError, Source
from segkit.inputs.options import ReadOptions, ReadStats, too_big
from segkit.inputs.streams import Opened, read_upto


def read_text(opened: Opened, options: ReadOptions,
              stats: ReadStats) -> Iterator[Source | InputError]:
    """The file as one text document."""
    yield _read_whole(opened, options, "text")


def read_html(opened: Opened, options: ReadOptions,
              stats: ReadStats) -> Iterator[Source | InputError]:
    """The file as one HTML page."""
    yield _read_whole(opened, options, "html")


def _read_whole(opened: Opened, options: ReadOptions, kind: str) -> Source | InputError:
    """The document, unless it is over the size limit or its gzip data is damaged."""
    data = read_upto(opened.stream, options.max_bytes + 1)
    damage = opened.damage()
    if damage is not None:
        return damage
    if len(data) > options.max_bytes:
        return InputError(opened.name, too_big(options.max_bytes), id=opened.doc_id)
    return Source(name=opened.name, id=opened.doc_id, data=data, kind=kind)
