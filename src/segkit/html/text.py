"""Text of a rendered page: white space normalisation, soft spaces, and the depth cap.

Lines are joined from raw text pieces; ``SOFT`` marks where an inline element ended, to be
a space or nothing by the punctuation around it (:func:`soften`). ``cap_depth`` guards the
parser against pathological nesting before the page is parsed.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Final

import regex

_WS: Final = regex.compile(r"\s+")
# Strings longer than this are normalised piecewise, to bound memory on huge lines.
CHUNK: Final = 1 << 20
SOFT: Final = "\x00"  # a space between inline elements unless punctuation follows; the parser
# turns NUL in the page into U+FFFD, so it cannot come from the page
_NO_SPACE_BEFORE: Final = frozenset(',:;.!?")')
# Marks where a word may break across lines; shown only there, so never in a line's text.
SOFT_HYPHEN: Final = "\u00ad"


def _chunks(text: str) -> Iterator[str]:
    """``text`` in pieces of about ``CHUNK`` characters, cut at white space."""
    start, end = 0, len(text)
    while start < end:
        stop = start + CHUNK
        if stop >= end:
            stop = end
        else:
            space = _WS.search(text, stop)
            stop = space.start() if space is not None else end
        yield text[start:stop]
        start = stop


def normalise(text: str) -> str:
    """Runs of white space to one space, stripped."""
    if len(text) < CHUNK:
        return " ".join(text.split())
    return " ".join(piece for piece in (" ".join(c.split()) for c in _chunks(text)) if piece)


def nonspace(text: str) -> int:
    """Number of characters that are not white space."""
    if len(text) < CHUNK:
        return len("".join(text.split()))
    return sum(len("".join(chunk.split())) for chunk in _chunks(text))


def soften(raw: str) -> str:
    """Resolve soft spaces the way html_text spaces inline elements: a space, except next to
    white space, before closing punctuation, after an opening parenthesis and inside what
    shows as one token (:func:`_one_token`)."""
    pieces = raw.split(SOFT)
    out = [pieces[0]]
    last = pieces[0][-1:]
    spaced = False  # white space stood between the last piece and this one
    for piece in pieces[1:]:
        if not piece or piece.isspace():  # white space between soft spaces is one of them
            spaced = spaced or bool(piece)
            continue
        if last and not last.isspace():
            if piece[0].isspace():
                stripped = piece.lstrip()
                if stripped[:1] in _NO_SPACE_BEFORE:  # "link</a> ," reads "link,"
                    piece = stripped
            elif piece[0] not in _NO_SPACE_BEFORE and last != "(" and (
                    spaced or not _one_token(last, _before_last(out), piece)):
                out.append(" ")
        out.append(piece)
        last = piece[-1]
        spaced = False
    return "".join(out)


def _one_token(last: str, before: str, piece: str) -> bool:
    """Whether the text joined so far, ending in ``before`` and ``last``, and ``piece`` that
    follows it with no space in the source are one token a browser shows whole: a word
    whose capital an element split off (:func:`_drop_cap`), or a currency sign and its
    amount ("$" "19.99")."""
    return (_drop_cap(last, before, piece)
            or (piece[0].isdigit() and unicodedata.category(last) == "Sc"))


def _before_last(out: list[str]) -> str:
    """The character before the last one of the text joined so far ("" at its start)."""
    last = out[-1]
    if len(last) > 1:
        return last[-2]
    return out[-2][-1:] if len(out) > 1 else ""


def _drop_cap(cap: str, before: str, after: str) -> bool:
    """Whether ``cap`` is the capital of a word split by an element's edge: a drop cap
    (``<span class="dropcap">T</span>he``) or a styled run that ends in a word's first
    letter (``punch, C</span><span>orn Pops``). The capital starts a word (``before`` is
    no letter or digit), and the word's lower-case rest follows it with no space in the
    source, as a browser shows it. Not an avatar's initial before its user's name (``J``
    ``julian``), nor the first of letters set apart one by one."""
    return (len(cap) == 1 and cap.isupper() and not before.isalnum()
            and len(after) > 1 and after[0].islower() and after[0] != cap.lower())


# --------------------------------------------------------------------------- depth guard

# Lexbor's tree builder takes time quadratic in the nesting depth (each block start tag
# looks down the stack of open elements), so 100,000 nested <div>s would take half a
# minute. Pages with that many tags are scanned first, and tags nested deeper than
# _MAX_DEPTH are dropped (their text stays), much as browsers stop nesting at 512.
_DEEP_SCAN_TAGS: Final = 10_000
_MAX_DEPTH: Final = 512
_END_TAG_LOOKBACK: Final = 64
_TAG_SCAN: Final = regex.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]{0,4000}>")
_NOT_NESTING: Final = frozenset(
    "area base br col embed hr img input link meta param source track wbr"  # void
    " p li dt dd option optgroup tr td th tbody thead tfoot colgroup caption rb rt rtc rp"
    " html head body".split()  # closed implicitly by the parser
)


def cap_depth(html: str) -> str:
    """``html`` without the tags of elements nested deeper than ``_MAX_DEPTH``."""
    if html.count("<") <= _DEEP_SCAN_TAGS:
        return html
    stack: list[tuple[str, bool]] = []  # (tag name, dropped)
    cuts: list[tuple[int, int]] = []
    for match in _TAG_SCAN.finditer(html):
        name = match.group(2).lower()
        if match.group(1):  # an end tag closes the nearest open element of its name
            for i in range(len(stack) - 1, max(len(stack) - _END_TAG_LOOKBACK, 0) - 1, -1):
                if stack[i][0] == name:
                    if stack[i][1]:
                        cuts.append(match.span())
                    del stack[i:]
                    break
        elif name not in _NOT_NESTING:
            deep = len(stack) >= _MAX_DEPTH
            stack.append((name, deep))
            if deep:
                cuts.append(match.span())
    if not cuts:
        return html
    kept = []
    start = 0
    for cut_start, cut_end in cuts:
        kept.append(html[start:cut_start])
        start = cut_end
    kept.append(html[start:])
    return "".join(kept)
