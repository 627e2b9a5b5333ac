"""Stage 4 of the classifier: labels from classes, revised by the lines around them.

Like jusText's context-sensitive pass: the article region found by ``region`` gives each
line a first label; then, step by step, the document's shape revises them: the head of
the article (byline, date) between the headline and the run, the title where it repeats,
a byline just after the article, blocks of related links, captions beside picture
credits, live-blog entries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from segkit.classify.classes import (
    BOXED,
    BYLINE_CUE,
    CAPTION_CUE,
    COMMENTS_HEAD,
    DATE,
    FURNITURE,
    GOOD,
    LINK_LINE,
    NAV_CUE,
    NEAR,
    READ_MORE,
    RELATED_HEAD,
    SHORT,
)
from segkit.classify.features import Features
from segkit.classify.region import (
    CONTAINER_TEXT,
    SITE_SUFFIX,
    TEASER_MIN_WORDS,
    Region,
    norm_title,
)
from segkit.labels import BODY, BYLINE, CAPTION, HEADLINE, NAV, RELATED, TIMESTAMP

# Without a headline above the run, the run's head is this many lines above it.
HEAD_NO_TITLE_LINES: Final = 3
# A date or byline this close above the headline is the article's.
HEAD_BEFORE_LINES: Final = 2
# Lines this close after the article may still be its byline or source credit.
TAIL_BYLINE_LINES: Final = 3
# A related block ends after this many consecutive menu-like lines (one or two words).
RELATED_MAX_MENU_RUN: Final = 3
# A caption set above a picture credit is shorter than this many characters...
CAPTION_ABOVE_CREDIT_MAX_CHARS: Final = 300
# ...and the credit lies in the article run or at most this many lines after it.
CAPTION_AFTER_RUN_LINES: Final = 1
# Live blog: a page with at least this many time-only lines inside the article.
LIVE_MIN_TIMES: Final = 3
# An entry title has at most this many words.
LIVE_TITLE_MAX_WORDS: Final = 20
# The first entry's time may stand this many lines above the run of text.
LIVE_LEAD_LINES: Final = 3

_BLOCK_ENDS: Final = frozenset((NAV_CUE, COMMENTS_HEAD, FURNITURE, BOXED))

# ``segkit explain`` passes one: after each step of ``revise`` it gets the step's name and
# the labels so far (one per non-blank line); the first step also gets the facts behind
# them (``classes``, ``weights``, ``head``, ``start``, ``end``, ``inside``).
Trace = Callable[..., object]


def _no_trace(step: str, labels: list[str], **facts: object) -> None:
    pass


def revise(feats: list[Features], classes: list[str], region: Region,
           trace: Trace | None = None) -> list[str]:
    """The label of each line: the article run's first, then each revision in turn."""
    note = trace or _no_trace
    head, start, end = region.head, region.start, region.end
    labels = run_labels(feats, classes, region)
    note("article", labels, classes=classes, weights=region.weights, head=head, start=start,
         end=end, inside=region.inside)
    mark_head(feats, classes, labels, head, start)
    note("head", labels)
    if head is not None:
        mark_title(feats, labels, head, end)
        note("title", labels)
        mark_above_title(feats, classes, labels, head)
        note("above title", labels)
    mark_tail(classes, labels, end)
    note("tail", labels)
    mark_related(feats, classes, labels, start, end)
    note("related", labels)
    mark_captions(feats, classes, labels, start, end)
    note("captions", labels)
    mark_live_blog(feats, classes, labels, start, end)
    note("live blog", labels)
    return labels


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


def run_labels(feats: list[Features], classes: list[str], region: Region) -> list[str]:
    """Lines of the article run by their class; text outside its container and the rest nav."""
    labels = [NAV] * len(feats)
    inside = region.inside
    for i in range(region.start, region.end):
        if inside is None or inside[i] or classes[i] not in CONTAINER_TEXT:
            labels[i] = _region_label(feats[i], classes[i])
    return labels


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


def mark_head(feats: list[Features], classes: list[str], labels: list[str],
              head: int | None, start: int) -> None:
    """The head of the article: the lines between the headline (or above the run) and it."""
    first = head + 1 if head is not None and head < start else max(0, start - HEAD_NO_TITLE_LINES)
    for i in range(first, start):
        labels[i] = _head_label(feats[i], classes[i])


def mark_title(feats: list[Features], labels: list[str], head: int, end: int) -> None:
    """The title as shown, wherever it repeats above the text's end (not in a paragraph)."""
    title = norm_title(feats[head].text)
    words = feats[head].words
    for i in range(0 if SITE_SUFFIX.search(feats[0].text) is None else 1, end):
        if labels[i] != BODY and feats[i].words == words and norm_title(feats[i].text) == title:
            labels[i] = HEADLINE


def mark_above_title(feats: list[Features], classes: list[str], labels: list[str],
                     head: int) -> None:
    """A date or byline just above the title belongs to the article."""
    for i in range(max(0, head - HEAD_BEFORE_LINES), head):
        if classes[i] in (DATE, BYLINE_CUE) and labels[i] == NAV:
            labels[i] = _head_label(feats[i], classes[i])


def mark_tail(classes: list[str], labels: list[str], end: int) -> None:
    """Just after the article: a source line or credit."""
    for i in range(end, min(len(classes), end + TAIL_BYLINE_LINES)):
        if classes[i] == BYLINE_CUE:
            labels[i] = BYLINE


def _teaser_like(f: Features, cls: str) -> bool:
    if cls == NAV_CUE:
        return False
    return f.words >= TEASER_MIN_WORDS or cls == DATE or f.text.isdigit()


def mark_related(feats: list[Features], classes: list[str], labels: list[str],
                 start: int, end: int) -> None:
    """"Read more" links, and the blocks of links under a related-articles header."""
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
        j = _related_block_end(feats, classes, labels, i, last_good)
        # strip trailing menu-like lines off the block
        k = j
        while k > i + 1 and not (_teaser_like(feats[k - 1], classes[k - 1])
                                 or classes[k - 1] in (GOOD, RELATED_HEAD)):
            k -= 1
        for m in range(i + 1, k):
            labels[m] = RELATED
        i = max(j, i + 1)


def _related_block_end(feats: list[Features], classes: list[str], labels: list[str],
                       i: int, last_good: int) -> int:
    """Where the block under the header at ``i`` ends; headers inside it are labelled."""
    n = len(feats)
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
    return j


def mark_captions(feats: list[Features], classes: list[str], labels: list[str],
                  start: int, end: int) -> None:
    """A short line just before a picture credit is the picture's caption."""
    for i in range(max(1, start), min(len(feats), end + CAPTION_AFTER_RUN_LINES)):
        if classes[i] != CAPTION_CUE or labels[i] != CAPTION:
            continue
        prev, above = i - 1, feats[i - 1]
        if above.chars >= CAPTION_ABOVE_CREDIT_MAX_CHARS:
            continue
        # any short line that is not a paragraph, or a body line without a full stop
        if (labels[prev] in (BODY, NAV) and classes[prev] != GOOD) or (
            labels[prev] == BODY and not above.terminal
        ):
            labels[prev] = CAPTION


def mark_live_blog(feats: list[Features], classes: list[str], labels: list[str],
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
