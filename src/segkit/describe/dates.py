"""Publication dates: a parser for the usual written forms, and the page's date.

The parser returns ``YYYY-MM-DD`` or None; it finds the first date in a string, so
"Published Tuesday, 20 Nov 2019 10:00" and "2019-11-20T10:00:00Z" both give 2019-11-20.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Final

import regex

from segkit.describe.text import near_content
from segkit.document import Document, Line

# Month names and abbreviations (lower-case, without a trailing dot) in a few languages.
_MONTH_NAMES: Final = {
    1: "january jan januar janvier enero januari gennaio janeiro jänner",
    2: "february feb februar février fevrier febrero februari febbraio fevereiro",
    3: "march mar märz maerz mars marzo maart março",
    4: "april apr avril abril aprile",
    5: "may mai mayo mei maggio maio",
    6: "june jun juni juin junio giugno junho",
    7: "july jul juli juillet julio luglio julho",
    8: "august aug août aout agosto augustus",
    9: "september sep sept septembre septiembre settembre setembro",
    10: "october oct oktober octobre octubre ottobre outubro okt",
    11: "november nov novembre noviembre novembro",
    12: "december dec dezember décembre decembre diciembre dicembre dezembro dez",
}
MONTHS: Final[dict[str, int]] = {
    name: number for number, names in _MONTH_NAMES.items() for name in names.split()
}
_MONTH: Final = "|".join(sorted(MONTHS, key=len, reverse=True))
# Filler allowed between the parts of a written date: "20th of", "20 de", "20.".
_DAY: Final = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th|er|º|\.)?"
_YEAR: Final = r"(?P<y>(?:19|20)\d\d)"
_PATTERNS: Final = (
    # ISO and year-first numeric: 2019-11-20, 2019/11/20, 2019.11.20, 20191120T...
    regex.compile(r"(?<!\d)" + _YEAR + r"(?P<s>[-/.])(?P<m>[01]?\d)(?P=s)(?P<d>[0-3]?\d)(?!\d)"),
    regex.compile(r"(?<!\d)" + _YEAR + r"(?P<m>[01]\d)(?P<d>[0-3]\d)(?=T\d|$)"),
    # November 20, 2019 / Nov. 20th 2019
    regex.compile(rf"\b(?P<mn>{_MONTH})\.?\s+{_DAY},?\s+(?:de\s+)?{_YEAR}\b", regex.I),
    # 20 Nov 2019 / 20. November 2019 / 20 de noviembre de 2019 / 20th of November, 2019
    regex.compile(rf"(?<!\d){_DAY}\s*(?:of\s+|de\s+)?(?P<mn>{_MONTH})\.?,?\s+(?:de\s+)?{_YEAR}\b",
                  regex.I),
    # Day-first or month-first numeric: 20.11.2019, 11/20/2019, 20-11-2019
    regex.compile(r"(?<!\d)(?P<a>[0-3]?\d)(?P<s>[-/.])(?P<b>[0-3]?\d)(?P=s)" + _YEAR + r"(?!\d)"),
)
# A Unix time in seconds or milliseconds, as some <meta> tags give it.
_EPOCH: Final = regex.compile(r"^\s*(1\d{9})(\d{3})?\s*$")
# Dates in a URL path: /2019/11/20/, /2019-11-20-title, /20191120/.
_URL_DATE: Final = regex.compile(
    r"/(?P<y>(?:19|20)\d\d)[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?=[/\-_.]|$)|"
    r"/(?P<y>(?:19|20)\d\d)(?P<m>[01]\d)(?P<d>[0-3]\d)(?=[/\-_.]|$)"
)


def parse_date(text: str | None, *, month_first: bool = True) -> str | None:
    """The first date with a day in ``text``, as ``YYYY-MM-DD``.

    ``month_first`` settles numeric dates such as 03/04/2019 where both parts could be
    the month (American order by default; a day over 12 settles it either way).
    """
    if not text:
        return None
    epoch = _EPOCH.match(text)
    if epoch:
        day = dt.datetime.fromtimestamp(int(epoch.group(1)), dt.UTC).date()
        return day.isoformat()
    best: tuple[int, str] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            iso = _from_match(match, month_first)
            if iso is not None:
                if best is None or match.start() < best[0]:
                    best = (match.start(), iso)
                break
    return best[1] if best else None


def date_span(text: str) -> tuple[int, int] | None:
    """Where the first date with a day is in ``text`` (start, end); None when it has none.

    Every written date has a year of four digits starting 19 or 20: a text with neither is
    passed over unsearched (most lines a name is sought in)."""
    if "19" not in text and "20" not in text:
        return None
    spans = [m.span() for pattern in _PATTERNS for m in [pattern.search(text)] if m]
    return min(spans) if spans else None


def _from_match(match: regex.Match[str], month_first: bool) -> str | None:
    parts = match.groupdict()
    year = int(parts["y"])
    if parts.get("mn"):
        month = MONTHS.get(parts["mn"].lower().rstrip("."), 0)
        day = int(parts["d"])
    elif parts.get("a"):
        a, b = int(parts["a"]), int(parts["b"])
        month, day = (a, b) if (month_first and a <= 12) or b > 12 else (b, a)
    else:
        month, day = int(parts["m"]), int(parts["d"])
    return _iso(year, month, day)


def _iso(year: int, month: int, day: int) -> str | None:
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_from_url(url: str | None) -> str | None:
    """A date written into the URL's path, as many news sites do."""
    if not url:
        return None
    match = _URL_DATE.search(url.split("?", 1)[0])
    if match is None:
        return None
    return _iso(int(match.group("y")), int(match.group("m")), int(match.group("d")))


