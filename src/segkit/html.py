"""HTML input: decode the bytes of a page, then render it as lines of text plus evidence.

The lines follow the layout of ``html_text.extract_text`` (one line per block of visible
text, the page ``<title>`` first, table rows on one line), because the text classifier was
tuned on renderings made that way; unlike those renderings, text that is not visible
(hidden elements, ``<noscript>``, SVG titles) is left out. Each line carries a
:class:`LineEvidence` with what the markup says about it (block tag, heading level,
landmarks such as nav/footer/aside, link density, class/id tokens, ``<time datetime>``),
and the page a :class:`PageMeta` with ``<meta>``, canonical link and schema.org JSON-LD
facts, so that later stages can use the structure that plain text has lost.

Everything is read in one iterative walk over a Lexbor tree (explicit stack, no recursion,
no per-node CSS queries): any nesting depth is safe and a page takes a few milliseconds.
"""

from __future__ import annotations

import codecs
import enum
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

import charset_normalizer
import regex
from selectolax.lexbor import LexborHTMLParser

from segkit.reader import (
    BOMS,
    MAX_CONTROL_SHARE,
    InputError,
    count_control_bytes,
    count_controls,
    decode_bom,
)

__all__ = [
    "MAX_TOKENS",
    "Flag",
    "HtmlPage",
    "LineEvidence",
    "PageMeta",
    "decode_html",
    "html_to_lines",
    "looks_like_html",
]

# --------------------------------------------------------------------------- decoding

