"""Where a link points, from its ``href`` alone: what tells a teaser from a menu item.

A related-article block and a menu are both lists of links; their targets differ. A
teaser points to an article (a slug of several words, a long number, a date in the path),
a menu item to a section (``/news``, ``/about``), a table of contents to this page
(``#intro``), a "Quick Links" block often to other sites, and a forum poster's or an
author's name to their page (``/members/ann.12/``, ``/author/ann-lee``).
"""

from __future__ import annotations

from typing import Final

import regex

from segkit.evidence import Flag

# A path segment that names an article or an item: at least this many words joined by
# hyphens or underscores ("how-to-pick-a-desk"), or ...
SLUG_WORDS: Final = 3
# ... a run of at least this many digits (an article or product id: "/p/123456").
ID_DIGITS: Final = 5
_SLUG: Final = regex.compile(r"[^\W_]+(?:[-_][^\W_]+){" + str(SLUG_WORDS - 1) + ",}")
_ID: Final = regex.compile(r"\d{" + str(ID_DIGITS) + ",}")
_DATE: Final = regex.compile(r"/(?:19|20)\d\d/[01]?\d/")
_NOT_PAGES: Final = ("javascript:", "mailto:", "tel:", "sms:", "data:")
_ARTICLE: Final = int(Flag.ARTICLE_LINK)
_SHALLOW: Final = int(Flag.SHALLOW_LINK)
_ANCHOR: Final = int(Flag.ANCHOR_LINK)
_OFFSITE: Final = int(Flag.OFFSITE_LINK)
_PERSON: Final = int(Flag.PERSON_LINK)
# Path segments that lead to a person's page when a segment follows them: a forum member's
# profile, an author's page. So does a segment that starts with "@" or "~" ("/@ann").
PERSON_SEGMENTS: Final = frozenset("""
member members user users u profile profiles author authors person people staff writer
writers contributor contributors journalist journalists reporter reporters reviewer
reviewers editor editors expert experts
""".split())
# Scripts and queries of forum software that show a member's profile.
_PERSON_QUERY: Final = regex.compile(r"viewprofile|showuser|member\.php|profile\.php")


def link_target(href: str | None, host: str) -> int:
    """The :class:`~segkit.evidence.Flag` bits of where ``href`` points; ``host`` is the
    page's own host without ``www.`` ("" when unknown: then no link counts as offsite)."""
    href = (href or "").strip()
    if not href or href.startswith(_NOT_PAGES):
        return 0
    if href.startswith("#"):
        return _ANCHOR
    bits = 0
    path = href
    if "//" in href[:8]:  # http://host/path, //host/path
        there, path = _host_and_path(href)
        if host and there and there != host and not there.endswith("." + host) \
                and not host.endswith("." + there):
            bits |= _OFFSITE
    path = path.lower()  # what follows reads no case
    if ("profile" in path or "member" in path or "showuser" in path) \
            and _PERSON_QUERY.search(path):
        bits |= _PERSON
    for mark in "?#":
        at = path.find(mark)
        if at >= 0:
            path = path[:at]
    segments = [seg for seg in path.split("/") if seg]
    if not PERSON_SEGMENTS.isdisjoint(segments[:-1]) or (
            ("@" in path or "~" in path) and any(seg[0] in "@~" and len(seg) > 1
                                                 for seg in segments)):
        bits |= _PERSON
    for seg in segments:
        if _is_article(seg):
            return bits | _ARTICLE
    if _DATE.search(path):
        return bits | _ARTICLE
    if len(segments) <= 1:
        bits |= _SHALLOW
    return bits


def _is_article(segment: str) -> bool:
    """Whether a path segment names an article or an item; the regexes run only where
    a count of separators or the length says they could match (most segments cannot)."""
    stem = segment.rsplit(".", 1)[0]
    if stem.count("-") + stem.count("_") >= SLUG_WORDS - 1 and _SLUG.fullmatch(stem):
        return True
    return len(segment) >= ID_DIGITS and _ID.search(segment) is not None


def page_host(url: str | None) -> str:
    """The host of ``url`` without ``www.``, lower case ("" when there is none)."""
    if not url or "//" not in url[:8]:
        return ""
    return _host_and_path(url)[0]


def _host_and_path(url: str) -> tuple[str, str]:
    """An absolute URL's host (lower case, without ``www.``) and what follows it."""
    rest = url.split("//", 1)[1]
    cut = len(rest)
    for mark in "/?#":
        at = rest.find(mark)
        if 0 <= at < cut:
            cut = at
    return rest[:cut].lower().removeprefix("www."), rest[cut:]
