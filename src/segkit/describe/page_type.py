"""The page's type, one of the WCXB types, from markup, URL and structure.

A linear model (multinomial logistic regression, trained by
``benchmarks/train_page_type.py`` with cross-validation grouped by domain) over sparse
features: schema.org types, og:type, URL path words, the words of the page's title, a few
cue phrases and shares of lines by kind. It is shipped as ``page_type_model.json`` and
evaluated here in plain Python.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any, Final

import regex

from segkit.classify.page_cues import CUES, cue_values
from segkit.classify.page_kind import (
    PAGE_KINDS,
    markup_shares,
    meta_features,
    title_words,
    url_features,
)
from segkit.describe.dates import date_from_url
from segkit.document import Document

PAGE_TYPES: Final = PAGE_KINDS  # WCXB's seven types, as the page kind names them
MODEL_PATH: Final = Path(__file__).with_name("page_type_model.json")
_LINE_LABELS: Final = ("headline", "byline", "timestamp", "body", "nav", "related", "caption")


def page_features(doc: Document) -> dict[str, float]:
    """The model's features of ``doc``: names to values (binary or shares in [0, 1])."""
    feats: dict[str, float] = {"mode:text" if doc.evidence is None else "mode:html": 1.0}
    feats.update(_url_features(doc.url))
    feats.update(_title_features(doc))
    feats.update(meta_features(doc.meta))
    feats.update(_line_features(doc))
    return feats


def _url_features(url: str | None) -> dict[str, float]:
    return url_features(url, _dated)


def _dated(url: str, path: str) -> bool:
    """A date written into the URL (as a news site's), or a year as a folder of its path."""
    return bool(date_from_url(url) or regex.search(r"/(?:19|20)\d\d/", path))


def _title_features(doc: Document) -> dict[str, float]:
    """The words of the page's <title> (in text, of its first line, which a rendering
    starts with): "Shop", "Forum", "Docs", "Review" or "Best ... 2025" name the kind of page
    more often than its lines show it. Held out (``benchmarks/train_page_type.py``, 5 folds
    by domain, C chosen among 0.1 to 10), page type 0.811 -> 0.830 in HTML and 0.772 -> 0.808
    in text (at C 1.0; 0.834 and 0.803 at 0.3)."""
    meta = doc.meta
    if meta is not None:
        title = meta.title or meta.og_title or ""
    else:
        title = next((ln.text for ln in doc.lines if ln.text.strip()), "")
    return title_words(title)


def _line_features(doc: Document) -> dict[str, float]:
    """The shares of lines by label, price, question and markup, and the cue phrases (the
    last three as the content forest reads them: ``page_cues.cue_values``)."""
    lines = [ln for ln in doc.lines if ln.text.strip()]
    n = max(len(lines), 1)
    feats: dict[str, float] = {"lines": min(math.log1p(len(lines)) / 8, 1.0)}
    counts = dict.fromkeys(_LINE_LABELS, 0)
    for ln in lines:
        if ln.label in counts:
            counts[ln.label] += 1
    for label in _LINE_LABELS:
        feats[f"share:{label}"] = counts[label] / n
    *found, feats["share:price"], feats["share:question"] = cue_values(
        [ln.text for ln in lines])
    if doc.evidence is not None:
        evs = [ev for ln, ev in zip(doc.lines, doc.evidence, strict=False) if ln.text.strip()]
        feats.update(markup_shares(evs, n))
    for cue, value in zip(CUES, found, strict=True):
        if value:
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
