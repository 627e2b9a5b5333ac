"""The DOM walk: render a parsed page as lines of visible text, each with its evidence.

The lines follow the layout of ``html_text.extract_text`` (one line per block of visible
text, the page ``<title>`` first, table rows on one line), because the text classifier was
tuned on renderings made that way; unlike those renderings, text that is not visible
(hidden elements, ``<noscript>``, SVG titles) is left out. Each line carries a
:class:`LineEvidence` (block tag, heading level, landmarks such as nav/footer/aside, link
density, class/id tokens, ``<time datetime>``) and the page a :class:`PageMeta`
(:mod:`segkit.html.metadata`).

One iterative walk over a Lexbor tree (explicit stack, no recursion, no per-node CSS
queries): any nesting depth is safe and a page takes a few milliseconds. The walk's hot
methods keep their state on the walker (native attributes once compiled with mypyc) and
allocate only what they keep: a stack entry per open element, a context per change of
context.
"""

from __future__ import annotations

import ctypes
import sys
from array import array
from functools import cache
from typing import Any, Final

import regex
from selectolax.lexbor import LexborHTMLParser

from segkit.evidence import MAX_TOKENS, HtmlPage, LineEvidence, PageMeta, PageStructure
from segkit.html import stream
from segkit.html.links import link_target, page_host
from segkit.html.metadata import (
    read_json_ld,
    read_lang,
    read_link_tag,
    read_meta_tag,
    repair_meta,
)
from segkit.html.mojibake import repair_lines
from segkit.html.tags import (
    A_ID,
    ALT,
    BOILERPLATE_TOKENS,
    BREAK,
    GLUE,
    IMG,
    INLINE,
    LINK,
    LINK_EL,
    LIST,
    META,
    NAV,
    ONE_LINK,
    PAGE,
    PERSON_LINK,
    SCRIPT,
    SKIP,
    TAGS,
    TAGS_NO_ALT,
    TAGS_NOSCRIPT,
    TAGS_NOSCRIPT_NO_ALT,
    TEXT_ID,
    TIME,
    TITLE,
    is_hidden,
    is_panel,
    wrapper_share,
)
from segkit.html.text import (
    CHUNK,
    SOFT,
    SOFT_HYPHEN,
    cap_depth,
    nonspace,
    normalise,
    soften,
)
from segkit.html.tokens import descends, materialise, own_tokens


def html_to_lines(html: str, *, utf8: bytes | None = None, alt_text: bool = False) -> HtmlPage:
    """Render a page as lines of visible text, one per block, with evidence for each line.

    The ``<title>`` comes first. Block elements and ``<br>`` end lines; a table row is one
    line. Text formatting elements (``<b>``, ``<em>``...) join text as the source has it
    (``a<b>b</b>`` is "ab"); other inline elements are set off by a space unless punctuation
    follows or they split a word's capital from its rest (``<span>T</span>he`` is "The").
    Scripts, styles, embedded content and hidden elements are left out. With ``alt_text``,
    the alt text of images becomes a line of its own flagged :attr:`Flag.ALT` (off by
    default: the text renderings the classifier was tuned on have no alt text). ``utf8``,
    the bytes ``html`` was decoded from when they are UTF-8
    (:func:`segkit.inputs.charset.decode_html_page`), is parsed instead of encoding the
    text again: lexbor reads UTF-8, and that saves a twentieth of a page's time.

    A page whose tree would be too big (``stream.too_big_for_a_tree``) is read as it
    streams instead, with no tree: the same lines, less of the structure
    (:mod:`segkit.html.stream`).
    """
    if stream.too_big_for_a_tree(html):
        walker = _Walker(alt_text)
        walker.wrapper_checks = MAX_WRAPPER_CHECKS  # no wrapper is weighed against the page
        return stream.stream_to_lines(html, walker)
    source: str | bytes = cap_depth(html)
    if utf8 is not None and source is html:
        source = utf8
    has_noscript = _NOSCRIPT_TAG.search(html) is not None
    parser = LexborHTMLParser(source, scripting=True)
    walker = _Walker(alt_text)
    root = parser.root
    if root is not None:
        walker.walk(root)
        if has_noscript and noscript_holds_content(parser, walker.nonspace_chars()):
            # One tree at a time: the first goes before the page is parsed again.
            del root, parser
            walker = _Walker(alt_text, noscript=True)
            parser = LexborHTMLParser(source, scripting=False)
            root = parser.root
            if root is not None:
                walker.walk(root)
    # The tree goes before the page object is built: its memory and that of the lines
    # the classifier builds next do not add up (on a page of a million short lines the
    # tree is about 430 MB).
    del root, parser
    if len(html) >= TRIM_AFTER_CHARS:
        give_back_freed_memory()
    meta = walker.meta
    if walker.ld_json:
        read_json_ld(walker.ld_json, meta)
    structure = PageStructure(walker.line_nodes.tolist(), walker.parents.tolist(),
                              walker.sigs)
    repair_meta(meta)
    return HtmlPage(repair_lines(walker.all_lines()), walker.evidence, meta, structure)


