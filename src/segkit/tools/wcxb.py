"""WCXB-style truth files and the benchmark's word metric.

A truth file is ``{id: {"url", "type", "title", "author", "date", "articleBody", ...}}``
(``shared/bench/wcxb/SOURCE.md``). The metric compares the bags of lower-cased ``\\w+``
words of a prediction and of ``articleBody``: precision, recall and F1 of their multiset
overlap, page by page, then averaged. ``segkit train`` reads the same files.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import regex

_WORD = regex.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Truth:
    """What a truth file says of one page; any field but ``body`` may be missing."""

    id: str
    url: str | None
    type: str | None
    title: str | None
    author: str | None
    date: str | None
    body: str


def read_truth(path: Path) -> dict[str, Truth]:
    """The pages of a WCXB-style truth file, by id."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:  # not JSON, or not UTF-8
        raise ValueError(f"{path}: not a truth file of JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a truth file maps page ids to objects")
    out = {}
    for key, rec in data.items():
        if not isinstance(rec, dict) or not isinstance(rec.get("articleBody"), str):
            raise ValueError(f"{path}: page {key!r} has no articleBody string")
        out[str(key)] = Truth(str(key), rec.get("url"), rec.get("type"), rec.get("title"),
                              rec.get("author"), rec.get("date"), rec["articleBody"])
    return out


def tokens(text: str) -> list[str]:
    """The metric's words of ``text``, in order, lower-cased."""
    return [w.lower() for w in _WORD.findall(text)]


def words(text: str) -> Counter[str]:
    """The metric's bag of words."""
    return Counter(tokens(text))


@dataclass(frozen=True, slots=True)
class WordScore:
    precision: float
    recall: float
    f1: float


def word_score(predicted: str, truth: str) -> WordScore:
    """One page's score; an empty truth scores 1 only for an empty prediction."""
    got, want = words(predicted), words(truth)
    if not want:
        return WordScore(1.0, 1.0, 1.0) if not got else WordScore(0.0, 0.0, 0.0)
    overlap = sum((got & want).values())
    if not got or not overlap:
        return WordScore(0.0, 0.0, 0.0)
    p, r = overlap / sum(got.values()), overlap / sum(want.values())
    return WordScore(p, r, 2 * p * r / (p + r))


def reader_recall(lines: Iterable[str], truth: str) -> float:
    """Share of the truth's words (as a multiset) found in any line: what the reader kept."""
    want = words(truth)
    total = sum(want.values())
    if not total:
        return 1.0
    got = words("\n".join(lines))
    return sum((got & want).values()) / total


# A page whose source holds under this share of the truth's words was served without its
# content (a shell whose scripts fetch the posts later, as some Discourse forums serve
# crawlers): no reader can find it there, so it tells nothing of the reader.
SERVED_SHARE: Final = 0.5


def source_recall(source: str, truth: str) -> float:
    """Share of the truth's words anywhere in a page's source, markup, scripts and
    attributes included (entities decoded): the most any reader of that page can keep."""
    return reader_recall([html.unescape(source)], truth)


def served(source: str, truth: str) -> bool:
    """Whether the page's source holds its content (see ``SERVED_SHARE``)."""
    return source_recall(source, truth) >= SERVED_SHARE


def mean_by_type(values: Mapping[str, float], types: Mapping[str, str | None]
                 ) -> dict[str, float]:
    """The mean over all pages (key ``all``) and over the pages of each type."""
    groups: dict[str, list[float]] = {"all": []}
    for key, value in values.items():
        groups["all"].append(value)
        groups.setdefault(types.get(key) or "?", []).append(value)
    return {k: sum(v) / len(v) for k, v in groups.items() if v}
