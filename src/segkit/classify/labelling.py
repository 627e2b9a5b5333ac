"""The labeller's rows: what names a line once the content forest has said what is content.

The content forest tells the page's own content from the rest; the labeller then says which
of the seven labels each line takes. It reads the content forest's row, the forest's
probability for the line and its neighbours, and a few columns of its own: how close the
line is to the page's title (the ``<title>``, Open Graph and JSON-LD headline in HTML; the
first line in text, where a rendering usually starts with it), whether it holds an author
the markup names, how much of it is digits and capitalised words (dates, names), and how
far it is from the nearest line that repeats the title (bylines and dates sit near it),
where its links point (a poster's name links to their profile), how often the page repeats
its kind of line (a listing's entries each show an author and a date) and how far it is
below a short line that announces other pages ("You might also like"); in text, also how
far it is from the nearest date and whether its text repeats close by (a poster's name).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from typing import Final

import regex

from segkit.classify.page_kind import KIND_COLUMNS
from segkit.classify.vector import MISSING, Page
from segkit.classify.vector import names as row_names
from segkit.evidence import Flag

# A line this similar to the title (Dice coefficient of their word sets) repeats it.
TITLE_LIKE: Final = 0.8
# Distances to the title line are capped here: further away, they tell nothing more.
TITLE_REACH: Final = 20
# Running mean of the content probability over +-this many lines: a block's, not a line's.
CONTENT_WINDOW: Final = 3
# Running share of the lines with links of each kind over +-this many lines: a block's.
LINK_WINDOW: Final = 3
# Where the line's links point (html.links), and the share of such lines around it. The
# first four marks are columns of the content row too, which the labeller also reads: its
# figures were measured with both. The fifth, a link to a person's page (a forum poster's
# profile, an author's page), is the labeller's alone. Held out on the labelled pages
# (bench_labels.py --seeds 1,2,3), it took HTML byline F1 from 0.624 to 0.687.
_TARGETS: Final = (("article", int(Flag.ARTICLE_LINK)), ("shallow", int(Flag.SHALLOW_LINK)),
                   ("anchor", int(Flag.ANCHOR_LINK)), ("offsite", int(Flag.OFFSITE_LINK)),
                   ("person", int(Flag.PERSON_LINK)))
LINK_COLUMNS: Final = (*(f"to_{name}" for name, _ in _TARGETS),
                       *(f"to_{name}~{LINK_WINDOW}" for name, _ in _TARGETS))
# How often the page repeats a line's kind: the lines the rules read as a byline or a date,
# and (in HTML) the lines whose ancestors carry the same class tokens as this one. A
# listing's entries and a forum's posts each repeat their author and date lines, an
# article shows one of each; with the page's cues the trees tell the entries (body) from
# the posts (byline, timestamp).
REPEAT_COLUMNS: Final = ("p_bylines", "p_dates", "same_tokens")
# Text mode only: lines to the nearest date line (by the rule features) below and above,
# capped here. A forum post opens with its poster's name just above its date, which text
# has no markup (no profile link, no class token) to tell. Held out on the labelled text
# pages (bench_labels.py --modes text --seeds 1,2,3), macro-F1 0.631 -> 0.638, byline
# 0.491 -> 0.512, timestamp 0.746 -> 0.763; in HTML, which has those cues, 0.804 -> 0.799.
DATE_REACH: Final = 6
# Text mode only: the same text again within this many lines either side (a poster's
# name shown twice, under the avatar and as a link; menus repeat further apart).
SAME_REACH: Final = 3
NEAR_COLUMNS: Final = ("date_below", "date_above", "same_near")
# Lines since the last short line that announces other pages ("Check out other related
# discussions", "You might also like"), capped here: a looser cue than the rules' headers
# of related blocks (features.RELATED_HEADS), which must be the whole line. Shops head
# theirs in their own words ("Customers also bought", "Frequently bought together",
# "Recently viewed"); a shop's "Best sellers" is a menu item or a badge, not a cue. With
# the shops' words, held out on the labelled pages (bench_labels.py --seeds 1,2,3, the
# mean), related F1 0.752 -> 0.759 in HTML and 0.577 -> 0.582 in text.
RELATED_REACH: Final = 40
# A line with the cue has fewer spaces than this (12 words at most): a header, not prose.
RELATED_CUE_WORDS: Final = 12
_RELATED_CUE: Final = regex.compile(
    r"\b(?:related|similar|you (?:may|might|could) (?:also )?(?:like|enjoy|be interested)|"
    r"also (?:like|read|enjoy|viewed|bought|purchased)|"
    r"more (?:from|like|stories|articles|posts|threads|news)|"
    r"recommended|trending|popular|read (?:next|more)|other (?:threads|discussions|"
    r"articles|posts|stories|products)|frequently bought|consider these|"
    r"complete the look|recently viewed|sponsored (?:products|items))\b", regex.IGNORECASE)
# Every cue holds one of these (case-folded): most lines are ruled out without the pattern.
_RELATED_KEYS: Final = ("relat", "simil", "you", "also", "more", "recomm", "trend", "popul",
                        "read", "other", "frequent", "consider", "complete", "recent",
                        "sponsor")
OWN_COLUMNS: Final = ("t_sim", "t_exact", "t_dist", "a_name", "digits", "caps",
                      *LINK_COLUMNS, *REPEAT_COLUMNS, "since_related")
CONTENT_COLUMNS: Final = ("p_content", "p_content@-1", "p_content@+1", "p_content~3")
_WORD: Final = regex.compile(r"\w+")
_ASCII_DIGIT: Final = re.compile(r"[0-9]")  # str.isdigit on ASCII text
_ASCII_CAPITAL: Final = re.compile(r"(?<![A-Za-z0-9_])[A-Z]")  # an _ASCII_WORD's capital
_ASCII_WORD: Final = re.compile(r"[A-Za-z0-9_]+")  # _WORD on ASCII text
_SUFFIX: Final = regex.compile(r"\s+[|\-–—:·•»]\s+[^|\-–—:·•»]{1,40}$")


def label_names(html: bool) -> list[str]:
    """The column names of a labeller row, in order."""
    return [*row_names(html), *label_columns(html)]


def label_columns(html: bool) -> tuple[str, ...]:
    """The labeller's columns past the content row: its own (and, in text, the near
    columns), the content probabilities, the page's kind."""
    near = () if html else NEAR_COLUMNS
    return (*OWN_COLUMNS, *near, *CONTENT_COLUMNS, *KIND_COLUMNS)