# A page of at least this many characters hands its tree's freed memory back to the
# system once walked, before its lines are unpacked: glibc keeps it otherwise, and the
# Python objects made next would come on top (a page of a million short lines peaked
# 100 MB higher); smaller pages are not worth the call's few milliseconds.
TRIM_AFTER_CHARS: Final = 1 << 20


def give_back_freed_memory() -> None:
    """Return the C heap's free pages to the system (the parser's tree, once freed)."""
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


@cache
def _malloc_trim() -> Any:
    """glibc's ``malloc_trim``, or None where the C library has none."""
    try:
        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):
        return None


# A page serves its content in <noscript> (forums such as Discourse do, to readers
# without scripts) when its <noscript> elements hold at least this many characters of
# visible text...
NOSCRIPT_MIN_CHARS: Final = 200
# ...and more than this share of the text of the page read with scripts.
NOSCRIPT_MIN_SHARE: Final = 1.0
# Most pages have no <noscript> at all: a scan of the source spares them the CSS query.
_NOSCRIPT_TAG: Final = regex.compile(r"<noscript", regex.IGNORECASE)


def noscript_holds_content(parser: LexborHTMLParser, outside: int) -> bool:
    """Whether the body's ``<noscript>`` elements hold more text than the scripted page,
    whose lines hold ``outside`` characters other than spaces.

    Lexbor parses ``<noscript>`` as raw text when scripting is on, as browsers do; such a
    page is read again with scripting off, ``<noscript>`` a block like ``<div>``.
    """
    body = parser.body
    if body is None:
        return False
    raw = [node.text(deep=True) for node in body.css("noscript")]
    if sum(len(r) for r in raw) < NOSCRIPT_MIN_CHARS:
        return False
    inside = 0
    for r in raw:
        fragment = LexborHTMLParser(r).body if "<" in r else None
        inside += nonspace(fragment.text(deep=True, separator=" ") if fragment else r)
    return inside >= NOSCRIPT_MIN_CHARS and inside > NOSCRIPT_MIN_SHARE * outside


# What the walk knows about the element it is in, shared by the element's children unless
# they change it: (flags, heading level, list depth, link number, datetime). The context of
# a piece of text is that state and the token chain node of its element, a pair typed Any
# so that mypyc keeps it a Python tuple: the walk tells contexts apart by identity, and a
# native tuple would be boxed anew at each comparison.
_State = tuple[int, int, int, int, "str | None"]
_Context = Any
_ROOT_STATE: Final[_State] = (0, 0, 0, 0, None)
_ROOT_CONTEXT: Final[_Context] = (_ROOT_STATE, None)
_TITLE_EVIDENCE: Final = ("title", None, 0, 0, 0.0, ())
# A LineEvidence's fields, in order: what lines that share one have in common.
_Fields = tuple[str, "int | None", int, int, float, tuple[str, ...], "str | None"]
# Distinct evidence (and link targets) remembered per page, at most: lines say few distinct
# things (tags, flags, class tokens; links repeat), and a page whose lines all differ must
# not double their cost.
MAX_SHARED_EVIDENCE: Final = 4096
# Lines packed into one string while the walk goes on (see _Walker.lines): enough that a
# pack's own cost is small beside its lines', few enough that a pack is soon split again.
LINES_PER_PACK: Final = 1024
# An open element: (node, what its end means: the enclosing block's tag for a block, ""
# for an inline element set off by spaces, None for glue; context to restore, or None).
_Open = tuple[Any, "str | None", "_Context | None"]


