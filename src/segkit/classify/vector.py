"""The numbers the learned model reads for each line: one row of floats per line.

Training (``segkit.learn``) and labelling build rows with this one module, so a model
sees at run time exactly what it was trained on. A row holds, in order of ``names()``:
- the line's text features and what the rule stages said of it (classes, label);
- in HTML mode, its markup evidence (tag, flags, link density, class/id keywords) and
  the page's structure around it: for its nearest ancestors, their share of the page's
  text, link density, paragraph share and how often their shape repeats among their
  siblings (forum posts, product cards, listing entries), and whether the line sits in
  the best content container;
- the same few values of the neighbouring lines, running means, the line's position;
- in text mode, where the line sits against the rule stages' content region;
- page-level signals repeated on every line: size, link share, the shape of the URL and,
  in HTML, JSON-LD and Open Graph types; in text, which has no markup to say what kind of
  page it is, the page's cue phrases (``page_cues``).
"""

from __future__ import annotations

import math
from typing import Final
from urllib.parse import urlsplit

import regex

from segkit.classify.classes import ALL_CLASSES, GOOD, NEAR, context_free
from segkit.classify.features import Features
from segkit.classify.page_cues import CUES, cue_values
from segkit.classify.wordlists import BYLINE_TOKENS, CAPTION_TOKENS, FURNITURE_TOKENS
from segkit.evidence import Flag, LineEvidence, PageMeta, PageStructure
from segkit.labels import BODY, LABELS

CLASSES: Final = tuple(sorted(ALL_CLASSES))
TAGS: Final = (
    "title", "p", "div", "li", "td", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "span", "a",
    "body", "section", "article", "dd", "dt", "blockquote", "pre", "figcaption", "header",
    "footer", "nav", "main", "aside", "form", "table", "ul", "img", "noscript", "summary",
    "label", "button",
)
# Every flag is a column, where the line's links point included (html/links.py). Held out
# (bench_wcxb.py --cv 5, whole pipeline), against a row without those four: WCXB HTML
# 0.8717 -> 0.8724 (collection 0.672 -> 0.701, listing 0.745 -> 0.732), the 181 articles
# 0.9636 -> 0.9680, the development set's seven labels 0.893 / 0.740 -> 0.896 / 0.756.
# PERSON_LINK is not: a link to a poster's or an author's page says which label a line
# takes, not whether it is the page's content, so the labeller reads it (labelling.py).
_COLUMN_FLAGS: Final = [f for f in Flag if f != Flag.PERSON_LINK]
FLAGS: Final = tuple(int(f) for f in _COLUMN_FLAGS)
FLAG_NAMES: Final = tuple(str(f.name).lower() for f in _COLUMN_FLAGS)
# Class/id words that say what an element holds; the first NEAR_KEYWORDS also count
# among the nearest ancestors' tokens alone.
KEYWORDS: Final = (
    "content", "article", "body", "post", "entry", "text", "main", "comment", "related",
    "nav", "menu", "footer", "header", "sidebar", "share", "social", "product",
    "description", "card", "item", "list", "breadcrumb", "cookie", "title", "price",
    "review", "answer", "question", "message", "widget", "ad", "promo", "newsletter",
    "author", "meta", "tag", "topic", "thread", "reply", "cooked", "prose", "markdown",
    "docs", "result", "grid", "tile", "modal", "hidden", "btn", "button", "banner", "hero",
    "feature", "faq", "pricing",
)
NEAR_KEYWORDS: Final = 12
NEAR_TOKENS: Final = 8  # tokens of the nearest ancestors, for the cue-word tests
LD_TYPES: Final = (
    ("article", regex.compile(r"Article|BlogPosting|Report", regex.I)),
    ("product", regex.compile(r"^Product|Offer|AggregateRating", regex.I)),
    ("forum", regex.compile(r"QAPage|Question|Answer|DiscussionForumPosting|Comment", regex.I)),
    ("list", regex.compile(r"ItemList|CollectionPage|SearchResultsPage|OfferCatalog", regex.I)),
    ("faq", regex.compile(r"FAQPage", regex.I)),
    ("docs", regex.compile(r"TechArticle|APIReference|HowTo", regex.I)),
    ("org", regex.compile(r"Organization|LocalBusiness|Service|SoftwareApplication", regex.I)),
    ("crumb", regex.compile(r"BreadcrumbList", regex.I)),
)
URL_SHAPES: Final = (
    ("thread", regex.compile(r"/t/|/threads?/|/topic|/d/\d|/questions?/|/discussion|/comments/")),
    ("forum", regex.compile(r"forum|community|discuss|answers\.|reddit|stackexchange|overflow")),
    ("product", regex.compile(r"/products?/|/p/|/dp/|/pdp/|/itm/|/item/|/pr/|sku=")),
    ("collection", regex.compile(r"/collections?/|/category|/categories|/c/|/shop|/b/|/browse")),
    ("docs", regex.compile(r"/docs?/|documentation|/reference|/api/|/guide|/manual|/learn|/wiki")),
    ("article", regex.compile(r"/blog|/news|/article|/posts?/|/\d{4}/\d{2}/|/story|/stories")),
    ("list", regex.compile(r"/search|/tags?/|/list|/jobs|/courses|/city/|/homes|/results")),
)
# Ancestor levels described (0: the line's own block element, 1: its parent...).
LEVELS: Final = (0, 1, 2, 3, 5)
REPEATED_ITEM: Final = 3     # siblings of one shape that make a repeated block
REPEAT_LOOKUP: Final = 12    # ancestors searched for the nearest repeated block
REPEAT_CAP: Final = 50       # repetition counts above this tell nothing more
# The best container scores its paragraph text, less these shares of its other text and
# its link text (a content block is mostly paragraphs, with few links).
OTHER_TEXT_COST: Final = 0.3
LINK_TEXT_COST: Final = 0.5
MAIN_SHARE: Final = 0.6      # the smallest element holding this share of the page's text
WINDOWS: Final = (3, 10)     # running means over +-3 and +-10 lines
OFFSETS: Final = (-2, -1, 1, 2)
TEXT_COLUMNS: Final = ("chars", "words", "stop_share", "terminal", "lower_share",
                       "repeats", "date", "byline", "caption", "nav", "related", "comments",
                       "copyright", "read_more", "bullet", "link", "cf", "mc", "seg",
                       "seg_body")
