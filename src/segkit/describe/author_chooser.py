"""The author where no markup names one: every name the lines show, and a learned chooser
that takes one or none.

A text rendering has no markup to say who wrote the page, nor has an HTML page without a
JSON-LD or <meta> author; the rules of :mod:`segkit.describe.people` then take the first
name a byline gives, which is often a menu's entry or a related article's author. Here
every name a line shows is a candidate: the names of "By" lines and forum headers, and of
the short lines near where pages show their author (a name alone, "jdoe · 3 days ago").
Each is described by what the page says around it: its lines' labels, a date or the
headline beside it, where it sits against the headline and the body, whether it looks like
a person's name (a known given name; words that the page's prose never writes in lower
case), in HTML its line's markup, and whether the rules chose it. A linear chooser per mode
(``author_model.json``, ``author_model_text.json``, fitted by ``benchmarks/train_author.py``
as a conditional logit, grouped by domain) scores them beside a "none" candidate that stands
for a page naming no author, and takes the best.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from math import log1p
from typing import Final

import regex

from segkit.classify.site_name import host_of, site_like
from segkit.describe.author_model import PAGE_TYPES, AuthorModel, shipped_model
from segkit.describe.dates import date_span
from segkit.describe.people import (
    BYLINE_MAX_CHARS,
    author_marked,
    by_names,
    clean_names,
    find_author,
    given_names,
    in_menu,
    markup_names,
    name_line,
    split_byline,
    word_lines,
)
from segkit.describe.text import key
from segkit.document import Document, Line
from segkit.evidence import Flag

# A line of at most this many characters may be names alone (a "By" line up to
# people.BYLINE_MAX_CHARS); a longer one is prose, whose words tell what the page's prose
# writes in lower case.
SHORT_MAX_CHARS: Final = 60
# Lines looked at for names, from the top (an "About the author" box may sit under a long
# article; WCXB's text pages have 426 lines on average).
CANDIDATE_WINDOW: Final = 600
# A short line is read for names only near where pages show their author: within
# NEAR_CONTENT lines of the first headline or of the content's first body line, NEAR_END of
# its last (an author box), NEAR_MARK of a byline or dateline, or under an author box's
# header. On WCXB's text pages this keeps 13 of 104 candidates a page, and a candidate
# holding the gold author on 569 of the 596 pages where any line's names hold it.
NEAR_CONTENT: Final = 5
NEAR_END: Final = 10
NEAR_MARK: Final = 2
# A line naming more people than this is a list (a menu of authors), not a byline.
MAX_NAMES: Final = 4
# Where a candidate's first line sits against the first headline, in lines: at most 3
# under it, 8, 20, or further.
HEADLINE_REACH: Final = ((3, "3"), (8, "8"), (20, "20"))
# A line a date is read from beside a name is at most this long ("May 3, 2021 · 4 min").
DATELINE_MAX_CHARS: Final = 80
# The line above an author's box: "About the author", "Written by", "Contributors".
_HEADER_LINE: Final = regex.compile(
    r"^(?:about\s+(?:the\s+)?authors?|authors?|written\s+by|posted\s+by|contributors?|"
    r"meet\s+the\s+author)\b", regex.I)
# A collective author: "Editorial Team", "Staff", "Lifestyle Desk".
_TEAM: Final = regex.compile(
    r"\b(?:team|staff|desk|editors?|editorial|newsroom|contributors?|admin)\b", regex.I)
_WORD: Final = regex.compile(r"\w+")
# Marks that end a word of prose split at white space ("free," "trial.").
_TRAILING: Final = (",", ".", ";", ":", ")", "!", "?")
_DIGIT: Final = regex.compile(r"\d")
# The separators between a dateline's parts: "·", "|", "•", " / ", " - ".
_PARTS: Final = regex.compile(r"\s*(?:[|•·●⋅»]|\s/\s|\s[-–—]\s)\s*")
# Flags as plain ints: an IntFlag's ``&`` runs Python code in the enum module.
_PERSON_LINK: Final = int(Flag.PERSON_LINK)
_ONE_LINK: Final = int(Flag.ONE_LINK)

def choose_author(doc: Document, page_type: str | None = None,
                  model: AuthorModel | None = None) -> str | None:
    """The page's author names joined with ``"; "``, or None: by the rules where the
    markup names the author, else by the chooser of the page's mode."""
    if markup_names(doc):
        return find_author(doc, page_type)
    names, rows = candidate_rows(doc, page_type)
    chooser = model or shipped_model(html=doc.meta is not None)
    best = chooser.best(rows, page_type, PAGE_TYPES)
    return names[best] if best >= 0 else None


@dataclass
class _Candidate:
    """One reading of names ("Ann Lee; Bo Chen"), the lines that give it and how."""

    text: str
    first: int
    lines: list[int] = field(default_factory=list)
    kinds: set[str] = field(default_factory=set)


