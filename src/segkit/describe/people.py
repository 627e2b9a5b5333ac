"""The page's author(s), as the page names them, joined with ``"; "``.

Markup first (JSON-LD author, <meta name=author> and its kin), then byline lines and
lines inside an element marked as the author's (class, id or itemprop "author"). A text
article whose author no byline names often shows the name alone under the headline
("April Fulton"): there a line shaped as a person's name is taken.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Collection, Iterator
from functools import cache, lru_cache
from itertools import accumulate, islice
from pathlib import Path
from typing import Final

import regex

from segkit.classify.site_name import host_of, site_like
from segkit.describe.dates import MONTHS, date_span
from segkit.describe.text import key
from segkit.document import Document
from segkit.evidence import Flag, LineEvidence

# "By", "Written by", "Von", "Par", "Autor:", "Thread starter" and the like at the head of
# a byline.
_BY: Final = regex.compile(
    r"^(?:(?:written|posted|published|words|story|text|reported|edited|photos?|article|"
    r"started|submitted|guide|review(?:ed)?)\s+)?"
    r"(?:by|von|par|por|di|door|av|af|auteur|autor|autore|author|authors|writer)\b\s*:?\s*|"
    r"^(?:author|authors|autor|auteur|autore|verfasser|contributors?|thread\s+starter)\s*:?\s+",
    regex.I,
)
# Where a byline stops naming people: a separator, "on"/"am"/"le" + date, "Updated", a
# number standing alone (a time, "3 min read"); a date is cut off before.
_TAIL: Final = regex.compile(
    r"\s*(?:[|•·●⋅»]|\s[-–—]\s|,?\s+(?:on|am|le|el|il|published|updated|posted|in)\s|"
    r"(?<!\w)\d).*$",
    regex.I,
)
# Between names: commas, "and", "&", and their kin.
_BETWEEN: Final = regex.compile(r"\s*(?:,|;|&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b)\s*",
                                regex.I)
# A name has at most this many words and characters: longer is a sentence.
NAME_MAX_WORDS: Final = 5
NAME_MAX_CHARS: Final = 60
# A name given in the markup is taken as the page gives it, up to this length: there it is
# a name by construction, titles and affiliations included ("Jane Roe, MD, Staff Writer").
MARKUP_NAME_MAX_CHARS: Final = 150
# A name of this many words or more that opens lower-case is a sentence ("clicking the
# button"); a single lower-case word may be a user name ("jdoe").
SENTENCE_MIN_WORDS: Final = 2
# Names found in lines, looked at for a byline that widens the markup's list of authors.
WIDER_WINDOW: Final = 5
# Byline lines looked at, from the top of the page.
BYLINE_WINDOW: Final = 400
# Text mode, where no byline names the author: the lines under the first headline looked
# at for a name on its own line, and the page types where one is an author's (a shop's or
# a listing's "Mac Parts" is not). No fitted value, but the shape was read off this split's
# misses, so the figure is not held out (bench_meta.py, the shipped model): WCXB text
# author 0.507 -> 0.526 (14 of 739 pages more), one page more (of 758) given an author
# where the gold has none; of the 17 names it adds, 15 are the gold author's.
NAME_LINE_REACH: Final = 8
NAME_LINE_TYPES: Final = frozenset(("article", "forum"))
# A name line: two or three capitalised words ("Eric Gerard Ruiz", "Jane Q. Roe"), the first
# a given name, a middle word a given name or an initial, within this many characters.
NAME_LINE_MAX_CHARS: Final = 40
_NAME_WORD: Final = regex.compile(r"[\w'’.-]+")
_GIVEN_NAMES: Final = Path(__file__).with_name("given_names.txt")
# Class/id/itemprop tokens of an element that holds the author's (or a post's poster's) name.
_AUTHOR_TOKENS: Final = regex.compile(
    r"^(?:author|byline|author-?name|by-?line|writer|creator|username|user-?name|poster|"
    r"postprofile|post-?author|authors|contributors?|bigusername)(?:[-_]?(?:name|link|info))?$",
    regex.I)
# "user" with one of these beside it marks a user's name too ("user-details", "post-user-name").
_USER_TOKEN_MATES: Final = frozenset(("name", "details", "info", "card"))
# A line that opens as a byline: "By Jane Roe", "Written by ...", "Autor: ...", "Thread
# starter jdoe"; after "by" a capital (or @), else it is a sentence ("By continuing, ...").
_BY_LINE: Final = regex.compile(
    r"^(?:(?:written|posted|published|words|story|text|reported|article|started|guide)\s+)?"
    r"(?:by|von|par|por|door)\s*:?\s+[\p{Lu}@]|"
    r"^(?:author|authors|autor|auteur|contributors?)\s*:?\s+\S|^thread\s+starter\s+\S", regex.I)
# A forum post's header naming its poster as the one who opened the thread: "jdoe
# Discussion starter".
_STARTER: Final = regex.compile(r"^(\S+(?:\s\S+)?)\s+(?:discussion|thread|topic)\s+starter$",
                                regex.I)
# "Door" and "par" open Dutch and French bylines, and English menu entries too ("Door
# locks", "Par 3"): with a single word after them, the line is taken for English.
_NOUN_BY: Final = regex.compile(r"^(?:door|par)\s+\S+$", regex.I)
# "Published August 7, 2023 by Jane Roe", "March 15 · 3 min read · By Jane Roe",
# "submitted 17 hours ago by jdoe": "by" after a date, a separator or a time.
_MID_BY: Final = regex.compile(r"(?:^|\s)(?:by|von|par|por)\s+(?=[\p{Lu}@\w])", regex.I)
_MID_BY_LEAD: Final = regex.compile(
    r"[|•·●⋅]|\bago\b|\d|\b(?:started|posted|submitted|written|created|recommended)\s*$", regex.I)
# "Last edited by", "Photo by", "Ranked by", a forum list's "last post by": the name after
# is not the author's.
_NOT_AUTHOR_LEAD: Final = regex.compile(r"\b(?:edited|photos?|images?|illustrations?|"
                                        r"powered|sponsored|presented|followed|ranked|sorted|"
                                        r"filtered|(?:last|latest)\s+(?:post|reply))\s*$",
                                        regex.I)
_LEAD_SEPARATORS: Final = regex.compile(r"^[\s|•·●⋅,\-–—]+")
# A line that says the name after it is an editor's: "edited Feb 12, 2011", "Last edited".
_EDITED: Final = regex.compile(r"^(?:last\s+)?(?:edited|modified|updated)\b", regex.I)
# Class/id tokens of menus: a "By ..." line in one, or inside <nav>, is a menu's entry
# ("By industry", "By company size"), not a byline. (A byline line labelled nav is common.)
_MENU_TOKENS: Final = frozenset(("menu", "menus", "dropdown", "megamenu", "submenu", "navbar",
                                 "nav", "navigation"))
# Flag.NAV as a plain int: an IntFlag's ``&`` runs Python code in the enum module.
_NAV: Final = int(Flag.NAV)
# Tokens of a line's nearest elements looked at for a menu's.
MENU_TOKEN_DEPTH: Final = 8
# Every pattern that finds a "by" line (_STARTER, _BY_LINE, _MID_BY) needs one of these
# in the line, lower-cased: an ASCII line without any of them is passed over unsearched
# (a page's lines are mostly prose and menus; ASCII case-insensitivity is lower-casing).
BY_LINE_WORDS: Final = ("by", "von", "par", "por", "door", "aut", "contributor", "starter")
# A copyright line's "by" credits the site's makers ("© 2025 Shop. Built by Studio").
_COPYRIGHT: Final = regex.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b|all rights reserved", regex.I)
# A "By ..." line longer than this is a sentence, not a byline.
BYLINE_MAX_CHARS: Final = 150
_URL: Final = regex.compile(r"^(?:https?:|www\.)", regex.I)
# What a line shows in brackets after a name: a user's handle, an employer.
_PAREN_TAIL: Final = regex.compile(r"\s*\(([^()]*)\)$")
_WORD_COMMA: Final = regex.compile(r"\w+,")
_DIGIT: Final = regex.compile(r"\d")
_LETTER: Final = regex.compile(r"\p{L}")
# Where a byline without digits stops naming people: a separator.
_SEPARATED_TAIL: Final = regex.compile(r"\s*(?:[|•·●⋅»]|\s[-–—]\s).*$")
_URLISH: Final = regex.compile(r"^(?:https?:|www\.)|\.(?:com|org|net)\b|@", regex.I)
_NOT_NAMES: Final = frozenset((
    "admin", "administrator", "staff", "editor", "editors", "team", "guest", "unknown",
    "anonymous", "share", "comments", "follow", "more", "read more",
    # the headings of author boxes, which carry the author's tokens too
    "author", "authors", "contributor", "contributors", "about the author",
    "about the authors", "insights from", "updated", "written by", "posted by",
))
# A comment's header: "Jane says", "jdoe commented", "John Doe reviewed": a commenter.
_COMMENTER: Final = regex.compile(r"\s(?:says|said|wrote|commented|replied|reviewed)$", regex.I)
# A forum rank shown under a poster's name, not a name: "Member", "Well-known member".
_RANK: Final = regex.compile(r"\b(?:member|members|moderator|user|newbie)$", regex.I)
_WEEKDAYS: Final = frozenset((
    "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday", "thu", "thur", "thurs",
    "thursday", "fri", "friday", "sat", "saturday", "sun", "sunday",
))


def find_author(doc: Document, page_type: str | None = None,
                by_lines: Collection[int] | None = None) -> str | None:
    """The author names as shown, joined with ``"; "``; None when the page names none.

    Markup names first, unless they name only the site (an Organization author such as the
    publisher) and a line names people; a byline that names the markup's authors and more
    gives them all. A text page of ``page_type`` article or forum without a byline may
    show the name alone under its headline. ``by_lines``, where the caller knows them, are
    the only lines that may be "by" lines (those holding one of BY_LINE_WORDS)."""
    markup = markup_names(doc)
    lines = (c for c in (clean_names(n, markup=False) for n in _line_candidates(doc, by_lines))
             if c)
    if not markup:
        names = next(lines, []) or _name_under_headline(doc, page_type)
    elif all(_site_like_name(n, doc) for n in markup):
        marked = next((c for c in (clean_names(n, markup=False)
                                   for n in _marked_candidates(doc)) if c), None)
        names = marked or markup
    else:
        words = {w for n in markup for w in key(n).split()}
        names = next((c for c in islice(lines, WIDER_WINDOW) if len(c) > len(markup)
                      and words <= {w for n in c for w in key(n).split()}), markup)
    return "; ".join(names) or None


def markup_names(doc: Document) -> list[str]:
    """The author names the page's markup gives (JSON-LD, author <meta> tags), the first
    source that names any; none for a text page."""
    return next((c for c in (clean_names(n, markup=True) for n in _markup_candidates(doc))
                 if c), [])


def _name_under_headline(doc: Document, page_type: str | None) -> list[str]:
    """In text mode, the first line within NAME_LINE_REACH under the first headline that
    is shaped as a person's name (:func:`name_line`), on an article or forum page."""
    if doc.meta is not None or page_type not in NAME_LINE_TYPES:
        return []
    lines = doc.lines[:BYLINE_WINDOW]
    head = next((i for i, ln in enumerate(lines) if ln.label == "headline"), None)
    if head is None:
        return []
    for ln in lines[head + 1:head + 1 + NAME_LINE_REACH]:
        text = ln.text.strip()
        if ln.label in ("nav", "body", "caption") and name_line(text):
            return [text]
    return []


