"""A record and its errors (:class:`Source`, :class:`InputError`), and text decoding.

Every problem with an input becomes an :class:`InputError` that names it, so a run can
report it and go on with the next input. At the bottom of :mod:`segkit.inputs`: the
readers (:mod:`segkit.inputs.files`) build on these types.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from segkit.inputs.legacy import guess, read_declared, web_codec

# Gzip data starts with these bytes.
GZIP_MAGIC = b"\x1f\x8b"

# Share of C0 control characters (other than tab, newline, carriage return, form feed)
# above which decoded "text" is really binary data.
MAX_CONTROL_SHARE = 0.01

BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# The C0 control characters that text does not hold (it may hold tab, LF, CR and FF).
_CONTROL_BYTES = bytes([*range(0x09), 0x0B, *range(0x0E, 0x20)])
# What a NUL in text becomes, as browsers and decoders show a character they cannot use.
NUL_REPLACEMENT = "\ufffd"
# Share of one byte parity (every other byte) that must be NUL for bytes without a BOM to
# be read as UTF-16: text in Latin script has a NUL beside nearly every character, binary
# data rarely leaves one parity free of them.
MIN_WIDE_NUL_SHARE = 0.3
# NUL bytes any input may hold on top of MAX_CONTROL_SHARE before it counts as binary: a
# stray one or two in a short page come from a careless template, not from binary data.
STRAY_NULS = 4


class InputError(Exception):
    """An input that cannot be read as a document; the message names the input.

    ``id`` is the document id the error entry in the output carries, when one is known
    (a JSONL line or a WARC record); else the entry takes ``name``.
    """

    def __init__(self, name: str, reason: str, *, id: str | None = None) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason
        self.id = id

    def __reduce__(self) -> tuple:
        # Keyword-only ``id`` would be lost by Exception's pickling (errors cross processes).
        return (_input_error, (self.name, self.reason, self.id))


def _input_error(name: str, reason: str, id: str | None) -> InputError:
    return InputError(name, reason, id=id)


@dataclass(frozen=True, slots=True)
class Source:
    """Where one document's bytes come from, and what they hold.

    ``kind`` is ``text``, ``html``, or ``jsonl`` for one undecoded JSONL line whose fields
    give the id, URL and text or HTML (parsed where the document is segmented).
    ``charset`` is the encoding label the bytes came with (a WARC record's HTTP
    ``Content-Type``): as in a browser, it outranks a page's own ``<meta>``.
    """

    name: str
    id: str
    data: bytes
    url: str | None = None
    kind: str = "text"
    charset: str | None = None


def decode(data: bytes, name: str, charset: str | None = None) -> str:
    """Decode bytes to text with ``\\n`` line ends: BOM, then UTF-8, then the legacy
    encoding a browser would guess (:mod:`segkit.inputs.legacy`). ``charset``, an encoding
    label the bytes' transport declared (an HTTP ``Content-Type``), comes after the BOM."""
    if not data:
        raise InputError(name, "empty input")
    text, utf8 = _decode_bytes(data, name, charset)
    text = text.replace("\r\n", "\n").replace("\r", "\n")  # CR is not counted below
    if "\x00" in text:  # a few stray NULs (wide_text refused many): shown, not counted
        text, utf8 = text.replace("\x00", NUL_REPLACEMENT), False
    if not text.strip():
        raise InputError(name, "input holds only white space")
    controls = count_control_bytes(data) if utf8 else count_controls(text)
    if controls > MAX_CONTROL_SHARE * len(text):
        raise InputError(name, "binary data, not text")
    return text


def count_controls(text: str) -> int:
    """How many C0 control characters other than tab, LF, CR and FF ``text`` holds.

    Counted on its UTF-8 bytes, where each is one byte that no other character's bytes
    contain (a regex over the str is many times slower).
    """
    return count_control_bytes(text.encode("utf-8", "surrogatepass"))


def count_control_bytes(data: bytes) -> int:
    """How many bytes of ``data`` are C0 controls other than tab, LF, CR and FF.

    For bytes read as UTF-8 this is :func:`count_controls` of their text, without encoding
    it again. Each control byte is looked for with ``memchr`` and counted only if present:
    text rarely holds any, and 29 ``memchr`` passes cost a quarter of one
    ``bytes.translate``.
    """
    return sum(data.count(byte) for byte in _CONTROL_BYTES if byte in data)


def decode_bom(data: bytes, name: str) -> str | None:
    """The text of bytes that start with a byte-order mark; None when none is there."""
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(name, f"undecodable bytes after a {encoding} BOM: {exc}") from exc
    return None


def wide_text(data: bytes, name: str, what: str) -> str | None:
    """The text of UTF-16 bytes without a byte-order mark; None for other bytes.

    NUL bytes alone do not make data binary: a stray one in a page is shown as
    NUL_REPLACEMENT. Only bytes with more NULs than text holds controls are refused.
    """
    if b"\x00" not in data:
        return None
    for encoding, nuls in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        if len(data) % 2 == 0 and nuls.count(0) >= MIN_WIDE_NUL_SHARE * len(nuls):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                continue
            if not _too_many_nuls(text.count("\x00"), len(text)):
                return text
    if _too_many_nuls(count_control_bytes(data), len(data)):  # NULs and other controls
        raise InputError(name, f"binary data, not {what} (NUL bytes)")
    return None


def _too_many_nuls(nuls: int, length: int) -> bool:
    return nuls > MAX_CONTROL_SHARE * length + STRAY_NULS


def _decode_bytes(data: bytes, name: str, charset: str | None) -> tuple[str, bool]:
    """The text of ``data``, and whether it is ``data`` read as UTF-8."""
    text = decode_bom(data, name)
    if text is not None:
        return text, False
    wide = wide_text(data, name, "text")
    if wide is not None:
        return wide, False
    codec = web_codec(charset) if charset else None
    read = read_declared(data, codec) if codec is not None else None
    if read is not None:
        return read
    try:
        return data.decode("utf-8"), True
    except UnicodeDecodeError:
        pass
    return guessed(data, name), False


def guessed(data: bytes, name: str) -> str:
    """Bytes that are neither UTF-8 nor declared, read in the legacy encoding a browser
    would guess (:func:`segkit.inputs.legacy.guess`), or a named error."""
    text = guess(data)
    if text is None:
        raise InputError(name, "undecodable bytes: not UTF-8 and no legacy encoding fits")
    return text