MISSING: Final = -1.0


class Page:
    """One document as the rows are built from: its lines and what is known of them."""

    def __init__(self, feats: list[Features], classes: list[str], labels: list[str],
                 evidence: list[LineEvidence] | None, structure: PageStructure | None,
                 meta: PageMeta | None, url: str | None,
                 free: list[str] | None = None) -> None:
        self.feats = feats
        self.classes = classes
        # The context-free classes, before the markup's say (None: work them out).
        self.free = free if free is not None else [context_free(f) for f in feats]
        self.labels = labels
        self.evidence = evidence
        self.structure = structure
        self.meta = meta
        self.url = url
        # Text: whether the first line stands alone, a blank line after it, as a rendering
        # sets the page's <title> apart (set by ``classify.pipeline.describe_lines``).
        self.first_alone = False


def names(html: bool) -> list[str]:
    """The column names of a row, in order."""
    return list(_NAMES[html])


def _names(html: bool) -> tuple[str, ...]:
    cols = list(TEXT_COLUMNS)
    if html:
        cols += _EVIDENCE_NAMES + _STRUCTURE_NAMES
    cols += [f"{c}@{o:+d}" for o in OFFSETS for c in _neighbour_columns(html)]
    cols += [f"{c}~{r}" for c in _window_columns(html) for r in WINDOWS]
    cols += ["pos", "chars_before"]
    if not html:
        cols += REGION_NAMES
    cols += _page_names(html)
    return tuple(cols)


def rows(page: Page) -> list[list[float]]:
    """One row per line, columns as :func:`names` gives them."""
    html = page.evidence is not None
    out = _text_rows(page)
    if html:
        ev = _evidence_rows(page.evidence or [])
        st = _structure_rows(page)
        for row, b, c in zip(out, ev, st, strict=True):
            row.extend(b)
            row.extend(c)
    _add_context(out, html)
    position = _position(page.feats)
    tail = _page_values(page)
    for row, pos in zip(out, position, strict=True):
        row.extend(pos)
    if not html:
        for row, reg in zip(out, _region_rows(page), strict=True):
            row.extend(reg)
    for row in out:
        row.extend(tail)
    return out


