"""Stage one of the classifier: features of each line, computed from its text alone.

Only text is used here, so a plugin written for raw text keeps working whatever the
input was. Cue patterns are compiled once; each line is matched against as few of them
as its length allows.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, chain, islice
from typing import Final

import regex

from segkit.classify.wordlists import (
    AGENCIES,
    BYLINE_STARTS,
    CAPTION_FIRST,
    CAPTION_STARTS,
    COMMENT_HEADS,
    COMMENT_WORDS,
    CREDIT_PHRASES,
    DATE_WORDS,
    NAV_FIRST,
    NAV_PHRASES,
    NOTICE_PHRASES,
    READ_MORE_ENDS,
    READ_MORE_STARTS,
    RELATED_HEADS,
    RELATED_PREFIXES,
    RELATIVE_WORDS,
    SOCIAL,
    STOPWORDS,
    TIME_WORDS,
)

# Lines longer than this many characters are never cue lines (menus, credits, bylines).
CUE_MAX_CHARS: Final = 160
# A date or time line is at most this long ("Wednesday 20 November 2019 11:42, UK").
DATE_MAX_CHARS: Final = 90
# A related-block header is at most this long ("More from Science & Technology").
RELATED_MAX_CHARS: Final = 60
# ...and has at most this many words.
RELATED_MAX_WORDS: Final = 6
# A caption with a credit set into it is at most this long.
CREDIT_CAPTION_MAX_CHARS: Final = 500
# ...and a credit in brackets closes within this many characters of the line's end.
CREDIT_CLOSE_CHARS: Final = 3
# "Jane Smith @janesmith": a name of at most this many words with a social handle.
BYLINE_HANDLE_MAX_WORDS: Final = 5
# A copyright notice is at most this long.
COPYRIGHT_MAX_CHARS: Final = 400
# A line with "by <Name>" inside it is a byline up to this many words.
BY_NAME_MAX_WORDS: Final = 12
# A byline has at least this many words: an opener and a name ("By Jane"), a name and
# a handle ("Jane @jane").
BYLINE_MIN_WORDS: Final = 2
# A comments header ("12 Comments", "Leave a reply") has at most this many words.
COMMENTS_MAX_WORDS: Final = 4
# A longer line opens with a comments header in its first this many words ("Leave a
# Reply Cancel reply").
COMMENT_HEAD_LEAD_WORDS: Final = 3
# An author box opens with "About" and a name: this many words in all, at least and at most.
ABOUT_MIN_WORDS: Final = 2
ABOUT_MAX_WORDS: Final = 4
# A row of share buttons has at most this many words, this share of them network names.
SOCIAL_MAX_WORDS: Final = 8
SOCIAL_MIN_SHARE: Final = 0.5
# A breadcrumb trail has at least this many separators and at most this many words.
BREADCRUMB_MIN_SEPARATORS: Final = 2
BREADCRUMB_MAX_WORDS: Final = 16
# A menu entry that starts with a furniture word ("Share", "Subscribe") has at most
# this many words; a longer line is a sentence that merely starts with it.
NAV_FIRST_MAX_WORDS: Final = 5
# A page in Chinese, Japanese or Korean (this share of its characters) counts each
# character as this many, so length thresholds mean the same in every script.
DENSE_MIN_SHARE: Final = 0.2
DENSE_SCRIPT_FACTOR: Final = 2.5
# The share of function words is measured on lines of at least this many characters,
# the share of lower-case words on lines of this many characters or this many words:
# the classifier asks shorter lines (menu entries, labels) neither.
STOP_MIN_CHARS: Final = 80
CASE_MIN_CHARS: Final = 80
CASE_MIN_WORDS: Final = 5
# The page's language is detected from the words of this many lines, at most this many
# words (enough to tell the languages apart; the rest would only cost)...
LANGUAGE_SAMPLE_LINES: Final = 400
LANGUAGE_SAMPLE_WORDS: Final = 500
# Distinct lines whose lower-cased words are held at once: enough that the C-level maps
# over a block cost next to nothing more than over the page, few enough that a page of a
# million lines holds a few MB of words, not hundreds.
FEATURE_BLOCK_LINES: Final = 4096
# ...and only when its function words make up at least this share of the words.
LANGUAGE_MIN_SHARE: Final = 0.05
# A time zone or a meridiem in capitals ("BST", "AM") has at most this many letters.
ZONE_MAX_CHARS: Final = 4
# The words of the furniture phrases that are tested before the phrases have at least
# this many characters (shorter ones are too common to rule a line out).
NAV_KEY_MIN_CHARS: Final = 4
# A share of words that was not measured (no language found, or a line too short).
NOT_MEASURED: Final = -1.0
# The lower-case share of a line whose words start with no cased letter (an uncased
# script): as running text.
UNCASED_LOWER_SHARE: Final = 1.0

# Characters that end a sentence, and closing quotes or brackets that may follow them.
_TERMINAL: Final = frozenset(".!?…。！？:;")
_CLOSERS: Final = "\"'”’»)] "
_DIGIT: Final = regex.compile(r"\d")
# Hours and minutes ("16:42", "4.05", "9h30") and an hour with am or pm ("4pm").
_HOURS_MINUTES: Final = r"\b\d{1,2}[:.h]\d{2}\b"
_AM_PM: Final = r"\b\d{1,2}\s*[ap]\.?m\b"
# A clock time, a numeric date or a year: what makes a line of numbers a date.
_CLOCK: Final = regex.compile(
    rf"{_HOURS_MINUTES}|\b\d{{1,4}}[./\-]\d{{1,2}}[./\-]\d{{1,4}}\b|{_AM_PM}|"
    r"^\D*\b(?:19|20)\d\d\b\D*$",
    regex.I,
)
# A time of day ("16:42", "06:18 PM"; not the "12.05" of a date "12.05.2024") or a time a
# few minutes or hours back ("17 minutes ago", "2h ago"): what a live blog's entries
# show, where a listing's or a teaser's show a calendar date.
_TIME_OF_DAY: Final = regex.compile(
    rf"{_HOURS_MINUTES}(?![./\-]\d)|{_AM_PM}|"
    r"\b\d+\s*(?:m|mins?|minutes?|h|hrs?|hours?)\s+ago\b",
    regex.I,
)
# Runs of Han, kana and Hangul: scripts that say in one character what others say in three.
_DENSE_SCRIPT: Final = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]+")
_DATE_TOKEN: Final = regex.compile(r"\p{L}+\.?|\d+(?:st|nd|rd|th|h|\.)?|[:,|/\-–—.()]+")
_SLASH_CREDIT: Final = regex.compile(r"^\p{Lu}[\p{L}.'\- ]{1,60}/(?:\p{Lu}[\p{L}.'\- ]{1,40}/?)+$")
# A picture credit set into a caption: "(AP Photo/Jane Doe)", "Credit: Reuters",
# "(Photo by X/Getty Images)", or a gallery counter "2 of 4".
_INLINE_CREDIT: Final = regex.compile(
    r"\((?:[\p{Lu}\w.&]+ )?(?:photo|foto|image|picture|pic|photograph|credit)s?\b[^)]{0,80}\)\W*$|"
    r"\b(?:credit|photo|image|foto|source)s?\s*:\s*[\p{L}][^.]{0,60}$|"
    r"^(?:(?:image|photo|picture|slide|foto|bild)\s+)?\d{1,3}\s*(?:of|/|von|de|di)\s*/?\s*\d{1,3}\b|"
    r"getty images\)?\W*$",
    regex.I,
)
_BULLET: Final = regex.compile(r"^(?:[-•·*▪►>|]|\d+[.)])\s")
# Words of which every NAV_PHRASES entry holds one: a cheap test before the phrases.
_NAV_KEYS: Final = frozenset(
    w for p in NAV_PHRASES for w in p.split() if len(w) >= NAV_KEY_MIN_CHARS
)
# Substrings of which every NOTICE_PHRASES entry holds one: a cheap test first.
_NOTICE_HINTS: Final = (
    "cookie", "reserv", "réserv", "vorbehalten", "riservati", "material may", "copyright",
)
_ABOUT: Final = frozenset(("about", "sobre", "über", "acerca", "à", "a", "informazioni"))
# Each byte of UTF-8 as what it says when it starts a word: " " white space (as str.split
# sees it), "U" an upper-case letter, "l" a lower-case one, "N" a byte of a character
# beyond ASCII, "." anything else.
_CASE_MARKS: Final = bytes(
    ord(" ") if chr(b) in " \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f" else ord("U") if 65 <= b <= 90
    else ord("l") if 97 <= b <= 122 else ord("N") if b >= 128 else ord(".") for b in range(256)
)
# str.translate table that drops ASCII characters.
_NO_ASCII: Final = dict.fromkeys(range(128))
# The first words that may open a date line ("Monday", "Updated", "AM"): any other
# plain word rules one out before the line is tokenised (``is_date_line``).
_DATE_OPENERS: Final = DATE_WORDS | RELATIVE_WORDS | TIME_WORDS
_BULLETS: Final = "-•·*▪►>|"
# Words of which every _INLINE_CREDIT match holds one, or starts with a digit.
_CREDIT_HINTS: Final = ("photo", "foto", "image", "pic", "credit", "source", "slide", "bild",
                        "getty")
_LINK_TAIL: Final = " .…»>›→)]"
_STRIP: Final = ":.,;|-–—…()[]«»\"'“”‘’!?"
_STRIP_SPACE: Final = _STRIP + " "


def _by_edge(affixes: tuple[str, ...], edge: int) -> dict[str, tuple[str, ...]]:
    """``affixes`` grouped by their first (``edge`` 0) or last (-1) character."""
    groups: dict[str, tuple[str, ...]] = {}
    for affix in affixes:
        groups[affix[edge]] = (*groups.get(affix[edge], ()), affix)
    return groups


def _starts(text: str, prefixes: dict[str, tuple[str, ...]]) -> bool:
    """``text.startswith(...)`` where ``prefixes`` is ``_by_edge(..., 0)``."""
    group = prefixes.get(text[:1])
    return group is not None and text.startswith(group)


def _ends(text: str, suffixes: dict[str, tuple[str, ...]]) -> bool:
    """``text.endswith(...)`` where ``suffixes`` is ``_by_edge(..., -1)``."""
    group = suffixes.get(text[-1:])
    return group is not None and text.endswith(group)


# The cue phrases tested at a line's start or end, grouped by their first or last
# character, so that a line is tried against the few that may fit.
_READ_MORE_STARTS: Final = _by_edge(READ_MORE_STARTS, 0)
_READ_MORE_ENDS: Final = _by_edge(READ_MORE_ENDS, -1)
_RELATED_PREFIXES: Final = _by_edge(RELATED_PREFIXES, 0)
_COMMENT_HEADS: Final = _by_edge(COMMENT_HEADS, 0)
# The first words of those phrases (each has several: a line must start with the word).
_COMMENT_HEADS_FIRST: Final = frozenset(head.split(" ", 1)[0] for head in COMMENT_HEADS)
# The first words of the two-word caption openers ("photo by", "pictured above").
_CAPTION_STARTS_FIRST: Final = frozenset(start.split(" ", 1)[0] for start in CAPTION_STARTS)


@dataclass(slots=True)
class Features:
    """What the classifier knows about one non-blank line."""

    text: str           # stripped text
    chars: int | float  # length, in Latin-script characters (dense scripts count more)
    words: int
    stop_share: float   # share of words that are function words of the page's language
                        # (-1.0: not measured: no language found, or a short line)
    terminal: bool      # ends like a sentence
    lower_share: float  # share of words that start with a lower-case letter (-1.0: not
                        # measured, a short line)
    repeats: int        # how often this exact text occurs in the document
    date: bool          # the line is only a date or time
    byline: bool        # reads like an author line
    caption: bool       # reads like a caption or picture credit
    nav: bool           # carries a site-furniture cue (share, subscribe, cookies...)
    related: bool       # is the header of a related-articles block
    comments: bool      # is the header of the reader comments or of an author box
    copyright: bool     # a copyright, cookie or newsletter notice
    read_more: bool     # a one-line "Read more: <title>" link
    bullet: bool        # starts with a list marker
    link: bool          # is only a web address

    # Written out, not left to @dataclass: mypyc compiles this one, where the generated
    # one runs interpreted. Keep it in step with the fields (tests/classify/test_features.py).
    # Keyword-only: seventeen fields, many of them bools, are not to be told by position.
    def __init__(
        self, *, text: str, chars: int | float, words: int, stop_share: float,
        terminal: bool, lower_share: float, repeats: int, date: bool, byline: bool,
        caption: bool, nav: bool, related: bool, comments: bool, copyright: bool,
        read_more: bool, bullet: bool, link: bool,
    ) -> None:
        self.text = text
        self.chars = chars
        self.words = words
        self.stop_share = stop_share
        self.terminal = terminal
        self.lower_share = lower_share
        self.repeats = repeats
        self.date = date
        self.byline = byline
        self.caption = caption
        self.nav = nav
        self.related = related
        self.comments = comments
        self.copyright = copyright
        self.read_more = read_more
        self.bullet = bullet
        self.link = link


# The languages, and for each function word the languages (their indices) it belongs to.
_LANGUAGES: Final = tuple(STOPWORDS)
_LANGUAGES_OF: Final[dict[str, tuple[int, ...]]] = {
    word: tuple(i for i, lang in enumerate(_LANGUAGES) if word in STOPWORDS[lang])
    for word in frozenset().union(*STOPWORDS.values())
}


def _language(words: list[str]) -> str | None:
    """The language whose function words cover most of ``words`` (lower-cased), if any does."""
    total = len(words)
    if not total:
        return None
    hits = [0] * len(_LANGUAGES)
    for word in words:
        langs = _LANGUAGES_OF.get(word)
        if langs is not None:
            for i in langs:
                hits[i] += 1
    best = max(range(len(hits)), key=hits.__getitem__)  # the first of equals, as before
    return _LANGUAGES[best] if hits[best] >= LANGUAGE_MIN_SHARE * total else None


def _is_dense(joined: str) -> bool:
    """True when Han, kana or Hangul make up more than DENSE_MIN_SHARE of ``joined``."""
    # Those scripts lie above U+0800, where UTF-8 takes 3 or 4 bytes, so at most
    # (bytes - chars) / 2 characters can be theirs: most pages are ruled out unsearched.
    size = len(joined)
    extra = len(joined.encode("utf-8", "surrogatepass")) - size
    if extra / 2 <= DENSE_MIN_SHARE * size:
        return False
    return sum(map(len, _DENSE_SCRIPT.findall(joined))) > DENSE_MIN_SHARE * size


def tells_time_of_day(text: str) -> bool:
    """True when a date line gives a time of day or a few minutes or hours back: the mark
    of a live blog's entry, which a listing's dates and a teaser's do not carry."""
    return _TIME_OF_DAY.search(text) is not None


