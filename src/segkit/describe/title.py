"""The page's title: the headline as the page shows it, without the site's name.

A page offers several titles: its h1s and headline lines, the <title> (whole, its first
segment, without the site's name), og:title, the JSON-LD headline and name, the last
breadcrumb. Which one is the title differs from site to site (an h1 that is a slogan, a
<title> stuffed with keywords), so a small learned scorer (``title_model.json``, trained
by ``benchmarks/train_title.py`` with cross-validation grouped by domain) rates each
candidate from what it is and how the others agree with it, and the best one is the title.
The vote of the sources (:func:`rule_title`) is one of its features. A text rendering has
no markup, but it usually starts with the page's <title> or its headline: its first line
stands for the <title> (:func:`first_line_titled`) and a scorer of the same form, trained
on text renderings (``title_model_text.json``), chooses.
"""

from __future__ import annotations

import dataclasses
import html
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Final

import regex

from segkit.classify.page_kind import PAGE_KINDS, TITLE_MAX_CHARS
from segkit.classify.site_name import (
    TITLE_SEPARATOR,
    first_line_apart,
    host_of,
    segments,
    short_tail,
    site_like,
)
from segkit.describe.chooser import ChooserError, LinearChooser, typed
from segkit.describe.text import key, shown
from segkit.document import Document
from segkit.evidence import PageMeta

# Heading lines tried against the markup titles: the first few h1s and headline lines.
MAX_HEADS: Final = 4
# h2 lines offered as candidates (a page whose only h1 is its logo titles itself in an h2).
MAX_H2: Final = 2
# Segments of a markup title offered as candidates beyond the first.
MAX_SEGMENTS: Final = 4
# A text rendering's first line stands for its <title> up to this length; a longer one is
# prose (a text that starts with its first paragraph), not a title. The page kind's limit.
TEXT_TITLE_MAX_CHARS: Final = TITLE_MAX_CHARS
# Text mode has no h1: the lines just above the content's first body line, up to this
# many, are offered in its place (where a rendering puts the headline, kicker and byline).
# Of the text pages whose title the chooser missed, half showed it as a line just above
# the content; held out, title exact 0.719 -> 0.723 with these candidates alone.
ABOVE_LINES: Final = 5

TITLE_MODEL_PATH: Final = Path(__file__).with_name("title_model.json")
# Text mode's chooser: fitted on text renderings, whose candidates are only the first line
# and the lines. Held out on WCXB's text/ (benchmarks/bench_meta.py --cv), title exact
# 0.703 with the HTML chooser, 0.720 with this one; 0.730 since the lines above the
# content are candidates too (L2 3, chosen on the same folds); 0.735 since the page type
# it reads comes from a model that reads the title's words (describe.page_type). The HTML
# chooser, retrained then too: 0.810 -> 0.814 (L2 1; 0.809 at its former 3).
TEXT_TITLE_MODEL_PATH: Final = Path(__file__).with_name("title_model_text.json")
TITLE_MODEL_KIND: Final = "segkit-title-chooser"

# Where a candidate comes from; a candidate may come from several.
LINE_SOURCES: Final = ("h1", "h2", "headline", "h1_joined", "above")
MARKUP_SOURCES: Final = ("title", "title_first", "title_cut", "title_segment", "title_head",
                         "og", "og_first",
                         "og_cut", "ld_headline", "ld_cut", "ld_name", "crumb")
SOURCES: Final = LINE_SOURCES + MARKUP_SOURCES
PAGE_TYPES: Final = PAGE_KINDS  # WCXB's seven types, as the page kind names them


@dataclass
class Candidate:
    """One text offered as the title, the sources that offer it (each with its rank among
    that source's texts, 0 for the first) and the first line that shows it (-1: none)."""

    text: str
    sources: dict[str, int] = field(default_factory=dict)
    line: int = -1