# --------------------------------------------------------------------------- text


def _text_rows(page: Page) -> list[list[float]]:
    out: list[list[float]] = []
    class_at, label_at = _CLASS_AT, _LABEL_AT
    for f, cf, mc, label in zip(page.feats, page.free, page.classes, page.labels, strict=True):
        out.append([
            math.log1p(float(f.chars)), float(f.words), f.stop_share, float(f.terminal),
            f.lower_share, float(min(f.repeats, REPEAT_CAP)), float(f.date), float(f.byline),
            float(f.caption), float(f.nav), float(f.related), float(f.comments),
            float(f.copyright), float(f.read_more), float(f.bullet), float(f.link),
            float(class_at[cf]), float(class_at[mc]),
            float(label_at[label]), float(label == BODY),
        ])
    return out


# --------------------------------------------------------------------------- markup

_EVIDENCE_NAMES: Final = (
    ["tag", "heading", "list_depth", "link_density", "tok_furn", "tok_byline", "tok_caption",
     "n_tokens"] + [f"f_{n}" for n in FLAG_NAMES] + [f"k_{k}" for k in KEYWORDS]
    + [f"k8_{k}" for k in KEYWORDS[:NEAR_KEYWORDS]]
)


def _evidence_rows(evidence: list[LineEvidence]) -> list[list[float]]:
    out: list[list[float]] = []
    unknown = len(TAGS)
    tag_at = _TAG_AT
    # Lines of one element share its tokens and flags: their columns are worked out once.
    by_tokens: dict[tuple[str, ...], list[float]] = {}
    by_flags: dict[int, list[float]] = {}
    for e in evidence:
        key = tuple(e.tokens)
        words = by_tokens.get(key)
        if words is None:
            words = by_tokens[key] = _token_columns(e.tokens)
        flags = by_flags.get(e.flags)
        if flags is None:
            flags = by_flags[e.flags] = [1.0 if e.flags & bit else 0.0 for bit in FLAGS]
        row = [float(tag_at.get(e.tag, unknown)),
               float(e.heading or 0), float(e.list_depth), e.link_density]
        row.extend(words[:4])
        row.extend(flags)
        row.extend(words[4:])
        out.append(row)
    return out


def _token_columns(tokens: tuple[str, ...]) -> list[float]:
    """The cue-word tests, the token count, and the keyword columns of an element's
    class/id tokens (nearest ancestors' first)."""
    near = tokens[:NEAR_TOKENS]
    row = [float(not FURNITURE_TOKENS.isdisjoint(near)),
           float(not BYLINE_TOKENS.isdisjoint(near)),
           float(not CAPTION_TOKENS.isdisjoint(near)), float(len(tokens))]
    keys = [0.0] * (len(KEYWORDS) + NEAR_KEYWORDS)
    for k, token in enumerate(tokens):
        at = _KEYWORD_AT.get(token)
        if at is not None:
            keys[at] = 1.0
            if k < NEAR_TOKENS and at < NEAR_KEYWORDS:
                keys[len(KEYWORDS) + at] = 1.0
    row.extend(keys)
    return row


# --------------------------------------------------------------------------- structure

_LEVEL_FIELDS: Final = ("share", "link", "lines", "good", "segb", "reps")
_NO_LEVEL: Final = [0.0] * len(_LEVEL_FIELDS)  # an ancestor level past the root
_STRUCTURE_NAMES: Final = (
    ["depth", "in_best", "best_share", "best_link", "best_depth_rel", "in_best2",
     "best2_share", "in_main60", "main60_depth_rel"]
    + [f"a{lvl}_{f}" for lvl in LEVELS for f in _LEVEL_FIELDS]
    + ["rep_n", "rep_share", "rep_link", "rep_dist", "rep_good", "rep_in_best", "rep_segb"]
)


class _Sums:
    """Per element of the page: the text, link text, paragraph text, rule-body text and
    lines of everything under it."""

    def __init__(self, size: int) -> None:
        self.chars = [0.0] * size
        self.link = [0.0] * size
        self.good = [0.0] * size
        self.body = [0.0] * size
        self.lines = [0] * size