class _Walker:
    """One pass over the tree: lines, their evidence, and page metadata."""

    __slots__ = ("block", "body_chars", "chain", "chains", "context", "contexts", "controlled",
                 "elem", "elems", "evidence", "headings", "host", "ld_json", "line_node",
                 "line_nodes", "lines", "links", "links_seen", "meta", "packed", "parents",
                 "shared", "sigs", "stack", "state", "tags", "targets", "texts", "title",
                 "wrapper_checks")

    def __init__(self, alt_text: bool, noscript: bool = False) -> None:
        if noscript:
            self.tags = TAGS_NOSCRIPT if alt_text else TAGS_NOSCRIPT_NO_ALT
        else:
            self.tags = TAGS if alt_text else TAGS_NO_ALT
        # The page's structure (see PageStructure): the element tree, the element of each
        # line, the innermost open element and the ones around it, and the element of the
        # first text of the line being built.
        # Element numbers, kept as machine integers while the tree is alive (a Python int
        # is 28 bytes, an entry here 4: a page holds fewer than 2**31 elements); lists
        # once it is gone, for the classifier.
        self.line_nodes: array[int] = array("i")
        self.parents: array[int] = array("i")
        self.sigs: list[str] = []
        self.elem = -1
        self.elems: list[int] = []
        self.line_node = -1
        # Hidden wrappers measured so far, and the body's visible characters once measured.
        self.wrapper_checks = 0
        self.body_chars = -1
        self.headings = -1  # the page's <h1> elements, once counted
        # The ids of the elements the page's buttons show and hide (``aria-controls``).
        self.controlled: set[str] = set()
        # The lines: the last few, and those before packed LINES_PER_PACK to a string,
        # joined by line breaks (lines hold none): while the tree is alive a line costs
        # its characters, not a string object each.
        self.lines: list[str] = []
        self.packed: list[str] = []
        self.evidence: list[LineEvidence] = []
        # The evidence made so far by what it says: lines whose markup says the same share
        # one (read-only) LineEvidence, as the lines of a list or a log page do.
        self.shared: dict[_Fields, LineEvidence] = {}
        # The line being built: its raw text pieces (with soft spaces), the distinct
        # contexts of its non-blank pieces in order, and its pieces inside links.
        self.texts: list[str] = []
        self.contexts: list[_Context] = []
        self.links: list[str] = []
        self.meta = PageMeta()
        self.ld_json: list[str] = []
        self.title: str | None = None
        # Where the walk is: the innermost open block element (the tag of the line being
        # built), the state and token chain node there, and that pair as one context.
        self.block = "body"
        self.state: _State = _ROOT_STATE
        self.chain: list[Any] | None = None
        self.context: _Context = _ROOT_CONTEXT
        self.links_seen = 0
        self.host: str | None = None  # the page's host, once a link needs it
        self.targets: dict[str, int] = {}  # link_target of each href seen
        # Token chain nodes by (own tokens, id of parent node): siblings with the same
        # classes share a node, so its token tuple is built once; the dict keeps the nodes
        # alive, so their ids are not reused.
        self.chains: dict[tuple[tuple[str, ...], int], list[Any]] = {}
        self.stack: list[_Open] = []

    def walk(self, root: Any) -> None:
        """Visit the tree in document order with an explicit stack (any depth is fine)."""
        node = root
        while True:
            if node is None:
                if not self.stack:
                    break
                node = self._close()
                continue
            tag_id: int = node.tag_id
            if tag_id == TEXT_ID:
                self._text(node)
                node = node.next
            else:
                node = self._enter(node, tag_id)
        if self.texts:
            self._flush()
        if self.title:
            self.packed.insert(0, self.title)
            self.evidence.insert(0, LineEvidence(*_TITLE_EVIDENCE))
            self.line_nodes.insert(0, -1)

    def _text(self, node: Any) -> None:
        """Add a text node to the line being built, noting its context."""
        texts = self.texts
        if node.is_empty_text_node:  # ASCII white space only: a space at most
            if texts:
                texts.append(" ")
            return
        text = node.text_content
        texts.append(text)
        contexts, context = self.contexts, self.context
        if not contexts:
            self.line_node = self.elem
        if not contexts or contexts[-1] is not context:
            contexts.append(context)
        if self.state[3]:
            self.links.append(text)

    def _enter(self, node: Any, tag_id: int) -> Any:
        """Open an element (or read a leaf); the node to visit next."""
        info = self.tags.get(tag_id)
        attrs: dict[str, str | None]
        if info is None:  # span, custom elements...: inline, no context of their own
            kind, name, flag, heading = INLINE, "", 0, 0
        else:
            kind, name, flag, heading = info
            if kind == SKIP:
                return node.next
        attrs = node.attributes
        if attrs and ("hidden" in attrs or "aria-hidden" in attrs or "style" in attrs) \
                and is_hidden(attrs, name) and not self._shows(node, attrs):
            return node.next
        if kind > PAGE:
            self._leaf(kind, node, attrs)
            return node.next
        outer = self._begin(kind, name, attrs)
        saved = None if kind == PAGE else self._narrow(tag_id, flag, heading, attrs)
        self.stack.append((node, outer, saved))
        self.elems.append(self.elem)
        self.elem = len(self.parents)
        self.parents.append(self.elems[-1])
        self.sigs.append(signature(name or node.tag, attrs))
        return node.first_child

    def _shows(self, node: Any, attrs: dict[str, str | None]) -> bool:
        """Whether a hidden element is still shown to readers: a collapsed panel of
        content, or a wrapper of the page hidden until scripts run."""
        return self._is_panel(attrs) or self._wraps_page(node, attrs)

    def _is_panel(self, attrs: dict[str, str | None]) -> bool:
        """A collapsed panel (``tags.is_panel``) outside navigation and boilerplate."""
        if self.state[0] & NAV:
            return False
        own = own_tokens((attrs.get("class"), attrs.get("id"), None, None))
        if not is_panel(attrs, own, (attrs.get("id") or "") in self.controlled):
            return False
        link = self.chain
        for _ in range(PANEL_ANCESTORS):
            if link is None:
                break
            if not BOILERPLATE_TOKENS.isdisjoint(link[0]):
                return False
            link = link[1]
        return True

    def _note_controls(self, attrs: dict[str, str | None]) -> None:
        """Note the elements a control shows and hides: a disclosure's or a tab's panels
        (a menu button's, ``aria-haspopup``, or one in navigation, are menus)."""
        if self.state[0] & NAV or "aria-haspopup" in attrs \
                or len(self.controlled) >= MAX_CONTROLLED:
            return
        self.controlled.update((attrs.get("aria-controls") or "").split())

    def _wraps_page(self, node: Any, attrs: dict[str, str | None]) -> bool:
        """Whether a hidden element is a wrapper of the whole page, shown once scripts run."""
        if self.wrapper_checks >= MAX_WRAPPER_CHECKS:
            return False
        share = wrapper_share(attrs)
        if not share:
            return False
        self.wrapper_checks += 1
        if self.body_chars < 0:
            body = node
            while body.parent is not None and body.tag != "body":
                body = body.parent
            self.body_chars = visible_chars(body)
            self.headings = len(body.css("h1"))
        chars = visible_chars(node)
        if chars >= share * self.body_chars > 0 or (
                chars >= HEADED_WRAPPER_SHARE * self.body_chars > 0
                and 0 < self.headings == len(node.css("h1"))):
            # Read, its hidden descendants are measured again: few may be.
            self.wrapper_checks += MAX_WRAPPER_CHECKS // MAX_WRAPPERS
            return True
        return False

    def _close(self) -> Any:
        """Close the innermost open element: end its line if it is a block and restore the
        context around it; the node to visit next."""
        node, outer, saved = self.stack.pop()
        self.elem = self.elems.pop()
        if outer is not None:
            if outer:
                if self.texts:
                    self._flush()
                self.block = outer
            elif self.texts:
                self.texts.append(SOFT)
        if saved is not None:
            self.context = saved
            self.state, self.chain = saved
        return node.next

    def _begin(self, kind: int, name: str, attrs: dict[str, str | None]) -> str | None:
        """Start an element's text: end the line before a block, mark a soft space before
        an inline element. What its end means (see ``_Open``)."""
        if kind == INLINE:
            if self.texts:
                self.texts.append(SOFT)
            return ""
        if kind == GLUE:
            return None
        if self.texts:
            self._flush()
        outer = self.block
        if kind == PAGE:  # <html>, <body>: their tokens tell no line apart
            self.block = "body"
            if attrs and name == "html":
                read_lang(attrs, self.meta)
        else:
            self.block = name
        return outer

    def _narrow(self, tag_id: int, flag: int, heading: int,
                attrs: dict[str, str | None]) -> _Context | None:
        """Enter an element's context; the context to restore at its end, None if the same."""
        chain = link = self.chain
        is_link = False
        if attrs:
            link = self._chain_node(attrs)
            is_link = tag_id == A_ID and "href" in attrs
            if "aria-controls" in attrs:
                self._note_controls(attrs)
        if flag or heading or is_link:
            self.state = self._state_in(flag, heading, is_link, attrs)
        elif link is chain:
            return None
        saved = self.context
        self.chain = link
        self.context = (self.state, link)
        return saved

    def _chain_node(self, attrs: dict[str, str | None]) -> list[Any] | None:
        """The token chain node of an element: the current one unless it has tokens."""
        chain = self.chain
        own = own_tokens((attrs.get("class"), attrs.get("id"), attrs.get("itemprop"),
                          attrs.get("role")))
        if not own:
            return chain
        key = (own, id(chain))
        link = self.chains.get(key)
        if link is None:
            link = self.chains[key] = [own, chain, None]
        return link

    def _state_in(self, flag: int, heading: int, is_link: bool,
                  attrs: dict[str, str | None]) -> _State:
        """The state inside an element that sets a context flag, a heading or a link."""
        flags, level, depth, link_no, dt = self.state
        if flag:
            flags |= flag
            if flag == LIST:
                depth += 1
            elif flag == TIME:
                dt = (attrs.get("datetime") or "").strip() or dt
        if heading:
            level = heading
        if is_link:
            self.links_seen += 1
            link_no = self.links_seen
            flags |= LINK | self._target(attrs.get("href") or "")
            if "author" in (attrs.get("rel") or ""):
                flags |= PERSON_LINK
        return (flags, level, depth, link_no, dt)

    def _target(self, href: str) -> int:
        """Where ``href`` points (``links.link_target``), worked out once per page: menus
        and teasers repeat their links (desktop and mobile copies, header and footer)."""
        bits = self.targets.get(href)
        if bits is None:
            bits = link_target(href, self._host())
            if len(self.targets) < MAX_SHARED_EVIDENCE:  # a page of distinct links: no dict
                self.targets[href] = bits
        return bits

    def _host(self) -> str:
        """The page's host, from its canonical or Open Graph URL (in <head>, read before
        the first link of <body>); "" when the page names neither."""
        if self.host is None:
            self.host = page_host(self.meta.canonical or self.meta.og_url)
        return self.host

    def _leaf(self, kind: int, node: Any, attrs: dict[str, str | None]) -> None:
        """Elements whose content is not walked: breaks, head metadata, scripts, images."""
        if kind == BREAK:
            if self.texts:
                self._flush()
        elif kind == TITLE:
            if self.title is None:
                self.title = self.meta.title = normalise(node.text(deep=True)) or None
        elif kind == META:
            read_meta_tag(attrs, self.meta)
        elif kind == LINK_EL:
            read_link_tag(attrs, self.meta)
        elif kind == SCRIPT:
            if (attrs.get("type") or "").strip().lower() == "application/ld+json":
                self.ld_json.append(node.text(deep=True))
        elif kind == IMG:
            alt = normalise(attrs.get("alt") or "")
            if alt:
                self._alt_line(alt)

    def _alt_line(self, alt: str) -> None:
        """An image's alt text as a line of its own (``alt_text`` only)."""
        if self.texts:
            self._flush()
        flags, level, depth, link_no, dt = self.state
        flags |= ALT | (ONE_LINK if link_no else 0)
        self._add_line(alt, self.elem)
        self.evidence.append(self._shared(
            ("img", level or None, flags, depth, 1.0 if link_no else 0.0,
             materialise(self.chain), dt)))

    def _add_line(self, text: str, node: int) -> None:
        """Add a line (its evidence comes next) held by element ``node``."""
        lines = self.lines
        lines.append(text)
        self.line_nodes.append(node)
        if len(lines) >= LINES_PER_PACK:
            self.packed.append("\n".join(lines))
            lines.clear()

    def all_lines(self) -> list[str]:
        """Every line of the walk, in order, as strings of their own."""
        lines: list[str] = []
        for pack in self.packed:
            lines += pack.split("\n")
        lines += self.lines
        return lines

    def nonspace_chars(self) -> int:
        """Characters of the lines so far other than spaces (the only white space a line
        holds)."""
        total = sum(len(pack) - pack.count(" ") - pack.count("\n") for pack in self.packed)
        return total + sum(len(line) - line.count(" ") for line in self.lines)

    def _shared(self, fields: _Fields) -> LineEvidence:
        """The evidence saying ``fields``, shared with the lines before that say the same:
        a page of a million list items would otherwise hold a million equal objects."""
        shared = self.shared
        evidence = shared.get(fields)
        if evidence is None:
            evidence = LineEvidence(fields[0], fields[1], fields[2], fields[3], fields[4],
                                    fields[5], fields[6])
            if len(shared) < MAX_SHARED_EVIDENCE:
                shared[fields] = evidence
        return evidence

    def _flush(self) -> None:
        """End the line being built: join its pieces, normalise spaces, attach evidence."""
        texts, contexts, links = self.texts, self.contexts, self.links
        while len(texts) > 1 and (texts[-1] == SOFT or texts[-1] == " "):  # nothing to space
            texts.pop()
        raw = texts[0] if len(texts) == 1 else "".join(texts)
        texts.clear()
        if SOFT in raw:
            raw = soften(raw)
        if SOFT_HYPHEN in raw:  # a browser shows none inside a line: "dif\xadference"
            raw = raw.replace(SOFT_HYPHEN, "")
        text = " ".join(raw.split()) if len(raw) < CHUNK else normalise(raw)
        if text and contexts:
            self._add_line(text, self.line_node)
            self.evidence.append(self._shared(_line_evidence(self.block, text, contexts,
                                                             links)))
        contexts.clear()
        links.clear()


