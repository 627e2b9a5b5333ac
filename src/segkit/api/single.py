"""One document: :func:`segment` (every line labelled) and :func:`extract` (the article)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from segkit.document import Document
from segkit.inputs.charset import decode_html_page
from segkit.inputs.decode import InputError, decode
from segkit.inputs.sniff import looks_like_html
from segkit.pipeline import Segmenter

# The name decoding errors carry when the caller gives none: there is no file.
_NAME = "<data>"
# The metadata fields extract() reports; DocMeta (doc.metadata) holds them when present.
META_FIELDS = ("title", "author", "date", "language", "page_type")
# Where each field is found when the document carries no DocMeta: its labelled lines.
_FROM_LABEL = {"title": "headline", "author": "byline", "date": "timestamp"}

_segmenters: dict[tuple[str | None, bool, str | None], Segmenter] = {}


def _segmenter(site: str | None, generic: bool, model: str | None) -> Segmenter:
    """One Segmenter per site and model choice, built once: loading plugins imports
    their files, loading a model reads it."""
    key = (site, generic, model)
    if key not in _segmenters:
        base = next(iter(_segmenters.values()), None)
        _segmenters[key] = Segmenter(base.plugins if base else None, site=site,
                                     generic=generic, model=model)
    return _segmenters[key]


def segment(data: str | bytes, *, url: str | None = None, site: str | None = None,
            generic: bool = False, id: str = "doc", html: bool | None = None,
            model: str | None = None) -> Document:
    """Label every line of ``data``, a page's text or HTML, as ``segkit split`` would.

    Bytes are decoded as split decodes a file (BOM, ``<meta>`` charset, UTF-8, then
    detection); a str as split decodes a JSONL record. Whether ``data`` is HTML is told
    from its first bytes unless ``html`` says so. Empty, blank or binary data raises
    ``segkit.InputError``, the reason split gives in that record's error entry.
    ``model`` is split's ``--model``: a model file (``segkit train``), ``"none"`` for the
    rule stages alone; None, ``$SEGKIT_MODEL`` or the shipped model. A bad file raises
    ``segkit.ModelError``.
    """
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if not isinstance(raw, bytes):
        raise TypeError(f"segment() takes str or bytes, not {type(data).__name__}")
    if url is not None and not isinstance(url, str):
        raise TypeError(f"segment(): url must be a str or None, not {type(url).__name__}")
    is_html = looks_like_html(raw) if html is None else html
    segmenter = _segmenter(site, generic, model)
    if not is_html:
        return segmenter.segment(decode(raw, _NAME), id=id, url=url)
    if isinstance(data, str):  # already text: no charset to find
        if not data.strip():
            raise InputError(_NAME, "empty input")
        return segmenter.segment_html(data, id=id, url=url)
    text, utf8 = decode_html_page(raw, _NAME)
    return segmenter.segment_html(text, utf8=utf8, id=id, url=url)


@dataclass(frozen=True, slots=True)
class Extraction:
    """What :func:`extract` returns: the article's text, its metadata, the document.

    ``text`` is the body lines, one per line. A metadata field is None when the page
    does not say it.
    """

    text: str
    title: str | None = None
    author: str | None = None
    date: str | None = None
    language: str | None = None
    page_type: str | None = None
    url: str | None = None
    site: str | None = None
    document: Document | None = field(default=None, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The fields as a plain dict (without the document), e.g. for JSON."""
        return {name: getattr(self, name) for name in
                ("text", *META_FIELDS, "url", "site")}


def extract(data: str | bytes, url: str | None = None, *, site: str | None = None,
            generic: bool = False, html: bool | None = None,
            model: str | None = None) -> Extraction:
    """The article of a page and its metadata: what most callers of a boilerplate
    remover want, in one call (like ``trafilatura.bare_extraction``)."""
    doc = segment(data, url=url, site=site, generic=generic, html=html, model=model)
    body = "\n".join(line.text.strip() for line in doc.lines if line.label == "body")
    return Extraction(text=body, url=url, site=doc.site, document=doc, **metadata(doc))


def metadata(doc: Document) -> dict[str, str | None]:
    """The document's title, author, date, language and page type.

    From ``doc.metadata`` (the describer's DocMeta), whose None is a finding: the author
    chooser's "none" is not overruled by some byline line's raw text. A document without
    metadata takes the first line with the matching label (headline, byline, timestamp).
    The language falls back to the page's ``<html lang>``.
    """
    meta = getattr(doc, "metadata", None)
    found: dict[str, str | None] = {}
    for name in META_FIELDS:
        value = getattr(meta, name, None) if meta is not None else None
        found[name] = None if value is None else str(value)
    if meta is None:
        for name, label in _FROM_LABEL.items():
            found[name] = next((ln.text.strip() for ln in doc.lines if ln.label == label), None)
    if found["language"] is None and doc.meta is not None:
        found["language"] = getattr(doc.meta, "lang", None)
    return found