def label_rows(page: Page, rows: list[list[float]], probs: list[float],
               kind: list[float] | None = None) -> list[list[float]]:
    """The labeller's rows: each content row, its own columns, the content probabilities
    and the page's ``kind`` (``classify.page_kind``; None: unknown)."""
    own = own_columns(page)
    return with_content(rows, own, probs, kind)


def extra_columns(page: Page, probs: list[float], needed: list[bool] | None = None,
                  kind: list[float] | None = None) -> list[list[float]]:
    """The labeller's rows less the content rows in front of them (own columns, the
    content probabilities, the page's kind): what
    :meth:`~segkit.classify.trees.Labeller.split_probabilities` reads beside each content
    row, so that no long row is copied. With ``needed``, only those lines' rows are built
    (the others are empty): a scoped labeller reads no other."""
    out = own_columns(page, needed)
    kinds = kind_columns(kind)
    for row, more in zip(out, content_columns(probs), strict=True):
        if row:
            row.extend(more)
            row.extend(kinds)
    return out


def kind_columns(kind: list[float] | None) -> list[float]:
    """The page's kind columns: its probability of each kind, MISSING where unknown."""
    return [MISSING] * len(KIND_COLUMNS) if kind is None else list(kind)


def own_columns(page: Page, needed: list[bool] | None = None) -> list[list[float]]:
    """The columns that do not depend on the content forest (all before ``p_content``;
    without markup, the near columns among them).
    With ``needed``, only those lines get theirs (the others an empty row): of the other
    lines only their words are read, to find the lines that repeat the title."""
    texts = [f.text for f in page.feats]
    split = [_split(t) if needed is None or needed[i] else ([], word_set(t), "")
             for i, t in enumerate(texts)]
    titles = _titles(page, texts)
    # Each title's word set once (the markup often gives one title several times).
    title_words = list({frozenset(w): w for w in (_words(t) for t in titles) if w}.values())
    sims = [max((dice(part[1], t) for t in title_words), default=0.0) for part in split]
    exact = {_norm(t) for t in titles}
    anchors = [i for i, s in enumerate(sims) if s >= TITLE_LIKE]
    authors = _authors(page)
    out: list[list[float]] = []
    for i, text in enumerate(texts):
        if needed is not None and not needed[i]:
            out.append([])
            continue
        tokens, words, norm = split[i]
        chars = max(len(text), 1)
        caps = _capitalised(text, tokens) / max(len(tokens), 1)
        named = MISSING if authors is None else float(any(a <= words for a in authors))
        out.append([sims[i], float(norm in exact), float(_nearest(anchors, i)),
                    named, _digits(text) / chars, caps])
    since = related_distances(texts)
    near = near_columns(page, texts) if page.evidence is None else [[]] * len(texts)
    for row, more, again, far, close in zip(out, link_columns(page), repeat_columns(page),
                                            since, near, strict=True):
        if row:
            row.extend(more)
            row.extend(again)
            row.append(far)
            row.extend(close)
    return out


