"""The page's type, one of the WCXB types, from markup, URL and structure.

A linear model (multinomial logistic regression, trained by
``benchmarks/train_page_type.py`` with cross-validation grouped by domain) over sparse
features: schema.org types, og:type, URL path words, a few cue phrases and shares of
lines by kind. It is shipped as ``page_type_model.json`` and evaluated here in plain
Python.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any, Final

import regex

from segkit.describe.dates import date_from_url
from segkit.document import Document
from segkit.evidence import Flag

PAGE_TYPES: Final = ("article", "forum", "product", "collection", "listing",
                     "documentation", "service")
MODEL_PATH: Final = Path(__file__).with_name("page_type_model.json")
_WORD: Final = regex.compile(r"[a-z]{2,}")
_PRICE: Final = regex.compile(r"[$€£¥₹]\s?\d|\d[\d.,]*\s?(?:€|eur|usd|kr|zł)\b", regex.I)
# Phrases whose presence in the page's lines says something of its type.
CUES: Final = (
    "add to cart", "add to basket", "add to bag", "in stock", "out of stock", "buy now",
    "free shipping", "reviews", "reply", "replies", "joined", "posts", "views", "likes",
    "sort by", "filter", "results", "showing", "load more", "next page", "page 1",
    "api", "parameters", "returns", "example", "install", "documentation", "version",
    "contact us", "our services", "get a quote", "book now", "pricing", "free consultation",
    "read more", "comments", "share", "minute read", "min read", "subscribe", "posted",
    "answer", "question", "solved", "thread", "quote", "copy",
)
# Lines of the page read for cue phrases (from the top).
CUE_WINDOW: Final = 600


def page_features(doc: Document) -> dict[str, float]:
    """The model's features of ``doc``: names to values (binary or shares in [0, 1])."""
    feats: dict[str, float] = {"mode:text" if doc.evidence is None else "mode:html": 1.0}
    feats.update(_url_features(doc.url))
    meta = doc.meta
    if meta is not None:
        for name in meta.ld_types:
            feats[f"ld:{name.lower().rsplit('/', 1)[-1]}"] = 1.0
        if meta.og_type:
            feats[f"og:{meta.og_type.strip().lower()}"] = 1.0
        if meta.ld_breadcrumb:
            feats["ld:crumbs"] = 1.0
    feats.update(_line_features(doc))
    return feats


def _url_features(url: str | None) -> dict[str, float]:
    if not url:
        return {"url:none": 1.0}
    path = regex.sub(r"^[a-z]+://[^/]+", "", url.lower()).split("?", 1)[0].split("#", 1)[0]
    segments = [s for s in path.split("/") if s]
    feats = {f"url:{w}": 1.0 for w in _WORD.findall(path)}
    feats[f"url:depth{min(len(segments), 4)}"] = 1.0
    if any(s.isdigit() for s in segments):
        feats["url:numeric"] = 1.0
    if date_from_url(url) or regex.search(r"/(?:19|20)\d\d/", path):
        feats["url:date"] = 1.0
    if segments and regex.search(r"-\w+-\w+-\w+", segments[-1]):
        feats["url:slug"] = 1.0
    return feats


def _line_features(doc: Document) -> dict[str, float]:
    lines = [ln for ln in doc.lines if ln.text.strip()]
    n = max(len(lines), 1)
    feats: dict[str, float] = {"lines": min(math.log1p(len(lines)) / 8, 1.0)}
    for label in ("headline", "byline", "timestamp", "body", "nav", "related", "caption"):
        feats[f"share:{label}"] = sum(ln.label == label for ln in lines) / n
    feats["share:price"] = sum(bool(_PRICE.search(ln.text)) for ln in lines) / n
    feats["share:question"] = sum(ln.text.rstrip().endswith("?") for ln in lines) / n
    if doc.evidence is not None:
        evs = [ev for ln, ev in zip(doc.lines, doc.evidence, strict=False) if ln.text.strip()]
        feats["share:li"] = sum(bool(ev.flags & Flag.LI) for ev in evs) / n
        feats["share:onelink"] = sum(bool(ev.flags & Flag.ONE_LINK) for ev in evs) / n
        feats["share:code"] = sum(ev.tag in ("pre", "code") for ev in evs) / n
        feats["share:heading"] = sum(ev.heading is not None for ev in evs) / n
        feats["share:table"] = sum(bool(ev.flags & Flag.TABLE) for ev in evs) / n
        feats["share:time"] = min(sum(bool(ev.datetime) for ev in evs) / 10, 1.0)
    text = "\n".join(ln.text.lower() for ln in lines[:CUE_WINDOW])
    for cue in CUES:
        if cue in text:
            feats[f"cue:{cue}"] = 1.0
    return feats


@cache
def _model() -> dict[str, Any]:
    with MODEL_PATH.open(encoding="utf-8") as f:
        model: dict[str, Any] = json.load(f)
    return model


def classify_page(feats: dict[str, float], model: dict[str, Any] | None = None) -> str:
    """The type whose linear score is highest for ``feats``."""
    model = model or _model()
    scores = list(model["intercept"])
    weights = model["weights"]
    for name, value in feats.items():
        row = weights.get(name)
        if row is not None:
            for i, w in enumerate(row):
                scores[i] += w * value
    best = max(range(len(scores)), key=scores.__getitem__)
    return str(model["classes"][best])


def find_page_type(doc: Document) -> str | None:
    """The page's WCXB type (a model file that cannot be read is an error, not a guess)."""
    return classify_page(page_features(doc))