def name_line(text: str) -> bool:
    """Whether ``text`` is a person's name alone: two or three words, each capitalised and
    not all capitals, the first a known given name of three letters or more, a middle one a
    given name or an initial."""
    words = _NAME_WORD.findall(text)
    if not 2 <= len(words) <= 3 or len(text) > NAME_LINE_MAX_CHARS:
        return False
    if any(not w[:1].isupper() or (len(w.rstrip(".")) > 1 and w.isupper()) for w in words):
        return False
    given = given_names()
    if len(words) == 3 and not (words[1].casefold() in given or len(words[1].rstrip(".")) == 1):
        return False
    return len(words[0]) >= 3 and words[0].casefold() in given


@cache
def given_names() -> frozenset[str]:
    """Given names, lower-cased: the U.S. Census Bureau's 1990 lists (``given_names.txt``)."""
    lines = _GIVEN_NAMES.read_text(encoding="utf-8").splitlines()
    return frozenset(ln.strip() for ln in lines if ln.strip() and not ln.startswith("#"))


def _markup_candidates(doc: Document) -> Iterator[list[str]]:
    meta = doc.meta
    if meta is None:
        return
    yield list(meta.ld_authors)
    yield [meta.author] if meta.author else []
    yield list(meta.meta_authors)
    yield list(meta.ld_any_authors)
    author = meta.article_author
    yield [author] if author and not _URLISH.search(author) else []