def is_date_line(text: str) -> bool:
    """True when the line is only a date or time: names, numbers, time words, a zone."""
    numbers = names = relative = False
    for match in _DATE_TOKEN.finditer(text):  # most lines fail early: no findall
        token = match.group()
        low = token.lower().rstrip(".")
        if token[0].isdigit():
            numbers = True
        elif low in DATE_WORDS:
            names = True
        elif low in RELATIVE_WORDS:
            relative = True
        elif low in TIME_WORDS or not token[0].isalnum() or (
            token.isupper() and len(token) <= ZONE_MAX_CHARS
        ):
            continue
        else:
            return False
    return numbers and (names or relative or _CLOCK.search(text) is not None)


def _rules_out_date(text: str, first: str) -> bool:
    """True when the line's first word (``first``, lower-cased) fails ``is_date_line``.

    The same test as that function's first step, for the common case of a plain word,
    without the tokeniser.
    """
    return first.isalpha() and first not in _DATE_OPENERS and (
        len(first) > ZONE_MAX_CHARS or not text.split(None, 1)[0].isupper()
    )


def _initial_case(text: str) -> tuple[int, int]:
    """How many words of ``text`` start with an upper-case letter, and with any cased one."""
    try:
        data = text.encode()
    except UnicodeEncodeError:  # a lone surrogate
        return _initial_case_of_tokens(text)
    marks = data.translate(_CASE_MARKS)
    # An ASCII line, or one where no word starts beyond ASCII and no white space lies there
    # (isprintable): each word's initial is read from its mark.
    if len(data) == len(text) or (
        b" N" not in marks and marks[:1] != b"N" and text.isprintable()
    ):
        upper = marks.count(b" U") + (marks[:1] == b"U")
        return upper, upper + marks.count(b" l") + (marks[:1] == b"l")
    return _initial_case_of_tokens(text)