def line_paths(structure: PageStructure, n: int) -> list[list[int]]:
    """Each line's element and its ancestors, nearest first (empty: outside the body)."""
    parents = structure.parents
    out: list[list[int]] = []
    made: dict[int, list[int]] = {}  # lines of one element share its (read-only) path
    for i in range(n):
        start = node = structure.line_nodes[i]
        path = made.get(start)
        if path is None:
            path = []
            while node >= 0:
                path.append(node)
                node = parents[node]
            made[start] = path
        out.append(path)
    return out


def nearest_repeat(path: list[int], reps: list[int]) -> int:
    """Where in ``path`` (a line's ancestors, nearest first) its nearest repeated item is:
    the first of the nearest REPEAT_LOOKUP ancestors with REPEATED_ITEM or more siblings of
    its shape (``reps``, per element); -1 for none."""
    for k, a in enumerate(path[:REPEAT_LOOKUP]):
        if reps[a] >= REPEATED_ITEM:
            return k
    return -1


def _sums(page: Page, paths: list[list[int]], size: int) -> _Sums:
    sums = _Sums(size)
    evidence = page.evidence or []
    for i, path in enumerate(paths):
        c = float(page.feats[i].chars)
        link = c * evidence[i].link_density
        good = c if page.classes[i] in (GOOD, NEAR) else 0.0
        body = c if page.labels[i] == BODY else 0.0
        for a in path:
            sums.chars[a] += c
            sums.link[a] += link
            sums.good[a] += good
            sums.body[a] += body
            sums.lines[a] += 1
    return sums


def _depths(parents: list[int]) -> list[int]:
    depth = [0] * len(parents)
    for k, p in enumerate(parents):  # parents come before their children
        depth[k] = depth[p] + 1 if p >= 0 else 0
    return depth


def _under(parents: list[int], top: int) -> list[bool]:
    """For each element, whether it is ``top`` or inside it (``top`` -1: none is), worked
    out once rather than by a search of every line's ancestors."""
    out = [False] * len(parents)
    if top < 0:
        return out
    for k, p in enumerate(parents):  # parents come before their children
        out[k] = k == top or (p >= 0 and out[p])
    return out


def _best(score: list[float]) -> int:
    best, top = -1, -math.inf
    for k, s in enumerate(score):
        if s > top:
            best, top = k, s
    return best


class _Shape:
    """What the page's structure says once, before the rows."""

    def __init__(self, page: Page, paths: list[list[int]]) -> None:
        st = page.structure
        assert st is not None
        m = len(st.parents)
        self.sums = s = _sums(page, paths, m)
        self.depth = _depths(st.parents)
        self.total = max(sum(float(f.chars) for f in page.feats), 1.0)
        siblings: dict[tuple[int, str], int] = {}
        group: dict[tuple[int, str], float] = {}
        for k in range(m):
            if s.lines[k]:
                key = (st.parents[k], st.sigs[k])
                siblings[key] = siblings.get(key, 0) + 1
                group[key] = group.get(key, 0.0) + s.chars[k]
        self.reps = [siblings.get((st.parents[k], st.sigs[k]), 0) for k in range(m)]
        self.group = [group.get((st.parents[k], st.sigs[k]), 0.0) for k in range(m)]
        self.best = _best([s.good[k] - OTHER_TEXT_COST * (s.chars[k] - s.good[k])
                           - LINK_TEXT_COST * s.link[k] for k in range(m)])
        self.best2 = _best([s.body[k] - OTHER_TEXT_COST * (s.chars[k] - s.body[k])
                            for k in range(m)])
        big = [k for k in range(m) if s.chars[k] >= MAIN_SHARE * self.total]
        self.main = max(big, key=lambda k: self.depth[k]) if big else -1
        self.levels: dict[int, list[float]] = {}
        self.under_best = _under(st.parents, self.best)
        self.under_best2 = _under(st.parents, self.best2)
        self.under_main = _under(st.parents, self.main)

    def level(self, k: int) -> list[float]:
        """The columns of one ancestor (worked out once: lines share their ancestors)."""
        got = self.levels.get(k)
        if got is None:
            s = self.sums
            got = self.levels[k] = [self.share(k), self.per_char(s.link, k),
                                    math.log1p(s.lines[k]), self.per_char(s.good, k),
                                    self.per_char(s.body, k), float(self.reps[k])]
        return got

    def share(self, k: int) -> float:
        return self.sums.chars[k] / self.total if k >= 0 else 0.0

    def per_char(self, values: list[float], k: int) -> float:
        chars = self.sums.chars[k]
        return values[k] / (chars if chars > 1.0 else 1.0)


