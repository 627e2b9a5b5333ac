"""Stream the records of every input: files, folders, JSONL, WARC/WET, gzip, stdin.

One pass, one record at a time, in input order, so memory does not grow with the input:
a folder is walked one directory listing at a time, a file is read through a small
buffer, gzip is inflated as it is read and a JSONL line or WARC record is held only
until it is handed on. What each file holds is recognised from its first bytes (gzip,
then WARC, JSONL, HTML or text), or forced with ``input_format``.

Nothing is decoded or parsed beyond what splitting into records needs: a JSONL line is
passed on as bytes and parsed where it is segmented (:mod:`segkit.corpus.worker`), so a
``--jobs`` run spends the main process's time on reading only.

Damage is reported where it is found, after every record before it: a truncated gzip
member or WARC record ends its file with an :class:`InputError`.
"""

from __future__ import annotations

import fnmatch
import io
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import regex

from segkit.inputs.decode import GZIP_MAGIC, InputError, Source
from segkit.inputs.sniff import is_html

# What --input-format accepts; "wet" is read as the WARC it is.
INPUT_FORMATS = ("auto", "text", "html", "jsonl", "warc", "wet")
# Default --max-bytes: a record over this is an error entry, not a document. A guard
# against records no page is (a multi-GB JSONL line, a damaged WARC length), not a limit
# on pages: a 50 MB one-paragraph page is segmented in seconds (pipeline.py cuts what the
# classifier sees of a huge line). Memory per worker is about 30 bytes per byte of a
# many-line record, so a run that must stay small sets it lower (e.g. --max-bytes 4M).
DEFAULT_MAX_BYTES = 64 << 20
# Bytes looked at to recognise what a file holds.
SNIFF_BYTES = 4096
# Read size for files and inflated gzip output: large enough to be fast, small enough
# that a gzip bomb or a huge line never sits in memory at once.
CHUNK_BYTES = 1 << 20
# JSONL: an object's first key on the first line ({"id": ..., not a pretty-printed {\n).
_JSONL_START = regex.compile(rb'\A(?:\xef\xbb\xbf)?[ \t]*\{[ \t]*"')
_WARC_START = regex.compile(rb"\A(?:\r?\n)*WARC/\d")
# HTTP payload types that are documents; other WARC responses (images, scripts) are skipped.
_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_TEXT_TYPES = frozenset({"text/plain"})


@dataclass(frozen=True, slots=True)
class JsonFields:
    """The keys of a JSONL record that hold its id, URL, text and HTML."""

    id: str = "id"
    url: str = "url"
    text: str = "text"
    html: str = "html"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read; a run's options, so they can travel to a Dask worker."""

    input_format: str = "auto"
    glob: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    fields: JsonFields = field(default_factory=JsonFields)


@dataclass(slots=True)
class ReadStats:
    """What reading skipped on purpose: WARC records that are not documents."""

    skipped: int = 0


def iter_records(
    inputs: Iterable[str], options: ReadOptions | None = None, stats: ReadStats | None = None
) -> Iterator[Source | InputError]:
    """Yield each record of each input (``-`` is stdin) as a Source, or an InputError."""
    options = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()
    if options.input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {options.input_format!r}")
    for spec in inputs:
        if spec == "-":
            yield from _read_stream(sys.stdin.buffer, "<stdin>", "stdin", options, stats)
            continue
        path = Path(spec)
        if path.is_dir():
            yield from _iter_dir(path, options, stats)
        elif path.exists():
            yield from _read_path(path, path.stem, options, stats)
        else:
            yield InputError(spec, "no such file or directory")


def read_file(path: str, doc_id: str | None = None, options: ReadOptions | None = None,
              stats: ReadStats | None = None) -> Iterator[Source | InputError]:
    """The records of one file, as :func:`iter_records` reads them."""
    options = options or ReadOptions()
    p = Path(path)
    if not p.exists():
        yield InputError(path, "no such file or directory")
        return
    yield from _read_path(p, doc_id or p.stem, options, stats or ReadStats())


def _iter_dir(root: Path, options: ReadOptions, stats: ReadStats) -> Iterator[Source | InputError]:
    found = False
    for path, doc_id in walk_files(root, root, options.glob):
        for item in _read_path(path, doc_id, options, stats):
            found = found or isinstance(item, Source)
            yield item
    if not found:
        yield InputError(str(root), "directory holds no readable files")


def walk_files(folder: Path, root: Path, glob: str | None) -> Iterator[tuple[Path, str]]:
    """Files below ``folder`` in name order, one directory listing in memory at a time,
    each with its id (the path below ``root`` without its suffix)."""
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_dir():
            yield from walk_files(path, root, glob)
        elif entry.is_file():
            rel = path.relative_to(root)
            if glob is None or _glob_matches(rel, glob):
                yield path, str(rel.with_suffix(""))


def _glob_matches(rel: Path, pattern: str) -> bool:
    """A pattern with a ``/`` matches the path below the folder, one without the name."""
    target = rel.as_posix() if "/" in pattern else rel.name
    if pattern.startswith("**/") and fnmatch.fnmatchcase(target, pattern[3:]):
        return True
    return fnmatch.fnmatchcase(target, pattern)


