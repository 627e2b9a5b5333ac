"""The page's title: the headline as the page shows it, without the site's name.

The <title> and og:title usually carry the site's name ("Title | Site"); an h1 or
headline line that agrees with one of them is the title as shown. Failing that, the
markup title with the site's name cut off; in text mode, the first headline line.
"""

from __future__ import annotations

from typing import Final

import regex

from segkit.describe.text import host_of, key
from segkit.document import Document

# Separators between a title and the site's name: "Title | Site", "Site - Title".
_SEPARATOR: Final = regex.compile(r"\s+[|·•»«:~/\-–—]{1,2}\s+|\s*\|\s*|\s+::\s+")
# Heading lines tried against the markup titles: the first few h1s and headline lines.
MAX_HEADS: Final = 4
# A last segment this short (in words) that names no site is still taken for the site's name
# when the other segments are longer: "A long headline of the day - Gazette".
SITE_MAX_WORDS: Final = 4


def find_title(doc: Document) -> str | None:
    """An h1 or headline line that agrees with a markup title, else the first h1, else the
    markup title without the site's name, else the first headline line."""
    heads = _heads(doc)
    meta = doc.meta
    if meta is None:
        return heads[0] if heads else None
    site = getattr(meta, "og_site_name", None)
    host = host_of(doc.url or getattr(meta, "canonical", None))
    refs = [t for t in (strip_site(meta.title, site, host), strip_site(meta.og_title, site, host),
                        meta.ld_headline, meta.ld_name) if t]
    ref_keys = {key(r) for r in refs}
    agreeing = next((h for h in heads if key(h) in ref_keys), None)
    h1 = _h1s(doc)
    return agreeing or (h1[0] if h1 else None) or (refs[0] if refs else None) or (
        heads[0] if heads else None)


def _h1s(doc: Document) -> list[str]:
    evidence = doc.evidence
    if evidence is None:
        return []
    return [ln.text.strip() for ln, ev in zip(doc.lines, evidence, strict=False)
            if ev.heading == 1 and ev.tag != "title" and ln.text.strip()]


def _heads(doc: Document) -> list[str]:
    """h1 lines (HTML) and headline lines, in page order, the h1s first."""
    labelled = [ln.text.strip() for ln in doc.lines if ln.label == "headline"]
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