def _line_candidates(doc: Document, by_lines: Collection[int] | None = None
                     ) -> Iterator[list[str]]:
    yield from _marked_candidates(doc, by_lines)
    yield from (split_byline(ln.text) for ln in doc.lines[:BYLINE_WINDOW]
                if ln.label == "byline")


def _marked_candidates(doc: Document, by_lines: Collection[int] | None = None
                       ) -> Iterator[list[str]]:
    """"By" lines, then lines of elements marked as the author's."""
    yield from _by_lines(doc, by_lines)
    lines = doc.lines[:BYLINE_WINDOW]
    if doc.evidence is not None:
        for i, (ln, ev) in enumerate(zip(lines, doc.evidence, strict=False)):
            if ((ln.label != "body" or len(ln.text) <= NAME_MAX_CHARS)
                    and author_marked(ev.tokens[:3])
                    and not (i and _EDITED.match(lines[i - 1].text.strip()))):
                yield split_byline(ln.text)


@lru_cache(maxsize=4096)
def author_marked(tokens: tuple[str, ...]) -> bool:
    """Whether class/id tokens mark an author's element; kept per token tuple, since a
    page's lines share a few (every line is asked, the pattern run on each token)."""
    return any(_AUTHOR_TOKENS.match(t) for t in tokens) or (
        "user" in tokens and not _USER_TOKEN_MATES.isdisjoint(tokens))