# Lines looked at for a written date, from the top of the page (text mode, or no markup),
# and beyond them the lines near where the content starts (describe.text.near_content). On
# the WCXB text renderings that nearness found the date of 8 pages more (of 782 with one),
# pages whose headline sits past line 400 below long menus; 2 in HTML.
DATE_LINE_WINDOW: Final = 400
# A line longer than this is prose, not a dateline: a date inside it is seldom the page's.
DATE_LINE_MAX_CHARS: Final = 200
# A body line this short that holds a date is read as a dateline, as a last resort (forum
# posts and blogs whose dateline sits inside the content: "30th March 2025, 16:26 #1").
BODY_DATELINE_MAX_CHARS: Final = 80
# A forum thread's date is its first post's: on a text page typed forum, the first line of
# the content (the labels here) that holds a date is read before the other datelines, not
# a later post's or a related thread's. WCXB text renderings (bench_meta.py, the shipped
# model, not held out): forum date 65 -> 70 of 105 pages, all text 0.697 -> 0.703; HTML
# forum pages keep their markup date (on them this rule gave 100 -> 99 of 105).
POST_LABELS: Final = frozenset(("body", "byline", "timestamp"))
# A line that says it gives the publication date: read before other datelines.
_PUBLISHED_CUE: Final = regex.compile(
    r"^(?:(?:first\s+)?published|posted|start(?:ed)?\s+(?:date|on)|date\s+(?:published|posted)|"
    r"publication\s+date|veröffentlicht|publié|publicado|pubblicato)\b|\bstarted\s+by\b",
    regex.I)
# A line whose date is not the page's: when someone joined, a thing was released, the last
# edit of a post, a copyright year.
_OTHER_DATE_CUE: Final = regex.compile(
    r"\b(?:joined|member\s+since|registered|founded|released|release\s+date|last\s+edited|"
    r"edited|birthday|born|expires?|copyright)\b|©", regex.I)


def find_date(doc: Document, month_first: bool = True, page_type: str | None = None
              ) -> str | None:
    """The page's publication date: markup first (settled against the date the page shows),
    then dateline lines (on a text forum page, the first post's first), then the URL, then
    the date of the last change."""
    markup = _first_date(_markup_dates(doc), month_first)
    modified = parse_date(getattr(doc.meta, "modified_time", None), month_first=month_first)
    if markup is not None and markup != modified:
        return markup  # the lines are read only where they can change the answer
    first_post = page_type == "forum" and doc.meta is None
    shown = _first_date(_dateline_texts(doc, first_post), month_first)
    if markup is not None:
        return settle(markup, shown, modified)
    return shown or date_from_url(doc.url) or modified


def settle(markup: str, shown: str | None, modified: str | None) -> str:
    """The markup date, unless its publication date is only its last change (both stamped
    the same) and the page shows an earlier date: then the shown one, the first publication."""
    if shown is not None and markup == modified and shown < markup:
        return shown
    return markup


def _first_date(texts: Iterable[str], month_first: bool) -> str | None:
    for text in texts:
        iso = parse_date(text, month_first=month_first)
        if iso:
            return iso
    return None


def _dateline_candidates(doc: Document) -> list[tuple[Line, str | None]]:
    """The short lines near the top and near where the content starts, with their <time
    datetime>, that may date the page: a digit in the text or a datetime, and no cue that
    the date is something else's."""
    evidence = doc.evidence or []
    lines = doc.lines
    window = list(range(min(len(lines), DATE_LINE_WINDOW)))
    if len(lines) > DATE_LINE_WINDOW:
        window += near_content([ln.label for ln in lines], DATE_LINE_WINDOW)
    out = []
    for i in window:
        ln = lines[i]
        stamp = evidence[i].datetime if i < len(evidence) else None  # evidence may be short
        if (len(ln.text) <= DATE_LINE_MAX_CHARS and (stamp or any(map(str.isdigit, ln.text)))
                and not _OTHER_DATE_CUE.search(ln.text)):
            out.append((ln, stamp))
    return out


def _markup_dates(doc: Document) -> Iterator[str]:
    meta = doc.meta
    if meta is None:
        return
    for value in (meta.ld_date_published, meta.published_time):
        if value:
            yield value
    yield from meta.meta_dates
    yield from meta.ld_dates


def _dateline_texts(doc: Document, first_post: bool = False) -> Iterator[str]:
    """Lines that say they give the publication date, then <time datetime> and the text of
    timestamp and byline lines (the labelled ones first), then other short lines; never a
    line whose date is something else's (joined, released, last edited). With
    ``first_post``, the content's lines in order before all of them."""
    lines = _dateline_candidates(doc)
    if first_post:
        yield from (ln.text for ln, _ in lines if ln.label in POST_LABELS)
    for ln, stamp in lines:
        if _PUBLISHED_CUE.search(ln.text.strip()):
            yield from (stamp, ln.text) if stamp else (ln.text,)
    for ln, stamp in lines:
        if ln.label in ("timestamp", "byline"):
            yield from (stamp, ln.text) if stamp else (ln.text,)
    yield from (stamp for _, stamp in lines if stamp)
    # Menus hold datelines too: the classifier often calls a lone date line nav.
    yield from (ln.text for ln, _ in lines if ln.label not in ("body", None))
    yield from (ln.text for ln, _ in lines
                if ln.label == "body" and len(ln.text) <= BODY_DATELINE_MAX_CHARS)