def find_title(doc: Document, page_type: str | None = None,
               model: TitleModel | None = None) -> str | None:
    """The page's title: the candidate the title model rates best (``model``, by default
    the shipped one); in text mode, the first line standing for the <title> where it may
    be one (rated by the text chooser), else the first headline line."""
    text = doc.meta is None
    if text:
        titled = first_line_titled(doc)
        if titled is None:
            return clean_title(rule_title(doc))
        doc = titled
    cands, rows = candidate_rows(doc, page_type)
    if not cands:
        return None
    scorer = model or shipped_model(text)
    scores = [scorer.score(row) for row in rows]
    return cands[max(range(len(cands)), key=scores.__getitem__)].text


def first_line_titled(doc: Document) -> Document | None:
    """A text document as a page whose <title> is its first line, where that line may be
    one: set apart by a blank line after it (a rendering of a page starts so with its
    <title>), shaped as one ("Headline | Site"), or the only guess where no line after it
    is a headline; None where a plain first line ("Home") runs into the lines below beside
    headline lines, or is too long for a title. Held out on WCXB's text renderings
    (benchmarks/bench_meta.py --cv), title exact 0.57 -> 0.70 against the first headline
    line; letting a first line set apart stand in even beside headline lines, 0.724 ->
    0.730 once the lines above the content are candidates and the first line is labelled
    as a <title> (``site_name.title_line``)."""
    first = next((ln.text.strip() for ln in doc.lines if ln.text.strip()), "")
    if not first or len(first) > TEXT_TITLE_MAX_CHARS:
        return None
    apart = first_line_apart(ln.text for ln in doc.lines)
    if not apart and len(segments(first)) < 2 and _headline_lines(doc):
        return None
    return dataclasses.replace(doc, meta=PageMeta(title=first))


def rule_title(doc: Document, h1s: list[str] | None = None) -> str | None:
    """The title most of the page's title sources agree on (its h1, the <title>'s first
    segment, og:title without the site's name, the JSON-LD headline, its headline line; of
    the h1s and headline lines, the first of the first few that agrees with a markup title,
    else the first); on a tie, the first of them in that order. Failing all, the markup
    title without the site's name; in text mode, the first headline line. (segkit's title
    before the learned scorer, and one of its features.) ``h1s``: the page's h1 lines,
    when the caller has read them."""
    h1s = _h1s(doc) if h1s is None else h1s
    heads = _heads(doc, h1s)
    meta = doc.meta
    if meta is None:
        return heads[0] if heads else None
    site = getattr(meta, "og_site_name", None)
    host = host_of(doc.url or getattr(meta, "canonical", None))
    title = shown(meta.title)
    markup = [first_segment(title), strip_site(shown(meta.og_title), site, host),
              shown(meta.ld_headline)]
    refs = {key(t) for t in [*markup, strip_site(title, site, host)] if t}
    labelled = [shown(text) or "" for text, _ in _headline_lines(doc)]
    h1, head = _agreeing(h1s, refs), _agreeing(labelled, refs)
    voted = vote([h1, *markup, head])
    return voted or strip_site(title, site, host) or shown(meta.ld_name) or (
        heads[0] if heads else None)


def _agreeing(heads: list[str], refs: set[str]) -> str | None:
    """Of the first few heads, the first that agrees with a markup title, else the first."""
    return next((h for h in heads[:MAX_HEADS] if key(h) in refs), heads[0] if heads else None)


def vote(sources: list[str | None]) -> str | None:
    """The text (compared by :func:`key`) given by most sources; ties go to the earliest."""
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for text in sources:
        if text and text.strip():
            k = key(text)
            counts[k] = counts.get(k, 0) + 1
            shown.setdefault(k, text.strip())
    if not counts:
        return None
    return shown[max(counts, key=counts.__getitem__)]  # max keeps the first of equals


def first_segment(title: str | None) -> str | None:
    """The part of a markup title before its first separator: "Title | Site" -> "Title"."""
    parts = segments(title)
    return parts[0] if parts else None


Headings = tuple[list[tuple[str, int]], list[tuple[str, int]]]


def _h1s(doc: Document) -> list[str]:
    return [text for text, _ in _headings(doc)[0]]


