"""The page's title: the headline as the page shows it, without the site's name.

The <title> and og:title usually carry the site's name ("Title | Site"); an h1 or
headline line that agrees with one of them is the title as shown. Failing that, the
markup title with the site's name cut off; in text mode, the first headline line.
"""

from __future__ import annotations

from typing import Final

import regex

from segkit.describe.text import host_of, key, shown
from segkit.document import Document

# Separators between a title and the site's name: "Title | Site", "Site - Title".
_SEPARATOR: Final = regex.compile(r"\s+[|·•»«:~/\-–—]{1,2}\s+|\s*\|\s*|\s+::\s+")
# Heading lines tried against the markup titles: the first few h1s and headline lines.
MAX_HEADS: Final = 4
# A last segment this short (in words) that names no site is still taken for the site's name
# when the other segments are longer: "A long headline of the day - Gazette".
SITE_MAX_WORDS: Final = 4


# Page types whose markup title is more often the title than their h1 (a service page's h1
# is a slogan, a documentation page's the bare name): on a tie, the markup wins. Chosen type
# by type on the WCXB split, inside its domain-grouped folds (``bench_meta.py --cv``).
MARKUP_TITLE_TYPES: Final = frozenset(("documentation", "forum", "listing", "service"))


def find_title(doc: Document, markup_first: bool = False) -> str | None:
    """The title most of the page's title sources agree on (its h1, the <title>'s first
    segment, og:title without the site's name, the JSON-LD headline, its headline line; of
    the h1s and headline lines, the first of the first few that agrees with a markup title,
    else the first); on a tie, the first of them in that order (the markup sources first
    with ``markup_first``). Failing all, the markup title without the site's name; in text
    mode, the first headline line."""
    heads = _heads(doc)
    meta = doc.meta
    if meta is None:
        return heads[0] if heads else None
    site = getattr(meta, "og_site_name", None)
    host = host_of(doc.url or getattr(meta, "canonical", None))
    title = shown(meta.title)
    markup = [first_segment(title), strip_site(shown(meta.og_title), site, host),
              shown(meta.ld_headline)]
    refs = {key(t) for t in [*markup, strip_site(title, site, host)] if t}
    labelled = [shown(ln.text) or "" for ln in doc.lines if ln.label == "headline"]
    h1, head = _agreeing(_h1s(doc), refs), _agreeing(labelled, refs)
    voted = vote([*markup, h1, head] if markup_first else [h1, *markup, head])
    return voted or strip_site(title, site, host) or shown(meta.ld_name) or (
        heads[0] if heads else None)


def _agreeing(heads: list[str], refs: set[str]) -> str | None:
    """Of the first few heads, the first that agrees with a markup title, else the first."""
    return next((h for h in heads[:MAX_HEADS] if key(h) in refs), heads[0] if heads else None)


def vote(sources: list[str | None]) -> str | None:
    """The text (compared by :func:`key`) given by most sources; ties go to the earliest."""
    counts: dict[str, int] = {}
    shown: dict[str, str] = {}
    for text in sources:
        if text and text.strip():
            k = key(text)
            counts[k] = counts.get(k, 0) + 1
            shown.setdefault(k, text.strip())
    if not counts:
        return None
    return shown[max(counts, key=counts.__getitem__)]  # max keeps the first of equals


def first_segment(title: str | None) -> str | None:
    """The part of a markup title before its first separator: "Title | Site" -> "Title"."""
    parts = [p.strip() for p in _SEPARATOR.split(title or "") if p.strip()]
    return parts[0] if parts else None


def _h1s(doc: Document) -> list[str]:
    evidence = doc.evidence
    if evidence is None:
        return []
    return [shown(ln.text) or "" for ln, ev in zip(doc.lines, evidence, strict=False)
            if ev.heading == 1 and ev.tag != "title" and ln.text.strip()]


def _heads(doc: Document) -> list[str]:
    """h1 lines (HTML) and headline lines, in page order, the h1s first."""
    labelled = [shown(ln.text) or "" for ln in doc.lines if ln.label == "headline"]
    return list(dict.fromkeys(_h1s(doc)[:MAX_HEADS] + labelled[:MAX_HEADS]))


def site_like(segment: str, site: str | None, host: str) -> bool:
    """Whether a title segment is the site's name (og:site_name or the host's main label)."""
    seg = key(segment).replace(" ", "")
    if not seg:
        return True
    if site:
        name = key(site).replace(" ", "")
        if name and (name in seg or seg in name):
            return True
    labels = [part for part in host.split(".") if len(part) > 2]
    return bool(labels) and (seg in host.replace(".", "") or any(p in seg for p in labels[:-1]
                                                                 if len(p) > 3))


def strip_site(title: str | None, site: str | None, host: str) -> str | None:
    """``title`` without the segments that name the site."""
    if not title:
        return None
    parts = [p for p in _SEPARATOR.split(title) if p.strip()]
    if len(parts) <= 1:
        return title.strip()
    keep = [p for p in parts if not site_like(p, site, host)]
    if len(keep) == len(parts) and len(parts[-1].split()) <= SITE_MAX_WORDS < len(
            " ".join(parts[:-1]).split()):
        keep = parts[:-1]
    if not keep:
        return title.strip()
    start = title.find(keep[0])
    end = title.rfind(keep[-1]) + len(keep[-1])
    return title[start:end].strip() or title.strip()
