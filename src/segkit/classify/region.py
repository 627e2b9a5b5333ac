"""Stage 3 of the classifier: the article region of the page.

Each line gets a weight from its class (a paragraph adds points, a menu entry costs);
the article is the run after the page's title with the most points, or the richest run
of the page where no title heads one. With HTML input the run is then fitted to the
element that holds its paragraphs (``fit_container``).
"""

from __future__ import annotations

from collections import Counter
from typing import Final

import regex

from segkit.classify.classes import (
    BOXED,
    BYLINE_CUE,
    CAPTION_CUE,
    COMMENTS_HEAD,
    DATE,
    FURNITURE,
    GOOD,
    GOOD_MIN_LOWER,
    INVISIBLE,
    LINK_LINE,
    NAV_CUE,
    NEAR,
    RELATED_HEAD,
    SHORT,
)
from segkit.classify.features import Features
from segkit.evidence import Flag, LineEvidence

# --- the weights: each line adds its weight; the article is the run with the largest sum
GOOD_CHARS_PER_POINT: Final = 100   # a paragraph is worth one point per this many characters
GOOD_MAX_POINTS: Final = 4.0        # ...capped, so one long blurb cannot carry a region alone
NEAR_WEIGHT: Final = 0.3
SHORT_WEIGHT: Final = -0.4          # a menu entry of a few words (at most MENU_MAX_WORDS)
MENU_MAX_WORDS: Final = 3
LIST_MARKER_WORDS: Final = 1        # ...not counting its list marker, if it has one
TITLE_WEIGHT: Final = -0.15         # a longer line in title case: a teaser, a subheading
ROW_WEIGHT: Final = 0.0             # a longer line in sentence case: a table row
LIST_ITEM_WEIGHT: Final = 0.1       # a numbered or bulleted line: menus rarely number their entries
REPEATED_WEIGHT: Final = -0.8       # a line that occurs more than once (menus repeat)
NAV_WEIGHT: Final = -1.0
RELATED_WEIGHT: Final = -3.0        # a related-block header all but ends an article
COMMENTS_WEIGHT: Final = -6.0       # the header over reader comments
NEUTRAL_WEIGHT: Final = 0.0         # neither adds nor costs: a web address, invisible characters
# A short line with a sentence or paragraph at most this many lines away (a subheading,
# a list item) costs only this much.
TEXT_NEIGHBOURHOOD: Final = 2
AMONG_TEXT_WEIGHT: Final = -0.05
# A teaser list has at least this many title-and-blurb pairs, titles of some words...
TEASER_MIN_PAIRS: Final = 3
TEASER_MIN_WORDS: Final = 3
# ...and a title, its author and its date take at most this many lines.
TEASER_MAX_HEAD_LINES: Final = 4
# A blurb in a teaser list counts for this share of a paragraph's weight.
TEASER_WEIGHT_FACTOR: Final = 0.3

# --- the search
# A related block after the article's text ends it, unless a paragraph follows within
# this many lines (a box of links set into the article).
RELATED_RESUME_LINES: Final = 8
# This many menu-like lines in a row end the article (a list of sections or people).
MENU_RUN_STOP: Final = 10
# A run after the title holding this many points is the article, whatever else the
# page holds; below it, the richest run of the page is.
ANCHOR_MIN_POINTS: Final = 1.0
# The lines just under the title (byline, date, share buttons) cost nothing.
HEAD_FREE_LINES: Final = 8
# A title this many lines above the richest run still heads it.
FAR_TITLE_LINES: Final = 60
# Title candidates tried as the anchor of the article (the title may repeat).
MAX_TITLE_CANDIDATES: Final = 4
# A line that shows the title word for word (or the page's <h1>) has this many words.
TITLE_SHOWN_MIN_WORDS: Final = 2
# A title less its site name keeps at least this many characters ("Foo - Site": "Foo").
TITLE_CORE_MIN_CHARS: Final = 8
# A rephrased title shares this share of its words with the page title (Jaccard), and
# has this many words.
TITLE_MIN_OVERLAP: Final = 0.5
TITLE_MIN_WORDS: Final = 3
TITLE_MAX_WORDS: Final = 30

# --- the container (HTML input)
# The article's container: the class and id tokens shared by this share of the run's
# paragraphs, when it has at least this many.
CONTAINER_MIN_SHARE: Final = 0.9
CONTAINER_MIN_PARAGRAPHS: Final = 2
# A line in a box nested in the container (a newsletter form, a teaser card) has more
# than this many tokens of its own before the container's.
CONTAINER_MAX_NESTING: Final = 2
# ...and a table row or list item this many more (the table's and the row's own).
ROW_EXTRA_NESTING: Final = 2
# An article of lists or tables: the container is what this share of the lines under
# the title (at most this many) have in common with the title's element...
SHORT_ARTICLE_SHARE: Final = 0.6
SHORT_ARTICLE_LINES: Final = 30
# ...less this many tokens of the title's own element (its heading's class).
TITLE_OWN_TOKENS: Final = 1
# The heading level of the element that shows a page's title (<h1>).
TITLE_HEADING_LEVEL: Final = 1