def _headings(doc: Document) -> Headings:
    """The text and line number of each h1 line, and of each h2 line: read in one pass,
    once per page (the chooser asks for them from several places)."""
    h1s: list[tuple[str, int]] = []
    h2s: list[tuple[str, int]] = []
    evidence = doc.evidence
    if evidence is None:
        return h1s, h2s
    for n, (ln, ev) in enumerate(zip(doc.lines, evidence, strict=False)):
        level = ev.heading
        if (level == 1 or level == 2) and ev.tag != "title" and ln.text.strip():
            (h1s if level == 1 else h2s).append((shown(ln.text) or "", n))
    return h1s, h2s


def _heads(doc: Document, h1s: list[str]) -> list[str]:
    """h1 lines (HTML) and headline lines, in page order, the h1s first."""
    labelled = [shown(text) or "" for text, _ in _headline_lines(doc)]
    return list(dict.fromkeys(h1s[:MAX_HEADS] + labelled[:MAX_HEADS]))


def _headline_lines(doc: Document) -> list[tuple[str, int]]:
    """The text and line number of each headline line; in text mode, those after the first
    line, which stands for the <title> (labelled headline where it shows no site name)."""
    lines = doc.lines
    start = 0
    if doc.evidence is None:
        start = next((n + 1 for n, ln in enumerate(lines) if ln.text.strip()), 0)
    return [(lines[n].text, n) for n in range(start, len(lines))
            if lines[n].label == "headline" and lines[n].text.strip()]


def strip_site(title: str | None, site: str | None, host: str) -> str | None:
    """``title`` without the segments that name the site."""
    if not title:
        return None
    parts = [p for p in TITLE_SEPARATOR.split(title) if p.strip()]
    if len(parts) <= 1:
        return title.strip()
    keep = [p for p in parts if not site_like(p, site, host)]
    if len(keep) == len(parts) and short_tail(parts):
        keep = parts[:-1]
    if not keep:
        return title.strip()
    start = title.find(keep[0])
    end = title.rfind(keep[-1]) + len(keep[-1])
    return title[start:end].strip() or title.strip()


# ----------------------------------------------------------------------------- candidates
# An HTML entity left in a markup title (written escaped twice): "Tips &amp; tricks".
_ENTITY: Final = regex.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
# A heading's permalink anchor shown after it ("Quickstart ¶" in Sphinx, "Usage #" or a
# link symbol elsewhere): a mark to click, not a word of the title.
_PERMALINK: Final = regex.compile(r"(?:\s*[¶🔗]|\s+#)$")


def clean_title(text: str | None) -> str | None:
    """``text`` as a title: without the characters that show nothing, entities left in it
    decoded, white space collapsed, a heading's permalink mark cut off; None when nothing
    is left."""
    text = shown(text)
    if text and "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    text = _PERMALINK.sub("", " ".join((text or "").split()))
    return text or None


