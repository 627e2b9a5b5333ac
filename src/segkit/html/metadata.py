"""Page metadata: <html lang>, <meta> fields, the canonical link and schema.org JSON-LD.

The walk hands each ``<html>``, ``<meta>`` and ``<link>`` element's attributes here as it
meets them (the first value of each field wins), and the page's JSON-LD scripts at the end.
None of it labels lines: it is :class:`PageMeta`, output under ``--evidence``.
"""

from __future__ import annotations

import html
import json
from dataclasses import fields
from typing import Any, Final

import regex

from segkit.evidence import PageMeta
from segkit.html.mojibake import repair, suspect
from segkit.html.text import normalise

_META_FIELDS: Final = {
    "og:title": "og_title",
    "og:site_name": "og_site_name",
    "og:type": "og_type",
    "og:url": "og_url",
    "article:published_time": "published_time",
    "article:author": "article_author",
    "author": "author",
}


def read_lang(attrs: dict[str, str | None], meta: PageMeta) -> None:
    """The page's language from the attributes of ``<html>``, unless already known."""
    if meta.lang is None:
        lang = (attrs.get("lang") or attrs.get("xml:lang") or "").strip()
        meta.lang = lang or None


def read_meta_tag(attrs: dict[str, str | None], meta: PageMeta) -> None:
    """The field a ``<meta property|name=... content=...>`` sets, unless already set."""
    key = (attrs.get("property") or attrs.get("name") or "").strip().lower()
    attr = _META_FIELDS.get(key)
    if attr is not None and getattr(meta, attr) is None:
        setattr(meta, attr, (attrs.get("content") or "").strip() or None)
    read_more_meta(attrs, meta)


def read_link_tag(attrs: dict[str, str | None], meta: PageMeta) -> None:
    """The canonical URL from a ``<link rel=canonical href=...>``, unless already known."""
    if meta.canonical is None and "canonical" in (attrs.get("rel") or "").lower().split():
        meta.canonical = (attrs.get("href") or "").strip() or None


# Comment and CDATA wrappers that old pages put around script content, in any nesting.
_LD_WRAPPER_START: Final = regex.compile(r"(?:\s|//|<!--|/\*\s*<!\[CDATA\[\s*\*/|<!\[CDATA\[)*")
_LD_WRAPPER_END: Final = regex.compile(r"(?:\s|//|-->|/\*\s*\]\]>\s*\*/|\]\]>)+\Z")
_ARTICLE_TYPES: Final = regex.compile(r"(?:Article|BlogPosting|Posting|Report|Review)$")
# Bounds on the JSON walked per page, so a hostile blob cannot take long.
_MAX_LD_NODES: Final = 20_000
_MAX_AUTHORS: Final = 50  # entries of one author list
# Characters at the end of a script where its closing wrapper is looked for.
_WRAPPER_TAIL_CHARS: Final = 100


def read_json_ld(scripts: list[str], meta: PageMeta) -> None:
    """Fill the ``ld_*`` fields of ``meta`` from the page's JSON-LD; bad JSON is skipped."""
    found = _JsonLd()
    for raw in scripts:
        data = _parse_json(raw)
        if data is not None:
            found.visit(data)
    meta.ld_types = tuple(found.types)
    _read_more_ld(found.items, found.by_id, meta)
    if found.candidates:
        _fill_article(meta, found.candidates, found.by_id)


class _JsonLd:
    """What the JSON-LD of a page holds: its @types, the objects that may be the article,
    and the named objects by @id (authors are often given by reference)."""

    def __init__(self) -> None:
        self.candidates: list[dict[str, Any]] = []
        self.by_id: dict[str, dict[str, Any]] = {}
        self.types: list[str] = []
        self.items: list[dict[str, Any]] = []

    def visit(self, data: Any) -> None:
        """Walk one script's JSON in document order, at most ``_MAX_LD_NODES`` nodes."""
        stack: list[Any] = [data]
        visited = 0
        while stack and visited < _MAX_LD_NODES:
            item = stack.pop()
            visited += 1
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                self._note(item)
                stack.extend(reversed([v for v in item.values() if isinstance(v, dict | list)]))

    def _note(self, item: dict[str, Any]) -> None:
        self.items.append(item)
        for type_name in _as_strings(item.get("@type")):
            if type_name not in self.types:
                self.types.append(type_name)
        ident = item.get("@id")
        if isinstance(ident, str) and ident not in self.by_id and "name" in item:
            self.by_id[ident] = item
        if any(k in item for k in ("headline", "datePublished", "articleBody")):
            self.candidates.append(item)


def _fill_article(meta: PageMeta, candidates: list[dict[str, Any]],
                  by_id: dict[str, dict[str, Any]]) -> None:
    """Each ``ld_*`` article field from the first candidate that has it, articles first."""
    articles = [c for c in candidates if any(
        _ARTICLE_TYPES.search(t) for t in _as_strings(c.get("@type")))]
    chosen = {id(c) for c in articles}
    ordered = articles + [c for c in candidates if id(c) not in chosen]
    for item in ordered:
        if meta.ld_headline is None:
            headline = item.get("headline")
            if isinstance(headline, str) and headline.strip():
                # CMSs write HTML entities into the JSON ("&#8211;", "&amp;").
                meta.ld_headline = normalise(html.unescape(headline))
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
    """The JSON of a script without its comment wrappers; None when it does not parse."""
    start = _LD_WRAPPER_START.match(raw)
    text = (raw[start.end():] if start else raw).rstrip()
    # The end pattern only on the tail: tried at every position of a long run of white
    # space, it would take quadratic time.
    tail = text[-_WRAPPER_TAIL_CHARS:]
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
    """The strings of a value that may be a string or a list (as @type is)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []


def _author_names(value: Any, by_id: dict[str, dict[str, Any]]) -> tuple[str, ...]:
    """Names from a schema.org author: a string, a Person/Organization, or a list of them."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items[:_MAX_AUTHORS]:
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
            name = normalise(name)
            if name and name not in names:
                names.append(name)
    return tuple(names)


