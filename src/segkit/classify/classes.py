"""Stage 2 of the classifier: a first class for each line, from its own features.

Like jusText's context-free classification: a line is a paragraph, a sentence, a short
line or one of the cue classes (a date, a byline...) by what it says about itself; with
HTML input the markup around it may say more (``markup_class``). The classes are
internal: their values start with ``~``, so none can be mistaken for one of the seven
labels of ``segkit.labels`` (``revise`` turns classes into labels).
"""

from __future__ import annotations

from typing import Final

from segkit.classify.features import Features
from segkit.classify.wordlists import BYLINE_TOKENS, CAPTION_TOKENS, FURNITURE_TOKENS
from segkit.evidence import Flag, LineEvidence

GOOD: Final = "~good"          # a paragraph of running text
NEAR: Final = "~near"          # a sentence, too short to vouch for itself
SHORT: Final = "~short"        # a short line: a subheading, a menu entry, a teaser title
DATE: Final = "~date"
BYLINE_CUE: Final = "~byline"
CAPTION_CUE: Final = "~caption"
NAV_CUE: Final = "~nav"
RELATED_HEAD: Final = "~related"
READ_MORE: Final = "~read_more"
COMMENTS_HEAD: Final = "~comments"  # the reader comments start here: the article has ended
INVISIBLE: Final = "~invisible"     # only zero-width characters: takes the label around it
# Classes only HTML markup gives:
FURNITURE: Final = "~furniture"     # inside <nav>, <header>, <footer> or <aside>
LINK_LINE: Final = "~link"          # a link, or mostly links: a menu entry or a teaser
BOXED: Final = "~boxed"             # in an element classed as furniture (share, promo, comments...)

# Every class, for tests and tools (``segkit explain`` names each).
ALL_CLASSES: Final = frozenset((
    GOOD, NEAR, SHORT, DATE, BYLINE_CUE, CAPTION_CUE, NAV_CUE, RELATED_HEAD, READ_MORE,
    COMMENTS_HEAD, INVISIBLE, FURNITURE, LINK_LINE, BOXED,
))

# A paragraph has at least this many characters...
GOOD_MIN_CHARS: Final = 80
# ...and, in a cased script, at least this share of its words starting in lower case
# (titles, menus and teaser headlines capitalise most words).
GOOD_MIN_LOWER: Final = 0.35
# ...and ends like a sentence, or has at least this many words (a paragraph cut short
# of its full stop, a quote ending in a name).
GOOD_MIN_WORDS_UNENDED: Final = 15
# ...and, in a language segkit knows, at least this share of function words, as running
# text has (jusText's stopword density): a long line without them is a list of names,
# tags or keywords.
GOOD_MIN_STOP_SHARE: Final = 0.15
# A sentence too short to be a paragraph still has this many words.
NEAR_MIN_WORDS: Final = 5
# A line with a furniture cue is furniture up to this length (copyright lines at any).
NAV_MAX_CHARS: Final = 120
# Class and id tokens of a line's nearest elements (this many) that name what it is.
MARKUP_NEAR_TOKENS: Final = 8
# A byline in the markup (an element classed "byline" or "author") has at most this
# many words.
MARKUP_BYLINE_MAX_WORDS: Final = 12
# A line with at least this share of its characters inside links is a link line.
LINK_LINE_DENSITY: Final = 0.5
# ...but a paragraph of running text stays one up to this share (news links its sources).
LINKED_PARAGRAPH_DENSITY: Final = 0.8

# Flag bits as plain ints: IntFlag arithmetic costs a Python call per line.
_FURNITURE_FLAGS: Final = int(Flag.NAV | Flag.HEADER | Flag.FOOTER | Flag.ASIDE)
_FIGCAPTION_FLAG: Final = int(Flag.FIGCAPTION)
_ONE_LINK_FLAG: Final = int(Flag.ONE_LINK)


def context_free(f: Features) -> str:
    """The class of a line from its text alone: the cues first, then its length and shape."""
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
        f.terminal or f.words >= GOOD_MIN_WORDS_UNENDED
    ) and (f.stop_share < 0 or f.stop_share >= GOOD_MIN_STOP_SHARE):
        return GOOD
    if f.words >= NEAR_MIN_WORDS and f.terminal and f.lower_share >= GOOD_MIN_LOWER:
        return NEAR
    if f.nav:
        return NAV_CUE
    return SHORT


def markup_class(f: Features, cls: str, ev: LineEvidence) -> str:
    """What the markup adds to a line's class (HTML input only).

    Page furniture elements, figure captions and lines that are links say more about a
    line than its words; block headers and comment headers keep their text-found class.
    """
    if cls in (RELATED_HEAD, COMMENTS_HEAD, INVISIBLE):
        return cls
    if ev.flags & _FURNITURE_FLAGS:
        return FURNITURE
    if ev.flags & _FIGCAPTION_FLAG:
        return CAPTION_CUE
    near = ev.tokens[:MARKUP_NEAR_TOKENS]
    if not CAPTION_TOKENS.isdisjoint(near):
        return CAPTION_CUE
    if f.words <= MARKUP_BYLINE_MAX_WORDS and not BYLINE_TOKENS.isdisjoint(near):
        return BYLINE_CUE
    if not FURNITURE_TOKENS.isdisjoint(near):
        return BOXED
    if ev.flags & _ONE_LINK_FLAG or ev.link_density >= (
        LINKED_PARAGRAPH_DENSITY if cls == GOOD else LINK_LINE_DENSITY
    ):
        return LINK_LINE
    return cls


def line_classes(feats: list[Features],
                 evidence: list[LineEvidence] | None = None) -> list[str]:
    """The class of each line: from its text, then (HTML input) from its markup."""
    return marked_classes(feats, [context_free(f) for f in feats], evidence)


def marked_classes(feats: list[Features], free: list[str],
                   evidence: list[LineEvidence] | None) -> list[str]:
    """The context-free classes ``free``, with what the markup says (HTML input)."""
    if evidence is None:
        return free
    return [markup_class(f, c, e) for f, c, e in zip(feats, free, evidence, strict=True)]