def _read_path(path: Path, doc_id: str, options: ReadOptions,
               stats: ReadStats) -> Iterator[Source | InputError]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield InputError(str(path), exc.strerror or str(exc), id=doc_id)
        return
    with fh:
        yield from _read_stream(fh, str(path), doc_id, options, stats)


def _read_stream(raw: BinaryIO, name: str, doc_id: str, options: ReadOptions,
                 stats: ReadStats) -> Iterator[Source | InputError]:
    """Recognise what a stream holds and yield its records."""
    gunzip: _Gunzip | None = None
    try:
        stream, head, gunzip = _open(raw, name)
        fmt = options.input_format
        if fmt == "auto":
            fmt = sniff(head, name)
        if fmt in ("warc", "wet"):
            yield from _read_warc(_Forward(stream), name, doc_id, options, stats, gunzip)
        elif fmt == "jsonl":
            yield from _read_jsonl(stream, name, doc_id, options)
        else:
            item = _read_document(stream, name, doc_id, fmt, options)
            if gunzip is not None and gunzip.damage is not None:
                item = InputError(name, gunzip.damage.reason, id=doc_id)
            yield item
            return
    except InputError as exc:
        yield InputError(exc.name, exc.reason, id=exc.id or doc_id)
        return
    except OSError as exc:
        yield InputError(name, exc.strerror or str(exc), id=doc_id)
        return
    if gunzip is not None and gunzip.damage is not None and not gunzip.reported:
        yield InputError(name, gunzip.damage.reason, id=doc_id)


def sniff(head: bytes, name: str = "") -> str:
    """What the first bytes of an (inflated) input are: warc, jsonl, html or text."""
    if _WARC_START.match(head):
        return "warc"
    if _JSONL_START.match(head):
        return "jsonl"
    if is_html(head, name):
        return "html"
    return "text"


def _open(raw: BinaryIO, name: str) -> tuple[io.BufferedReader, bytes, _Gunzip | None]:
    """A buffered stream of the input's bytes, inflated if gzip, its first bytes, and the
    inflater (which holds any damage found, for after the records before it)."""
    head = _read_upto(raw, SNIFF_BYTES)
    stream: io.RawIOBase = _Prefixed(head, raw)
    gunzip = None
    if head[:2] == GZIP_MAGIC:
        stream = gunzip = _Gunzip(io.BufferedReader(stream, CHUNK_BYTES), name)
        head = _read_upto(stream, SNIFF_BYTES)
        stream = _Prefixed(head, stream)
    elif name.lower().endswith(".gz"):
        raise InputError(name, "not gzip data, though the name ends in .gz")
    return io.BufferedReader(stream, CHUNK_BYTES), head, gunzip


