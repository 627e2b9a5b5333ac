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

from typing import Any, Final

from selectolax.lexbor import LexborHTMLParser

from segkit.evidence import MAX_TOKENS, HtmlPage, LineEvidence, PageMeta
from segkit.html.metadata import _META_FIELDS, _read_json_ld, read_more_meta
from segkit.html.tags import (
    _A_ID,
    _ALT,
    _ARIA_HIDDEN_IGNORED,
    _BREAK,
    _GLUE,
    _IMG,
    _INLINE,
    _LINK,
    _LINK_EL,
    _LIST,
    _META,
    _ONE_LINK,
    _PAGE,
    _SCRIPT,
    _SKIP,
    _TAGS,
    _TAGS_NO_ALT,
    _TEXT_ID,
    _TIME,
    _TITLE,
)
from segkit.html.text import _CHUNK, _SOFT, _cap_depth, _nonspace, _normalise, _soften
from segkit.html.tokens import _descends, _materialise, _own_cache, _own_tokens


def html_to_lines(html: str, *, utf8: bytes | None = None, alt_text: bool = False) -> HtmlPage:
    """Render a page as lines of visible text, one per block, with evidence for each line.

    The ``<title>`` comes first. Block elements and ``<br>`` end lines; a table row is one
    line. Text formatting elements (``<b>``, ``<em>``...) join text as the source has it
    (``a<b>b</b>`` is "ab"); other inline elements are set off by a space unless punctuation
    follows. Scripts, styles, embedded content and hidden elements are left out. With
    ``alt_text``, the alt text of images becomes a line of its own flagged
    :attr:`Flag.ALT` (off by default: the text renderings the classifier was tuned on have
    no alt text). ``utf8``, the bytes ``html`` was decoded from when they are UTF-8
    (:func:`segkit.inputs.charset.decode_html_page`), is parsed instead of encoding the
    text again: lexbor reads UTF-8, and that saves a twentieth of a page's time.
    """
    source: str | bytes = _cap_depth(html)
    if utf8 is not None and source is html:
        source = utf8
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
            read_more_meta(attrs, self.meta)
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