# The classes of text a container holds (a line of another class may lie outside it).
CONTAINER_TEXT: Final = frozenset((GOOD, NEAR, SHORT, INVISIBLE))
_ROW_FLAGS: Final = int(Flag.TABLE | Flag.LI)
_TEASER_HEAD: Final = frozenset((SHORT, NEAR, DATE, BYLINE_CUE, CAPTION_CUE, LINK_LINE))
_WORDS: Final = regex.compile(r"\w+")
# A site name after the title: "Title - Site", "Title | Site"...
SITE_SUFFIX: Final = regex.compile(r"\s+(?:[-|–—:•·»]|::)\s+[^-|–—:•·»]{2,60}$")


class Region:
    """The article as the search found it: its headline, its run, the line weights."""

    __slots__ = ("end", "head", "inside", "start", "weights")

    def __init__(self, *, head: int | None, start: int, end: int,
                 inside: list[bool] | None, weights: list[float]) -> None:
        self.head = head          # the headline's line, if the page shows its title
        self.start = start        # the article run is [start, end)
        self.end = end
        self.inside = inside      # HTML input: each line in the article's container or not
        self.weights = weights    # each line's weight in the search


def find_region(feats: list[Features], classes: list[str],
                evidence: list[LineEvidence] | None = None) -> Region:
    """The weights, the article run after the title and (HTML input) its container."""
    weights = article_weights(feats, classes)
    head, start, end = find_article(feats, classes, weights, evidence)
    inside: list[bool] | None = None
    if evidence is not None:
        start, end, inside = fit_container(classes, evidence, start, end, head)
    return Region(head=head, start=start, end=end, inside=inside, weights=weights)


def weight(f: Features, cls: str) -> float:
    """What a line adds to the run that holds it."""
    if cls == GOOD:
        return min(f.chars / GOOD_CHARS_PER_POINT, GOOD_MAX_POINTS)
    if cls == NEAR:
        return NEAR_WEIGHT
    if cls == RELATED_HEAD:
        return RELATED_WEIGHT
    if cls == COMMENTS_HEAD:
        return COMMENTS_WEIGHT
    if cls in (NAV_CUE, FURNITURE):
        return NAV_WEIGHT
    if cls in (LINK_LINE, BOXED):
        return SHORT_WEIGHT
    if cls == INVISIBLE:
        return NEUTRAL_WEIGHT
    if f.repeats > 1:
        return REPEATED_WEIGHT
    if cls == SHORT:
        if f.link:
            return NEUTRAL_WEIGHT
        if f.words <= MENU_MAX_WORDS + LIST_MARKER_WORDS:
            return SHORT_WEIGHT
        if f.bullet:
            return LIST_ITEM_WEIGHT
        return ROW_WEIGHT if f.lower_share >= GOOD_MIN_LOWER else TITLE_WEIGHT
    return NEUTRAL_WEIGHT


def region_weights(feats: list[Features], classes: list[str]) -> list[float]:
    """Each line's weight, short lines among sentences costing less than in menus."""
    weights = [weight(f, c) for f, c in zip(feats, classes, strict=True)]
    text = [c in (GOOD, NEAR) for c in classes]
    n = len(classes)
    for i, c in enumerate(classes):
        if c == SHORT and feats[i].repeats == 1 and weights[i] < AMONG_TEXT_WEIGHT:
            for k in range(max(0, i - TEXT_NEIGHBOURHOOD), min(n, i + TEXT_NEIGHBOURHOOD + 1)):
                if text[k]:
                    weights[i] = AMONG_TEXT_WEIGHT
                    break
    return weights


def article_weights(feats: list[Features], classes: list[str]) -> list[float]:
    """``region_weights``, with the blurbs of teaser lists worth less than paragraphs."""
    weights = region_weights(feats, classes)
    for i in teaser_lines(feats, classes):
        if weights[i] > 0:
            weights[i] *= TEASER_WEIGHT_FACTOR
    return weights


def teaser_lines(feats: list[Features], classes: list[str]) -> list[int]:
    """Lines of teaser lists: a title (with perhaps an author and a date), one blurb, again.

    Articles put several paragraphs under a subheading; lists of other articles pair
    each title with a single blurb.
    """
    n = len(classes)
    lines: list[int] = []
    i = 0
    while i < n:
        k, units = i, 0
        while (end := _teaser_unit(feats, classes, k)) is not None:
            units += 1
            k = end
        if units >= TEASER_MIN_PAIRS:
            lines.extend(range(i, k))
            i = k
        else:
            i += 1
    return lines


