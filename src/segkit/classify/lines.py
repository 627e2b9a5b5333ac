"""The site-agnostic classifier, in three stages like jusText:

1. ``line_features``: what each line says about itself (features.py);
2. ``context_free``: a first class per line from its own features;
3. ``revise``: the document's shape decides: the article region (the run of lines
   with the most paragraph text), the title and the lines around it, blocks of related
   links, captions beside picture credits, live-blog entries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Final

import regex

from segkit.classify.features import Features, line_features
from segkit.classify.wordlists import BYLINE_TOKENS, CAPTION_TOKENS, FURNITURE_TOKENS
from segkit.evidence import Flag, LineEvidence, PageMeta
from segkit.labels import BODY, BYLINE, CAPTION, HEADLINE, NAV, RELATED, TIMESTAMP

# --- stage 2: context-free classes --------------------------------------------------
GOOD: Final = "good"        # a paragraph of running text
NEAR: Final = "near"        # a sentence, too short to vouch for itself
SHORT: Final = "short"      # a short line: a subheading, a menu entry, a teaser title
DATE: Final = "date"
BYLINE_CUE: Final = "byline"
CAPTION_CUE: Final = "caption"
NAV_CUE: Final = "nav"
RELATED_HEAD: Final = "related"
READ_MORE: Final = "read_more"
COMMENTS_HEAD: Final = "comments"  # the reader comments start here: the article has ended
INVISIBLE: Final = "invisible"     # only zero-width characters: takes the label around it
# Classes only HTML markup gives:
FURNITURE: Final = "furniture"     # inside <nav>, <header>, <footer> or <aside>
LINK_LINE: Final = "link"          # a link, or mostly links: a menu entry or a teaser
BOXED: Final = "boxed"             # in an element classed as furniture (share, promo, comments...)

# A paragraph has at least this many characters...
GOOD_MIN_CHARS: Final = 80
# ...and, in a cased script, at least this share of its words starting in lower case
# (titles, menus and teaser headlines capitalise most words).
GOOD_MIN_LOWER: Final = 0.35
# ...and, in a language segkit knows, at least this share of function words, as running
# text has (jusText's stopword density): a long line without them is a list of names,
# tags or keywords.
GOOD_MIN_STOP_SHARE: Final = 0.15
# A line with a furniture cue is furniture up to this length (copyright lines at any).
NAV_MAX_CHARS: Final = 120
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
# the title (at most this many) have in common with the title's element.
SHORT_ARTICLE_SHARE: Final = 0.6
SHORT_ARTICLE_LINES: Final = 30
# Class and id tokens of a line's nearest elements (this many) that name what it is.
MARKUP_NEAR_TOKENS: Final = 8
# A byline in the markup (an element classed "byline" or "author") has at most this
# many words.
BYLINE_MAX_WORDS: Final = 12
# A line with at least this share of its characters inside links is a link line.
LINK_LINE_DENSITY: Final = 0.5
# ...but a paragraph of running text stays one up to this share (news links its sources).
LINKED_PARAGRAPH_DENSITY: Final = 0.8
# A sentence too short to be a paragraph still has this many words.
NEAR_MIN_WORDS: Final = 5

# --- stage 3: weights of the article-region search ----------------------------------
# Each line adds its weight; the article is the run of lines with the largest sum.
GOOD_CHARS_PER_POINT: Final = 100   # a paragraph is worth one point per this many characters
GOOD_MAX_POINTS: Final = 4.0        # ...capped, so one long blurb cannot carry a region alone
NEAR_WEIGHT: Final = 0.3
SHORT_WEIGHT: Final = -0.4          # a menu entry of a few words
MENU_MAX_WORDS: Final = 3
TITLE_WEIGHT: Final = -0.15         # a longer line in title case: a teaser, a subheading
ROW_WEIGHT: Final = 0.0             # a longer line in sentence case: a table row
LIST_ITEM_WEIGHT: Final = 0.1       # a numbered or bulleted line: menus rarely number their entries
REPEATED_WEIGHT: Final = -0.8       # a line that occurs more than once (menus repeat)
NAV_WEIGHT: Final = -1.0
RELATED_WEIGHT: Final = -3.0        # a related-block header all but ends an article
COMMENTS_WEIGHT: Final = -6.0
AMONG_TEXT_WEIGHT: Final = -0.05    # a short line with a sentence this close: a subheading, a list
TEXT_NEIGHBOURHOOD: Final = 2       # the header over reader comments
# A related block after the article's text ends it, unless a paragraph follows within
# this many lines (a box of links set into the article).
RELATED_RESUME_LINES: Final = 8
# A teaser list has at least this many title-and-blurb pairs, titles of some words.
TEASER_MIN_PAIRS: Final = 3
TEASER_MIN_WORDS: Final = 3
# ...and a title, its author and its date take at most this many lines.
TEASER_MAX_HEAD_LINES: Final = 4
# A blurb in a teaser list counts for this share of a paragraph's weight.
TEASER_WEIGHT_FACTOR: Final = 0.3
# This many menu-like lines in a row end the article (a list of sections or people).
MENU_RUN_STOP: Final = 10
# A run after the title holding this many points is the article, whatever else the
# page holds; below it, the richest run of the page is.
ANCHOR_MIN_POINTS: Final = 1.0
# Title candidates tried as the anchor of the article (the title may repeat).
MAX_TITLE_CANDIDATES: Final = 4
# A rephrased title shares this share of its words with the page title (Jaccard), and
# has this many words.
TITLE_MIN_OVERLAP: Final = 0.5
TITLE_MIN_WORDS: Final = 3
TITLE_MAX_WORDS: Final = 30

# A related block ends after this many consecutive menu-like lines (one or two words).
RELATED_MAX_MENU_RUN: Final = 3
# Live blog: a page with at least this many time-only lines inside the article.
LIVE_MIN_TIMES: Final = 3
# An entry title has at most this many words.
LIVE_TITLE_MAX_WORDS: Final = 20
# The first entry's time may stand this many lines above the run of text.
LIVE_LEAD_LINES: Final = 3
# The head of an article (byline, date, standfirst) lies within this many lines
# of the headline.
HEAD_MAX_LINES: Final = 12
# The lines just under the title (byline, date, share buttons) cost nothing.
HEAD_FREE_LINES: Final = 8
# A date or byline this close above the headline is the article's.
HEAD_BEFORE_LINES: Final = 2
# A title this many lines above the richest run still heads it.
FAR_TITLE_LINES: Final = 60
# Lines this close after the article may still be its byline or source credit.
TAIL_BYLINE_LINES: Final = 3
# A caption is shorter than this many characters.
CAPTION_MAX_CHARS: Final = 300

# Flag bits as plain ints: IntFlag arithmetic costs a Python call per line.
_FURNITURE_FLAGS: Final = int(Flag.NAV | Flag.HEADER | Flag.FOOTER | Flag.ASIDE)
_FIGURE_FLAGS: Final = int(Flag.FIGURE | Flag.FIGCAPTION)
ONE_LINK_FLAG: Final = int(Flag.ONE_LINK)
_CONTAINER_TEXT: Final = frozenset((GOOD, NEAR, SHORT, INVISIBLE))
_ROW_FLAGS: Final = int(Flag.TABLE | Flag.LI)
_BLOCK_ENDS: Final = frozenset((NAV_CUE, COMMENTS_HEAD, FURNITURE, BOXED))
_TEASER_HEAD: Final = frozenset((SHORT, NEAR, DATE, BYLINE_CUE, CAPTION_CUE, LINK_LINE))
_WORDS: Final = regex.compile(r"\w+")
_INVISIBLE: Final = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_SITE_SUFFIX: Final = regex.compile(r"\s+(?:[-|–—:•·»]|::)\s+[^-|–—:•·»]{2,60}$")

# ``segkit explain`` passes one: after each step of ``revise`` it gets the step's name and
# the labels so far (one per non-blank line); the first step also gets the facts behind
# them (``classes``, ``weights``, ``head``, ``start``, ``end``, ``inside``).
Trace = Callable[..., object]


def _no_trace(step: str, labels: list[str], **facts: object) -> None:
    pass


def context_free(f: Features) -> str:
    if not f.chars:
        return INVISIBLE
    if f.related:
        return RELATED_HEAD
    if f.comments:
        return COMMENTS_HEAD
    if f.read_more:
        return READ_MORE
    if f.date:
        return DATE
    if f.byline:
        return BYLINE_CUE
    if f.caption:
        return CAPTION_CUE
    if f.nav and (f.chars < NAV_MAX_CHARS or f.copyright):
        return NAV_CUE
    if f.chars >= GOOD_MIN_CHARS and f.lower_share >= GOOD_MIN_LOWER and (
        f.terminal or f.words >= 15
    ) and (f.stop_share < 0 or f.stop_share >= GOOD_MIN_STOP_SHARE):
        return GOOD
    if f.words >= NEAR_MIN_WORDS and f.terminal and f.lower_share >= GOOD_MIN_LOWER:
        return NEAR
    if f.nav:
        return NAV_CUE
    return SHORT


def markup_class(f: Features, cls: str, ev: LineEvidence) -> str:
    """What the markup adds to a line's class (HTML input only).

    Page furniture elements, figures and lines that are links say more about a line than
    its words; block headers and comment headers keep their text-found class.
    """
    if cls in (RELATED_HEAD, COMMENTS_HEAD, INVISIBLE):
        return cls
    if ev.flags & _FURNITURE_FLAGS:
        return FURNITURE
    if ev.flags & _FIGURE_FLAGS:
        return CAPTION_CUE
    near = ev.tokens[:MARKUP_NEAR_TOKENS]
    if not CAPTION_TOKENS.isdisjoint(near):
        return CAPTION_CUE
    if f.words <= BYLINE_MAX_WORDS and not BYLINE_TOKENS.isdisjoint(near):
        return BYLINE_CUE
    if not FURNITURE_TOKENS.isdisjoint(near):
        return BOXED
    if ev.flags & ONE_LINK_FLAG or ev.link_density >= (
        LINKED_PARAGRAPH_DENSITY if cls == GOOD else LINK_LINE_DENSITY
    ):
        return LINK_LINE
    return cls


def weight(f: Features, cls: str) -> float:
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
        return 0.0
    if f.repeats > 1:
        return REPEATED_WEIGHT
    if cls == SHORT:
        if f.link:
            return 0.0
        if f.words <= MENU_MAX_WORDS + 1:  # with its list marker
            return SHORT_WEIGHT
        if f.bullet:
            return LIST_ITEM_WEIGHT
        return ROW_WEIGHT if f.lower_share >= GOOD_MIN_LOWER else TITLE_WEIGHT
    return 0.0


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


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def title_candidates(feats: list[Features]) -> list[int]:
    """Lines that show the page title: they repeat the first line, less a site name.

    Where none repeats it word for word, the lines sharing most of its words do (pages
    often shorten or rephrase the title they show).
    """
    if not feats:
        return []
    first = _norm(feats[0].text)
    cores = {first}
    core = first
    while (m := _SITE_SUFFIX.search(core)) and len(core) - len(m.group()) >= 8:
        core = core[: m.start()]
        cores.add(core)
    # A line's words are as many as its _norm's (f.words): only those of a core's size
    # need normalising.
    sizes = {len(c.split()) for c in cores}
    found = [i for i, f in enumerate(feats)
             if i and f.words >= 2 and f.words in sizes and _norm(f.text) in cores]
    if found:
        return found[:MAX_TITLE_CANDIDATES]
    title = set(_WORDS.findall(core))
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


def find_article(feats: list[Features], classes: list[str], weights: list[float],
                 evidence: list[LineEvidence] | None = None) -> tuple[int | None, int, int]:
    """The headline (if shown) and the article run ``[start, end)`` of the page.

    The article starts after its title: of the title candidates (and the first line,
    when it is the title shown alone), the one followed by the richest run wins. Only
    when no title is followed by text does the richest run of the page stand alone.
    """
    stops = frozenset(
        i for i, c in enumerate(classes)
        if c == COMMENTS_HEAD
        or (c == RELATED_HEAD and GOOD not in classes[i + 1 : i + 1 + RELATED_RESUME_LINES])
    )
    candidates = title_candidates(feats)
    if not candidates and evidence is not None:  # the page's <h1> shows its title
        h1 = [i for i, ev in enumerate(evidence) if ev.heading == 1 and feats[i].words >= 2]
        candidates = h1[:MAX_TITLE_CANDIDATES]
    if not candidates and _SITE_SUFFIX.search(feats[0].text) is None \
            and feats[0].words >= TITLE_MIN_WORDS:
        candidates = [0]
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


def classify_lines(lines: list[str], evidence: list[LineEvidence] | None = None,
                   meta: PageMeta | None = None, trace: Trace | None = None) -> list[str | None]:
    """Label every line; blank lines get None. ``evidence`` comes with HTML input."""
    index = [i for i, t in enumerate(lines) if t.strip()]
    texts = [lines[i].strip().strip(_INVISIBLE) for i in index]
    labels = label_lines(texts, [evidence[i] for i in index] if evidence else None, meta,
                         trace)
    out: list[str | None] = [None] * len(lines)
    for i, label in zip(index, labels, strict=True):
        out[i] = label
    return out


def label_lines(texts: list[str], evidence: list[LineEvidence] | None = None,
                meta: PageMeta | None = None, trace: Trace | None = None) -> list[str]:
    """The three stages over the non-blank lines of one document."""
    feats = line_features(texts)
    classes = [context_free(f) for f in feats]
    if evidence is not None:
        classes = [markup_class(f, c, e) for f, c, e in zip(feats, classes, evidence, strict=True)]
    return revise(feats, classes, evidence, trace)


def revise(feats: list[Features], classes: list[str],
           evidence: list[LineEvidence] | None = None, trace: Trace | None = None) -> list[str]:
    note = trace or _no_trace
    n = len(feats)
    if n == 0:
        return []
    weights = region_weights(feats, classes)
    for i in teaser_lines(feats, classes):
        weights[i] *= TEASER_WEIGHT_FACTOR if weights[i] > 0 else 1.0
    head, start, end = find_article(feats, classes, weights, evidence)
    inside: list[bool] | None = None
    if evidence is not None:
        start, end, inside = fit_container(classes, evidence, start, end, head)
    labels = [NAV] * n
    # the article region
    for i in range(start, end):
        if inside is None or inside[i] or classes[i] not in _CONTAINER_TEXT:
            labels[i] = _region_label(feats[i], classes[i])
    note("article", labels, classes=classes, weights=weights, head=head, start=start, end=end,
         inside=inside)
    # the head of the article: between the headline (or region start) and the region
    head_from = head + 1 if head is not None and head < start else max(0, start - 3)
    for i in range(head_from, start):
        labels[i] = _head_label(feats[i], classes[i])
    note("head", labels)
    if head is not None:
        # the title as shown, wherever it repeats above the text's end
        title = _norm(feats[head].text)
        for i in range(0 if _SITE_SUFFIX.search(feats[0].text) is None else 1, end):
            if labels[i] != BODY and feats[i].words == feats[head].words \
                    and _norm(feats[i].text) == title:
                labels[i] = HEADLINE
        note("title", labels)
        # a date or byline just above the title belongs to the article
        for i in range(max(0, head - HEAD_BEFORE_LINES), head):
            if classes[i] in (DATE, BYLINE_CUE) and labels[i] == NAV:
                labels[i] = _head_label(feats[i], classes[i])
        note("above title", labels)
    # just after the article: a source line or credit
    for i in range(end, min(n, end + TAIL_BYLINE_LINES)):
        if classes[i] == BYLINE_CUE:
            labels[i] = BYLINE
    note("tail", labels)
    _mark_related(feats, classes, labels, start, end)
    note("related", labels)
    _mark_captions(feats, classes, labels, start, end)
    note("captions", labels)
    _mark_live_blog(feats, classes, labels, start, end)
    note("live blog", labels)
    return labels


def fit_container(classes: list[str], evidence: list[LineEvidence], start: int, end: int,
                  head: int | None) -> tuple[int, int, list[bool] | None]:
    """Fit the article run to the element that holds its paragraphs (HTML input only).

    The class and id tokens that nearly every paragraph of the run shares name the
    article's container; the run grows to the container's first and last line of
    text (lists, tables and short lines the text stage found too weak), and text
    lines outside it (a box set into the run) drop out.
    """
    paragraphs = [evidence[i].tokens for i in range(start, end) if classes[i] == GOOD]
    share = CONTAINER_MIN_SHARE
    if len(paragraphs) < CONTAINER_MIN_PARAGRAPHS:
        if head is None:
            return start, end, None
        # a list or a table under the title, with hardly a paragraph: the lines under
        # the title, inside the element that holds the title, make the container
        below = range(head + 1, min(len(classes), head + 1 + SHORT_ARTICLE_LINES))
        paragraphs = [evidence[i].tokens for i in below if classes[i] in _CONTAINER_TEXT]
        share = SHORT_ARTICLE_SHARE
        if not paragraphs:
            return start, end, None
    counts = Counter(t for tokens in paragraphs for t in set(tokens))
    needed = share * len(paragraphs)
    shared = frozenset(t for t, c in counts.items() if c >= needed)
    if head is not None and len(paragraphs) and share == SHORT_ARTICLE_SHARE:
        shared &= frozenset(evidence[head].tokens[1:])
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
             if ok and i >= floor and classes[i] in _CONTAINER_TEXT]
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


# The label of a line inside the article run, by its class (the rest are body).
_REGION_LABELS: Final = {
    DATE: TIMESTAMP,
    BYLINE_CUE: BYLINE,
    CAPTION_CUE: CAPTION,
    NAV_CUE: NAV,
    FURNITURE: NAV,
    BOXED: NAV,
    RELATED_HEAD: RELATED,
    READ_MORE: RELATED,
}


def _region_label(f: Features, cls: str) -> str:
    if cls == LINK_LINE:
        return RELATED if f.words >= TEASER_MIN_WORDS else NAV
    return _REGION_LABELS.get(cls, BODY)


def _head_label(f: Features, cls: str) -> str:
    if cls == DATE:
        return TIMESTAMP
    if cls == BYLINE_CUE:
        return BYLINE
    if cls == CAPTION_CUE:
        return CAPTION
    if cls in (GOOD, NEAR):
        return BODY
    return NAV


def _teaser_like(f: Features, cls: str) -> bool:
    if cls in (NAV_CUE,):
        return False
    return f.words >= 3 or cls == DATE or f.text.isdigit()


def _mark_related(feats: list[Features], classes: list[str], labels: list[str],
                  start: int, end: int) -> None:
    n = len(feats)
    last_good = max((i for i in range(start, end) if classes[i] == GOOD), default=end)
    i = 0
    while i < n:
        cls = classes[i]
        if cls == READ_MORE:
            labels[i] = RELATED
        if cls != RELATED_HEAD:
            i += 1
            continue
        labels[i] = RELATED
        j = i + 1
        menu_run = 0
        while j < n:
            f, c = feats[j], classes[j]
            if c == RELATED_HEAD:
                labels[j] = RELATED
                menu_run = 0
                j += 1
                continue
            if c == GOOD and j <= last_good:
                break  # the article goes on
            if c in _BLOCK_ENDS:
                break
            if _teaser_like(f, c) or c == GOOD:
                menu_run = 0
            else:
                menu_run += 1
                if menu_run >= RELATED_MAX_MENU_RUN:
                    j -= menu_run - 1
                    break
            j += 1
        # strip trailing menu-like lines off the block
        k = j
        while k > i + 1 and not (_teaser_like(feats[k - 1], classes[k - 1])
                                 or classes[k - 1] in (GOOD, RELATED_HEAD)):
            k -= 1
        for m in range(i + 1, k):
            labels[m] = RELATED
        i = max(j, i + 1)


def _mark_captions(feats: list[Features], classes: list[str], labels: list[str],
                   start: int, end: int) -> None:
    """A short line just before a picture credit is the picture's caption."""
    for i in range(max(1, start), min(len(feats), end + 1)):
        if classes[i] != CAPTION_CUE or labels[i] != CAPTION:
            continue
        prev, above = i - 1, feats[i - 1]
        if above.chars >= CAPTION_MAX_CHARS:
            continue
        # any short line that is not a paragraph, or a body line without a full stop
        if (labels[prev] in (BODY, NAV) and classes[prev] != GOOD) or (
            labels[prev] == BODY and not above.terminal
        ):
            labels[prev] = CAPTION


def _mark_live_blog(feats: list[Features], classes: list[str], labels: list[str],
                    start: int, end: int) -> None:
    """In a live blog, the short line after an entry's time is the entry's title."""
    first = max(0, start - LIVE_LEAD_LINES)
    times = [i for i in range(first, end) if classes[i] == DATE]
    if len(times) < LIVE_MIN_TIMES:
        return
    for i in times:
        labels[i] = TIMESTAMP
        nxt = i + 1
        if nxt < end and labels[nxt] in (BODY, NAV) and classes[nxt] in (SHORT, NEAR) \
                and not feats[nxt].terminal and feats[nxt].words <= LIVE_TITLE_MAX_WORDS:
            labels[nxt] = HEADLINE
        prev = i - 1
        if prev >= start and labels[prev] == BODY and not feats[prev].terminal \
                and feats[prev].words <= LIVE_TITLE_MAX_WORDS and classes[prev] != GOOD:
            labels[prev] = CAPTION
