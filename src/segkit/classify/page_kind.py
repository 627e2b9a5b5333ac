"""The page's kind before any of its lines is labelled, for the labeller to read.

LABELS.md names a line by the kind of page it is on: a forum's repeated poster-and-date
lines are bylines and timestamps, a listing's repeated author-and-date lines are body. The
labeller learns from a few hundred labelled pages; the kind of page can be learnt from
every page whose type the gold gives (WCXB's 1,497). So a small linear model (a
multinomial logistic regression, fitted by ``learn/kind.py``) reads what a page shows
without its labels: its address, the words of its ``<title>``, its schema.org and Open
Graph types, its cue phrases and the shares of its markup; and the labeller reads its
probability for each of the seven WCXB types. ``describe/page_type.py`` gives the type
shown in the output, from these and the labelled lines.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any, Final

import regex

from segkit.classify.page_cues import CUES, cue_values
from segkit.evidence import Flag, LineEvidence, PageMeta

PAGE_KINDS: Final = ("article", "forum", "product", "collection", "listing",
                     "documentation", "service")
# The labeller's columns: the probability of each kind.
KIND_COLUMNS: Final = tuple(f"kind_{k}" for k in PAGE_KINDS)
# A first line longer than this is prose, not the title a text rendering starts with.
TITLE_MAX_CHARS: Final = 200
_URL_WORD: Final = regex.compile(r"[a-z]{2,}")
# A title's words, in any script: letters only, two or more.
_TITLE_WORD: Final = regex.compile(r"[^\W\d_]{2,}")
# A year as a folder of the path, or a date written into it (/2024/05/01/, /20240501).
_URL_DATE: Final = regex.compile(r"/(?:19|20)\d\d(?:/|[/-][01]?\d[/-][0-3]?\d\b|[01]\d[0-3]\d\b)")
# Flag bits as plain ints: an IntFlag's ``&`` runs Python code in the enum module.
_LI: Final = int(Flag.LI)
_ONE_LINK: Final = int(Flag.ONE_LINK)
_TABLE: Final = int(Flag.TABLE)


def kind_features(url: str | None, meta: PageMeta | None, texts: list[str],
                  evidence: list[LineEvidence] | None) -> dict[str, float]:
    """What the page shows without its labels, as sparse features (names to values): its
    non-blank ``texts`` (with their ``evidence`` in HTML; None in text, ``meta`` too)."""
    kept = [k for k, t in enumerate(texts) if t.strip()]
    lines = [texts[k] for k in kept]
    feats: dict[str, float] = {"mode:text" if evidence is None else "mode:html": 1.0}
    feats.update(url_features(url))
    title = (meta.title or meta.og_title or "") if meta is not None else next(iter(lines), "")
    feats.update(title_words(title))
    feats.update(meta_features(meta))
    feats["lines"] = min(math.log1p(len(lines)) / 8, 1.0)
    # keep: the page type (describe) asks for the same values of the same lines.
    *found, feats["share:price"], feats["share:question"] = cue_values(lines, keep=True)
    if evidence is not None:
        feats.update(markup_shares([evidence[k] for k in kept], max(len(lines), 1)))
    for cue, value in zip(CUES, found, strict=True):
        if value:
            feats[f"cue:{cue}"] = 1.0
    return feats


def meta_features(meta: PageMeta | None) -> dict[str, float]:
    """The page's schema.org types, its Open Graph type, and whether it has breadcrumbs."""
    feats: dict[str, float] = {}
    if meta is not None:
        for name in meta.ld_types:
            feats[f"ld:{name.lower().rsplit('/', 1)[-1]}"] = 1.0
        if meta.og_type:
            feats[f"og:{meta.og_type.strip().lower()}"] = 1.0
        if meta.ld_breadcrumb:
            feats["ld:crumbs"] = 1.0
    return feats


def url_features(url: str | None, dated: Callable[[str, str], bool] | None = None
                 ) -> dict[str, float]:
    """The words of the URL's path, its depth, and whether it holds a number or a date
    (``dated(url, path)``; by default a year folder or a date written into the path)."""
    if not url:
        return {"url:none": 1.0}
    path = regex.sub(r"^[a-z]+://[^/]+", "", url.lower()).split("?", 1)[0].split("#", 1)[0]
    segments = [s for s in path.split("/") if s]
    feats = {f"url:{w}": 1.0 for w in _URL_WORD.findall(path)}
    feats[f"url:depth{min(len(segments), 4)}"] = 1.0
    if any(s.isdigit() for s in segments):
        feats["url:numeric"] = 1.0
    if dated(url, path) if dated is not None else _URL_DATE.search(path):
        feats["url:date"] = 1.0
    if segments and regex.search(r"-\w+-\w+-\w+", segments[-1]):
        feats["url:slug"] = 1.0
    return feats


def title_words(title: str) -> dict[str, float]:
    """The words of the page's title ("Shop", "Forum", "Docs", "Review", "Best ... 2025"
    name the kind of page more often than its lines show it); none from prose."""
    if len(title) > TITLE_MAX_CHARS:
        return {}
    return {f"title:{w}": 1.0 for w in _TITLE_WORD.findall(title.casefold())}


def markup_shares(evs: list[LineEvidence], n: int) -> dict[str, float]:
    """The shares of ``n`` lines in list items, alone in a link, code, headings, tables,
    and how many carry a ``<time>`` (up to ten)."""
    li = onelink = code = heading = table = time = 0
    for ev in evs:
        flags = ev.flags
        li += bool(flags & _LI)
        onelink += bool(flags & _ONE_LINK)
        code += ev.tag in ("pre", "code")
        heading += ev.heading is not None
        table += bool(flags & _TABLE)
        time += bool(ev.datetime)
    return {"share:li": li / n, "share:onelink": onelink / n, "share:code": code / n,
            "share:heading": heading / n, "share:table": table / n,
            "share:time": min(time / 10, 1.0)}


class KindModel:
    """A linear model over :func:`kind_features`: a weight per feature and kind, softmax."""

    __slots__ = ("intercept", "weights")

    def __init__(self, intercept: list[float], weights: dict[str, list[float]]) -> None:
        self.intercept = intercept
        self.weights = weights

    def probabilities(self, feats: dict[str, float]) -> list[float]:
        """Each of :data:`PAGE_KINDS`' probability for a page of these features."""
        scores = list(self.intercept)
        for name, value in feats.items():
            row = self.weights.get(name)
            if row is not None:
                for k, w in enumerate(row):
                    scores[k] += w * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return [e / total for e in exps]


def kind_from_json(data: Any, where: str) -> KindModel:
    """A :class:`KindModel` from its JSON form (``classes``, ``intercept``, ``weights``);
    ``ValueError`` naming ``where`` for any other form."""
    if not isinstance(data, dict) or data.get("classes") != list(PAGE_KINDS):
        raise ValueError(f"{where}: a page-kind model must give the seven kinds in order")
    width = len(PAGE_KINDS)
    intercept, weights = data.get("intercept"), data.get("weights")
    if not (isinstance(intercept, list) and len(intercept) == width
            and isinstance(weights, dict)):
        raise ValueError(f"{where}: a page-kind model needs 'intercept' and 'weights'")
    try:
        rows = {str(k): [float(x) for x in v] for k, v in weights.items()}
        model = KindModel([float(x) for x in intercept], rows)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{where}: the page-kind model's weights are not numbers") from exc
    if any(len(v) != width for v in rows.values()):
        raise ValueError(f"{where}: each page-kind weight row must give seven numbers")
    return model