# How far into the bytes a charset declaration is looked for.
_PRESCAN_BYTES: Final = 4096
# <meta charset=x> and <meta http-equiv=Content-Type content="text/html; charset=x">.
_META_CHARSET: Final = regex.compile(
    rb"""<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", regex.IGNORECASE
)
# Labels that the HTML standard maps to another encoding than Python's codec of that name.
_CHARSET_ALIASES: Final = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "x-user-defined": "cp1252",
    "iso-8859-9": "cp1254",
    "iso-8859-11": "cp874",
    "tis-620": "cp874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
}
# A page that can declare its charset in ASCII is not UTF-16/32: the standard reads UTF-8.
_WIDE: Final = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"})
_SINGLE_BYTE: Final = frozenset(
    {"cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257",
     "cp1258", "cp874", "cp437", "cp850", "cp866", "koi8-r", "koi8-u", "mac-roman"}
    | {f"iso8859-{n}" for n in range(1, 17)}
)
# The page that decode_html last read as UTF-8, as (text, bytes), until html_to_lines
# parses it: lexbor reads UTF-8, so it is given those bytes rather than the text encoded
# again (a twentieth of a page's time). Another text, even an equal one, is encoded.
_utf8_page: tuple[str, bytes] | None = None


def decode_html(data: bytes, name: str) -> str:
    """Decode the bytes of an HTML page as a browser would, or fail with a named error.

    Order: byte-order mark, then a ``<meta>`` charset in the first 4 KB, then UTF-8 if the
    bytes are valid UTF-8, then charset-normalizer's guess. One exception: a page that
    declares a single-byte legacy charset but is valid UTF-8 with non-ASCII bytes is read
    as UTF-8, because a stale declaration in a template is far more common than legacy
    text that happens to be valid UTF-8.
    """
    global _utf8_page
    if not data:
        raise InputError(name, "empty input")
    text, utf8 = _decode_bytes(data, name)
    if not text.strip():
        raise InputError(name, "input holds only white space")
    sample = text if len(text) <= 1_000_000 else text[:500_000] + text[-500_000:]
    # Bytes read as UTF-8 hold the text's controls: they are counted without encoding it.
    controls = count_control_bytes(data) if utf8 and sample is text else count_controls(sample)
    if controls > MAX_CONTROL_SHARE * len(sample):
        raise InputError(name, "binary data, not HTML")
    if utf8:
        _utf8_page = (text, data)
    return text


def _decode_bytes(data: bytes, name: str) -> tuple[str, bool]:
    """The text of ``data``, and whether it is ``data`` read as UTF-8."""
    text = decode_bom(data, name)
    if text is not None:
        return text, False
    if data.find(b"\x00", 0, 65536) != -1:
        raise InputError(name, "binary data, not HTML (NUL bytes)")
    declared = _declared_charset(data[:_PRESCAN_BYTES])
    if declared is not None:
        if declared in _SINGLE_BYTE and not data.isascii():
            utf8 = _try_utf8(data)
            if utf8 is not None:
                return utf8, True
        try:
            return data.decode(declared), declared == "utf-8"
        except UnicodeDecodeError:
            pass  # a wrong declaration: let the content decide
    utf8 = _try_utf8(data)
    if utf8 is not None:
        return utf8, True
    best = charset_normalizer.from_bytes(data).best()
    if best is None:
        raise InputError(name, "undecodable bytes: not UTF-8 and no other encoding fits")
    return str(best), False


def _try_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _declared_charset(head: bytes) -> str | None:
    """The Python codec named by the first usable ``<meta>`` charset declaration, if any."""
    for match in _META_CHARSET.finditer(head):
        label = match.group(1).decode("ascii", "replace").strip().lower()
        label = _CHARSET_ALIASES.get(label, label)
        try:
            codec = codecs.lookup(label).name
        except LookupError:
            continue
        return "utf-8" if codec in _WIDE else codec
    return None


_SNIFF_START: Final = regex.compile(
    r"""<(?:!doctype\s+html|html|head|body|meta|title|link|script|style|div|p|span|a|table
        |article|section|header|nav|main|h[1-6]|ul|ol|li|br|img|form|iframe|noscript)[\s/>]""",
    regex.IGNORECASE | regex.VERBOSE,
)
_SNIFF_PROLOGUE: Final = regex.compile(r"<(?:\?xml\b|!--)", regex.IGNORECASE)
_SNIFF_ANYWHERE: Final = regex.compile(
    r"<(?:!doctype\s+html|html|head|body)[\s/>]", regex.IGNORECASE
)


# Names that say a file is HTML (after any .gz); other inputs are sniffed.
HTML_SUFFIXES: Final = (".html", ".htm", ".xhtml", ".shtml")


def is_html(data: bytes, name: str) -> bool:
    """HTML by its name or, for any other name, by its first bytes."""
    return name.lower().removesuffix(".gz").endswith(HTML_SUFFIXES) or looks_like_html(data)


def looks_like_html(data: bytes) -> bool:
    """Whether bytes are HTML by their content, so inputs need not be recognised by name.

    True when, after a BOM and white space, the first KB starts with a doctype or a common
    tag, or with an XML declaration or comment followed by ``<html``/``<head``/``<body``.
    """
    head = data[:1024]
    for bom, encoding in BOMS:
        if head.startswith(bom):
            text = head.decode(encoding, "ignore")
            break
    else:
        text = head.decode("latin-1")
    text = text.lstrip()
    if _SNIFF_START.match(text):
        return True
    return bool(_SNIFF_PROLOGUE.match(text) and _SNIFF_ANYWHERE.search(text))


# --------------------------------------------------------------------------- results


class Flag(enum.IntFlag):
    """Bits of :attr:`LineEvidence.flags`: the context a line's text sits in.

    ``Flag(evidence.flags)`` shows them by name.
    """

    NAV = 1 << 0
    HEADER = 1 << 1
    FOOTER = 1 << 2
    ASIDE = 1 << 3
    FIGURE = 1 << 4
    FIGCAPTION = 1 << 5
    ARTICLE = 1 << 6
    MAIN = 1 << 7
    TIME = 1 << 8  # some of the line is inside <time>
    FORM = 1 << 9
    LI = 1 << 10
    LIST = 1 << 11  # inside <ul>/<ol>/<menu>
    BLOCKQUOTE = 1 << 12
    TABLE = 1 << 13
    ADDRESS = 1 << 14
    LINK = 1 << 15  # some of the line is inside <a href>
    ONE_LINK = 1 << 16  # all of the line is the text of one link
    ALT = 1 << 17  # the line is an image's alt text (only with ``alt_text=True``)


# Plain ints for the walk: IntFlag arithmetic is slow.
_LINK, _ONE_LINK, _ALT = int(Flag.LINK), int(Flag.ONE_LINK), int(Flag.ALT)
_LIST, _TIME = int(Flag.LIST), int(Flag.TIME)

# Longest class/id token tuple kept per line, nearest ancestors first.
MAX_TOKENS: Final = 32
# Uncached ancestors looked at per line, so that deep nesting costs little per line.
_MAX_TOKEN_ANCESTORS: Final = 48


@dataclass(slots=True)
class LineEvidence:
    """What the markup says about one line; compact, since pages have thousands of lines."""

    tag: str  # innermost block element holding the line ("p", "li", "tr", "title", "img"...)
    heading: int | None  # 1-6 inside <h1>-<h6>
    flags: int  # Flag bits
    list_depth: int  # number of enclosing <ul>/<ol>/<menu>
    link_density: float  # share of the line's non-space characters inside links
    tokens: tuple[str, ...]  # class/id/itemprop/role tokens of ancestors, nearest first
    datetime: str | None = None  # datetime attribute of the enclosing <time>

    def __init__(
        self, tag: str, heading: int | None, flags: int, list_depth: int,
        link_density: float, tokens: tuple[str, ...], datetime: str | None = None,
    ) -> None:
        # Written out, as mypyc compiles it: the one dataclass makes is interpreted code,
        # and a page builds thousands of these.
        self.tag = tag
        self.heading = heading
        self.flags = flags
        self.list_depth = list_depth
        self.link_density = link_density
        self.tokens = tokens
        self.datetime = datetime

    def has(self, flag: int) -> bool:
        """Whether every bit of ``flag`` is set."""
        return self.flags & flag == flag

    def to_dict(self) -> dict[str, object]:
        """JSON-ready evidence: flags by name rather than as a bit mask."""
        return {
            "tag": self.tag,
            "heading": self.heading,
            "flags": [f.name.lower() for f in Flag if f.name and self.flags & f],
            "list_depth": self.list_depth,
            "link_density": round(self.link_density, 3),
            "tokens": list(self.tokens),
            "datetime": self.datetime,
        }

    @property
    def in_nav(self) -> bool:
        return bool(self.flags & Flag.NAV)

    @property
    def in_header(self) -> bool:
        return bool(self.flags & Flag.HEADER)

    @property
    def in_footer(self) -> bool:
        return bool(self.flags & Flag.FOOTER)

    @property
    def in_aside(self) -> bool:
        return bool(self.flags & Flag.ASIDE)

    @property
    def in_figure(self) -> bool:
        return bool(self.flags & Flag.FIGURE)

    @property
    def in_figcaption(self) -> bool:
        return bool(self.flags & Flag.FIGCAPTION)

    @property
    def in_article(self) -> bool:
        return bool(self.flags & Flag.ARTICLE)

    @property
    def in_main(self) -> bool:
        return bool(self.flags & Flag.MAIN)

    @property
    def in_time(self) -> bool:
        return bool(self.flags & Flag.TIME)

    @property
    def in_form(self) -> bool:
        return bool(self.flags & Flag.FORM)

    @property
    def in_li(self) -> bool:
        return bool(self.flags & Flag.LI)

    @property
    def in_list(self) -> bool:
        return bool(self.flags & Flag.LIST)

    @property
    def in_blockquote(self) -> bool:
        return bool(self.flags & Flag.BLOCKQUOTE)

    @property
    def in_table(self) -> bool:
        return bool(self.flags & Flag.TABLE)

    @property
    def one_link(self) -> bool:
        return bool(self.flags & Flag.ONE_LINK)

    @property
    def from_alt(self) -> bool:
        return bool(self.flags & Flag.ALT)


@dataclass(slots=True)
class PageMeta:
    """Page-level facts from <head> and JSON-LD, read once per page."""

    title: str | None = None
    lang: str | None = None  # <html lang>
    canonical: str | None = None  # <link rel=canonical href>
    og_title: str | None = None
    og_site_name: str | None = None
    og_type: str | None = None
    og_url: str | None = None
    published_time: str | None = None  # <meta property=article:published_time>
    article_author: str | None = None  # <meta property=article:author>
    author: str | None = None  # <meta name=author>
    ld_types: tuple[str, ...] = ()  # every schema.org @type seen
    ld_headline: str | None = None
    ld_authors: tuple[str, ...] = ()
    ld_date_published: str | None = None
    ld_has_article_body: bool = False


@dataclass(slots=True)
class HtmlPage:
    """A page as lines of visible text, the evidence for each line, and page metadata."""

    lines: list[str]
    evidence: list[LineEvidence]
    meta: PageMeta = field(default_factory=PageMeta)

    @property
    def text(self) -> str:
        """The lines joined, as text mode would read them."""
        return "\n".join(self.lines)


# --------------------------------------------------------------------------- tag tables

# Kinds of element. Order matters: the walk tests ``kind > _PAGE`` for elements whose
# content is not walked, and ``kind <= _INLINE`` for inline ones. _GLUE elements (text
# formatting) join their text to the text around them as the source has it; the other
# inline elements (links, spans, buttons, table cells...) are set off by a space, as
# html_text does, because sites use them as separate items (menus, tag lists, cells) far
# more often than inside a word.
_GLUE, _INLINE, _BLOCK, _PAGE, _BREAK, _SKIP, _TITLE, _META, _LINK_EL, _SCRIPT, _IMG = range(11)

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

# --------------------------------------------------------------------------- tokens

_TOKEN_SPLIT: Final = regex.compile(r"[^\p{L}\p{N}]+|(?<=\p{Ll})(?=\p{Lu})")
# The same split for ASCII values without capitals (most are): other characters to spaces.
_ASCII_SEPARATORS: Final = str.maketrans(
    {c: " " for c in map(chr, range(128)) if not c.isalnum()}
)
_token_cache: dict[str, tuple[str, ...]] = {}
_own_cache: dict[tuple[str | None, ...], tuple[str, ...]] = {}
_CACHE_LIMIT: Final = 50_000


def _tokens(value: str) -> tuple[str, ...]:
    """Lowercased word tokens of a class/id value: ``relatedArticles__item-2`` gives
    related, articles, item. Single characters and numbers are dropped as noise."""
    cached = _token_cache.get(value)
    if cached is not None:
        return cached
    out: list[str] = []
    if value.isascii() and value.islower():
        parts = value.translate(_ASCII_SEPARATORS).split()
    else:
        parts = _TOKEN_SPLIT.split(value)
    for part in parts:
        if len(part) > 1 and not part.isdigit():
            part = part.lower()
            if part not in out:
                out.append(part)
    result = tuple(out)
    if len(_token_cache) > _CACHE_LIMIT:
        _token_cache.clear()
    _token_cache[value] = result
    return result


def _own_tokens(values: tuple[str | None, ...]) -> tuple[str, ...]:
    """Tokens of an element's (class, id, itemprop, role), cached across pages."""
    found = _own_cache.get(values)
    if found is not None:
        return found
    out: list[str] = []
    for value in values:
        if value:
            for token in _tokens(value):
                if token not in out:
                    out.append(token)
    result = tuple(out)
    if len(_own_cache) > _CACHE_LIMIT:
        _own_cache.clear()
    _own_cache[values] = result
    return result


def _materialise(chain: list[Any] | None) -> tuple[str, ...]:
    """The token tuple of a chain: nearest first, deduplicated, at most ``MAX_TOKENS``.

    A chain node is ``[own tokens, parent node, token tuple or None]``; each node's tuple is
    built once from its parent's and cached in the node. At most ``_MAX_TOKEN_ANCESTORS``
    uncached ancestors are looked at, so deep nesting costs little.
    """
    if chain is None:
        return ()
    cached: tuple[str, ...] | None = chain[2]
    if cached is not None:
        return cached
    pending: list[list[Any]] = []
    link: list[Any] | None = chain
    while link is not None and link[2] is None and len(pending) < _MAX_TOKEN_ANCESTORS:
        pending.append(link)
        link = link[1]
    tokens: tuple[str, ...] = link[2] if link is not None and link[2] is not None else ()
    for k in range(len(pending) - 1, -1, -1):
        node = pending[k]
        own: tuple[str, ...] = node[0]
        if tokens:
            # Both are free of duplicates, so this is own's tokens and then the others.
            seen = set(own)
            if not seen.isdisjoint(tokens):
                tokens = tuple([token for token in tokens if token not in seen])
            tokens = (own + tokens)[:MAX_TOKENS]
        else:
            tokens = own[:MAX_TOKENS]
        node[2] = tokens
    return tokens


def _descends(chain: list[Any] | None, ancestor: list[Any] | None, hops: int = 8) -> bool:
    """Whether ``ancestor`` is ``chain`` or one of its nearest ``hops`` ancestors."""
    while hops and chain is not None:
        if chain is ancestor:
            return True
        chain = chain[1]
        hops -= 1
    return chain is ancestor


# --------------------------------------------------------------------------- text

_WS: Final = regex.compile(r"\s+")
# Strings longer than this are normalised piecewise, to bound memory on huge lines.
_CHUNK: Final = 1 << 20
_SOFT: Final = "\x00"  # a space between inline elements unless punctuation follows; the parser
# turns NUL in the page into U+FFFD, so it cannot come from the page
_NO_SPACE_BEFORE: Final = frozenset(',:;.!?")')


def _chunks(text: str) -> Iterator[str]:
    """``text`` in pieces of about ``_CHUNK`` characters, cut at white space."""
    start, end = 0, len(text)
    while start < end:
        stop = start + _CHUNK
        if stop >= end:
            stop = end
        else:
            space = _WS.search(text, stop)
            stop = space.start() if space is not None else end
        yield text[start:stop]
        start = stop


def _normalise(text: str) -> str:
    """Runs of white space to one space, stripped."""
    if len(text) < _CHUNK:
        return " ".join(text.split())
    return " ".join(piece for piece in (" ".join(c.split()) for c in _chunks(text)) if piece)


def _nonspace(text: str) -> int:
    """Number of characters that are not white space."""
    if len(text) < _CHUNK:
        return len("".join(text.split()))
    return sum(len("".join(chunk.split())) for chunk in _chunks(text))


def _soften(raw: str) -> str:
    """Resolve soft spaces the way html_text spaces inline elements: a space, except next to
    white space, before closing punctuation and after an opening parenthesis."""
    pieces = raw.split(_SOFT)
    out = [pieces[0]]
    last = pieces[0][-1:]
    for piece in pieces[1:]:
        if not piece or piece.isspace():  # white space between soft spaces is one of them
            continue
        if last and not last.isspace():
            if piece[0].isspace():
                stripped = piece.lstrip()
                if stripped[:1] in _NO_SPACE_BEFORE:  # "link</a> ," reads "link,"
                    piece = stripped
            elif piece[0] not in _NO_SPACE_BEFORE and last != "(":
                out.append(" ")
        out.append(piece)
        last = piece[-1]
    return "".join(out)


# --------------------------------------------------------------------------- depth guard

# Lexbor's tree builder takes time quadratic in the nesting depth (each block start tag
# looks down the stack of open elements), so 100,000 nested <div>s would take half a
# minute. Pages with that many tags are scanned first, and tags nested deeper than
# _MAX_DEPTH are dropped (their text stays), much as browsers stop nesting at 512.
_DEEP_SCAN_TAGS: Final = 10_000
_MAX_DEPTH: Final = 512
_END_TAG_LOOKBACK: Final = 64
_TAG_SCAN: Final = regex.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]{0,4000}>")
_NOT_NESTING: Final = frozenset(
    "area base br col embed hr img input link meta param source track wbr"  # void
    " p li dt dd option optgroup tr td th tbody thead tfoot colgroup caption rb rt rtc rp"
    " html head body".split()  # closed implicitly by the parser
)