def _line_evidence(block: str, text: str, contexts: list[_Context],
                   links: list[str]) -> _Fields:
    """The evidence of a line (LineEvidence's fields) from the contexts of its pieces and
    its pieces in links."""
    state: _State = contexts[0][0]
    flags, level, depth, _link_no, dt = state
    chain: list[Any] | None = contexts[0][1]
    if len(contexts) == 1:
        tokens = materialise(chain)
    else:
        flags, dt, tokens = _merge(contexts, flags, dt, chain)
    density = 0.0
    if links:
        if len(contexts) == 1:
            density = 1.0
            flags |= ONE_LINK
        else:
            link_chars = sum(nonspace(piece) for piece in links)
            total = len(text) - text.count(" ")
            density = min(1.0, link_chars / total) if total else 0.0
            if link_chars >= total and len({c[0][3] for c in contexts}) == 1:
                flags |= ONE_LINK
    return (block, level or None, flags, depth, density, tokens, dt)


def _merge(contexts: list[_Context], flags: int, dt: str | None,
           chain: list[Any] | None) -> tuple[int, str | None, tuple[str, ...]]:
    """Flags, datetime and tokens of a line whose pieces sit in several contexts.

    The line's tokens are those of all its pieces' chains. Usually these lie on one line
    of descent (a link in a paragraph), and the deepest one holds them all.
    """
    others: list[Any] | None = None
    for (more_flags, _level, _depth, _more_link, more_dt), more_chain in contexts:
        flags |= more_flags
        if dt is None:
            dt = more_dt
        if more_chain is not chain:
            if descends(more_chain, chain):
                chain = more_chain
            elif not descends(chain, more_chain):
                others = [more_chain] if others is None else [*others, more_chain]
    tokens = materialise(chain)
    if others:
        for more_chain in others:
            tokens += materialise(more_chain)
        tokens = tuple(dict.fromkeys(tokens))[:MAX_TOKENS]
    return flags, dt, tokens


