"""The streaming walk: a page too big for a parse tree, rendered as lines as it is read.

Lexbor's tree of a page of short lines costs about 430 bytes a line (its element and
its text node), so a 64 MiB page (``--max-bytes``) of such lines would need a tree of
about 900 MB. A page whose tree would pass :data:`MAX_TREE_BYTES` is read instead by
the standard library's tokenizer (``html.parser``), fed a piece at a time, which holds
only the open elements. Each event drives the walker of :mod:`segkit.html.walker`
(its ``_Walker``: the same tag tables, contexts, tokens, line breaks and evidence), so the
lines are the tree walk's on ordinary markup. What needs the whole tree is left out
(``docs/reliability.md``): the page's element structure (the model's structure columns;
a page this big skips the model anyway), the second reading of a page whose content is
in ``<noscript>``, and hidden wrappers weighed against the page's text (a hidden
element is left out unless it is a collapsed panel). The tree builder's repairs are
approximated: implied end tags (a block closes an open ``<p>``, an item the item before
it, a cell the cell before it), end tags that close the elements inside them, stray end
tags ignored; misnested formatting (the adoption agency) and foster-parented table text
are not reproduced.
"""

from __future__ import annotations

from array import array
from html import unescape
from html.parser import HTMLParser
from typing import Any, Final

from segkit.evidence import HtmlPage, PageStructure
from segkit.html.metadata import read_json_ld, repair_meta
from segkit.html.mojibake import repair_lines
from segkit.html.tags import NAME_IDS

# Lexbor's tree costs about this many bytes per tag of a page (measured on pages of
# short <p> lines: 430 bytes a line, an element and its text node, two tags)...
TREE_BYTES_PER_TAG: Final = 220
# ...and a page whose tree would pass this is streamed: 40% of the 500 MB a worker's
# whole document may take (issue 15), the rest left to its lines, labels and output.
MAX_TREE_BYTES: Final = 200 << 20
# Characters fed to the tokenizer at a time: its unparsed rest and its events are all
# it holds.
FEED_CHARS: Final = 1 << 20
# Open elements an end tag looks through for its start (as the depth cap does): a stray
# end tag on a deep page must not cost the depth.
END_TAG_LOOKBACK: Final = 64

# Elements that close an open <p> (HTML's "close a p element in button scope")...
_CLOSES_P: Final = frozenset(
    "address article aside blockquote center details dialog dir div dl dd dt fieldset"
    " figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr li listing main menu"
    " nav ol p plaintext pre search section summary table ul xmp".split()
)
# ...and the elements a <p>, an item or a cell is not closed across.
_P_SCOPE: Final = frozenset("table td th caption button object template html".split())
_ROW_SCOPE: Final = frozenset("table template".split())
_HEADINGS: Final = frozenset("h1 h2 h3 h4 h5 h6".split())
# Their end tags close what is open in them up to the table (cells included).
_TABLE_PARTS: Final = frozenset("table caption tbody thead tfoot tr td th".split())
# HTML's special elements: the end tag of an ordinary element (a span, a custom element)
# does not close one (``<span><p></span>`` leaves both open)...
_SPECIAL: Final = frozenset(
    "address applet area article aside base basefont bgsound blockquote body br button caption"
    " center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer form"
    " frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li"
    " link listing main marquee menu meta nav noembed noframes noscript object ol p param"
    " plaintext pre script search section select source style summary table tbody td template"
    " textarea tfoot th thead title tr track ul wbr xmp".split()
)
# ...while their own end tags close what is inside them. (A formatting element's end tag
# with a block inside it leaves the block open, the text that follows in it, as HTML's
# adoption agency does; the block is not split.)
# An item is not closed across a special element other than these.
_ITEM_SCOPE: Final = _SPECIAL - {"address", "div", "p"}
# An element of the key closes the open elements of its value first (within the scope).
_CLOSES: Final = {
    "li": (frozenset({"li"}), _ITEM_SCOPE),
    "dt": (frozenset({"dt", "dd"}), _ITEM_SCOPE),
    "dd": (frozenset({"dt", "dd"}), _ITEM_SCOPE),
    "tr": (frozenset({"tr", "td", "th"}), _ROW_SCOPE),
    "td": (frozenset({"td", "th"}), frozenset({"tr", *_ROW_SCOPE})),
    "th": (frozenset({"td", "th"}), frozenset({"tr", *_ROW_SCOPE})),
    "tbody": (frozenset({"tbody", "thead", "tfoot"}), _ROW_SCOPE),
    "thead": (frozenset({"tbody", "thead", "tfoot"}), _ROW_SCOPE),
    "tfoot": (frozenset({"tbody", "thead", "tfoot"}), _ROW_SCOPE),
    "a": (frozenset({"a"}), _P_SCOPE),
    "option": (frozenset({"option"}), frozenset({"select", "datalist"})),
}
# Start tags that end an <svg> (HTML breaks out of foreign content at them).
_BREAK_OUT: Final = frozenset(
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i"
    " img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt"
    " u ul var".split()
)
_VOID: Final = frozenset(
    "area base br col embed hr img input keygen link meta param source track wbr".split()
)
# Read as raw text, to their end tag (the tokenizer does so for script and style): their
# content is not markup to a browser with scripts on. <title> and <textarea> are that too,
# with character references.
_RAW: Final = frozenset("iframe noembed noframes noscript xmp title textarea".split())
_ESCAPED_RAW: Final = frozenset({"title", "textarea"})
# Raw-text elements whose text is shown, as a line's text.
_SHOWN_RAW: Final = frozenset({"textarea", "xmp"})
# How an open element was met: the walker entered it; it is the root of a subtree the walker
# skipped (hidden, a script's fallback, an SVG); it is inside one.
_ENTERED: Final = 0
_SKIP_ROOT: Final = 1
_SKIPPED: Final = 2
# Inside a skipped subtree an end tag looks this far for its start: its elements say
# nothing, but its root's end must be found.
SKIPPED_LOOKBACK: Final = 1024
# html and body: opened once; a repeated start tag is ignored, as browsers merge it into
# the first, and their end tags wait for the end of the page.
_ONCE: Final = frozenset({"html", "body"})