def _structure_rows(page: Page) -> list[list[float]]:
    n = len(page.feats)
    if page.structure is None or not page.structure.parents:
        return [[MISSING] * len(_STRUCTURE_NAMES) for _ in range(n)]
    paths = line_paths(page.structure, n)
    shape = _Shape(page, paths)
    return [_structure_row(shape, path) for path in paths]


def _structure_row(shape: _Shape, path: list[int]) -> list[float]:
    s, depth, best, best2, main = shape.sums, shape.depth, shape.best, shape.best2, shape.main
    own = depth[path[0]] if path else 0
    in_best = bool(path) and shape.under_best[path[0]]
    in_main = bool(path) and shape.under_main[path[0]]
    row = [float(own), float(in_best), shape.share(best),
           shape.per_char(s.link, best) if best >= 0 else 0.0,
           float(own - depth[best]) if in_best else MISSING,
           float(bool(path) and shape.under_best2[path[0]]),
           shape.share(best2), float(in_main),
           float(own - depth[main]) if in_main else MISSING]
    for lvl in LEVELS:
        row.extend(shape.level(path[lvl]) if lvl < len(path) else _NO_LEVEL)
    at = nearest_repeat(path, shape.reps)
    rep = path[at] if at >= 0 else -1
    if rep < 0:
        row.extend([0.0, 0.0, 0.0, MISSING, 0.0, 0.0, 0.0])
        return row
    rep_in_best = in_best and (best == rep or depth[best] < depth[rep])
    row.extend([float(shape.reps[rep]), shape.group[rep] / shape.total,
                shape.per_char(s.link, rep), float(at),
                shape.per_char(s.good, rep), float(rep_in_best), shape.per_char(s.body, rep)])
    return row


# --------------------------------------------------------------------------- context


def _neighbour_columns(html: bool) -> tuple[str, ...]:
    if html:
        return ("chars", "link_density", "seg", "mc", "terminal", "tag", "in_best",
                "a1_reps", "depth")
    return ("chars", "seg", "cf", "terminal", "lower_share", "stop_share", "words")


def _window_columns(html: bool) -> tuple[str, ...]:
    return ("seg_body", "link_density", "terminal") if html else ("seg_body", "terminal",
                                                                  "chars")


def _add_context(out: list[list[float]], html: bool) -> None:
    """Append the neighbours' values (MISSING past the ends), then running means, row by
    row: the columns read are the rows' first ones, which appending leaves as they are."""
    n = len(out)
    cols, windowed = _CONTEXT_COLUMNS[html]
    absent = [MISSING] * len(cols)
    sums: list[list[float]] = []
    for c in windowed:
        cum = [0.0]
        for row in out:
            cum.append(cum[-1] + row[c])
        sums.append(cum)
    # Each line's neighbour columns once (every line is four lines' neighbour).
    shown = [[row[c] for c in cols] for row in out]
    for i in range(n):
        row = out[i]
        for off in OFFSETS:
            j = i + off
            row.extend(shown[j] if 0 <= j < n else absent)
        for cum in sums:
            for r in WINDOWS:
                lo = i - r if i > r else 0
                hi = i + r + 1 if i + r + 1 < n else n
                row.append((cum[hi] - cum[lo]) / (hi - lo))  # hi > lo: i is in it


# Text mode: where a line sits against the rule stages' content region (its first to its
# last rule body line): before it, after it and how far (a share of the page's lines), the share
# of the region's text still to come, and whether a comments header lies between the
# region's end and the line (what follows one is the readers', not the page's).
REGION_NAMES: Final = ("r_before", "r_after", "r_after_dist", "r_body_after",
                       "r_comments_between")


