"""Text helpers shared by the describe modules."""

from __future__ import annotations

import unicodedata
from typing import Final
from urllib.parse import urlsplit

# Typographic quotes, dashes and spaces to their plain forms, for comparing strings.
_PLAIN: Final = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
})


def key(text: str | None) -> str:
    """``text`` case-folded, quotes and dashes made plain, white space collapsed.

    ASCII text (most lines) takes a shortcut with the same result: of ``_PLAIN`` only the
    backquote is ASCII, and ASCII case-folds as it lower-cases; ``translate`` by a dict
    costs a dict lookup per character (the title chooser keys every line of a page).
    """
    if not text:
        return ""
    if text.isascii():
        if "`" in text:
            text = text.replace("`", "'")
        return " ".join(text.lower().split())
    return " ".join(text.translate(_PLAIN).casefold().split())


def shown(text: str | None) -> str | None:
    """``text`` without the characters that show nothing (soft hyphens, zero-width spaces,
    bidirectional marks: Unicode's format characters), stripped."""
    if text is None:
        return None
    if not text.isascii():
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return text.strip()


def host_of(url: str | None) -> str:
    """The URL's host without ``www.``; empty when there is none."""
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