def _initial_case_of_tokens(text: str) -> tuple[int, int]:
    """``_initial_case`` of a line where some word starts beyond ASCII."""
    initials = "".join([t[0] for t in text.split()])
    # the ASCII initials by their marks, the few others (quotes, dashes, letters of other
    # alphabets) one by one
    marks = initials.encode("ascii", "ignore").translate(_CASE_MARKS)
    others = initials.translate(_NO_ASCII)
    upper = marks.count(b"U") + sum(map(str.isupper, others))
    return upper, upper + marks.count(b"l") + sum(map(str.islower, others))


def _word(token: str) -> str:
    return token.lower().strip(_STRIP)


def _bare(word: str) -> str:
    """``word`` without the punctuation around it (most words have none: no strip call)."""
    return word if word.isalnum() else word.strip(_STRIP)


def _has_digit(text: str) -> bool:
    # a loop over the characters rules out most lines before the pattern is run
    return any(c.isdigit() for c in text) and _DIGIT.search(text) is not None


# The cue tests below take the line's text, its lower-cased text, its words (the text's
# lower-cased, split on white space) and its first word stripped of _STRIP, each computed
# once per line by ``line_features``; they split the text itself in the rare branches that
# need the case of a word other than the first. Each tests a substring or a first word
# before the lists of words: most lines fail there.