def _teaser_unit(feats: list[Features], classes: list[str], i: int) -> int | None:
    """The end of the teaser starting at ``i`` (title lines, then one blurb), if one does."""
    j, titled = i, False
    while j < len(classes) and j - i < TEASER_MAX_HEAD_LINES and classes[j] in _TEASER_HEAD:
        titled = titled or _teaser_title(feats[j], classes[j])
        j += 1
    if titled and j < len(classes) and classes[j] == GOOD:
        return j + 1
    return None


def _teaser_title(f: Features, cls: str) -> bool:
    return cls in (SHORT, NEAR, LINK_LINE) and f.words >= TEASER_MIN_WORDS and not f.terminal


def best_extension(
    weights: list[float], start: int, stops: frozenset[int]
) -> tuple[int, int, float]:
    """The richest run that starts soon after ``start``: ``(begin, end, sum)``.

    The end maximises the sum from ``start``, and a stop line (the comments header)
    ends the run once it holds some text; the run then drops the leading lines that
    only cost (share buttons and menus between a title and the text).
    """
    best, end, total = 0.0, start, 0.0
    free = start + HEAD_FREE_LINES
    menu_run = 0
    for i in range(start, len(weights)):
        if i in stops and best >= ANCHOR_MIN_POINTS:
            break
        w = weights[i]
        menu_run = menu_run + 1 if w <= SHORT_WEIGHT else 0
        if menu_run >= MENU_RUN_STOP and best >= ANCHOR_MIN_POINTS:
            break
        total += max(w, 0.0) if i < free and w > RELATED_WEIGHT else w
        if total > best:
            best, end = total, i + 1
    begin, total, top = start, 0.0, best
    for i in range(start, end):
        if best - total > top:
            top, begin = best - total, i
        total += weights[i]
    return begin, end, top


def best_region(weights: list[float]) -> tuple[int, int]:
    """The run ``[start, end)`` with the largest sum of weights (Kadane's algorithm)."""
    best, best_start, best_end = 0.0, 0, 0
    total, start = 0.0, 0
    for i, w in enumerate(weights):
        if total <= 0:
            total, start = w, i
        else:
            total += w
        if total > best:
            best, best_start, best_end = total, start, i + 1
    return best_start, best_end


def norm_title(text: str) -> str:
    """``text`` lower-cased, its white space collapsed: how titles are compared."""
    return " ".join(text.lower().split())


def title_candidates(feats: list[Features]) -> list[int]:
    """Lines that show the page title: they repeat the first line, less a site name.

    Where none repeats it word for word, the lines sharing most of its words do (pages
    often shorten or rephrase the title they show).
    """
    if not feats:
        return []
    first = norm_title(feats[0].text)
    cores = {first}
    core = first
    while (m := SITE_SUFFIX.search(core)) and len(core) - len(m.group()) >= TITLE_CORE_MIN_CHARS:
        core = core[: m.start()]
        cores.add(core)
    # A line's words are as many as its norm_title's (f.words): only those of a core's
    # size need normalising.
    sizes = {len(c.split()) for c in cores}
    found = [i for i, f in enumerate(feats)
             if i and f.words >= TITLE_SHOWN_MIN_WORDS and f.words in sizes
             and norm_title(f.text) in cores]
    if found:
        return found[:MAX_TITLE_CANDIDATES]
    return _rephrased_titles(feats, set(_WORDS.findall(core)))


def _rephrased_titles(feats: list[Features], title: set[str]) -> list[int]:
    """The lines sharing most of the ``title``'s words, in page order."""
    if len(title) < TITLE_MIN_WORDS:
        return []
    # A line shares at most the title words found in it as substrings: one test per title
    # word rules out most lines before they are tokenised.
    needed = TITLE_MIN_OVERLAP * len(title)
    scored = []
    for i, f in enumerate(feats):
        if i and TITLE_MIN_WORDS <= f.words <= TITLE_MAX_WORDS:
            low = f.text.lower()
            if sum([word in low for word in title]) < needed:
                continue
            words = set(_WORDS.findall(low))
            overlap = len(title & words) / len(title | words)
            if overlap >= TITLE_MIN_OVERLAP:
                scored.append((-overlap, i))
    return sorted(i for _, i in sorted(scored)[:MAX_TITLE_CANDIDATES])


def _stops(classes: list[str]) -> frozenset[int]:
    """Lines that end an article run: the comments header, a related block with no text after."""
    return frozenset(
        i for i, c in enumerate(classes)
        if c == COMMENTS_HEAD
        or (c == RELATED_HEAD and GOOD not in classes[i + 1 : i + 1 + RELATED_RESUME_LINES])
    )