def candidate_rows(doc: Document, page_type: str | None
                   ) -> tuple[list[str | None], list[dict[str, float]]]:
    """The page's author candidates (None, the "none" candidate, last) and each one's
    :data:`~segkit.describe.author_model.BASE_FEATURES` (an absent name is 0), the page
    being of ``page_type`` (the rules' pick, one of the features, reads it)."""
    lines = doc.lines[:CANDIDATE_WINDOW]
    by_lines, headers = _marked_lines(lines)
    page = _Page(doc, lines, find_author(doc, page_type, by_lines))
    cands = _candidates(lines, by_lines, page.near(headers))
    return ([*(c.text for c in cands), None],
            [*(page.features(c) for c in cands), {"none": 1.0}])


def _marked_lines(lines: list[Line]) -> tuple[set[int], set[int]]:
    """The lines that hold a word a "by" line needs (people.BY_LINE_WORDS), and of them the
    short ones that head an author's box; each word sought through the page's lower-cased
    text at C speed, not line by line (every header holds one of the words too)."""
    lows = [ln.text.lower() for ln in lines]
    by_lines = word_lines(lows)
    headers = {i for i in by_lines if len(lows[i]) <= SHORT_MAX_CHARS
               and _HEADER_LINE.match(lows[i].strip())}
    return by_lines, headers


def _candidates(lines: list[Line], by_lines: set[int], near: set[int]) -> list[_Candidate]:
    """Each distinct reading of names in ``lines``, in the order first shown: of ``by_lines``
    anywhere, of short lines ``near`` where a page shows its author, and the parts of a
    dateline near there."""
    found: dict[str, _Candidate] = {}
    for i in sorted(by_lines | near):
        if not 0 <= i < len(lines):
            continue
        text = lines[i].text.strip()
        if not text or len(text) > BYLINE_MAX_CHARS:
            continue
        read = by_names(text) if i in by_lines else None
        if read is None and len(text) <= SHORT_MAX_CHARS and i in near:
            read = split_byline(text), "short"  # as a byline: "jdoe · 3 days ago"
        if read is not None:
            _add(found, clean_names(read[0], markup=False), i, read[1])
        if i in near:
            for part in _dateline_parts(text):
                _add(found, clean_names([part], markup=False), i, "dated")
    return list(found.values())


def _add(found: dict[str, _Candidate], names: list[str], i: int, kind: str) -> None:
    """``names`` read from line ``i`` as ``kind``, one candidate (none for a list)."""
    if not names or len(names) > MAX_NAMES:
        return
    joined = "; ".join(names)
    cand = found.setdefault(key(joined), _Candidate(joined, i))
    if not cand.lines or cand.lines[-1] != i:
        cand.lines.append(i)
    cand.kinds.add(kind)


def _dateline_parts(text: str) -> list[str]:
    """The parts of a dateline that hold no digit: "Dec 19, 2025 · 5 min · Ash Roe" and
    "Ann Lee / Desk / Updated: May 3, 2021" name their author in one part of several, which
    a byline's reading (up to the first separator or number) does not reach."""
    if date_span(text) is None:
        return []
    parts = _PARTS.split(text)
    if len(parts) < 2:
        return []
    return [p for p in parts if p and not _DIGIT.search(p)]


