"""Byte streams for the readers: sniffing the first bytes, gzip inflated as it is read.

:func:`open_input` turns any binary stream (a file, stdin) into an :class:`Opened` input:
a buffered stream of its (inflated) bytes, its first ``SNIFF_BYTES`` for recognising its
format, and the inflater, which keeps damage for the reader to report after the records
before it. Nothing here knows a format.
"""

from __future__ import annotations

import io
import zlib
from dataclasses import dataclass
from typing import BinaryIO

from segkit.inputs.decode import GZIP_MAGIC, InputError

# Bytes looked at to recognise what a file holds.
SNIFF_BYTES = 4096
# Read size for files and inflated gzip output: large enough to be fast, small enough
# that a gzip bomb or a huge line never sits in memory at once.
CHUNK_BYTES = 1 << 20


@dataclass(slots=True)
class Opened:
    """One input ready to read: its name and id, its bytes and their first bytes."""

    stream: io.BufferedReader
    head: bytes
    name: str
    doc_id: str
    gunzip: Gunzip | None = None

    def damage(self) -> InputError | None:
        """The gzip damage found so far and not yet reported, with this input's id."""
        if self.gunzip is None or self.gunzip.damage is None or self.gunzip.reported:
            return None
        self.gunzip.reported = True
        return InputError(self.name, self.gunzip.damage.reason, id=self.doc_id)


def open_input(raw: BinaryIO, name: str, doc_id: str) -> Opened:
    """A buffered stream of the input's bytes, inflated if gzip, and its first bytes."""
    head = read_upto(raw, SNIFF_BYTES)
    stream: io.RawIOBase = Prefixed(head, raw)
    gunzip = None
    if head[:2] == GZIP_MAGIC:
        stream = gunzip = Gunzip(io.BufferedReader(stream, CHUNK_BYTES), name)
        head = read_upto(stream, SNIFF_BYTES)
        stream = Prefixed(head, stream)
    elif name.lower().endswith(".gz"):
        raise InputError(name, "not gzip data, though the name ends in .gz")
    return Opened(io.BufferedReader(stream, CHUNK_BYTES), head, name, doc_id, gunzip)


def read_upto(stream: BinaryIO | io.RawIOBase, size: int) -> bytes:
    """Up to ``size`` bytes, fewer only at the end of the stream."""
    parts, got = [], 0
    while got < size:
        chunk = stream.read(size - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


class Prefixed(io.RawIOBase):
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


class Forward(io.RawIOBase):
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


class Gunzip(io.RawIOBase):
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
