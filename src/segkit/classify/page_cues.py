"""What a page's words say of its kind, before any line is labelled: cue phrases ("add to
cart", "reply", "min read"), the share of lines holding a price and of lines asking a
question. The content forest reads them on every line (a teaser list is content on a
listing, not under an article) and the page-type model reads them after labelling.
"""

from __future__ import annotations

from bisect import bisect_right
from itertools import accumulate
from typing import Final

import regex

PRICE: Final = regex.compile(r"[$€£¥₹]\s?\d|\d[\d.,]*\s?(?:€|eur|usd|kr|zł)\b", regex.I)
# PRICE's two alternatives where their white space is not a newline, searched apart over
# lines joined by newlines: alone, each is scanned for its first character at C speed; as
# one alternation, or with IGNORECASE on the symbols (which have no case), the scan tries
# every position (two and a half times slower).
_PRICES_IN_LINE: Final = (
    regex.compile(r"[$€£¥₹][^\S\n]?\d"),
    regex.compile(r"\d[\d.,]*[^\S\n]?(?:€|eur|usd|kr|zł)\b", regex.I),
)
# Phrases whose presence in the page's lines says something of its type.
CUES: Final = (
    "add to cart", "add to basket", "add to bag", "in stock", "out of stock", "buy now",
    "free shipping", "reviews", "reply", "replies", "joined", "posts", "views", "likes",
    "sort by", "filter", "results", "showing", "load more", "next page", "page 1",
    "api", "parameters", "returns", "example", "install", "documentation", "version",
    "contact us", "our services", "get a quote", "book now", "pricing", "free consultation",
    "read more", "comments", "share", "minute read", "min read", "subscribe", "posted",
    "answer", "question", "solved", "thread", "quote", "copy",
)
# Lines of the page read for cue phrases (from the top).
CUE_WINDOW: Final = 600


def cue_text(texts: list[str]) -> str:
    """The lower-cased top of the page that :data:`CUES` are looked for in."""
    return "\n".join(t.lower() for t in texts[:CUE_WINDOW])


def cue_values(texts: list[str], keep: bool = False) -> list[float]:
    """1.0 for each of :data:`CUES` found in the page's top lines, then the shares of its
    lines with a price and of its lines ending in a question mark. With ``keep``, the
    values are kept for the next call, which takes them if it asks of the same lines (and
    keeps them again if it asks to keep them)."""
    global _kept
    kept, _kept = _kept, None  # taken or dropped: a page's lines are not held past it
    if kept is not None and kept[0] == texts:
        if keep:  # for one more caller (the page kind takes them, then the page type)
            _kept = kept
        return kept[1]
    top = cue_text(texts)
    n = len(texts) or 1
    questions = sum(1 for t in texts if t.rstrip().endswith("?"))
    values = [*(1.0 if cue in top else 0.0 for cue in CUES), price_lines(texts) / n,
              questions / n]
    if keep:
        _kept = (list(texts), list(values))  # one tuple swapped in whole: thread-safe
    return values


# What the last ``keep`` call found. In text mode the content forest reads a page's cues
# and then the page type reads them again from the same lines: it takes these instead of
# scanning the page twice. The lines are compared (equal strings that are one object cost
# nothing), so a caller asking of other lines gets its own scan.
_kept: tuple[list[str], list[float]] | None = None


def price_lines(texts: list[str]) -> int:
    """How many of ``texts`` hold a price (:data:`PRICE`), searched in their joined text at
    once: a match of ``_PRICES_IN_LINE`` never crosses a line, and the search of each
    alternative reaches every line that holds one of its matches."""
    joined = "\n".join(texts)
    if joined.count("\n") != max(len(texts) - 1, 0):  # a line holds a newline itself
        return sum(bool(PRICE.search(t)) for t in texts)
    found = [m.start() for pattern in _PRICES_IN_LINE for m in pattern.finditer(joined)]
    if not found:
        return 0
    starts = list(accumulate((len(t) + 1 for t in texts[:-1]), initial=0))
    return len({bisect_right(starts, at) for at in found})