def _is_byline(text: str, low: str, words: list[str], first: str) -> bool:
    n = len(words)
    if n >= BYLINE_MIN_WORDS and first in BYLINE_STARTS:
        nxt = text.split()[1].lstrip("@")
        return nxt[:1].isupper() or _word(nxt) == "by"
    has_by = "by" in low and "by" in words
    if has_by and n <= BY_NAME_MAX_WORDS:
        # "September 10, 2018 | by Catherine": a date or kicker, then the author
        k = words.index("by") + 1
        return k < n and text.split()[k][:1].isupper() and (
            "|" in low or _DIGIT.search(low) is not None
        )
    if BYLINE_MIN_WORDS <= n <= BYLINE_HANDLE_MAX_WORDS and words[-1][:1] == "@" and all(
        t[:1].isupper() for t in text.split()[:-1]
    ):
        return True  # "Jane Smith @janesmith"
    return (has_by or ("contributed" in low and "contributed" in words)) and any(
        p in low for p in CREDIT_PHRASES
    )


def _is_caption(text: str, words: list[str], first: str) -> bool:
    if first in CAPTION_FIRST and (
        words[0][-1:] in ":.…|-—" or (len(words) > 1 and words[1] in ":-—|")
        or first == "pictured"
    ):
        return True
    if len(words) > 1 and first in _CAPTION_STARTS_FIRST and \
            f"{first} {_bare(words[1])}" in CAPTION_STARTS:
        return True
    last = _bare(words[-1])
    if last in AGENCIES or (
        last == "images" and len(words) > 1 and _bare(words[-2]) == "getty"
    ):
        return True
    return "/" in text and text[0].isupper() and _SLASH_CREDIT.match(text) is not None