def _cap_depth(html: str) -> str:
    """``html`` without the tags of elements nested deeper than ``_MAX_DEPTH``."""
    if html.count("<") <= _DEEP_SCAN_TAGS:
        return html
    stack: list[tuple[str, bool]] = []  # (tag name, dropped)
    cuts: list[tuple[int, int]] = []
    for match in _TAG_SCAN.finditer(html):
        name = match.group(2).lower()
        if match.group(1):  # an end tag closes the nearest open element of its name
            for i in range(len(stack) - 1, max(len(stack) - _END_TAG_LOOKBACK, 0) - 1, -1):
                if stack[i][0] == name:
                    if stack[i][1]:
                        cuts.append(match.span())
                    del stack[i:]
                    break
        elif name not in _NOT_NESTING:
            deep = len(stack) >= _MAX_DEPTH
            stack.append((name, deep))
            if deep:
                cuts.append(match.span())
    if not cuts:
        return html
    kept = []
    start = 0
    for cut_start, cut_end in cuts:
        kept.append(html[start:cut_start])
        start = cut_end
    kept.append(html[start:])
    return "".join(kept)


# --------------------------------------------------------------------------- lines


def html_to_lines(html: str, *, alt_text: bool = False) -> HtmlPage:
    """Render a page as lines of visible text, one per block, with evidence for each line.

    The ``<title>`` comes first. Block elements and ``<br>`` end lines; a table row is one
    line. Text formatting elements (``<b>``, ``<em>``...) join text as the source has it
    (``a<b>b</b>`` is "ab"); other inline elements are set off by a space unless punctuation
    follows. Scripts, styles, embedded content and hidden elements are left out. With
    ``alt_text``, the alt text of images becomes a line of its own flagged
    :attr:`Flag.ALT` (off by default: the text renderings the classifier was tuned on have
    no alt text).
    """
    global _utf8_page
    page, _utf8_page = _utf8_page, None
    source: str | bytes = _cap_depth(html)
    if page is not None and page[0] is html and source is html:
        source = page[1]
    parser = LexborHTMLParser(source, scripting=True)
    walker = _Walker(alt_text)
    root = parser.root
    if root is not None:
        walker.walk(root)
    meta = walker.meta
    if walker.ld_json:
        _read_json_ld(walker.ld_json, meta)
    return HtmlPage(walker.lines, walker.evidence, meta)


