"""Decode the bytes of an HTML page as a browser would."""

from __future__ import annotations

from typing import Final, NamedTuple

import regex

from segkit.inputs.decode import (
    MAX_CONTROL_SHARE,
    NUL_REPLACEMENT,
    InputError,
    count_control_bytes,
    count_controls,
    decode_bom,
    guessed,
    wide_text,
)
from segkit.inputs.legacy import read_declared, web_codec

# How far into the bytes a charset declaration is looked for.
_PRESCAN_BYTES: Final = 4096
# <meta charset=x> and <meta http-equiv=Content-Type content="text/html; charset=x">.
_META_CHARSET: Final = regex.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", regex.IGNORECASE
)
# A page that can declare its charset in ASCII is not UTF-16/32: the standard reads UTF-8.
_WIDE: Final = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})


class HtmlText(NamedTuple):
    """A decoded page, and the bytes it was read from when they are UTF-8 (else None)."""

    text: str
    utf8: bytes | None


def decode_html(data: bytes, name: str, charset: str | None = None) -> str:
    """The text of an HTML page's bytes (see :func:`decode_html_page`)."""
    return decode_html_page(data, name, charset).text


def decode_html_page(data: bytes, name: str, charset: str | None = None) -> HtmlText:
    """Decode the bytes of an HTML page as a browser would, or fail with a named error.

    Order: byte-order mark, then ``charset``, the encoding label its transport declared
    (an HTTP ``Content-Type``), then a ``<meta>`` charset in the first 4 KB, then UTF-8 if
    the bytes are valid UTF-8, then the legacy encoding a browser would guess
    (:mod:`segkit.inputs.legacy`). A declaration the bytes do not fit is passed over, and
    a single-byte legacy one on bytes that are valid UTF-8 beyond ASCII gives way to
    UTF-8 (:func:`segkit.inputs.legacy.read_declared`).
    """
    if not data:
        raise InputError(name, "empty input")
    text, utf8 = _decode_bytes(data, name, charset)
    if "\x00" in text:  # a few stray NULs (wide_text refused many): replaced, as browsers do
        text = text.replace("\x00", NUL_REPLACEMENT)
        data = data.replace(b"\x00", NUL_REPLACEMENT.encode("utf-8")) if utf8 else data
    if not text.strip():
        raise InputError(name, "input holds only white space")
    sample = text if len(text) <= 1_000_000 else text[:500_000] + text[-500_000:]
    # Bytes read as UTF-8 hold the text's controls: they are counted without encoding it.
    controls = count_control_bytes(data) if utf8 and sample is text else count_controls(sample)
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise InputError(name, "binary data, not HTML")
    return HtmlText(text, data if utf8 else None)


def _decode_bytes(data: bytes, name: str, charset: str | None) -> tuple[str, bool]:
    """The text of ``data``, and whether it is ``data`` read as UTF-8."""
    text = decode_bom(data, name)
    if text is not None:
        return text, False
    wide = wide_text(data, name, "HTML")
    if wide is not None:
        return wide, False
    for codec in (web_codec(charset) if charset else None,
                  _declared_charset(data[:_PRESCAN_BYTES])):
        read = read_declared(data, codec) if codec is not None else None
        if read is not None:
            return read  # else a wrong declaration: the next one, or the content, decides
    if (utf8 := _try_utf8(data)) is not None:
        return utf8, True
    return guessed(data, name), False


def _try_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _declared_charset(head: bytes) -> str | None:
    """The Python codec named by the first usable ``<meta>`` charset declaration, if any."""
    for match in _META_CHARSET.finditer(head):
        codec = web_codec(match.group(1).decode("ascii", "replace"))
        if codec is not None:
            return "utf-8" if codec in _WIDE else codec
    return None

