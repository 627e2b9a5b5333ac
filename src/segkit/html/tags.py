"""Tag tables: what kind of element each Lexbor tag id is."""

from __future__ import annotations

from typing import Final

from selectolax.lexbor import LexborHTMLParser

from segkit.evidence import Flag

# Kinds of element. Order matters: the walk tests ``kind > _PAGE`` for elements whose
# content is not walked, and ``kind <= _INLINE`` for inline ones. _GLUE elements (text
# formatting) join their text to the text around them as the source has it; the other
# inline elements (links, spans, buttons, table cells...) are set off by a space, as
# html_text does, because sites use them as separate items (menus, tag lists, cells) far
# more often than inside a word.
_GLUE, _INLINE, _BLOCK, _PAGE, _BREAK, _SKIP, _TITLE, _META, _LINK_EL, _SCRIPT, _IMG = range(11)

# Plain ints for the walk: IntFlag arithmetic is slow.
_LINK, _ONE_LINK, _ALT = int(Flag.LINK), int(Flag.ONE_LINK), int(Flag.ALT)
_LIST, _TIME = int(Flag.LIST), int(Flag.TIME)

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
_LEAF_KINDS: Final = {"br": _BREAK, "hr": _BREAK, "title": _TITLE, "meta": _META, "link": _LINK_EL,
               "script": _SCRIPT, "img": _IMG}
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
_TEXT_ID: Final = 2  # Lexbor's LXB_TAG__TEXT
# Lexbor's ids of undef, document, em-comment, comment, doctype and processing instruction.
_NON_ELEMENT_IDS: Final = frozenset({0, 1, 3, 4, 5, 6})


def _tag_table() -> dict[int, tuple[int, str, int, int]]:
    """Lexbor tag id -> (kind, name, context flag, heading level) for the tags that matter.

    Standard tags have fixed ids in Lexbor; anything else (span, custom elements) is an
    inline element set off by spaces. Comments and doctypes are skipped.
    """
    probe = LexborHTMLParser("")
    table: dict[int, tuple[int, str, int, int]] = {
        tag_id: (_SKIP, "", 0, 0) for tag_id in _NON_ELEMENT_IDS
    }
    names = {*_BLOCK_TAGS, *_GLUE_TAGS, *_SKIP_TAGS, *_LEAF_KINDS, *_CONTEXT_FLAGS}
    for name in names | {"html", "body", "a"}:
        if name in ("html", "body"):
            kind = _PAGE
        elif name in _LEAF_KINDS:
            kind = _LEAF_KINDS[name]
        elif name in _SKIP_TAGS:
            kind = _SKIP
        elif name in _BLOCK_TAGS:
            kind = _BLOCK
        elif name in _GLUE_TAGS:
            kind = _GLUE
        else:
            kind = _INLINE
        heading = int(name[1]) if len(name) == 2 and name[0] == "h" and name[1].isdigit() else 0
        flag = int(_CONTEXT_FLAGS.get(name, 0))
        table[probe.create_node(name).tag_id] = (kind, name, flag, heading)
    return table


_TAGS: Final = _tag_table()
# Without alt text, images are skipped before their attributes are read.
_TAGS_NO_ALT: Final = {k: (_SKIP, *v[1:]) if v[0] == _IMG else v for k, v in _TAGS.items()}
_A_ID: Final = LexborHTMLParser("").create_node("a").tag_id