def near_columns(page: Page, texts: list[str]) -> list[list[float]]:
    """Per line, the lines to the next date line below and since the last one above
    (DATE_REACH where none is that close), and whether the same text stands within
    SAME_REACH lines."""
    dates = [f.date for f in page.feats]
    above = _since_last(dates, DATE_REACH)
    below = _since_last(dates[::-1], DATE_REACH)[::-1]
    n = len(texts)
    out: list[list[float]] = []
    for i, text in enumerate(texts):
        lo, hi = max(i - SAME_REACH, 0), min(i + SAME_REACH + 1, n)
        same = any(texts[j] == text for j in range(lo, hi) if j != i)
        out.append([below[i], above[i], float(same)])
    return out


def _since_last(marks: list[bool], cap: int) -> list[float]:
    """Per item, the items since the last marked one before it, capped at ``cap``
    (reversed in and out: the items to the next marked one after it)."""
    out: list[float] = []
    last = -cap
    for i, mark in enumerate(marks):
        out.append(float(min(i - last, cap)))
        if mark:
            last = i
    return out


def related_distances(texts: list[str]) -> list[float]:
    """Per line, the lines since the last short line with a related cue (0 on it),
    capped at RELATED_REACH."""
    out: list[float] = []
    last = -RELATED_REACH
    for i, text in enumerate(texts):
        if related_cue(text):
            last = i
        out.append(float(min(i - last, RELATED_REACH)))
    return out


def related_cue(text: str) -> bool:
    """Whether ``text`` is a short line with a related cue: a search of the pattern only
    where the line holds one of its words (a third of the time of searching every line)."""
    if text.count(" ") >= RELATED_CUE_WORDS:
        return False
    folded = text.casefold()
    for key in _RELATED_KEYS:
        if key in folded:
            return _RELATED_CUE.search(text) is not None
    return False


def repeat_columns(page: Page) -> list[list[float]]:
    """Per line, the page's count of byline and date lines (by the rule features) and
    the count of lines that share its ancestors' class tokens (MISSING without markup or
    tokens)."""
    bylines = float(sum(1 for f in page.feats if f.byline))
    dates = float(sum(1 for f in page.feats if f.date))
    if page.evidence is None:
        return [[bylines, dates, MISSING] for _ in page.feats]
    shapes = Counter(ev.tokens for ev in page.evidence)
    return [[bylines, dates, float(shapes[ev.tokens]) if ev.tokens else MISSING]
            for ev in page.evidence]


def link_columns(page: Page) -> list[list[float]]:
    """Per line, whether its links point to an article, a section, this page or another
    site, and the share of the lines within LINK_WINDOW that do (MISSING without markup)."""
    n = len(page.feats)
    if page.evidence is None:
        return [[MISSING] * len(LINK_COLUMNS) for _ in range(n)]
    kinds = [[1.0 if ev.flags & bit else 0.0 for ev in page.evidence] for _, bit in _TARGETS]
    out = [[marks[i] for marks in kinds] for i in range(n)]
    for marks in kinds:
        cum = [0.0]
        for mark in marks:
            cum.append(cum[-1] + mark)
        for i, row in enumerate(out):
            lo = i - LINK_WINDOW if i > LINK_WINDOW else 0
            hi = i + LINK_WINDOW + 1 if i + LINK_WINDOW + 1 < n else n
            row.append((cum[hi] - cum[lo]) / (hi - lo))
    return out


