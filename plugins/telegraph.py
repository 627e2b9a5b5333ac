"""The Telegraph's live blogs (telegraph.co.uk), also as reposted whole by other sites.

A live blog is the page title, a summary, then entries newest first: a time such as
``09:05 AM BST``, the entry title, paragraphs, picture lines (``Pictured: …``,
``Credit: AP``). Reposts end in the host's category menu (``- Travel``). The
structure decides every label, so the generic classifier's guesses do not matter here.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

import segkit
from segkit import Block, Document, Site

# An entry time: a line that is only a clock time and a British time zone.
TIME = r"^\d{1,2}:\d{2}\s?[AP]M (?:BST|GMT)$"
# A picture line: the Telegraph prefixes captions and credits with a keyword.
PICTURE = r"^(?:Pictured|Credit|Image|Photo|Video)s?: "
# Running text ends a sentence (possibly inside a closing quote or bracket).
SENTENCE = r"^\s*\S.{18,}[.!?…:;]['\"”’»)\]]*\s*$"
# A menu entry of the host site: a dash, then a few words without sentence punctuation.
MENU_ITEM = r"^- [^.!?]{1,40}$"
# A caption standing alone: short, no final punctuation.
LOOSE_CAPTION = r"^[^.!?:]{3,80}$"
_LOOSE_CAPTION = regex.compile(LOOSE_CAPTION, regex.VERSION1)
_TIME = regex.compile(TIME, regex.VERSION1)


def refine(doc: Document) -> None:
    """Set what depends on position: the page title, and captions left before a time.

    A pattern sees one line; "first line of the page" and "the line before an entry
    time" need the neighbours.
    """
    lines = [ln for ln in doc.lines if not ln.blank]
    if not lines:
        return
    lines[0].label = "headline"
    for i in range(1, len(lines) - 1):
        before_time = _TIME.search(lines[i + 1].text)
        entry_title = _TIME.search(lines[i - 1].text)
        if before_time and not entry_title and _LOOSE_CAPTION.search(lines[i].text):
            lines[i].label = "caption"


def site() -> Site:
    """The Telegraph live-blog site; chosen by domain or by its entry times and picture lines."""
    return Site(
        name="telegraph",
        domains=("telegraph.co.uk",),
        # At least three entry times and a picture line: a Telegraph live blog.
        signature=rf"(?ms)\A(?=.*?{PICTURE})(?:.*?{TIME}){{3}}",
        rules={
            TIME: "timestamp",
            PICTURE: "caption",
            MENU_ITEM: "nav",
            SENTENCE: "body",
        },
        after={TIME: "headline"},
        blocks=(
            # A one-line block: a picture line right after a time is a caption, not the
            # entry title that ``after`` gives (blocks are applied after ``after``).
            Block(start=PICTURE, label="caption", end=r"\S"),
        ),
        refine=refine,
    )


@segkit.hookimpl
def register_sites(register: Callable[[Site], object]) -> None:
    """Give segkit this site; called once when the plugins load."""
    register(site())
