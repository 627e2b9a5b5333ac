"""Bytes that are not UTF-8 and say nothing of their encoding: read as a browser reads them.

The guess is chardetng's, the detector Firefox runs on unlabelled legacy pages: it
chooses among the legacy encodings of the web (the Encoding Standard's, not every code
page Python knows) and weighs them by how the web uses them. Measured against
charset-normalizer on the ``../shared`` texts saved again in their script's legacy code
page (``docs/reliability.md``), it gets whole pages and other scripts right far more often.

One correction on top: in short Western text the only bytes beyond ASCII are often a
``©``, a ``®``, a dash or a curly quote, which every Latin code page reads as something,
and a detector may take them for a stray Central European letter (``©2025`` as
``Š2025``). Where windows-1252 reads every such byte as punctuation or a symbol and the
guess reads a letter there, windows-1252 wins: a lone accented letter among ASCII words is
much rarer than a copyright sign.
"""

from __future__ import annotations

import codecs
import unicodedata
from typing import Final

import regex

# Encoding labels that the Encoding Standard maps to another encoding than Python's codec
# of that name (a label not here is looked up as Python's codec of that name).
WEB_ALIASES: Final = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "x-user-defined": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "windows-874": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
}
WESTERN: Final = "cp1252"
# Single-byte legacy codecs (Python's names): declared on bytes that are valid UTF-8
# beyond ASCII, they are a stale template's, and the bytes are read as UTF-8.
SINGLE_BYTE: Final = frozenset(
    {"cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
     "cp1258", "cp874", "cp437", "cp850", "cp866", "koi8-r", "koi8-u", "mac-roman"}
    | {f"iso8859-{n}" for n in range(1, 17)}
)
# The detector reads at most this much of an input: enough to tell any encoding, and a
# 64 MB record is not scanned whole.
DETECT_BYTES: Final = 1 << 20
_BEYOND_ASCII: Final = regex.compile(r"[^\x00-\x7f]")
# Share of characters that may come out as U+FFFD (bytes the guessed encoding has no
# character for) before the bytes count as no text of that encoding at all.
MAX_INVALID_SHARE: Final = 0.01


def web_codec(label: str) -> str | None:
    """The Python codec for an encoding label as the web reads it; None if unknown."""
    label = label.strip().lower()
    try:
        return codecs.lookup(WEB_ALIASES.get(label, label)).name
    except LookupError:
        return None


def read_declared(data: bytes, codec: str) -> tuple[str, bool] | None:
    """``data`` read in the codec a declaration names, and whether that reading is UTF-8;
    None where the bytes are not in it (then their content decides). A ``SINGLE_BYTE``
    codec on bytes that are valid UTF-8 beyond ASCII gives way to UTF-8: a stale
    declaration in a template is far more common than legacy text that is valid UTF-8."""
    if codec in SINGLE_BYTE and not data.isascii():
        try:
            return data.decode("utf-8"), True
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(codec), codec == "utf-8"
    except UnicodeDecodeError:
        return None


def guess(data: bytes) -> str | None:
    """``data`` decoded in the legacy encoding a browser would guess for it; None when
    more than ``MAX_INVALID_SHARE`` of it is invalid in that encoding too."""
    import chardetng_py  # only for bytes that are not UTF-8: most runs never load it

    codec = web_codec(chardetng_py.detect(data[:DETECT_BYTES], allow_utf8=False)) or WESTERN
    text = data.decode(codec, errors="replace")
    if text.count("\ufffd") > MAX_INVALID_SHARE * len(text):
        return None
    western = _western_marks(data, text) if codec != WESTERN else None
    return text if western is None else western


def _western_marks(data: bytes, text: str) -> str | None:
    """windows-1252's reading of ``data`` where it gives punctuation and symbols alone
    beyond ASCII and ``text`` (another encoding's reading) gives a letter there."""
    try:
        western = data.decode(WESTERN)
    except UnicodeDecodeError:
        return None
    if not any(unicodedata.category(ch)[0] == "L" for ch in _beyond_ascii(text)):
        return None
    if all(unicodedata.category(ch)[0] in "PSZC" for ch in _beyond_ascii(western)):
        return western
    return None


def _beyond_ascii(text: str) -> set[str]:
    return set(_BEYOND_ASCII.findall(text))
