"""Text helpers shared by the describe modules."""

from __future__ import annotations

import unicodedata
from typing import Final

import regex

# Typographic quotes, dashes and spaces to their plain forms, for comparing strings.
_PLAIN: Final = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u200b": "",
})
# The same characters found by a search at C speed, then replaced one match at a time:
# ``translate`` by a dict looks every character up in Python (15 µs a line of prose).
_PLAIN_CHAR: Final = regex.compile("[" + "".join(regex.escape(chr(c)) for c in _PLAIN) + "]")
_PLAIN_OF: Final = {chr(c): to or "" for c, to in _PLAIN.items()}


def key(text: str | None) -> str:
    """``text`` case-folded, quotes and dashes made plain, white space collapsed.

    ASCII text (most lines) takes a shortcut with the same result: of ``_PLAIN`` only the
    backquote is ASCII, and ASCII case-folds as it lower-cases (the title chooser keys
    every line of a page).
    """
    if not text:
        return ""
    if text.isascii():
        if "`" in text:
            text = text.replace("`", "'")
        return " ".join(text.lower().split())
    return " ".join(_PLAIN_CHAR.sub(_plain_of, text).casefold().split())


def _plain_of(match: regex.Match[str]) -> str:
    return _PLAIN_OF[match.group()]


def shown(text: str | None) -> str | None:
    """``text`` without the characters that show nothing (soft hyphens, zero-width spaces,
    bidirectional marks: Unicode's format characters), stripped."""
    if text is None:
        return None
    if not text.isascii():
        text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return text.strip()


# A page's own content may start far down its lines (a text rendering of a page with long
# menus puts its headline past line 500): the lines this close to one of its first
# headlines or to its first body line are read wherever they are.
NEAR_BEFORE: Final = 20  # lines above such a line: a dateline or byline above the headline
NEAR_AFTER: Final = 60  # lines below it: the byline, the dateline and the lede
NEAR_HEADLINES: Final = 3  # headlines taken as where the content may start


def near_content(labels: list[str | None], start: int) -> list[int]:
    """The lines from ``start`` on (outside a window of the page's top ``start`` lines) that
    sit near where its content starts: its first :data:`NEAR_HEADLINES` headlines and its
    first body line. In order, each once."""
    anchors = [i for i, label in enumerate(labels) if label == "headline"][:NEAR_HEADLINES]
    if "body" in labels:
        anchors.append(labels.index("body"))
    near: set[int] = set()
    for at in anchors:
        near.update(range(max(start, at - NEAR_BEFORE), min(len(labels), at + NEAR_AFTER)))
    return sorted(near)