def _anchors(feats: list[Features], evidence: list[LineEvidence] | None) -> list[int]:
    """The lines that may head the article: the title shown, the <h1>, or the first line."""
    candidates = title_candidates(feats)
    if not candidates and evidence is not None:  # the page's <h1> shows its title
        h1 = [i for i, ev in enumerate(evidence)
              if ev.heading == TITLE_HEADING_LEVEL and feats[i].words >= TITLE_SHOWN_MIN_WORDS]
        candidates = h1[:MAX_TITLE_CANDIDATES]
    if not candidates and SITE_SUFFIX.search(feats[0].text) is None \
            and feats[0].words >= TITLE_MIN_WORDS:
        candidates = [0]
    return candidates


def find_article(feats: list[Features], classes: list[str], weights: list[float],
                 evidence: list[LineEvidence] | None = None) -> tuple[int | None, int, int]:
    """The headline (if shown) and the article run ``[start, end)`` of the page.

    The article starts after its title: of the title candidates (and the first line,
    when it is the title shown alone), the one followed by the richest run wins. Only
    when no title is followed by text does the richest run of the page stand alone.
    """
    stops = _stops(classes)
    candidates = _anchors(feats, evidence)
    best: tuple[float, int, int, int] | None = None
    for head in candidates:
        begin, end, points = best_extension(weights, head + 1, stops)
        if points >= ANCHOR_MIN_POINTS and (best is None or points > best[0]):
            best = (points, head, begin, end)
    if best is not None:
        _, head, start, end = best
        return head, start, end  # (line 0 heads only where no other line repeats it)
    start, end = best_region(weights)
    # the title may stand well above the text (a wall of share buttons between them)
    above = [h for h in candidates if start - FAR_TITLE_LINES <= h < start and h > 0]
    return (above[-1] if above else None), start, end


def _container_tokens(classes: list[str], evidence: list[LineEvidence], start: int, end: int,
                      head: int | None) -> frozenset[str]:
    """The class and id tokens of the article's container; none where it has no clear one."""
    paragraphs = [evidence[i].tokens for i in range(start, end) if classes[i] == GOOD]
    share = CONTAINER_MIN_SHARE
    if len(paragraphs) < CONTAINER_MIN_PARAGRAPHS:
        if head is None:
            return frozenset()
        # a list or a table under the title, with hardly a paragraph: the lines under
        # the title, inside the element that holds the title, make the container
        below = range(head + 1, min(len(classes), head + 1 + SHORT_ARTICLE_LINES))
        paragraphs = [evidence[i].tokens for i in below if classes[i] in CONTAINER_TEXT]
        share = SHORT_ARTICLE_SHARE
        if not paragraphs:
            return frozenset()
    counts = Counter(t for tokens in paragraphs for t in set(tokens))
    needed = share * len(paragraphs)
    shared = frozenset(t for t, c in counts.items() if c >= needed)
    if head is not None and len(paragraphs) and share == SHORT_ARTICLE_SHARE:
        shared &= frozenset(evidence[head].tokens[TITLE_OWN_TOKENS:])
    return shared


def fit_container(classes: list[str], evidence: list[LineEvidence], start: int, end: int,
                  head: int | None) -> tuple[int, int, list[bool] | None]:
    """Fit the article run to the element that holds its paragraphs (HTML input only).

    The class and id tokens that nearly every paragraph of the run shares name the
    article's container; the run grows to the container's first and last line of
    text (lists, tables and short lines the text stage found too weak), and text
    lines outside it (a box set into the run) drop out.
    """
    shared = _container_tokens(classes, evidence, start, end, head)
    if not shared:
        return start, end, None
    # Lines of one element share its tokens tuple: each tuple is tested once.
    holds: dict[tuple[str, ...], bool] = {}
    inside = []
    for ev in evidence:
        held = holds.get(ev.tokens)
        if held is None:
            held = holds[ev.tokens] = shared.issubset(ev.tokens)
        inside.append(held)
    direct = [ok and _nesting(ev.tokens, shared) <= CONTAINER_MAX_NESTING + (
        ROW_EXTRA_NESTING if ev.flags & _ROW_FLAGS else 0)
        for ok, ev in zip(inside, evidence, strict=True)]
    floor = head + 1 if head is not None else 0
    lines = [i for i, ok in enumerate(direct)
             if ok and i >= floor and classes[i] in CONTAINER_TEXT]
    if lines:
        # beyond the text run, only lines set directly in the container join it
        ok = [direct[i] if i < start or i >= end else inside[i] for i in range(len(inside))]
        return min(start, lines[0]), max(end, lines[-1] + 1), ok
    return start, end, inside


def _nesting(tokens: tuple[str, ...], shared: frozenset[str]) -> int:
    """How many tokens of boxes nested inside the container stand before its own."""
    for k, token in enumerate(tokens):
        if token in shared:
            return k
    return len(tokens)