# --------------------------------------------------------------------------- for describe
# What segkit.describe reads beyond the fields above: more <meta> names for the publication
# date and the author, and more of the JSON-LD. None of it reaches the classifier.

# <meta> name/property/itemprop keys (lower-cased) that hold the publication date.
_DATE_KEYS: Final = frozenset((
    "date", "pubdate", "publishdate", "publish-date", "publish_date", "published_time",
    "published-date", "publication_date", "pub_date", "dc.date", "dc.date.issued",
    "dc.date.created", "dcterms.date", "dcterms.created", "dcterms.issued", "sailthru.date",
    "parsely-pub-date", "article.published", "article:published", "og:published_time",
    "datepublished", "datecreated", "uploaddate", "citation_publication_date",
    "citation_date", "release_date", "originalpublicationdate", "article.created",
))
# Keys that hold the date of the last change: only a fallback for the publication date.
_MODIFIED_KEYS: Final = frozenset((
    "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
    "last-modified", "lastmod",
))
# Keys that hold author names (``author`` itself: only as itemprop, the name is read above).
_AUTHOR_KEYS: Final = frozenset((
    "dc.creator", "dcterms.creator", "parsely-author", "sailthru.author", "byl",
    "citation_author", "article.author", "cxenseparse:author", "twitter:data1:author",
))
# Schema.org types whose ``name`` is the page's own title (not the site's or a person's).
_NAMED_TYPES: Final = regex.compile(
    r"^(?:Product|ProductGroup|Question|DiscussionForumPosting|SocialMediaPosting|Recipe|Event|"
    r"Course|SoftwareApplication|MobileApplication|Book|Movie|TechArticle|APIReference|"
    r"HowTo|Service|JobPosting|Dataset|VideoObject|CreativeWork)$"
)
_LD_DATE_KEYS: Final = ("datePublished", "dateCreated", "uploadDate")


def read_more_meta(attrs: dict[str, str | None], meta: PageMeta) -> None:
    """Dates and authors from one ``<meta>``, by name, property or itemprop."""
    content = (attrs.get("content") or "").strip()
    if not content:
        return
    for key_attr in ("property", "name", "itemprop"):
        key = (attrs.get(key_attr) or "").strip().lower()
        if not key:
            continue
        if key in _DATE_KEYS:
            meta.meta_dates += (content,)
        elif key in _MODIFIED_KEYS:
            if meta.modified_time is None:
                meta.modified_time = content
        elif key in _AUTHOR_KEYS or (key == "author" and key_attr == "itemprop"):
            meta.meta_authors += (normalise(content),)
        else:
            continue
        return


def _read_more_ld(items: list[dict[str, Any]], by_id: dict[str, dict[str, Any]],
                  meta: PageMeta) -> None:
    """Dates, authors, the main entity's name and the breadcrumb from every JSON-LD item."""
    dates: list[str] = []
    authors: list[str] = []
    crumbs: list[str] = []
    for item in items:
        types = _as_strings(item.get("@type"))
        for key in _LD_DATE_KEYS:
            value = item.get(key)
            if isinstance(value, str) and value.strip() and value.strip() not in dates:
                dates.append(value.strip())
        if meta.modified_time is None and isinstance(item.get("dateModified"), str):
            meta.modified_time = item["dateModified"].strip() or None
        if "author" in item:
            authors.extend(n for n in _author_names(item["author"], by_id) if n not in authors)
        name = item.get("name")
        if meta.ld_name is None and isinstance(name, str) and any(
                _NAMED_TYPES.match(t) for t in types):
            meta.ld_name = normalise(html.unescape(name)) or None
        if "BreadcrumbList" in types and not crumbs:
            crumbs = _crumb_names(item.get("itemListElement"))
    meta.ld_dates, meta.ld_any_authors, meta.ld_breadcrumb = (
        tuple(dates), tuple(authors[:20]), tuple(crumbs))


def _crumb_names(value: Any) -> list[str]:
    names: list[str] = []
    for element in value if isinstance(value, list) else []:
        if not isinstance(element, dict):
            continue
        name = element.get("name")
        inner = element.get("item")
        if name is None and isinstance(inner, dict):
            name = inner.get("name")
        if isinstance(name, str) and normalise(name):
            names.append(normalise(name))
    return names[:20]


def repair_meta(meta: PageMeta) -> None:
    """Put back the mojibake in the page's text fields (a title saved as ``Ã©``), in place,
    as the page's lines are (:mod:`segkit.html.mojibake`)."""
    for f in fields(meta):
        value = getattr(meta, f.name)
        if isinstance(value, str) and suspect(value):
            setattr(meta, f.name, repair(value))
        elif isinstance(value, tuple) and any(isinstance(v, str) and suspect(v) for v in value):
            setattr(meta, f.name, tuple(repair(v) if isinstance(v, str) else v for v in value))