def _site_like_name(name: str, doc: Document) -> bool:
    """Whether a name is the site's (og:site_name or the host's name): the publisher."""
    site = getattr(doc.meta, "og_site_name", None)
    return site_like(name, site, host_of(doc.url or getattr(doc.meta, "canonical", None)))


def word_lines(lows: list[str], words: tuple[str, ...] = BY_LINE_WORDS) -> set[int]:
    """The indexes of the lower-cased lines ``lows`` that hold one of ``words``: each word
    sought through the lines joined, at C speed, not line by line."""
    starts = list(accumulate((len(t) + 1 for t in lows), initial=0))
    text = "\n".join(lows)
    found: set[int] = set()
    for word in words:
        at = text.find(word)
        while at >= 0:
            i = bisect_right(starts, at) - 1
            found.add(i)
            at = text.find(word, starts[i + 1])
    return found


def _by_lines(doc: Document, only: Collection[int] | None = None) -> Iterator[list[str]]:
    """Lines that open with "By" (whatever their label), or "by Name" after a date, a
    separator or a time; of ``only``, where given (else the lines that may be: holding a
    word a "by" line needs, or not ASCII, which :func:`by_names` reads whole)."""
    evidence = doc.evidence
    lines = doc.lines
    if only is None:
        window = lines[:BYLINE_WINDOW]
        only = word_lines([ln.text.lower() for ln in window]).union(
            i for i, ln in enumerate(window) if not ln.text.isascii())
    for i in sorted(i for i in only if i < BYLINE_WINDOW):
        ln = lines[i]
        text = ln.text.strip()
        if len(text) > BYLINE_MAX_CHARS or ln.label == "body" or _COPYRIGHT.search(text):
            continue
        if evidence is not None and i < len(evidence) and in_menu(evidence[i]):
            continue
        found = by_names(text)
        if found is not None:
            yield found[0]