def _hidden(attrs: dict[str, str | None], name: str) -> bool:
    """Whether an element hides itself by its attributes (style sheets are not read)."""
    if "hidden" in attrs:
        return True
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


# What the walk knows about the element it is in, shared by the element's children unless
# they change it: (flags, heading level, list depth, link number, datetime). The context of
# a piece of text is that state and the token chain node of its element.
_State = tuple[int, int, int, int, "str | None"]
_Context = tuple[_State, Any]
_ROOT_STATE: Final[_State] = (0, 0, 0, 0, None)
_ROOT_CONTEXT: Final[_Context] = (_ROOT_STATE, None)
_TITLE_EVIDENCE: Final = ("title", None, 0, 0, 0.0, ())


class _Walker:
    """One pass over the tree: lines, their evidence, and page metadata."""

    __slots__ = ("alt_text", "contexts", "evidence", "ld_json", "lines", "links", "meta", "texts",
                 "title")

    def __init__(self, alt_text: bool) -> None:
        self.alt_text = alt_text
        self.lines: list[str] = []
        self.evidence: list[LineEvidence] = []
        # The line being built: its raw text pieces (with soft spaces), the distinct
        # contexts of its non-blank pieces in order, and its pieces inside links.
        self.texts: list[str] = []
        self.contexts: list[_Context] = []
        self.links: list[str] = []
        self.meta = PageMeta()
        self.ld_json: list[str] = []
        self.title: str | None = None

    def walk(self, root: Any) -> None:
        """Visit the tree in document order with an explicit stack (any depth is fine)."""
        tags = _TAGS if self.alt_text else _TAGS_NO_ALT
        texts, contexts, links = self.texts, self.contexts, self.links
        glue, inline, skip, page = _GLUE, _INLINE, _SKIP, _PAGE
        text_id, a_id, soft = _TEXT_ID, _A_ID, _SOFT
        own_cache = _own_cache
        state = _ROOT_STATE
        chain: list[Any] | None = None
        context = _ROOT_CONTEXT
        block = "body"  # the innermost open block element: the tag of the line being built
        links_seen = 0
        # Token chain nodes by (own tokens, id of parent node): siblings with the same
        # classes share a node, so its token tuple is built once; the dict keeps the nodes
        # alive, so their ids are not reused.
        chains: dict[tuple[tuple[str, ...], int], list[Any]] = {}
        # Open elements: (node, what its end means: the enclosing block's tag for a block,
        # "" for an inline element set off by spaces, None for glue; context to restore,
        # or None when unchanged).
        stack: list[tuple[Any, str | None, _Context | None]] = []
        node = root
        while True:
            if node is None:
                if not stack:
                    break
                parent, outer, saved = stack.pop()
                if outer is not None:
                    if outer:
                        if texts:
                            self._flush(block)
                        block = outer
                    elif texts:
                        texts.append(soft)
                if saved is not None:
                    context = saved
                    state, chain = saved
                node = parent.next
                continue
            tag_id: int = node.tag_id
            if tag_id == text_id:
                if node.is_empty_text_node:  # ASCII white space only: a space at most
                    if texts:
                        texts.append(" ")
                else:
                    text = node.text_content
                    texts.append(text)
                    if not contexts or contexts[-1] is not context:
                        contexts.append(context)
                    if state[3]:
                        links.append(text)
                node = node.next
                continue
            info = tags.get(tag_id)
            attrs: dict[str, str | None]
            if info is None:  # span, custom elements...: inline, no context of their own
                attrs = node.attributes
                if not attrs:
                    if texts:
                        texts.append(soft)
                    stack.append((node, "", None))
                    node = node.first_child
                    continue
                kind, name, flag, heading = inline, "", 0, 0
            else:
                kind, name, flag, heading = info
                if kind == skip:
                    node = node.next
                    continue
                attrs = node.attributes
            if attrs and ("hidden" in attrs or "aria-hidden" in attrs or "style" in attrs) \
                    and _hidden(attrs, name):
                node = node.next
                continue
            if kind > page:
                self._leaf(kind, node, attrs, state, chain, block)
                node = node.next
                continue
            if kind == inline:
                outer = ""
                if texts:
                    texts.append(soft)
            elif kind == glue:
                outer = None
            else:
                if texts:
                    self._flush(block)
                outer = block
                block = name
                if kind == page:  # <html>, <body>: their tokens tell no line apart
                    block = "body"
                    if attrs and name == "html" and self.meta.lang is None:
                        lang = (attrs.get("lang") or attrs.get("xml:lang") or "").strip()
                        self.meta.lang = lang or None
                    stack.append((node, outer, None))
                    node = node.first_child
                    continue
            link = chain
            is_link = False
            if attrs:
                key = (attrs.get("class"), attrs.get("id"), attrs.get("itemprop"),
                       attrs.get("role"))
                own = own_cache.get(key)
                if own is None:
                    own = _own_tokens(key)
                if own:
                    link = chains.get((own, id(chain)))
                    if link is None:
                        link = chains[own, id(chain)] = [own, chain, None]
                is_link = tag_id == a_id and "href" in attrs
            if flag or heading or is_link:
                flags, level, depth, link_no, dt = state
                if flag:
                    flags |= flag
                    if flag == _LIST:
                        depth += 1
                    elif flag == _TIME:
                        dt = (attrs.get("datetime") or "").strip() or dt
                if heading:
                    level = heading
                if is_link:
                    links_seen += 1
                    link_no = links_seen
                    flags |= _LINK
                state = (flags, level, depth, link_no, dt)
                chain = link
                saved = context
                context = (state, chain)
            elif link is not chain:
                chain = link
                saved = context
                context = (state, chain)
            else:
                saved = None
            stack.append((node, outer, saved))
            node = node.first_child
        if texts:
            self._flush(block)
        if self.title:
            self.lines.insert(0, self.title)
            self.evidence.insert(0, LineEvidence(*_TITLE_EVIDENCE))

    def _leaf(
        self,
        kind: int,
        node: Any,
        attrs: dict[str, str | None],
        state: _State,
        chain: list[Any] | None,
        block: str,
    ) -> None:
        """Elements whose content is not walked: breaks, head metadata, scripts, images."""
        if kind == _BREAK:
            if self.texts:
                self._flush(block)
        elif kind == _TITLE:
            if self.title is None:
                self.title = self.meta.title = _normalise(node.text(deep=True)) or None
        elif kind == _META:
            key = (attrs.get("property") or attrs.get("name") or "").strip().lower()
            attr = _META_FIELDS.get(key)
            if attr is not None and getattr(self.meta, attr) is None:
                setattr(self.meta, attr, (attrs.get("content") or "").strip() or None)
        elif kind == _LINK_EL:
            rel = (attrs.get("rel") or "").lower().split()
            if self.meta.canonical is None and "canonical" in rel:
                self.meta.canonical = (attrs.get("href") or "").strip() or None
        elif kind == _SCRIPT:
            if (attrs.get("type") or "").strip().lower() == "application/ld+json":
                self.ld_json.append(node.text(deep=True))
        elif kind == _IMG:
            alt = _normalise(attrs.get("alt") or "")
            if alt:
                if self.texts:
                    self._flush(block)
                flags, level, depth, link_no, dt = state
                flags |= _ALT | (_ONE_LINK if link_no else 0)
                self.lines.append(alt)
                self.evidence.append(LineEvidence(
                    "img", level or None, flags, depth, 1.0 if link_no else 0.0,
                    _materialise(chain), dt,
                ))

    def _flush(self, block: str) -> None:
        """End the line being built: join its pieces, normalise spaces, attach evidence."""
        texts, contexts, links = self.texts, self.contexts, self.links
        while len(texts) > 1 and (texts[-1] == _SOFT or texts[-1] == " "):  # nothing to space
            texts.pop()
        raw = texts[0] if len(texts) == 1 else "".join(texts)
        texts.clear()
        if _SOFT in raw:
            raw = _soften(raw)
        text = " ".join(raw.split()) if len(raw) < _CHUNK else _normalise(raw)
        if not text or not contexts:
            contexts.clear()
            links.clear()
            return
        (flags, level, depth, _link_no, dt), chain = contexts[0]
        if len(contexts) == 1:
            tokens = _materialise(chain)
        else:
            # The line's tokens are those of all its pieces' chains. Usually these lie on one
            # line of descent (a link in a paragraph), and the deepest one holds them all.
            others = None
            for (more_flags, _level, _depth, _more_link, more_dt), more_chain in contexts:
                flags |= more_flags
                if dt is None:
                    dt = more_dt
                if more_chain is not chain:
                    if _descends(more_chain, chain):
                        chain = more_chain
                    elif not _descends(chain, more_chain):
                        others = [more_chain] if others is None else [*others, more_chain]
            tokens = _materialise(chain)
            if others:
                for more_chain in others:
                    tokens += _materialise(more_chain)
                tokens = tuple(dict.fromkeys(tokens))[:MAX_TOKENS]
        density = 0.0
        if links:
            if len(contexts) == 1:
                density = 1.0
                flags |= _ONE_LINK
            else:
                link_chars = sum(_nonspace(piece) for piece in links)
                total = len(text) - text.count(" ")
                density = min(1.0, link_chars / total) if total else 0.0
                if link_chars >= total and len({c[0][3] for c in contexts}) == 1:
                    flags |= _ONE_LINK
            links.clear()
        contexts.clear()
        self.lines.append(text)
        self.evidence.append(LineEvidence(block, level or None, flags, depth, density, tokens, dt))


