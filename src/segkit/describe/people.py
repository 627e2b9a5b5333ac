"""The page's author(s), as the page names them, joined with ``"; "``.

Markup first (JSON-LD author, <meta name=author> and its kin), then byline lines and
lines inside an element marked as the author's (class, id or itemprop "author").
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Final

import regex

from segkit.describe.dates import parse_date
from segkit.describe.text import key
from segkit.document import Document

# "By", "Written by", "Von", "Par", "Autor:" and the like at the head of a byline.
_BY: Final = regex.compile(
    r"^(?:(?:written|posted|published|words|story|text|reported|edited|photos?|article)\s+)?"
    r"(?:by|von|par|por|di|door|av|af|auteur|autor|autore|author|authors|writer)\b\s*:?\s*|"
    r"^(?:author|autor|auteur|autore|verfasser)\s*:\s*",
    regex.I,
)
# Where a byline stops naming people: a date, a separator, "on"/"am"/"le" + date, "Updated".
_TAIL: Final = regex.compile(
    r"\s*(?:[|•·]|\s[-–—]\s|,?\s+(?:on|am|le|el|il|published|updated|posted|in)\s|\d).*$",
    regex.I,
)
# Between names: commas, "and", "&", and their kin.
_BETWEEN: Final = regex.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b)\s*",
                                regex.I)
# A name has at most this many words and characters: longer is a sentence.
NAME_MAX_WORDS: Final = 5
NAME_MAX_CHARS: Final = 60
# Byline lines looked at, from the top of the page.
BYLINE_WINDOW: Final = 400
# Class/id/itemprop tokens of an element that holds the author's name.
_AUTHOR_TOKENS: Final = regex.compile(r"^(?:author|byline|author-?name|by-?line|writer|creator)"
                                      r"(?:[-_]?(?:name|link|info))?$", regex.I)
# A line that opens as a byline: "By Jane Roe", "Written by ...", "Autor: ...".
_BY_LINE: Final = regex.compile(
    r"^(?:(?:written|posted|published|words|story|text|reported|article)\s+)?"
    r"(?:by|von|par|por|door|author|autor|auteur)\b\s*:?\s+\S", regex.I)
# "Published August 7, 2023 by Jane Roe": "by" and a capital after a date.
_MID_BY: Final = regex.compile(r"\s(?:by|von|par|por)\s+(?=\p{Lu})")
# A "By ..." line longer than this is a sentence, not a byline.
BYLINE_MAX_CHARS: Final = 150
_URLISH: Final = regex.compile(r"^(?:https?:|www\.)|\.(?:com|org|net)\b|@", regex.I)
_NOT_NAMES: Final = frozenset((
    "admin", "administrator", "staff", "editor", "editors", "team", "guest", "unknown",
    "anonymous", "share", "comments", "follow", "more", "read more",
))


def find_author(doc: Document) -> str | None:
    """The author names as shown, joined with ``"; "``; None when the page names none."""
    for names in _candidates(doc):  # markup, "By ..." lines, byline-labelled lines
        cleaned = _clean_names(names)
        if cleaned:
            return "; ".join(cleaned)
    return None


def _candidates(doc: Document) -> Iterator[list[str]]:
    meta = doc.meta
    if meta is not None:
        yield list(meta.ld_authors)
        yield [meta.author] if meta.author else []
        yield list(meta.meta_authors)
        yield list(meta.ld_any_authors)
        author = meta.article_author
        yield [author] if author and not _URLISH.search(author) else []
    yield from _by_lines(doc)
    yield from (split_byline(text) for text in _byline_texts(doc))


def _by_lines(doc: Document) -> Iterator[list[str]]:
    """Lines that open with "By" (whatever their label), or a date followed by "by Name"."""
    for ln in doc.lines[:BYLINE_WINDOW]:
        text = ln.text.strip()
        if len(text) > BYLINE_MAX_CHARS or ln.label == "body":
            continue
        if _BY_LINE.match(text):
            yield split_byline(text)
        else:
            mid = _MID_BY.search(text)
            if mid and parse_date(text[:mid.start()]):
                yield split_byline(text[mid.end():])


def _byline_texts(doc: Document) -> Iterator[str]:
    lines = doc.lines[:BYLINE_WINDOW]
    yield from (ln.text for ln in lines if ln.label == "byline")
    if doc.evidence is not None:
        for ln, ev in zip(lines, doc.evidence, strict=False):
            if ln.label != "body" and any(_AUTHOR_TOKENS.match(t) for t in ev.tokens[:3]):
                yield ln.text


def split_byline(text: str) -> list[str]:
    """The names in a byline: "By Jane Roe and John Doe | May 3, 2021" -> both names."""
    text = _BY.sub("", " ".join(text.split()))
    if parse_date(text) is not None or regex.search(r"\d", text):
        text = _TAIL.sub("", text)
    else:
        text = regex.sub(r"\s*(?:[|•·]|\s[-–—]\s).*$", "", text)
    return [p for p in _BETWEEN.split(text) if p and p.strip()]


def _clean_names(names: list[str]) -> list[str]:
    out: list[str] = []
    for name in names:
        name = _BY.sub("", " ".join(name.split())).strip(" ,;:.-|")
        low = key(name)
        if (not name or _URLISH.search(name) or low in _NOT_NAMES
                or len(name) > NAME_MAX_CHARS or len(name.split()) > NAME_MAX_WORDS
                or not regex.search(r"\p{L}", name)):
            continue
        if low not in {key(n) for n in out}:
            out.append(name)
    return out