class _Found:
    """The candidates of a page by :func:`key`, in the order first offered."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.by_key: dict[str, Candidate] = {}

    def add(self, text: str | None, source: str, rank: int = 0, line: int = -1) -> None:
        """Offer ``text`` from ``source`` (shown on ``line``, when it is a line's)."""
        text = clean_title(text)
        if text is None:
            return
        k = key(text)
        cand = self.by_key.get(k)
        if cand is None:
            cand = self.by_key[k] = Candidate(text, line=line)
        cand.sources.setdefault(source, rank)

    def candidates(self) -> list[Candidate]:
        """The candidates; one that came from the markup, not from a line, is placed on
        the first line that shows it (the <title>'s own line aside)."""
        unplaced = {k: c for k, c in self.by_key.items() if c.line < 0}
        if unplaced:
            firsts = {k[0] for k in unplaced}
            longest = max(map(len, unplaced))
            for n, k in _line_keys(self.doc, firsts, longest):
                cand = unplaced.pop(k, None)
                if cand is not None:
                    cand.line = n
                    if not unplaced:
                        break
        return list(self.by_key.values())


def _line_keys(doc: Document, firsts: set[str], longest: int) -> Iterator[tuple[int, str]]:
    """(line number, key) of each line whose key may be one of the keys sought (their
    first characters ``firsts``, the longest ``longest`` long), in order. An ASCII line's
    key starts with its first character lower-cased; any line's key keeps at least its
    characters other than white space (less the zero-width spaces it drops). The other
    lines are not keyed: keying every line was over a quarter of the chooser's time, and a
    text page's prose most of the rest."""
    evidence = doc.evidence or []
    for n, ln in enumerate(doc.lines):
        if n < len(evidence) and evidence[n].tag == "title":  # the <title>'s own line
            continue
        text = ln.text
        if text.isascii() and text.lstrip()[:1].lower().replace("`", "'") not in firsts:
            continue
        if len(text) > longest and len("".join(text.split())) - text.count("\u200b") > longest:
            continue
        yield n, key(text)


def title_candidates(doc: Document, headings: Headings | None = None) -> list[Candidate]:
    """Every text the page offers as its title (see the module docstring); ``headings``:
    its h1 and h2 lines, when the caller has read them."""
    found = _Found(doc)
    h1s, h2s = _headings(doc) if headings is None else headings
    for lines, source, most in ((h1s, "h1", MAX_HEADS), (h2s, "h2", MAX_H2)):
        for rank, (text, n) in enumerate(lines[:most]):
            found.add(text, source, rank, n)
    if len(h1s) > 1 and h1s[1][1] == h1s[0][1] + 1:  # an h1 broken over two lines
        found.add(f"{h1s[0][0]} {h1s[1][0]}", "h1_joined", 0, h1s[0][1])
    heads = _headline_lines(doc)
    for rank, (text, n) in enumerate(heads[:MAX_HEADS]):
        found.add(text, "headline", rank, n)
    if doc.evidence is None:
        for rank, n in enumerate(_above_content(doc)):
            found.add(doc.lines[n].text, "above", rank, n)
    meta = doc.meta
    if meta is None:
        return found.candidates()
    site, host = _site(doc)
    for source, raw in (("title", meta.title), ("og", meta.og_title)):
        markup = clean_title(raw)
        parts = segments(markup)
        found.add(markup, source)
        found.add(parts[0] if parts else None, f"{source}_first")
        found.add(strip_site(markup, site, host), f"{source}_cut")
        if source == "title":
            for rank, part in enumerate(parts[1:MAX_SEGMENTS + 1], start=1):
                found.add(part, "title_segment", rank)
            if len(parts) > 2 and markup:  # "Title - Section | Site" -> "Title - Section"
                found.add(markup[:markup.rfind(parts[-1])].rstrip(" |·•»«:~/-–—"),
                          "title_head")
    found.add(meta.ld_headline, "ld_headline")
    found.add(strip_site(clean_title(meta.ld_headline), site, host), "ld_cut")
    found.add(meta.ld_name, "ld_name")
    found.add(meta.ld_breadcrumb[-1] if meta.ld_breadcrumb else None, "crumb")
    return found.candidates()


def _above_content(doc: Document) -> list[int]:
    """The non-blank lines just above the first body line, nearest first (up to
    ``ABOVE_LINES``; none short enough to be a title, or no body: none)."""
    lines = doc.lines
    first = next((n for n, ln in enumerate(lines) if ln.label == "body"), None)
    if first is None:
        return []
    above = [n for n in range(first - 1, -1, -1) if lines[n].text.strip()][:ABOVE_LINES]
    return [n for n in above if len(lines[n].text.strip()) <= TEXT_TITLE_MAX_CHARS]


def _site(doc: Document) -> tuple[str | None, str]:
    """The site's name (og:site_name) and host, to tell a site's name in a title."""
    meta = doc.meta
    return (getattr(meta, "og_site_name", None),
            host_of(doc.url or getattr(meta, "canonical", None)))


# ------------------------------------------------------------------------------- features
# Counts and lengths are capped so a freak page does not stretch a linear weight.
_CAP: Final = 5
# Words of the page's content read to see how much of a candidate the content speaks of.
BODY_WORDS: Final = 2000
# Lines looked at after a candidate's line for the next non-blank one.
_NEXT_WINDOW: Final = 5
_WORD: Final = regex.compile(r"\w+")
_ASCII_WORD: Final = re.compile(r"[A-Za-z0-9_]+")  # _WORD on ASCII text
_LABELS: Final = ("headline", "body", "nav", "related")
# Labels of the lines that follow a title on the page's own content.
_CONTENT: Final = frozenset(("body", "byline", "timestamp", "caption"))
# What a candidate is, and what its page is like (see :func:`_candidate_features`).
BASE_FEATURES: Final = (
    *(f"src:{s}" for s in SOURCES), *(f"first:{s}" for s in LINE_SOURCES),
    "n_sources", "n_lines", "n_markup", "rule", "words", "chars", "has_sep", "site",
    "in_title", "title_prefix", "in_h1", "has_h1", "shown", "line_pos",
    *(f"label:{lab}" for lab in _LABELS), "next_body", "sim_h1", "sim_title", "digits",
    "in_body", "ends_punct", "upper",
    "n_h1", "title_segments", "title_is_h1", "markup_agree", "h1_content", "above_rank",
)
# Each base feature again per page type ("words@service"): what makes a title differs by
# type (a service page's h1 is often a slogan), and the scorer is linear.
FEATURES: Final = (*BASE_FEATURES, *(f"type:{t}" for t in PAGE_TYPES),
                   *(f"{f}@{t}" for t in PAGE_TYPES for f in BASE_FEATURES))


def candidate_rows(doc: Document, page_type: str | None
                   ) -> tuple[list[Candidate], list[dict[str, float]]]:
    """The page's title candidates and each one's features (names of :data:`FEATURES`;
    an absent name is 0), the page being of type ``page_type``."""
    cands, rows = base_rows(doc)
    return cands, [with_type(row, page_type) for row in rows]


def with_type(row: dict[str, float], page_type: str | None) -> dict[str, float]:
    """``row`` with the page type's indicator and its copy of every feature."""
    return typed(row, page_type, PAGE_TYPES)


def base_rows(doc: Document) -> tuple[list[Candidate], list[dict[str, float]]]:
    """The page's title candidates and their :data:`BASE_FEATURES`."""
    headings = _headings(doc)
    cands = title_candidates(doc, headings)
    if not cands:
        return [], []
    page = _page_features(doc, headings[0])
    ctx = _Context(doc, [text for text, _ in headings[0]])
    return cands, [{**page, **_candidate_features(c, ctx)} for c in cands]


class _Context:
    """What a candidate is compared with: the page's rule title, <title>, first h1, site
    and the words of its content."""

    def __init__(self, doc: Document, h1s: list[str]) -> None:
        meta = doc.meta
        self.doc = doc
        self.rule = key(rule_title(doc, h1s))
        self.title = key(clean_title(meta.title if meta is not None else None))
        self.h1 = key(next(iter(h1s), None))
        self.site, self.host = _site(doc)
        self.body = _body_words(doc)
        self.title_words = set(_WORD.findall(self.title))
        self.h1_words = set(_WORD.findall(self.h1))


def _body_words(doc: Document) -> set[str]:
    """The words of the page's first body lines (up to ``BODY_WORDS``)."""
    words: list[str] = []
    for ln in doc.lines:
        if ln.label == "body":
            text = ln.text
            # On ASCII text \w is [A-Za-z0-9_] and key() only lower-cases and collapses
            # white space: the same words, by re, twice as fast.
            words += (_ASCII_WORD.findall(text.lower()) if text.isascii()
                      else _WORD.findall(key(text)))
            if len(words) >= BODY_WORDS:
                break
    return set(words)


def _page_features(doc: Document, h1s: list[tuple[str, int]]) -> dict[str, float]:
    """What every candidate of a page shares: its h1s (``h1s``, with their lines), its
    <title>'s shape, whether its markup titles agree."""
    meta = doc.meta
    title = clean_title(meta.title if meta is not None else None)
    feats = {"n_h1": min(len(h1s), _CAP) / _CAP,
             "title_segments": min(len(segments(title)), _CAP) / _CAP,
             "title_is_h1": float(bool(h1s) and key(first_segment(title)) == key(h1s[0][0]))}
    if meta is not None:  # how many of the markup titles' first segments agree
        firsts = [key(first_segment(clean_title(t))) for t in (title, meta.og_title,
                                                               meta.ld_headline)]
        feats["markup_agree"] = max((firsts.count(f) for f in firsts if f), default=0) / 3
    if h1s:  # whether the first h1 stands above the page's own content
        feats["h1_content"] = float(_next_label(doc, h1s[0][1]) in _CONTENT)
    return feats


def _candidate_features(c: Candidate, ctx: _Context) -> dict[str, float]:
    k, doc = key(c.text), ctx.doc
    feats = {f"src:{s}": 1.0 for s in c.sources}
    feats.update({f"first:{s}": 1.0 for s in LINE_SOURCES if c.sources.get(s) == 0})
    lines = sum(s in c.sources for s in LINE_SOURCES)
    parts = segments(c.text)
    words = set(_WORD.findall(k))
    feats.update({
        "n_sources": min(len(c.sources), 2 * _CAP) / _CAP, "n_lines": lines / _CAP,
        "n_markup": min(len(c.sources) - lines, 2 * _CAP) / _CAP, "rule": float(k == ctx.rule),
        "words": math.log1p(len(c.text.split())), "chars": min(len(c.text), 300) / 100,
        "has_sep": float(len(parts) > 1),
        "site": float(any(site_like(p, ctx.site, ctx.host) for p in parts)),
        "in_title": float(k != ctx.title and k in ctx.title),
        "title_prefix": float(k != ctx.title and ctx.title.startswith(k)),
        "in_h1": float(k != ctx.h1 and k in ctx.h1),
        "has_h1": float(bool(ctx.h1) and k != ctx.h1 and ctx.h1 in k),
        "shown": float(c.line >= 0),
        "line_pos": c.line / max(len(doc.lines), 1) if c.line >= 0 else 1.0,
        "sim_h1": _overlap(words, ctx.h1_words), "sim_title": _overlap(words, ctx.title_words),
        "in_body": len(words & ctx.body) / len(words) if words else 0.0,
        "digits": float(any(ch.isdigit() for ch in c.text)),
        "ends_punct": float(c.text[-1] in ".!?:;,"), "upper": float(c.text.isupper()),
    })
    if "above" in c.sources:  # how far above the content: a kicker or byline lies nearer
        feats["above_rank"] = (c.sources["above"] + 1) / ABOVE_LINES
    if c.line >= 0:
        if doc.lines[c.line].label in _LABELS:
            feats[f"label:{doc.lines[c.line].label}"] = 1.0
        feats["next_body"] = float(_next_label(doc, c.line) in _CONTENT)
    return feats


def _next_label(doc: Document, n: int) -> str | None:
    """The label of the first non-blank line after line ``n`` (within a few lines)."""
    for ln in doc.lines[n + 1:n + 1 + _NEXT_WINDOW]:
        if ln.text.strip():
            return ln.label
    return None


def _overlap(a: set[str], b: set[str]) -> float:
    """The Jaccard overlap of two word sets (0 when either is empty)."""
    return len(a & b) / len(a | b) if a and b else 0.0


# ---------------------------------------------------------------------------------- model
TitleModelError = ChooserError


class TitleModel(LinearChooser):
    """A linear scorer over :data:`FEATURES` (a conditional logit's weights): the higher a
    candidate's score, the likelier it is the title."""

    KIND = TITLE_MODEL_KIND
    FEATURES = FEATURES
    WHAT = "title"
    TRAINER = "benchmarks/train_title.py"
    __slots__ = ()


def title_model_from_json(data: Any, where: str) -> TitleModel:
    """A :class:`TitleModel` from its JSON form, checked against :data:`FEATURES`."""
    return TitleModel.from_json(data, where)


def title_model_path(text: bool = False) -> Path:
    """Where the shipped title model of HTML or ``text`` mode lies."""
    return TEXT_TITLE_MODEL_PATH if text else TITLE_MODEL_PATH


@cache
def shipped_model(text: bool = False) -> TitleModel:
    """The title model shipped with segkit for HTML or ``text`` (each read once per
    process)."""
    path = title_model_path(text)
    return TitleModel.read(path)