def tree_bytes(html: str) -> int:
    """Roughly what Lexbor's tree of ``html`` would take: its tags and its characters."""
    return html.count("<") * TREE_BYTES_PER_TAG + len(html)


def too_big_for_a_tree(html: str) -> bool:
    """Whether ``html`` is read by :func:`stream_to_lines` rather than parsed whole."""
    return tree_bytes(html) > MAX_TREE_BYTES


def stream_to_lines(html: str, walker: Any) -> HtmlPage:
    """``walker.html_to_lines`` of a page, read a piece at a time without a tree, by
    ``walker`` (a new ``walker._Walker``, passed in: the walker imports this module)."""
    reader = _Reader(walker)
    for start in range(0, len(html), FEED_CHARS):
        reader.feed(html[start:start + FEED_CHARS])
        reader.forget_structure()
    reader.close()
    walker = reader.walker
    walker.walk(None)  # closes what is still open, ends the last line, puts the title first
    if walker.ld_json:
        read_json_ld(walker.ld_json, walker.meta)
    lines = repair_lines(walker.all_lines())
    repair_meta(walker.meta)
    structure = PageStructure([-1] * len(lines), [], [])
    return HtmlPage(lines, walker.evidence, walker.meta, structure)


class _Node:
    """What the walker reads of an element (or a text) the tokenizer gave: a Lexbor node's
    attributes, with no children or siblings to go on to (the tokenizer brings them)."""

    __slots__ = ("attributes", "content", "is_empty_text_node", "tag", "text_content")
    first_child: Final = None
    next: Final = None

    def __init__(self, tag: str, attributes: dict[str, str | None] | None = None,
                 content: str = "") -> None:
        self.tag = tag
        self.attributes = attributes or {}
        self.content = self.text_content = content
        # Lexbor's empty text node: ASCII white space only.
        self.is_empty_text_node = not content.strip(" \t\n\r\f")

    def text(self, deep: bool = True, separator: str = "") -> str:
        return self.content