def _is_nav(low: str, words: list[str], first: str, notice: bool) -> bool:
    n = len(words)
    if notice or (n <= NAV_FIRST_MAX_WORDS and first in NAV_FIRST):
        return True
    if n <= SOCIAL_MAX_WORDS:
        social = 0
        for word in words:
            if _bare(word) in SOCIAL:
                social += 1
        if social >= SOCIAL_MIN_SHARE * n:
            return True
    if n <= BREADCRUMB_MAX_WORDS and ("»" in low or ">" in low or "›" in low) and (
        "«" not in low
        and low.count(" » ") + low.count(" > ") + low.count(" › ") >= BREADCRUMB_MIN_SEPARATORS
    ):
        return True  # a breadcrumb trail: Home » News » World
    return any(word in _NAV_KEYS for word in words) and any(p in low for p in NAV_PHRASES)


def _related_head(words: list[str]) -> bool:
    if len(words) > RELATED_MAX_WORDS:
        return False
    key = " ".join(words).strip(_STRIP_SPACE)
    return key in RELATED_HEADS or _starts(key, _RELATED_PREFIXES)


_HEAD_LINES: Final = frozenset(COMMENT_HEADS)
COMMENT_WORDS_ON: Final = frozenset(("responses", "comments", "thoughts", "replies", "response"))


