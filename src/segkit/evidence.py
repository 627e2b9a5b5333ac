"""What the markup says about lines and pages: the types the classifier reads.

At the bottom of the import graph, so that the classifier imports no HTML parser."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Final


class Flag(enum.IntFlag):
    """Bits of :attr:`LineEvidence.flags`: the context a line's text sits in.

    ``evidence.has(Flag.NAV)`` tests one; ``Flag(evidence.flags)`` shows them by name.
    """

    NAV = 1 << 0
    HEADER = 1 << 1
    FOOTER = 1 << 2
    ASIDE = 1 << 3
    FIGURE = 1 << 4
    FIGCAPTION = 1 << 5
    ARTICLE = 1 << 6
    MAIN = 1 << 7
    TIME = 1 << 8  # some of the line is inside <time>
    FORM = 1 << 9
    LI = 1 << 10
    LIST = 1 << 11  # inside <ul>/<ol>/<menu>
    BLOCKQUOTE = 1 << 12
    TABLE = 1 << 13
    ADDRESS = 1 << 14
    LINK = 1 << 15  # some of the line is inside <a href>
    ONE_LINK = 1 << 16  # all of the line is the text of one link
    ALT = 1 << 17  # the line is an image's alt text (only with ``alt_text=True``)
    # Where the line's links point (html.links.link_target): a teaser's link goes to an
    # article, a menu's to a section, a table of contents' to this page.
    ARTICLE_LINK = 1 << 18  # a link to a page that looks like an article or an item
    SHALLOW_LINK = 1 << 19  # a link to a site's section: a path of at most one segment
    ANCHOR_LINK = 1 << 20  # a link to a place on this page (``#...``)
    OFFSITE_LINK = 1 << 21  # a link to another site than the page's (when it is known)
    PERSON_LINK = 1 << 22  # to a person's page (a member's profile, an author's), rel=author


# The flags that say where links point (set with Flag.LINK).
LINK_TARGETS: Final = int(Flag.ARTICLE_LINK | Flag.SHALLOW_LINK | Flag.ANCHOR_LINK
                          | Flag.OFFSITE_LINK | Flag.PERSON_LINK)


# Longest class/id token tuple kept per line, nearest ancestors first.
MAX_TOKENS: Final = 32


@dataclass(slots=True)
class LineEvidence:
    """What the markup says about one line; compact, since pages have thousands of lines."""

    tag: str  # innermost block element holding the line ("p", "li", "tr", "title", "img"...)
    heading: int | None  # 1-6 inside <h1>-<h6>
    flags: int  # Flag bits
    list_depth: int  # number of enclosing <ul>/<ol>/<menu>
    link_density: float  # share of the line's non-space characters inside links
    tokens: tuple[str, ...]  # class/id/itemprop/role tokens of ancestors, nearest first
    datetime: str | None = None  # datetime attribute of the enclosing <time>

    def __init__(
        self, tag: str, heading: int | None, flags: int, list_depth: int,
        link_density: float, tokens: tuple[str, ...], datetime: str | None = None,
    ) -> None:
        # Written out, as mypyc compiles it: the one dataclass makes is interpreted code,
        # and a page builds thousands of these.
        self.tag = tag
        self.heading = heading
        self.flags = flags
        self.list_depth = list_depth
        self.link_density = link_density
        self.tokens = tokens
        self.datetime = datetime

    def __reduce__(self) -> tuple[type[LineEvidence], tuple[object, ...]]:
        """Pickled as its constructor's arguments: compiled by mypyc, the class is rebuilt
        by calling it, so without them a Document from another process (a pool's worker)
        could not be read back."""
        return LineEvidence, (self.tag, self.heading, self.flags, self.list_depth,
                              self.link_density, self.tokens, self.datetime)

    def has(self, flag: int) -> bool:
        """Whether every bit of ``flag`` is set."""
        return self.flags & flag == flag

    def to_dict(self) -> dict[str, object]:
        """JSON-ready evidence: flags by name rather than as a bit mask."""
        return {
            "tag": self.tag,
            "heading": self.heading,
            "flags": [f.name.lower() for f in Flag if f.name and self.flags & f],
            "list_depth": self.list_depth,
            "link_density": round(self.link_density, 3),
            "tokens": list(self.tokens),
            "datetime": self.datetime,
        }


@dataclass(slots=True)
class PageMeta:
    """Page-level facts from <head> and JSON-LD, read once per page.

    No label depends on them yet: they are output under ``--evidence`` (docs/format.md)."""

    title: str | None = None
    lang: str | None = None  # <html lang>
    canonical: str | None = None  # <link rel=canonical href>
    og_title: str | None = None
    og_site_name: str | None = None
    og_type: str | None = None
    og_url: str | None = None
    published_time: str | None = None  # <meta property=article:published_time>
    article_author: str | None = None  # <meta property=article:author>
    author: str | None = None  # <meta name=author>
    ld_types: tuple[str, ...] = ()  # every schema.org @type seen
    ld_headline: str | None = None
    ld_authors: tuple[str, ...] = ()
    ld_date_published: str | None = None
    ld_has_article_body: bool = False
    # Read for the document metadata (segkit.describe), not by the classifier.
    meta_dates: tuple[str, ...] = ()  # publication-date <meta> (name/property/itemprop) values
    modified_time: str | None = None  # article:modified_time, og:updated_time, dateModified
    meta_authors: tuple[str, ...] = ()  # dc.creator, parsely-author, itemprop=author...
    ld_dates: tuple[str, ...] = ()  # JSON-LD datePublished/dateCreated/uploadDate, any item
    ld_any_authors: tuple[str, ...] = ()  # JSON-LD author of any item (@graph, @id resolved)
    ld_name: str | None = None  # JSON-LD name of the first item of a main-entity type
    ld_breadcrumb: tuple[str, ...] = ()  # JSON-LD BreadcrumbList item names


@dataclass(slots=True)
class PageStructure:
    """The elements of a page as a tree, and the element each line sits in.

    Element ids count up in document order, so a parent's id is below its children's.
    ``line_nodes[i]`` is the innermost element holding line ``i``'s first text (-1: the
    ``<title>``); ``parents[k]`` is element ``k``'s parent (-1: none); ``sigs[k]`` its
    shape, ``tag.class`` without digits: siblings of one shape are repeated items such as
    forum posts, product cards or listing entries.
    """

    line_nodes: list[int] = field(default_factory=list)
    parents: list[int] = field(default_factory=list)
    sigs: list[str] = field(default_factory=list)


@dataclass(slots=True)
class HtmlPage:
    """A page as lines of visible text, the evidence for each line, and page metadata."""

    lines: list[str]
    evidence: list[LineEvidence]
    meta: PageMeta = field(default_factory=PageMeta)
    structure: PageStructure = field(default_factory=PageStructure)

    def __reduce__(self) -> tuple[type[HtmlPage], tuple[object, ...]]:
        """Pickled as its constructor's arguments (see :meth:`LineEvidence.__reduce__`)."""
        return HtmlPage, (self.lines, self.evidence, self.meta, self.structure)