def by_names(text: str) -> tuple[list[str], str] | None:
    """The names a "by" line gives, and how it gives them: "starter" (a thread starter's
    header), "by" (a line opening as a byline), "midby" (a "by" after a date, a separator or
    a time); None when ``text`` is no such line."""
    if text.isascii() and not _may_name_by(text.lower()):
        return None
    starter = _STARTER.match(text)
    if starter:
        return [starter.group(1)], "starter"
    if _BY_LINE.match(text):
        return None if _NOUN_BY.match(text) else (split_byline(text), "by")
    mid = _mid_by(text)
    return None if mid is None else (split_byline(text[mid:]), "midby")


def _may_name_by(low: str) -> bool:
    """Whether a lower-cased ASCII line holds a word a "by" line needs."""
    return any(w in low for w in BY_LINE_WORDS)


def in_menu(evidence: LineEvidence) -> bool:
    """Whether a line sits in a menu: inside <nav> or an element with a menu's tokens."""
    return evidence.flags & _NAV != 0 or not _MENU_TOKENS.isdisjoint(
        evidence.tokens[:MENU_TOKEN_DEPTH])


def _mid_by(text: str) -> int | None:
    """Where the names start after a "by" that follows a date, a separator, a time or a
    verb of posting ("started by jdoe"); None when there is no such "by"."""
    mid = _MID_BY.search(text)
    if mid is None or mid.start() == 0:
        return None
    lead = text[:mid.start()]
    if _NOT_AUTHOR_LEAD.search(lead) or not _MID_BY_LEAD.search(lead):
        return None
    return mid.end()


def split_byline(text: str) -> list[str]:
    """The names in a byline: "By Jane Roe and John Doe | May 3, 2021" -> both names."""
    text = " ".join(text.split())
    mid = _mid_by(text)
    if mid is not None:
        text = text[mid:]
    by = _BY.match(text)
    if by:
        text = text[by.end():]
        if text[:1].islower() and _WORD_COMMA.match(text):
            return []  # "By continuing, you agree": a sentence
    span = date_span(text)
    if span is not None:  # "Dec. 19, 2025 · Jane Roe" or "Jane Roe, May 3, 2021"
        text = text[:span[0]] if span[0] else _LEAD_SEPARATORS.sub("", text[span[1]:])
    text = (_TAIL if _DIGIT.search(text) else _SEPARATED_TAIL).sub("", text)
    return [p.strip() for p in _BETWEEN.split(text) if p and p.strip()]


def clean_names(names: list[str], markup: bool) -> list[str]:
    out: list[str] = []
    for name in names:
        name = _BY.sub("", " ".join(name.split())).strip(" ,;:.-|")
        if not markup:
            name = _without_handle(name)
        if not name or not _is_name(name, markup):
            continue
        if key(name) not in {key(n) for n in out}:
            out.append(name)
    return out


def _without_handle(name: str) -> str:
    """``name`` without the handle a forum shows after it when the two are the same
    ("raoul (raoul)"); a role or employer in brackets is kept, as shown."""
    tail = _PAREN_TAIL.search(name)
    if tail is not None and tail.start() and key(tail.group(1)) == key(name[:tail.start()]):
        return name[:tail.start()]
    return name


def _is_name(name: str, markup: bool) -> bool:
    """Whether ``name`` reads as a name: markup names unless a URL or placeholder; names
    from lines short, without URLs, not a date word, not a sentence ("clicking Post")."""
    low = key(name)
    words = low.split()
    if low in _NOT_NAMES or _RANK.search(low) or _COMMENTER.search(low) \
            or not _LETTER.search(name):
        return False
    if markup:
        return len(name) <= MARKUP_NAME_MAX_CHARS and not _URL.search(name)
    if (_URLISH.search(name) or len(name) > NAME_MAX_CHARS or len(words) > NAME_MAX_WORDS
            or all(w.rstrip(".,") in MONTHS or w.rstrip(".,") in _WEEKDAYS for w in words)):
        return False
    return not (len(words) > SENTENCE_MIN_WORDS - 1 and name[0].islower())
