"""WARC and WET files: the documents among their records, parsed by fastwarc.

Conversion records (WET) are text; resource and response records are documents when
their payload type is HTML or plain text, and responses only with a 2xx status. Other
records are counted in :attr:`ReadStats.skipped`. An HTTP ``Content-Encoding`` is undone.
A record whose block is shorter than its Content-Length, or a header fastwarc cannot
read, is damage that ends the file (reported as the gzip damage that caused it, if any).
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any

import regex

from segkit.inputs.decode import InputError, Source
from segkit.inputs.options import ReadOptions, ReadStats, too_big
from segkit.inputs.streams import Forward, Opened

_WARC_START = regex.compile(rb"\A(?:\r?\n)*WARC/\d")
# HTTP payload types that are documents; other WARC responses (images, scripts) are skipped.
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})
# The charset parameter of a Content-Type: text/html; charset="windows-1251".
_CHARSET_PARAM = regex.compile(r""";\s*charset\s*=\s*["']?\s*([^"';\s]+)""", regex.IGNORECASE)


def sniff_warc(head: bytes, name: str) -> bool:
    """Whether the bytes start with a WARC version line."""
    return bool(_WARC_START.match(head))


def read_warc(opened: Opened, options: ReadOptions,
              stats: ReadStats) -> Iterator[Source | InputError]:
    """The documents of a WARC or WET file, ``name#number`` each, in file order."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    wanted = WarcRecordType.conversion | WarcRecordType.resource | WarcRecordType.response
    records = ArchiveIterator(Forward(opened.stream), record_types=wanted, parse_http=True)
    number = 0
    try:
        for number, record in enumerate(records, start=1):
            item = _document(record, f"{opened.name}#{number}", number, opened, options, stats)
            if item is not None:
                yield item
    except _Damaged as exc:
        yield exc.error
    except (OSError, ValueError) as exc:
        yield _damage(opened, f"{opened.name}#{number + 1}", f"damaged WARC data: {exc}")


class _Damaged(Exception):
    """Damage that ends the file; ``error`` reports it."""

    def __init__(self, error: InputError) -> None:
        super().__init__(str(error))
        self.error = error


def _damage(opened: Opened, rec_name: str, reason: str) -> InputError:
    """The error for damage in a file: the gzip damage behind it, if there is one."""
    return opened.damage() or InputError(rec_name, reason, id=opened.doc_id)


def _document(record: Any, rec_name: str, number: int, opened: Opened, options: ReadOptions,
              stats: ReadStats) -> Source | InputError | None:
    """One record as a document, an error, or None when it is not a document; raises
    :class:`_Damaged` when the record shows the file is damaged."""
    rec_id = (record.record_id or f"{opened.doc_id}#{number}").strip("<>")
    declared = record.headers.get("Content-Length")
    if declared is None or not declared.strip().isdigit():
        raise _Damaged(_damage(opened, rec_name, "damaged WARC record: no Content-Length"))
    kind = _warc_kind(record)
    if kind is None:
        stats.skipped += 1
        return None
    if record.content_length > options.max_bytes:
        return InputError(rec_name, too_big(options.max_bytes, record.content_length),
                          id=rec_id)
    data = record.reader.read()
    if len(data) < record.content_length:
        raise _Damaged(_damage(opened, rec_name, "truncated WARC record: "
                               f"{len(data)} of {record.content_length} bytes"))
    if record.is_http:
        try:
            data = _http_payload(record, data, rec_name)
        except InputError as exc:
            return InputError(rec_name, exc.reason, id=rec_id)
    url = record.headers.get("WARC-Target-URI") or None
    return Source(name=rec_name, id=rec_id, data=data, url=url, kind=kind,
                  charset=_charset(record))


def _charset(record: Any) -> str | None:
    """The encoding label of the record's ``Content-Type`` (the HTTP one of a response)."""
    headers = record.http_headers if record.is_http else record.headers
    match = _CHARSET_PARAM.search(headers.get("Content-Type") or "")
    return match.group(1) if match else None


def _warc_kind(record: Any) -> str | None:
    """Whether a WARC record is an HTML or a text document, or None to skip it."""
    from fastwarc.warc import WarcRecordType

    if record.record_type == WarcRecordType.conversion:
        return "text"
    if record.is_http:
        status = record.http_headers.status_code
        ctype = (record.http_content_type or "").lower()
        if status is not None and not 200 <= status < 300:
            return None
    else:
        ctype = (record.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    if ctype in _HTML_TYPES:
        return "html"
    if ctype in _TEXT_TYPES:
        return "text"
    return None


def _http_payload(record: Any, data: bytes, name: str) -> bytes:
    """Undo an HTTP Content-Encoding, as a browser would before reading the page."""
    encoding = (record.http_headers.get("Content-Encoding") or "").strip().lower()
    if encoding in ("", "identity"):
        return data
    try:
        if encoding in ("gzip", "x-gzip"):
            return zlib.decompress(data, 16 + zlib.MAX_WBITS)
        if encoding == "deflate":
            return zlib.decompress(data)
    except zlib.error as exc:
        raise InputError(name, f"corrupt {encoding} payload: {exc}") from exc
    raise InputError(name, f"unsupported HTTP Content-Encoding {encoding!r}")