def _region_rows(page: Page) -> list[tuple[float, ...]]:
    labels = page.labels
    n = len(labels)
    inside = [i for i, lab in enumerate(labels) if lab == BODY]
    if not inside:
        return [(0.0, 0.0, MISSING, 0.0, 0.0)] * n
    first, last = inside[0], inside[-1]
    total = sum(float(page.feats[i].chars) for i in inside) or 1.0
    left = total
    comments = 0.0
    out: list[tuple[float, ...]] = []
    for i, (f, lab) in enumerate(zip(page.feats, labels, strict=True)):
        if lab == BODY:
            left -= float(f.chars)
        if i > last and f.comments:
            comments = 1.0
        after = i > last
        out.append((float(i < first), float(after), min((i - last) / n, 1.0) if after else 0.0,
                    left / total, comments))
    return out


def _position(feats: list[Features]) -> list[tuple[float, float]]:
    n = len(feats)
    total = sum(float(f.chars) for f in feats) or 1.0
    out: list[tuple[float, float]] = []
    before = 0.0
    for i, f in enumerate(feats):
        out.append((i / max(n - 1, 1), before / total))
        before += float(f.chars)
    return out


# --------------------------------------------------------------------------- page


def _page_names(html: bool) -> list[str]:
    cols = ["p_lines", "p_chars", "p_seg_body", "p_good", "p_link_share"]
    cols += [f"u_{k}" for k, _ in URL_SHAPES] + ["u_depth", "u_last_len", "u_last_dashes"]
    if not html:
        cols += [f"pc_{c.replace(' ', '_')}" for c in CUES]
        cols += ["pc_price_lines", "pc_question_lines"]
    if html:
        cols += [f"ld_{k}" for k, _ in LD_TYPES]
        cols += ["og_article", "og_product", "og_website", "ld_body"]
    return cols


def _page_values(page: Page) -> list[float]:
    feats = page.feats
    n = len(feats)
    chars = sum(float(f.chars) for f in feats) or 1.0
    body = sum(float(f.chars) for f, lab in zip(feats, page.labels, strict=True) if lab == BODY)
    good = sum(1 for f in feats if f.chars >= 80 and f.terminal)
    link = 0.0
    if page.evidence is not None:
        link = sum(float(f.chars) * e.link_density
                   for f, e in zip(feats, page.evidence, strict=True)) / chars
    out = [math.log1p(n), math.log1p(chars), body / chars, good / max(n, 1), link]
    out += url_values(page.url or "")
    if page.evidence is None:
        out += cue_values([f.text for f in feats], keep=True)  # the page type's too
    else:
        meta = page.meta or PageMeta()
        types = " ".join(meta.ld_types)
        out += [1.0 if p.search(types) else 0.0 for _, p in LD_TYPES]
        og = (meta.og_type or "").lower()
        out += [float("article" in og), float("product" in og), float(og == "website"),
                float(meta.ld_has_article_body)]
    return out


def url_values(url: str) -> list[float]:
    """The URL columns of a row (``u_*``, in the order of :func:`names`)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL (an unclosed IPv6 bracket...): no shape to read
        parts = urlsplit("")
    low = (parts.netloc + parts.path + "?" + parts.query).lower()
    out = [1.0 if p.search(low) else 0.0 for _, p in URL_SHAPES]
    segs = [s for s in parts.path.split("/") if s]
    last = segs[-1] if segs else ""
    return [*out, float(len(segs)), float(len(last)), float(last.count("-"))]


_KEYWORD_AT: Final = {k: i for i, k in enumerate(KEYWORDS)}
# Where a tag, class and label sit in their tuples: a dict look-up, not a scan per line.
_TAG_AT: Final = {t: i for i, t in enumerate(TAGS)}
_CLASS_AT: Final = {c: i for i, c in enumerate(CLASSES)}
_LABEL_AT: Final = {lab: i for i, lab in enumerate(LABELS)}
# The column names of each mode, and where the neighbour and window columns sit in a row:
# worked out once, not per page.
_NAMES: Final = {html: _names(html) for html in (True, False)}
_CONTEXT_COLUMNS: Final = {
    html: ([_NAMES[html].index(c) for c in _neighbour_columns(html)],
           [_NAMES[html].index(c) for c in _window_columns(html)])
    for html in (True, False)
}