# A collapsed panel is boilerplate when one of this many nearest ancestors with class/id
# tokens is (a submenu's panel in a menu item in a menu bar); farther ones wrap the page
# (a "skip-nav" target around the main content).
PANEL_ANCESTORS: Final = 3
# Ids of controlled elements noted per page at most (a page of a million buttons must not
# hold a million ids); pages hold a few dozen.
MAX_CONTROLLED: Final = 4096
# Hidden wrappers measured per page at most: each costs a walk of its subtree.
# Rejected ones are disjoint subtrees, costing one more walk of the page at most; the
# descendants of one read are measured again, so a read one costs a share of the checks.
MAX_WRAPPER_CHECKS: Final = 256
MAX_WRAPPERS: Final = 4
# A hidden wrapper that holds every <h1> of the page holds its content (a product hidden
# until a script or an age gate shows it, beside a mega menu of more text): it is read
# when it holds at least this share of the body's text, a mobile header with the logo's
# <h1> far less.
HEADED_WRAPPER_SHARE: Final = 0.2
# Tags whose text is not shown, left out of an element's visible characters.
_UNSHOWN: Final = "script, style, noscript, template, svg"
_NO_DIGITS: Final = str.maketrans("", "", "0123456789")
# Classes kept in an element's shape: the first few tell its kind.
SIGNATURE_CLASSES: Final = 4


