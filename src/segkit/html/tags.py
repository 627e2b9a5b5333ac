"""Tag tables: what kind of element each Lexbor tag id is, and whether it hides itself.

The walk looks every element up in :data:`TAGS` by its integer tag id (no string
compares per node) and gets its kind, name, context flag and heading level at once.
"""

from __future__ import annotations

from typing import Final

import regex
from selectolax.lexbor import LexborHTMLParser

from segkit.evidence import Flag

# Kinds of element. Order matters: the walk tests ``kind > PAGE`` for elements whose
# content is not walked. GLUE elements (text formatting) join their text to the text
# around them as the source has it; the other INLINE elements (links, spans, buttons,
# table cells...) are set off by a space, as html_text does, because sites use them as
# separate items (menus, tag lists, cells) far more often than inside a word.
GLUE: Final = 0
INLINE: Final = 1
BLOCK: Final = 2
PAGE: Final = 3  # <html>, <body>
BREAK: Final = 4  # <br>, <hr>: leaves from here on
SKIP: Final = 5
TITLE: Final = 6
META: Final = 7
LINK_EL: Final = 8
SCRIPT: Final = 9
IMG: Final = 10

# Plain ints for the walk: IntFlag arithmetic is slow.
LINK: Final = int(Flag.LINK)
ONE_LINK: Final = int(Flag.ONE_LINK)
ALT: Final = int(Flag.ALT)
LIST: Final = int(Flag.LIST)
TIME: Final = int(Flag.TIME)

_BLOCK_TAGS: Final = (
    "address article aside blockquote caption center dd details dialog dir div dl dt"
    " fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup legend li"
    " listing main menu nav ol p plaintext pre search section summary table tbody tfoot thead"
    " tr ul xmp"
).split()
_GLUE_TAGS: Final = (
    "abbr acronym b bdi bdo big cite code data del dfn em font i ins kbd mark nobr q rp rt"
    " ruby s samp small strike strong sub sup tt u var wbr"
).split()
# Not rendered as text: styles, embedded and fallback content, form inputs. (<script>
# is a leaf of its own, for JSON-LD.)
_SKIP_TAGS: Final = (
    "applet audio base canvas embed frame frameset iframe input map noembed noframes noscript"
    " object param style svg template video"
).split()
_LEAF_KINDS: Final = {"br": BREAK, "hr": BREAK, "title": TITLE, "meta": META, "link": LINK_EL,
                      "script": SCRIPT, "img": IMG}
_CONTEXT_FLAGS: Final = {
    "nav": Flag.NAV,
    "header": Flag.HEADER,
    "footer": Flag.FOOTER,
    "aside": Flag.ASIDE,
    "figure": Flag.FIGURE,
    "figcaption": Flag.FIGCAPTION,
    "article": Flag.ARTICLE,
    "main": Flag.MAIN,
    "time": Flag.TIME,
    "form": Flag.FORM,
    "li": Flag.LI,
    "ul": Flag.LIST,
    "ol": Flag.LIST,
    "menu": Flag.LIST,
    "dir": Flag.LIST,
    "blockquote": Flag.BLOCKQUOTE,
    "table": Flag.TABLE,
    "address": Flag.ADDRESS,
}
# Elements whose aria-hidden is ignored: pages set it on all their content while a modal is
# open, and dropping the page for that would lose everything.
_ARIA_HIDDEN_IGNORED: Final = frozenset({"html", "body", "main", "article"})
TEXT_ID: Final = 2  # Lexbor's LXB_TAG__TEXT
# Lexbor's ids of undef, document, em-comment, comment, doctype and processing instruction.
_NON_ELEMENT_IDS: Final = frozenset({0, 1, 3, 4, 5, 6})


def _kind(name: str) -> int:
    """The kind of a tag the tables name."""
    if name in ("html", "body"):
        return PAGE
    if name in _LEAF_KINDS:
        return _LEAF_KINDS[name]
    if name in _SKIP_TAGS:
        return SKIP
    if name in _BLOCK_TAGS:
        return BLOCK
    if name in _GLUE_TAGS:
        return GLUE
    return INLINE


def _tag_table() -> dict[int, tuple[int, str, int, int]]:
    """Lexbor tag id -> (kind, name, context flag, heading level) for the tags that matter.

    Standard tags have fixed ids in Lexbor; anything else (span, custom elements) is an
    inline element set off by spaces. Comments and doctypes are skipped.
    """
    probe = LexborHTMLParser("")
    table: dict[int, tuple[int, str, int, int]] = {
        tag_id: (SKIP, "", 0, 0) for tag_id in _NON_ELEMENT_IDS
    }
    names = {*_BLOCK_TAGS, *_GLUE_TAGS, *_SKIP_TAGS, *_LEAF_KINDS, *_CONTEXT_FLAGS}
    for name in names | {"html", "body", "a"}:
        heading = int(name[1]) if len(name) == 2 and name[0] == "h" and name[1].isdigit() else 0
        flag = int(_CONTEXT_FLAGS.get(name, 0))
        table[probe.create_node(name).tag_id] = (_kind(name), name, flag, heading)
    return table


TAGS: Final = _tag_table()
# Without alt text, images are skipped before their attributes are read.
TAGS_NO_ALT: Final = {k: (SKIP, *v[1:]) if v[0] == IMG else v for k, v in TAGS.items()}
A_ID: Final = LexborHTMLParser("").create_node("a").tag_id
# The tables for a page whose content is in <noscript>, parsed with scripting off: there
# <noscript> is a block like <div> (see walker.noscript_holds_content).
_NOSCRIPT: Final = (LexborHTMLParser("").create_node("noscript").tag_id, (BLOCK, "noscript", 0, 0))
TAGS_NOSCRIPT: Final = dict([*TAGS.items(), _NOSCRIPT])
TAGS_NOSCRIPT_NO_ALT: Final = dict([*TAGS_NO_ALT.items(), _NOSCRIPT])


def is_hidden(attrs: dict[str, str | None], name: str) -> bool:
    """Whether an element hides itself by its attributes (style sheets are not read).

    React streams server-rendered parts in ``<div hidden id="S:1">`` that a script moves
    into place: that is the page's content, not hidden content.
    """
    if "hidden" in attrs:
        ident = attrs.get("id")
        return not (ident and _STREAMED.match(ident))
    aria = attrs.get("aria-hidden")
    if aria and aria.strip().lower() == "true" and name not in _ARIA_HIDDEN_IGNORED:
        return True
    style = attrs.get("style")
    if style:
        style = style.lower()
        if "none" in style or "hidden" in style:
            squeezed = "".join(style.split())
            return "display:none" in squeezed or "visibility:hidden" in squeezed
    return False


# The ids React gives the server-rendered parts it streams (see is_hidden).
_STREAMED: Final = regex.compile(r"S:\d+$")


def is_visible_wrapper(attrs: dict[str, str | None]) -> bool:
    """Whether an element is hidden only until scripts run: by ``visibility:hidden`` or
    ``opacity:0`` in its style, not by ``display:none`` or the ``hidden`` attribute."""
    if "hidden" in attrs:
        return False
    style = "".join((attrs.get("style") or "").lower().split())
    if "display:none" in style:
        return False
    return "visibility:hidden" in style or _TRANSPARENT.search(style) is not None


_TRANSPARENT: Final = regex.compile(r"(?:^|;)opacity:0*\.?0*(?:;|$)")