class _Reader(HTMLParser):
    """Tokenizer events to walker calls, with the open elements as the only state."""

    def __init__(self, walker: Any) -> None:
        super().__init__(convert_charrefs=True)
        self.walker = walker
        # Open elements, (name, how it was met); whether one is a skipped subtree's root.
        self.open: list[tuple[str, int]] = []
        self.skipping = False
        self.in_svg = False  # the skipped subtree is an <svg>: foreign, not HTML
        self.once: set[str] = set()
        # A raw-text element read to its end tag: its name and attributes, and its text.
        self.raw: tuple[str, dict[str, str | None]] | None = None
        self.raw_text: list[str] = []

    def forget_structure(self) -> None:
        """Drop the element numbers the walker keeps for the tree's structure, which this
        walk does not give (see the module): kept, they would grow with the page."""
        walker = self.walker
        walker.parents = array("i")
        walker.line_nodes = array("i")
        walker.sigs = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._starttag(tag, attrs, closed=False)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """``<div/>``: in HTML the slash closes nothing, but in a skipped subtree (SVG,
        where it does close) the element is not kept open."""
        self._starttag(tag, attrs, closed=self.skipping)

    def _starttag(self, tag: str, attrs: list[tuple[str, str | None]], closed: bool) -> None:
        if tag in _ONCE:
            if tag in self.once or self.skipping:
                return
            self.once.add(tag)
        attributes: dict[str, str | None] = {}
        for name, value in attrs:
            attributes.setdefault(name, value)  # the first of a repeated attribute counts
        if tag in _RAW or tag in self.CDATA_CONTENT_ELEMENTS:
            self.set_cdata_mode(tag)
            self.raw, self.raw_text = (tag, attributes), []
            return
        if self.skipping and tag in _BREAK_OUT:
            self._close_nearest(frozenset({"svg"}), frozenset())
        self._implied_ends(tag)
        if self.skipping:
            if not closed and tag not in _VOID:
                self.open.append((tag, _SKIPPED))
            return
        self._start(tag, attributes)

    def _start(self, tag: str, attributes: dict[str, str | None]) -> None:
        """Open an element: the walker enters it, reads it as a leaf, or skips it."""
        walker = self.walker
        depth = len(walker.stack)
        walker._enter(_Node(tag, attributes), NAME_IDS.get(tag, -1))
        if tag in _VOID:
            return
        if len(walker.stack) > depth:
            self.open.append((tag, _ENTERED))
        else:
            self.open.append((tag, _SKIP_ROOT))
            self.skipping, self.in_svg = True, tag == "svg"

    def _implied_ends(self, tag: str) -> None:
        """Close what a start tag closes before it opens: an open <p> before a block, an
        item before the next, a heading before a heading."""
        if tag in _CLOSES_P:
            self._close_nearest(frozenset({"p"}), _P_SCOPE)
        rule = _CLOSES.get(tag)
        if rule is not None:
            self._close_nearest(*rule)
        if tag in _HEADINGS and self.open and self.open[-1][0] in _HEADINGS:
            self._pop_to(len(self.open) - 1)

    def _close_nearest(self, names: frozenset[str], scope: frozenset[str],
                       end_tag: bool = False) -> bool:
        """Close the nearest open element named in ``names``, unless a ``scope`` element
        comes first (for an ``end_tag`` in SVG, one outside it); whether one was closed."""
        open_ = self.open
        k = len(open_) - 1
        stop = k - (SKIPPED_LOOKBACK if self.skipping else END_TAG_LOOKBACK)
        while k >= 0 and k > stop:
            name, how = open_[k]
            if name in names:
                self._pop_to(k)
                return True
            if name in scope and not (end_tag and how == _SKIPPED and self.in_svg):
                break
            if how == _SKIP_ROOT:  # outside a skipped subtree, the usual lookback
                stop = max(stop, k - END_TAG_LOOKBACK)
            k -= 1
        return False

    def _pop_to(self, k: int) -> None:
        """Close the open elements from the innermost down to the ``k``-th."""
        walker, open_ = self.walker, self.open
        while len(open_) > k:
            how = open_.pop()[1]
            if how == _ENTERED:
                walker._close()
            elif how == _SKIP_ROOT:
                self.skipping = False

    def handle_endtag(self, tag: str) -> None:
        if self.raw is not None:
            self._end_raw()
            return
        if tag in _ONCE:
            return
        if self.skipping and tag in ("p", "br"):  # these end an <svg> too
            self._close_nearest(frozenset({"svg"}), frozenset())
        if tag == "br" and not self.skipping:  # </br> is a <br>
            self._start("br", {})
            return
        names = _HEADINGS if tag in _HEADINGS else frozenset({tag})
        scope = _ROW_SCOPE if tag in _TABLE_PARTS else _P_SCOPE if tag in _SPECIAL else _SPECIAL
        if not self._close_nearest(names, scope, end_tag=True) and tag == "p" and not self.skipping:
            self._start("p", {})  # </p> with no <p> open: an empty paragraph, a break
            self._pop_to(len(self.open) - 1)

    def _end_raw(self) -> None:
        """The end of a raw-text element: a leaf for the walker (title, script), a
        skipped element (style, noscript...), or text (textarea, xmp)."""
        assert self.raw is not None
        tag, attributes = self.raw
        text = "".join(self.raw_text).replace("\x00", "\ufffd")
        self.raw, self.raw_text = None, []
        self.clear_cdata_mode()
        if self.skipping:
            return
        if tag in _ESCAPED_RAW:
            text = unescape(text)
        if tag in _SHOWN_RAW:
            self._implied_ends(tag)
            self._start(tag, attributes)
            self.handle_data(text)
            self._close_nearest(frozenset({tag}), frozenset())
            return
        self.walker._enter(_Node(tag, attributes, text), NAME_IDS.get(tag, -1))

    def handle_data(self, data: str) -> None:
        if self.raw is not None:
            self.raw_text.append(data)
            return
        if self.skipping or not data:
            return
        # The parser drops NUL from text (the walker's soft space is NUL).
        self.walker._text(_Node("", None, data.replace("\x00", "")))

    def close(self) -> None:
        if self.raw is not None:  # a raw-text element the page never ends holds the rest
            self.raw_text.append(self.rawdata)
            self.rawdata = ""
            self._end_raw()
        super().close()