_META_FIELDS: Final = {
    "og:title": "og_title",
    "og:site_name": "og_site_name",
    "og:type": "og_type",
    "og:url": "og_url",
    "article:published_time": "published_time",
    "article:author": "article_author",
    "author": "author",
}


# --------------------------------------------------------------------------- JSON-LD

# Comment and CDATA wrappers that old pages put around script content, in any nesting.
_LD_WRAPPER_START: Final = regex.compile(r"(?:\s|//|<!--|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)*")
_LD_WRAPPER_END: Final = regex.compile(r"(?:\s|//|-->|/\*\s*\]\]>\s*\*/|\]\]>)+\Z")
_ARTICLE_TYPES: Final = regex.compile(r"(?:Article|BlogPosting|Posting|Report|Review)$")
# Bounds on the JSON walked per page, so a hostile blob cannot take long.
_MAX_LD_NODES: Final = 20_000


def _read_json_ld(scripts: list[str], meta: PageMeta) -> None:
    """Fill the ``ld_*`` fields of ``meta`` from the page's JSON-LD; bad JSON is skipped."""
    candidates: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    types: list[str] = []
    for raw in scripts:
        data = _parse_json(raw)
        if data is None:
            continue
        stack: list[Any] = [data]
        visited = 0
        while stack and visited < _MAX_LD_NODES:
            item = stack.pop()
            visited += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
                continue
            if not isinstance(item, dict):
                continue
            for type_name in _as_strings(item.get("@type")):
                if type_name not in types:
                    types.append(type_name)
            ident = item.get("@id")
            if isinstance(ident, str) and ident not in by_id and "name" in item:
                by_id[ident] = item
            if any(k in item for k in ("headline", "datePublished", "articleBody")):
                candidates.append(item)
            stack.extend(reversed([v for v in item.values() if isinstance(v, dict | list)]))
    meta.ld_types = tuple(types)
    if not candidates:
        return
    articles = [c for c in candidates if any(
        _ARTICLE_TYPES.search(t) for t in _as_strings(c.get("@type")))]
    chosen = {id(c) for c in articles}
    ordered = articles + [c for c in candidates if id(c) not in chosen]
    for item in ordered:
        if meta.ld_headline is None:
            headline = item.get("headline")
            if isinstance(headline, str) and headline.strip():
                meta.ld_headline = _normalise(headline)
        if meta.ld_date_published is None:
            date = item.get("datePublished")
            if isinstance(date, str) and date.strip():
                meta.ld_date_published = date.strip()
        if not meta.ld_authors:
            meta.ld_authors = _author_names(item.get("author"), by_id)
        if not meta.ld_has_article_body:
            body = item.get("articleBody")
            meta.ld_has_article_body = isinstance(body, str) and bool(body.strip())


def _parse_json(raw: str) -> Any:
    start = _LD_WRAPPER_START.match(raw)
    text = (raw[start.end():] if start else raw).rstrip()
    # The end pattern only on the tail: tried at every position of a long run of white
    # space, it would take quadratic time.
    tail = text[-100:]
    text = text[: len(text) - len(tail)] + _LD_WRAPPER_END.sub("", tail, count=1)
    if not text:
        return None
    for strict in (True, False):
        try:
            return json.loads(text, strict=strict)
        except (ValueError, RecursionError):
            continue
    return None


def _as_strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _author_names(value: Any, by_id: dict[str, dict[str, Any]]) -> tuple[str, ...]:
    """Names from a schema.org author: a string, a Person/Organization, or a list of them."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:50]:
        name: Any = None
        if isinstance(item, str):
            name = item
        elif isinstance(item, dict):
            name = item.get("name")
            if name is None and isinstance(item.get("@id"), str):
                name = by_id.get(item["@id"], {}).get("name")
            if isinstance(name, list):
                name = next((n for n in name if isinstance(n, str)), None)
        if isinstance(name, str):
            name = _normalise(name)
            if name and name not in names:
                names.append(name)
    return tuple(names)