def _comments_head(text: str, words: list[str]) -> bool:
    n = len(words)
    if words[0] in _ABOUT and ABOUT_MIN_WORDS <= n <= ABOUT_MAX_WORDS and all(
        t[:1].isupper() for t in text.split()[1:]
    ):
        return True  # "About Jane Smith": the author box after the article
    if words[0] in _COMMENT_HEADS_FIRST and _starts(
        " ".join(words[:COMMENT_HEAD_LEAD_WORDS]), _COMMENT_HEADS
    ):
        return True  # "Leave a Reply Cancel reply"
    if n > COMMENTS_MAX_WORDS:
        # "34 responses to <title>", "12 thoughts on <title>"; a longer whole-line head
        # ("Be the first to comment")
        return _responses_to(words) or " ".join(words).strip(_STRIP) in _HEAD_LINES
    # "Comments", "[ 167 comments ]", "Top Rated Comments", "Leave a reply"
    return any(_bare(word) in COMMENT_WORDS for word in words) or (
        words[0].lstrip(_STRIP) in _COMMENT_HEADS_FIRST
        and _starts(" ".join(words).strip(_STRIP), _COMMENT_HEADS)
    )


# Headers that open a blog's reader comments and nothing else (not a count, which
# question-and-answer sites show under every answer, nor an author box).
THREAD_OPENERS: Final = ("leave a reply", "leave a comment", "post a comment",
                         "join the discussion", "join the conversation",
                         "be the first to comment")


def opens_comments(text: str) -> bool:
    """Whether ``text`` opens a blog's reader comments: "34 responses to <title>",
    "12 thoughts on <title>", "Leave a Reply"."""
    words = text.lower().split()
    return _responses_to(words) or " ".join(words[:5]).strip(_STRIP).startswith(THREAD_OPENERS)


def _responses_to(words: list[str]) -> bool:
    """Whether lower-cased ``words`` start "34 responses to" or "12 thoughts on"."""
    return (len(words) >= 3 and words[0].isdigit() and words[1] in COMMENT_WORDS_ON
            and words[2] in ("to", "on"))


def line_features(lines: list[str]) -> list[Features]:
    """Features of each non-blank line (``lines`` holds only non-blank, stripped texts)."""
    sample = lines[:LANGUAGE_SAMPLE_LINES]
    scale = DENSE_SCRIPT_FACTOR if _is_dense("".join(sample)) else 1
    sample_words = map(str.split, map(str.lower, sample))
    lang = _language(list(islice(chain.from_iterable(sample_words), LANGUAGE_SAMPLE_WORDS)))
    stop = STOPWORDS.get(lang or "", frozenset())
    repeats = Counter(lines)
    texts = list(repeats)
    seen: dict[str, Features] = {}
    # Menus repeat: each distinct text is looked at once, and C-level maps do the
    # lower-casing and splitting, a block of texts at a time: their words, the page's
    # biggest passing cost, are never all held at once.
    for start in range(0, len(texts), FEATURE_BLOCK_LINES):
        block = texts[start:start + FEATURE_BLOCK_LINES]
        lows = list(map(str.lower, block))
        all_words = list(map(str.split, lows))
        # Lines holding a notice hint, found by scanning the block once per hint.
        hinted = _lines_with(lows, _NOTICE_HINTS)
        for i, text in enumerate(block):
            seen[text] = _features(text, lows[i], all_words[i], repeats[text], scale, stop,
                                   i in hinted)
    return list(map(seen.__getitem__, lines))


