"""Tag tables: what kind of element each Lexbor tag id is, and whether it hides itself.

The walk looks every element up in :data:`TAGS` by its integer tag id (no string
compares per node) and gets its kind, name, context flag and heading level at once.
"""

from __future__ import annotations

from typing import Final

import regex
from selectolax.lexbor import LexborHTMLParser

from segkit.evidence import Flag
from segkit.html.tokens import own_tokens

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
NAV: Final = int(Flag.NAV)
LINK: Final = int(Flag.LINK)
ONE_LINK: Final = int(Flag.ONE_LINK)
PERSON_LINK: Final = int(Flag.PERSON_LINK)
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
# Elements whose aria-hidden is ignored (it hides from screen readers, not from the eye):
# pages set it on all their content while a modal is open, and dropping the page for that
# would lose everything.
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
# Lexbor's id of each tag the table names: the streaming walk (stream.py) meets tags by name.
NAME_IDS: Final = {info[1]: tag_id for tag_id, info in TAGS.items() if info[1]}
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
    if aria and aria.strip().lower() == "true" and name not in _ARIA_HIDDEN_IGNORED \
            and not is_repeated_link(attrs, name):
        return True
    style = attrs.get("style")
    if style:
        style = style.lower()
        if "none" in style or "hidden" in style:
            squeezed = "".join(style.split())
            return "display:none" in squeezed or "visibility:hidden" in squeezed
    return False


def is_repeated_link(attrs: dict[str, str | None], name: str) -> bool:
    """Whether an element is a link that repeats another, kept out of the tab order and from
    screen readers (``aria-hidden="true" tabindex="-1"``) but shown: a card's teaser or
    image linking where its headline does. A link hidden from the eye needs no tabindex."""
    return name == "a" and "href" in attrs and (attrs.get("tabindex") or "").strip() == "-1"


# The ids React gives the server-rendered parts it streams, a number in hex (see is_hidden).
_STREAMED: Final = regex.compile(r"S:[0-9a-fA-F]+$")

# A collapsed panel (a tab, an accordion fold, a FAQ answer, a "read more") is the page's
# content shown on a click; browsers keep it in the page, html_text renders it. Its role
# or its class/id tokens say so (tokens kept where they marked more of the WCXB gold than
# of other text: not "toggle", "truncate", "disclosure", which mark pickers and cut text)...
_PANEL_ROLES: Final = frozenset({"tabpanel", "region"})
_PANEL_TOKENS: Final = frozenset(
    "accordion accordian collapse collapsible tab tabs tabpanel pane panel faq faqs answer"
    " expander".split()
)
# ...unless it is hidden boilerplate: a dialog, a menu, a banner, a form behind a button.
# (The walk also keeps out panels inside <nav> or below an element with these tokens.)
_BOILERPLATE_ROLES: Final = frozenset(
    {"dialog", "alertdialog", "menu", "menubar", "navigation", "tooltip", "listbox", "banner",
     "search"}
)
BOILERPLATE_TOKENS: Final = frozenset(
    "modal modals popup popups popover dialog dialogs overlay lightbox menu menus megamenu"
    " submenu dropdown nav navbar navigation offcanvas drawer banner cookie cookies consent gdpr"
    " newsletter subscribe signup login signin search cart minicart tooltip toast alert"
    " alerts notification notifications".split()
)


def is_panel(attrs: dict[str, str | None], own: tuple[str, ...],
             controlled: bool = False) -> bool:
    """Whether a hidden element is a collapsed panel of content (see ``_PANEL_ROLES``), by
    its attributes, its own class/id tokens ``own``, and whether a control of the page
    shows it (``controlled``: its id is in a button's ``aria-controls``, the accordions'
    and tabs' way of naming their panels).

    ``hidden="until-found"`` is by definition content the browser reveals when searched.
    """
    if (attrs.get("hidden") or "").strip().lower() == "until-found":
        return True
    role = (attrs.get("role") or "").strip().lower()
    if role in _BOILERPLATE_ROLES or "aria-modal" in attrs:
        return False
    if not BOILERPLATE_TOKENS.isdisjoint(own):
        return False
    return controlled or role in _PANEL_ROLES or not _PANEL_TOKENS.isdisjoint(own)


# A wrapper hidden by visibility:hidden or opacity:0 until scripts run is read when it
# holds at least this share of the text of the <body>; menus, modals and cookie banners
# hidden that way hold far less...
WRAPPER_SHARE: Final = 0.5
# ...and one hidden by display:none when it holds at least this share: sign-in forms and
# menus on a page of little text reach half of it.
DISPLAY_NONE_WRAPPER_SHARE: Final = 0.7


def wrapper_share(attrs: dict[str, str | None]) -> float:
    """The share of the page's text a hidden element must hold to be read as a wrapper of
    the page shown once scripts run; 0 when its way of hiding rules that out.

    ``visibility:hidden`` and ``opacity:0`` fade pages in (Next.js and other frameworks);
    ``display:none`` also hides content that scripts move or unlock (async fragments, age
    gates), but it is the usual way to hide boilerplate too, so such a wrapper must hold
    more. The ``hidden`` attribute is not a wrapper's (see ``is_hidden`` for React's).
    """
    if "hidden" in attrs:
        return 0.0
    style = "".join((attrs.get("style") or "").lower().split())
    if "display:none" in style:
        own = own_tokens((attrs.get("class"), attrs.get("id"), None, None))
        return DISPLAY_NONE_WRAPPER_SHARE if BOILERPLATE_TOKENS.isdisjoint(own) else 0.0
    if "visibility:hidden" in style or _TRANSPARENT.search(style) is not None:
        return WRAPPER_SHARE
    return 0.0


_TRANSPARENT: Final = regex.compile(r"(?:^|;)opacity:0*\.?0*(?:;|$)")