class _Page:
    """What a candidate is compared with: the page's lines, headline, body span, first
    line, site and the words its prose writes in lower case."""

    def __init__(self, doc: Document, lines: list[Line], rule: str | None) -> None:
        self.lines = lines
        self.evidence = doc.evidence  # HTML: each line's markup
        self.rule = key(rule)
        self.labels = labels = [ln.label for ln in lines]
        self.headline = labels.index("headline") if "headline" in labels else None
        self.first_body = labels.index("body") if "body" in labels else len(lines)
        self.last_body = len(lines) - 1 - labels[::-1].index("body") if "body" in labels else -1
        self.title_words = set(_WORD.findall(key(lines[0].text))) if lines else set()
        self.host = host_of(doc.url)
        prose = [ln.text for ln in lines if ln.label == "body" and len(ln.text) > SHORT_MAX_CHARS]
        # The prose's words as split at white space ("free", "free,"): a set built at C speed.
        self.tokens = set(" ".join(prose).split())
        # A bio opens with the name: "Jane Roe writes ..."; its first words, up to four.
        self.openings = {" ".join(words[:n]) for words in (t.split(None, 4)[:4] for t in prose)
                         for n in (1, 2, 3, 4)}

    def near(self, headers: set[int]) -> set[int]:
        """The lines near where pages show their author: around the first headline, the
        content's first and last body lines, the byline and dateline lines, and under an
        author box's header (one of ``headers``)."""
        anchors = [(a, NEAR_CONTENT) for a in (self.headline, self.first_body) if a is not None]
        anchors.append((self.last_body, NEAR_END))
        anchors += [(i, NEAR_MARK) for i, label in enumerate(self.labels)
                    if label in ("byline", "timestamp")]
        near = {i for at, reach in anchors for i in range(at - reach, at + reach + 1)}
        near.update(i + 1 for i in headers)
        return near

    def features(self, c: _Candidate) -> dict[str, float]:
        row = {"occurrences": log1p(len(c.lines)), **dict.fromkeys(
            (f"kind:{k}" for k in c.kinds), 1.0)}
        for i in c.lines:
            row.update(self._line_features(i, c.text))
        row.update(self._name_features(c.text))
        row.update(self._place_features(c.first))
        row[f"first:{self.lines[c.first].label}"] = 1.0
        if key(c.text) == self.rule:
            row["rule"] = 1.0
        return row

    def _line_features(self, i: int, text: str) -> dict[str, float]:
        lines = self.lines
        line = lines[i].text.strip()
        row = {f"label:{lines[i].label}": 1.0}
        if line == text:
            row["whole_line"] = 1.0
        if date_span(line) is not None:
            row["date_on_line"] = 1.0
        if name_line(line):
            row["name_line"] = 1.0
        before, after = _beside(lines, i, -1), _beside(lines, i, 1)
        if _HEADER_LINE.match(line) or (before is not None
                                        and _HEADER_LINE.match(lines[before].text.strip())):
            row["author_header"] = 1.0
        if before is not None and lines[before].label == "headline":
            row["after_headline"] = 1.0
        if before is not None and _dateline(lines[before].text):
            row["date_before"] = 1.0
        if after is not None and _dateline(lines[after].text):
            row["date_after"] = 1.0
        if after is not None and lines[after].label == "body":
            row["body_after"] = 1.0
        evidence = self.evidence
        if evidence is not None and i < len(evidence):
            if author_marked(evidence[i].tokens[:3]):  # class "author", "byline", "username"
                row["marked"] = 1.0
            if in_menu(evidence[i]):
                row["in_menu"] = 1.0
            flags = evidence[i].flags
            if flags & _PERSON_LINK:  # to a profile or an author's page, rel="author"
                row["person_link"] = 1.0
            if flags & _ONE_LINK:
                row["one_link"] = 1.0
        return row

    def _name_features(self, text: str) -> dict[str, float]:
        names = text.split("; ")
        words = text.split()
        row = {f"words:{min(len(words), 5)}": 1.0, f"names:{min(len(names), 3)}": 1.0}
        given = given_names()
        firsts = [n.split()[0].casefold() for n in names]
        if all(f in given for f in firsts):
            row["given"] = 1.0
        if any(f in given for f in firsts):
            row["any_given"] = 1.0
        if all(w[:1].isupper() for w in words):
            row["capitalised"] = 1.0
        if len(words) == 1 and not words[0][:1].isupper():
            row["lower_token"] = 1.0  # a user name: "jdoe"
        if _DIGIT.search(text):
            row["digits"] = 1.0
        if _TEAM.search(text):
            row["team"] = 1.0
        low = key(text)
        if set(_WORD.findall(low)) <= self.title_words:
            row["in_title"] = 1.0
        if site_like(text, None, self.host):
            row["site_like"] = 1.0
        if text.replace("; ", " ") in self.openings:
            row["bio"] = 1.0
        row.update(self._prose_features(text, row, len(words), len(names)))
        return row

    def _prose_features(self, text: str, row: dict[str, float], n_words: int,
                        n_names: int) -> dict[str, float]:
        """How many of the name's words the page's prose writes in lower case: a person's
        name it never does ("Darya Efimova"), a menu's words it does ("Free Trial")."""
        words = [w for w in _WORD.findall(text) if len(w) > 1 and not w.isdigit()]
        if not words:
            return {}
        share = sum(self._in_prose(w.lower()) for w in words) / len(words)
        out = {"lower_share": share}
        if share == 0:
            out["never_lower"] = 1.0
            if (row.get("capitalised") and 2 <= n_words <= 3 and n_names == 1
                    and "digits" not in row):
                out["person"] = 1.0
        return out

    def _in_prose(self, word: str) -> bool:
        """Whether the prose writes ``word`` (lower case) as a word of its own."""
        tokens = self.tokens
        return word in tokens or any(word + mark in tokens for mark in _TRAILING)

    def _place_features(self, first: int) -> dict[str, float]:
        n = len(self.lines)
        row = {"position": first / max(n, 1), "before_body": float(first < self.first_body),
               "after_body": float(first > self.last_body)}
        if self.headline is None:
            row["headline:none"] = 1.0
            return row
        gap = first - self.headline
        place = "before" if gap < 0 else "at" if gap == 0 else next(
            (name for reach, name in HEADLINE_REACH if gap <= reach), "far")
        row[f"headline:{place}"] = 1.0
        return row


def _beside(lines: list[Line], i: int, step: int) -> int | None:
    """The nearest line with text before (``step`` -1) or after (1) line ``i``."""
    j = i + step
    while 0 <= j < len(lines):
        if lines[j].text.strip():
            return j
        j += step
    return None


def _dateline(text: str) -> bool:
    return len(text) < DATELINE_MAX_CHARS and date_span(text) is not None