def _features(text: str, low: str, words: list[str], repeats: int, scale: float,
              stop: frozenset[str], hinted: bool) -> Features:
    """The features of one distinct line: ``low`` is its text lower-cased, ``words`` that
    split, ``scale`` the page's character weight, ``stop`` its function words (none when
    its language is unknown), ``hinted`` whether the line holds a notice hint."""
    if not words:  # only invisible characters
        return Features(
            text=text, chars=0, words=0, stop_share=NOT_MEASURED, terminal=False,
            lower_share=NOT_MEASURED, repeats=repeats, date=False, byline=False,
            caption=False, nav=False, related=False, comments=False, copyright=False,
            read_more=False, bullet=False, link=False,
        )
    n = len(words)
    chars = len(text) * scale
    lower_share = NOT_MEASURED
    if chars >= CASE_MIN_CHARS or n >= CASE_MIN_WORDS:
        upper, cased = _initial_case(text)
        lower_share = (cased - upper) / cased if cased else UNCASED_LOWER_SHARE
    notice = "©" in text or (hinted and any(p in low for p in NOTICE_PHRASES))
    if chars <= CUE_MAX_CHARS:
        first = _bare(words[0])
        date = chars <= DATE_MAX_CHARS and not _rules_out_date(text, words[0]) and (
            _has_digit(text) or not DATE_WORDS.isdisjoint(words)
        ) and is_date_line(text)
        byline = _is_byline(text, low, words, first)
        caption = _is_caption(text, words, first)
        nav = _is_nav(low, words, first, notice)
        comments = _comments_head(text, words)
        read_more = _starts(low, _READ_MORE_STARTS)
    else:
        date = byline = caption = comments = read_more = False
        nav = notice  # a long line is furniture only as a notice
    stop_share = NOT_MEASURED
    if stop and chars >= STOP_MIN_CHARS:
        hits = 0
        for word in words:
            if word in stop:
                hits += 1
        stop_share = hits / n
    return Features(
        text=text, chars=chars, words=n, stop_share=stop_share,
        terminal=text.rstrip(_CLOSERS)[-1:] in _TERMINAL,
        lower_share=lower_share, repeats=repeats, date=date, byline=byline,
        caption=caption or _inline_credit(text, low, chars),
        nav=nav,
        related=chars <= RELATED_MAX_CHARS and _related_head(words),
        comments=comments,
        copyright=chars <= COPYRIGHT_MAX_CHARS and notice,
        read_more=read_more or _ends(low.rstrip(_LINK_TAIL), _READ_MORE_ENDS),
        bullet=(text[0] in _BULLETS or text[0].isdigit()) and _BULLET.match(text) is not None,
        link=n == 1 and (low.startswith(("http://", "https://", "www.")) or "@" in low),
    )


def _inline_credit(text: str, low: str, chars: float) -> bool:
    """A caption with a picture credit set into it (cheap tests before the pattern)."""
    return chars <= CREDIT_CAPTION_MAX_CHARS and (
        ")" in text[-CREDIT_CLOSE_CHARS:] or ":" in text or text[0].isdigit() or "getty" in low
    ) and (text[0].isdigit() or any(h in low for h in _CREDIT_HINTS)) \
        and _INLINE_CREDIT.search(text) is not None


def _lines_with(lows: list[str], needles: tuple[str, ...]) -> set[int]:
    """Indices of the lines in ``lows`` that hold one of ``needles`` (none spans lines)."""
    page = "\n".join(lows)
    found: set[int] = set()
    starts: list[int] | None = None
    for needle in needles:
        at = page.find(needle)
        while at >= 0:
            if starts is None:
                starts = [0, *accumulate(len(low) + 1 for low in lows)]
            line = bisect_right(starts, at) - 1
            found.add(line)
            at = page.find(needle, starts[line + 1])
    return found