# Shapes made so far, by tag and class value: a page's elements share a few, and a shape
# is made once (its digits dropped, its classes split and joined) rather than per element.
_shapes: dict[str, dict[str, str]] = {}
# Class values remembered per tag at most, across pages (then forgotten, as tokens' are),
# and tags remembered at most (custom elements can name any number of tags).
MAX_SHAPES_PER_TAG: Final = 20_000
MAX_SHAPE_TAGS: Final = 2_000


def signature(tag: str, attrs: dict[str, str | None] | None) -> str:
    """An element's shape, ``tag.class`` without digits: ``post-12`` matches ``post-13``."""
    cls = (attrs.get("class") or "") if attrs else ""
    by_class = _shapes.get(tag)
    if by_class is None:
        if len(_shapes) >= MAX_SHAPE_TAGS:
            _shapes.clear()
        by_class = _shapes[tag] = {}
    shape = by_class.get(cls)
    if shape is None:
        shape = _shape(tag, cls)
        if len(by_class) >= MAX_SHAPES_PER_TAG:
            by_class.clear()
        by_class[cls] = shape
    return shape


def _shape(tag: str, cls: str) -> str:
    if cls:
        cls = " ".join(cls.translate(_NO_DIGITS).split()[:SIGNATURE_CLASSES])
    # Interned: a page's elements share a few shapes, and a page of a million elements
    # would otherwise hold a million copies of them.
    return sys.intern(tag + "." + cls)


def visible_chars(node: Any) -> int:
    """Non-space characters of an element's text outside scripts and styles (roughly)."""
    total = nonspace(node.text(deep=True, separator=" "))
    for unshown in node.css(_UNSHOWN):
        total -= nonspace(unshown.text(deep=True, separator=" "))
    return max(total, 0)
