"""Daily8 (daily8.com), a news aggregator that reposts wire stories whole.

An article page is the logo, the title (shown twice), a source line fused with its age
(``Valley Ledger2 hours ago``), the wire's dateline and credit, the story with
captions each followed by a ``Photographer/Agency`` credit, then the site's AI promo and
comment widget, a ``Related Articles`` block of teasers, and an app banner.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

import segkit
from segkit import Block, Document, Site

LOGO = r"(?i)^(?:site )?logo$"
# The source name run together with the age of the repost.
SOURCE_AGE = r"^\S.{0,60}?(?:\d+|an?) (?:second|minute|hour|day|week|month|year)s? ago$"
# A wire credit ending in a dash: ``AP —``, ``Northwire -``.
WIRE = r"^\p{Lu}[\p{L}\p{N}&'. ]{1,40} [—–-]$"
# A dateline: one to three capitalised places separated by commas (``Lyon, France``).
PLACE = r"\p{Lu}\p{Ll}+(?:[ -]\p{Lu}\p{Ll}+){0,2}"
DATELINE = rf"^{PLACE}(?:, {PLACE}){{1,2}}$"
# A photo credit: names joined by slashes, no sentence punctuation.
PHOTO_CREDIT = r"^[^.!?/]{2,60}(?:/[^.!?/]{2,40})+$"
# Running text ends a sentence (possibly inside a closing quote or bracket).
SENTENCE = r"^\s*\S.{18,}[.!?…:;]['\"”’»)\]]*\s*$"
# Where the site's widgets (AI promo, comments) start after the story.
WIDGETS = r"(?i)^(?:\p{L}+ background|try our ai features)$"
RELATED = r"(?i)^related articles$"
APP_BANNER = r"(?i)^download the app$"

_LOGO = regex.compile(LOGO, regex.VERSION1)
_PHOTO_CREDIT = regex.compile(PHOTO_CREDIT, regex.VERSION1)
_WIDGETS = regex.compile(WIDGETS, regex.VERSION1)


def refine(doc: Document) -> None:
    """Set what a single-line pattern cannot: the title and the caption above a credit.

    The title is the first line after the logo and is repeated verbatim; a caption is
    any sentence, so only the credit line below it marks it.
    """
    lines = [ln for ln in doc.lines if not ln.blank]
    end = next((i for i, ln in enumerate(lines) if _WIDGETS.search(ln.text)), len(lines))
    story = lines[:end]
    if not story:  # a page of blank lines, or one that opens with the widgets
        return
    title = next((ln.text for ln in story if not _LOGO.search(ln.text)), None)
    for line, below in zip(story, [*story[1:], None], strict=True):
        if line.text == title:
            line.label = "headline"
        elif (
            below is not None
            and _PHOTO_CREDIT.search(below.text)
            and not _PHOTO_CREDIT.search(line.text)
        ):
            line.label = "caption"


def site() -> Site:
    """The Daily8 aggregator; chosen by domain or by its own name in its promos."""
    return Site(
        name="daily8",
        domains=("daily8.com",),
        signature=r"(?i)\bdaily8\s+(?:ai|app)\b",
        rules={
            LOGO: "nav",
            SOURCE_AGE: "byline",
            WIRE: "byline",
            DATELINE: "byline",
            PHOTO_CREDIT: "caption",
            SENTENCE: "body",
        },
        blocks=(
            Block(start=WIDGETS, label="nav", end=RELATED),
            Block(start=RELATED, label="related", end=APP_BANNER),
            Block(start=APP_BANNER, label="nav"),
        ),
        refine=refine,
    )


@segkit.hookimpl
def register_sites(register: Callable[[Site], object]) -> None:
    """Give segkit this site; called once when the plugins load."""
    register(site())