def _split(text: str) -> tuple[list[str], set[str], str]:
    """The words of ``text``, their set as :func:`_words` gives it, and :func:`_norm` of
    it, from one search: for ASCII text, where ``\\w`` is ``[A-Za-z0-9_]`` and casefolding
    changes no character's class, by :mod:`re` (twice as fast as :mod:`regex` there)."""
    if text.isascii():
        tokens: list[str] = _ASCII_WORD.findall(text)
        folded = [t.casefold() for t in tokens]
        return tokens, set(folded), " ".join(folded)
    tokens = _WORD.findall(text)
    return tokens, {t.casefold() for t in tokens}, _norm(text)


def word_set(text: str) -> set[str]:
    """The set :func:`_split` gives, alone (:func:`_words`): for ASCII text, the words of
    the lower-cased text (casefolding ASCII lowers it, and lowering changes no character's
    class)."""
    if text.isascii():
        return set(_ASCII_WORD.findall(text.lower()))
    return _words(text)


def _nearest(anchors: list[int], i: int) -> int:
    """The distance from line ``i`` to the nearest other line of ``anchors`` (ascending),
    capped at TITLE_REACH: found by bisection, not by a scan of every anchor per line."""
    at = bisect_left(anchors, i)
    best = TITLE_REACH
    if at > 0:
        best = min(best, i - anchors[at - 1])
    after = at + 1 if at < len(anchors) and anchors[at] == i else at
    if after < len(anchors):
        best = min(best, anchors[after] - i)
    return best


def _capitalised(text: str, tokens: list[str]) -> int:
    """How many of ``text``'s words (``tokens``) start with a capital letter: in ASCII
    text, one search for the capitals that open a word."""
    if text.isascii():
        return len(_ASCII_CAPITAL.findall(text))
    return sum(1 for t in tokens if t[:1].isupper())


def _digits(text: str) -> int:
    """How many characters of ``text`` are digits (``str.isdigit``), found by one search
    of ASCII text, where those are exactly 0-9 (ten ``str.count`` took five times as long)."""
    if text.isascii():
        return len(_ASCII_DIGIT.findall(text))
    return sum(map(str.isdigit, text))


def with_content(rows: list[list[float]], own: list[list[float]], probs: list[float],
                 kind: list[float] | None = None) -> list[list[float]]:
    """Rows, own columns, the content probabilities (the line's, its neighbours', the
    running mean) and the page's kind columns joined."""
    kinds = kind_columns(kind)
    return [[*row, *mine, *more, *kinds]
            for row, mine, more in zip(rows, own, content_columns(probs), strict=True)]


def content_columns(probs: list[float]) -> list[list[float]]:
    """The content probabilities of each line: its own, its neighbours', the running mean."""
    n = len(probs)
    cum = [0.0]
    for p in probs:
        cum.append(cum[-1] + p)
    out: list[list[float]] = []
    for i in range(n):
        lo, hi = max(i - CONTENT_WINDOW, 0), min(i + CONTENT_WINDOW + 1, n)
        out.append([probs[i], probs[i - 1] if i > 0 else MISSING,
                    probs[i + 1] if i + 1 < n else MISSING, (cum[hi] - cum[lo]) / (hi - lo)])
    return out


def _titles(page: Page, texts: list[str]) -> list[str]:
    """The page's title as the markup gives it (the site's name cut off too), or, with
    no markup, its first line."""
    meta = page.meta
    if page.evidence is None or meta is None:
        return texts[:1]
    found = [t for t in (meta.og_title, meta.ld_headline, meta.ld_name, meta.title) if t]
    return found + [_SUFFIX.sub("", t) for t in found]


def _authors(page: Page) -> list[set[str]] | None:
    """The word sets of the authors the markup names (None: no markup to ask)."""
    meta = page.meta
    if page.evidence is None or meta is None:
        return None
    names = [*meta.ld_authors, *meta.ld_any_authors, *meta.meta_authors]
    names += [n for n in (meta.author, meta.article_author) if n and "://" not in n]
    return [w for w in (_words(n) for n in names) if w]


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def dice(a: set[str], b: set[str]) -> float:
    """The Dice coefficient of two word sets: how alike two lines' words are."""
    if not a or not b:
        return 0.0
    return 2.0 * len(a & b) / (len(a) + len(b))