def _read_upto(stream: BinaryIO | io.RawIOBase, size: int) -> bytes:
    parts, got = [], 0
    while got < size:
        chunk = stream.read(size - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


class _Prefixed(io.RawIOBase):
    """Bytes already read (for sniffing), then the rest of the stream."""

    def __init__(self, prefix: bytes, rest: BinaryIO | io.RawIOBase) -> None:
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._prefix:
            n = min(len(buffer), len(self._prefix))
            buffer[:n] = self._prefix[:n]
            self._prefix = self._prefix[n:]
            return n
        data = self._rest.read(len(buffer))
        if not data:
            return 0
        buffer[: len(data)] = data
        return len(data)


class _Forward(io.RawIOBase):
    """A stream that can seek forward by reading: fastwarc skips unread records by
    seeking, which pipes and inflated gzip cannot do."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._pos = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._pos

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        self._pos += len(data)
        return len(data)

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        target = {io.SEEK_SET: offset, io.SEEK_CUR: self._pos + offset}.get(whence)
        if target is None or target < self._pos:
            raise io.UnsupportedOperation("this stream seeks forward only")
        while self._pos < target:
            if not self.read(min(target - self._pos, CHUNK_BYTES)):
                break
        return self._pos


class _Gunzip(io.RawIOBase):
    """Gzip inflated as it is read, member after member (WARC.gz has one per record).

    Damage (a truncated or corrupt stream) ends the stream as if it were the end of the
    data and is kept in ``damage``: a reader that raised it instead would lose what it
    had buffered, so the records before the damage would be lost. The reader of the
    stream reports it after those records; ``reported`` says it has.
    """

    def __init__(self, raw: BinaryIO, name: str) -> None:
        self._raw = raw
        self._name = name
        self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        self._input = b""
        self._output = memoryview(b"")
        self.damage: InputError | None = None
        self.reported = False
        self._done = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        while not self._output:
            if self._done or self.damage is not None:
                return 0
            self._fill()
        n = min(len(buffer), len(self._output))
        buffer[:n] = self._output[:n]
        self._output = self._output[n:]
        return n

    def _fill(self) -> None:
        if self._inflater.eof:  # a member ended: another may follow
            rest = self._inflater.unused_data or self._raw.read(CHUNK_BYTES)
            if not rest:
                self._done = True
                return
            self._inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
            self._input = rest
        if not self._input:
            self._input = self._raw.read(CHUNK_BYTES)
            if not self._input:
                self.damage = InputError(self._name, "truncated gzip data")
                return
        try:
            out = self._inflater.decompress(self._input, CHUNK_BYTES)
        except zlib.error as exc:
            self.damage = InputError(self._name, f"corrupt gzip data: {exc}")
            return
        self._input = self._inflater.unconsumed_tail
        self._output = memoryview(out)


def _read_document(stream: BinaryIO, name: str, doc_id: str, fmt: str,
                   options: ReadOptions) -> Source | InputError:
    """A whole file (inflated) is one document, unless it is over the size limit."""
    data = _read_upto(stream, options.max_bytes + 1)
    if len(data) > options.max_bytes:
        return InputError(name, _too_big(options.max_bytes), id=doc_id)
    kind = "html" if fmt == "html" else "text"
    return Source(name=name, id=doc_id, data=data, kind=kind)


def _too_big(limit: int, size: int | None = None) -> str:
    """Why a record is refused; its size when known without reading it all."""
    if size is None:
        return f"record is over --max-bytes {limit}"
    return f"record of {size} bytes is over --max-bytes {limit}"


def _read_jsonl(stream: BinaryIO, name: str, doc_id: str,
                options: ReadOptions) -> Iterator[Source | InputError]:
    """One Source per non-blank line, still as bytes: the worker parses it."""
    limit = options.max_bytes
    for number, line in enumerate(_lines(stream, limit), start=1):
        rec_name, rec_id = f"{name}:{number}", f"{doc_id}:{number}"
        if line is None:
            yield InputError(rec_name, _too_big(limit), id=rec_id)
        elif line.strip():
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


def _read_warc(stream: BinaryIO, name: str, doc_id: str, options: ReadOptions,
               stats: ReadStats, gunzip: _Gunzip | None) -> Iterator[Source | InputError]:
    """The documents of a WARC or WET file: conversion, resource and response records.

    fastwarc parses; a record whose block is shorter than its Content-Length, or a
    header fastwarc cannot read, is damage that ends the file (reported as the gzip
    damage that caused it, if there is one).
    """

    def damage(rec_name: str, reason: str) -> InputError:
        if gunzip is not None and gunzip.damage is not None:
            gunzip.reported = True
            return InputError(name, gunzip.damage.reason, id=doc_id)
        return InputError(rec_name, reason, id=doc_id)

    from fastwarc.warc import ArchiveIterator, WarcRecordType

    wanted = WarcRecordType.conversion | WarcRecordType.resource | WarcRecordType.response
    records = ArchiveIterator(stream, record_types=wanted, parse_http=True)
    number = 0
    try:
        for number, record in enumerate(records, start=1):
            rec_name = f"{name}#{number}"
            rec_id = (record.record_id or f"{doc_id}#{number}").strip("<>")
            url = record.headers.get("WARC-Target-URI") or None
            declared = record.headers.get("Content-Length")
            if declared is None or not declared.strip().isdigit():
                yield damage(rec_name, "damaged WARC record: no Content-Length")
                return
            kind = _warc_kind(record)
            if kind is None:
                stats.skipped += 1
                continue
            if record.content_length > options.max_bytes:
                yield InputError(rec_name, _too_big(options.max_bytes, record.content_length),
                                 id=rec_id)
                continue
            data = record.reader.read()
            if len(data) < record.content_length:
                yield damage(rec_name, "truncated WARC record: "
                             f"{len(data)} of {record.content_length} bytes")
                return
            if record.is_http:
                try:
                    data = _http_payload(record, data, rec_name)
                except InputError as exc:
                    yield InputError(rec_name, exc.reason, id=rec_id)
                    continue
            yield Source(name=rec_name, id=rec_id, data=data, url=url, kind=kind)
    except (OSError, ValueError) as exc:
        yield damage(f"{name}#{number + 1}", f"damaged WARC data: {exc}")


def _warc_kind(record: object) -> str | None:
    """Whether a WARC record is an HTML or a text document, or None to skip it."""
    from fastwarc.warc import WarcRecordType

    rtype = record.record_type  # type: ignore[attr-defined]
    if rtype == WarcRecordType.conversion:
        return "text"
    if record.is_http:  # type: ignore[attr-defined]
        status = record.http_headers.status_code  # type: ignore[attr-defined]
        ctype = (record.http_content_type or "").lower()  # type: ignore[attr-defined]
        if status is not None and not 200 <= status < 300:
            return None
    else:
        ctype = (record.headers.get("Content-Type") or "").split(";")[0].strip().lower()  # type: ignore[attr-defined]
    if ctype in _HTML_TYPES:
        return "html"
    if ctype in _TEXT_TYPES:
        return "text"
    return None


def _http_payload(record: object, data: bytes, name: str) -> bytes:
    """Undo an HTTP Content-Encoding, as a browser would before reading the page."""
    headers = record.http_headers  # type: ignore[attr-defined]
    encoding = (headers.get("Content-Encoding") or "").strip().lower()
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
