"""The context pass: each line's row of what the content forest said about its surroundings.

The content forest decides line by line; its mistakes are incoherent across a block (a
paragraph dropped from an article, a post kept from a thread whose other posts went). The
context forest (``model.ModeModel.context``) reads, per line, the content forest's
probability ``p`` of the line and its neighbours, running means of ``p``, where the line
sits against the page's confident lines, and in HTML the mean ``p`` of the lines under each
of its ancestors (levels as :data:`vector.LEVELS`) and of its nearest repeated block (a
forum post, a product card, a listing entry) and that block's siblings of one shape, with
those containers' share of the page's text; then the line's whole content row.
"""

from __future__ import annotations

from typing import Final

from segkit.classify.vector import LEVELS, MISSING, Page, line_paths, nearest_repeat
from segkit.classify.vector import names as row_names
from segkit.evidence import PageStructure

P_OFFSETS: Final = (-2, -1, 1, 2)
P_WINDOWS: Final = (3, 10)          # running means of p over +-3 and +-10 lines
CONFIDENT: Final = 0.5            # a line at this p or more is a confident content line
SPAN_REACH: Final = 50            # distances to the confident span are capped here
# The containers read in HTML: the ancestors at LEVELS, the nearest repeated item, and
# every sibling of its shape (the whole thread, the whole grid).
CONTAINERS: Final = (*(f"a{lvl}" for lvl in LEVELS), "rep", "reps")
# The context forest reads the whole content row beside p: it then corrects the content
# forest with what it read (page-level columns above all: the page's lines, link share,
# URL and, in HTML, JSON-LD type). Held out, nested (benchmarks/bench_stack.py, WCXB word
# F1, same content forests): in HTML eight columns 0.8617 at 60 trees and 0.8614 at 150,
# the whole row 0.8634 at 60 trees and 0.8674 at 150 (learn.context.CONTEXT_TREES); again
# with content forests fitted anew, eight columns at 60 trees 0.8613, the whole row at 150
# 0.8632. In text, seven columns (length, sentence end, stop words, rule body, words,
# place, page length) at 60 trees: WCXB 0.8227, the 181 articles 0.9211; the whole row at 60 trees
# 0.8223 and 0.9251, at 150 trees 0.8242 and 0.9262.
_NEAR: Final = (["p", *(f"p@{o:+d}" for o in P_OFFSETS)]
                + [f"p~{r}{w}" for r in P_WINDOWS for w in ("", "w")])
_PAGE: Final = ["p_max", "p_mean", "p_wmean", "p_conf_share", "p_rank", "in_span",
                "span_pos", "span_dist"]


class Layout:
    """What the context columns need of a page besides ``p``: each line's characters and,
    in HTML, for each of :data:`CONTAINERS`, the container each line sits in (-1: none)."""

    __slots__ = ("chars", "groups")

    def __init__(self, chars: list[float], groups: list[list[int]] | None = None) -> None:
        self.chars = chars
        self.groups = groups

    def __reduce__(self) -> tuple[type[Layout], tuple[object, ...]]:
        """Pickled as its constructor's arguments: compiled by mypyc, the class is rebuilt
        by calling it (the benchmarks keep pages' layouts in their caches)."""
        return Layout, (self.chars, self.groups)


def names(html: bool) -> list[str]:
    """The column names of a context row, in order."""
    cols = [*_NEAR, *_PAGE]
    if html:
        cols += [f"{c}_{f}" for c in CONTAINERS for f in ("p", "share")]
    return cols + [f"row_{c}" for c in row_names(html)]


def layout(page: Page) -> Layout:
    """The layout of a page as the rule stages described it."""
    chars = [float(f.chars) for f in page.feats]
    st = page.structure
    if page.evidence is None:
        return Layout(chars)
    if st is None or not st.parents:
        return Layout(chars, [[-1] * len(chars) for _ in CONTAINERS])
    return Layout(chars, containers(st, line_paths(st, len(chars))))


def containers(st: PageStructure, paths: list[list[int]]) -> list[list[int]]:
    """For each of :data:`CONTAINERS`, each line's container (-1: none; the ``reps``
    group is numbered by the first item of the group)."""
    held: set[int] = {a for path in paths for a in path}
    count: dict[tuple[int, str], int] = {}
    first: dict[tuple[int, str], int] = {}
    for k in sorted(held):
        key = (st.parents[k], st.sigs[k])
        count[key] = count.get(key, 0) + 1
        first.setdefault(key, k)
    reps = [0] * len(st.parents)  # as vector's: siblings of one shape that hold lines
    for k in held:
        reps[k] = count[(st.parents[k], st.sigs[k])]
    out: list[list[int]] = [[] for _ in CONTAINERS]
    for path in paths:
        for j, lvl in enumerate(LEVELS):
            out[j].append(path[lvl] if lvl < len(path) else -1)
        at = nearest_repeat(path, reps)
        rep = path[at] if at >= 0 else -1
        out[len(LEVELS)].append(rep)
        out[len(LEVELS) + 1].append(first[(st.parents[rep], st.sigs[rep])] if rep >= 0
                                    else -1)
    return out


def rows(lay: Layout, probs: list[float], base: list[list[float]], html: bool
         ) -> list[list[float]]:
    """The context rows of a page: ``probs`` the content forest's, ``base`` its rows."""
    out = own_rows(lay, probs, html)
    for row, src in zip(out, base, strict=True):
        row.extend(src)
    return out


def own_rows(lay: Layout, probs: list[float], html: bool) -> list[list[float]]:
    """The context rows less the content rows that end them (what labelling passes the
    forest beside those rows, uncopied)."""
    n = len(probs)
    chars = [c if c > 1.0 else 1.0 for c in lay.chars]
    out = _near(probs, chars)
    page = _page_columns(probs, chars)
    for row, more in zip(out, page, strict=True):
        row.extend(more)
    if html:
        groups = lay.groups or [[-1] * n for _ in CONTAINERS]
        for column in groups:
            for row, (mean, share) in zip(out, _container(column, probs, chars),
                                          strict=True):
                row.append(mean)
                row.append(share)
    return out


def _near(probs: list[float], chars: list[float]) -> list[list[float]]:
    """p of the line and its neighbours, and running means (plain and chars-weighted)."""
    n = len(probs)
    cum, wcum, ccum = [0.0], [0.0], [0.0]
    for p, c in zip(probs, chars, strict=True):
        cum.append(cum[-1] + p)
        wcum.append(wcum[-1] + p * c)
        ccum.append(ccum[-1] + c)
    out: list[list[float]] = []
    for i in range(n):
        row = [probs[i]]
        for off in P_OFFSETS:
            j = i + off
            row.append(probs[j] if 0 <= j < n else MISSING)
        for r in P_WINDOWS:
            lo = i - r if i > r else 0
            hi = i + r + 1 if i + r + 1 < n else n
            row.append((cum[hi] - cum[lo]) / (hi - lo))
            row.append((wcum[hi] - wcum[lo]) / (ccum[hi] - ccum[lo]))
        out.append(row)
    return out


def _page_columns(probs: list[float], chars: list[float]) -> list[list[float]]:
    """Page-level p (max, mean, chars-weighted mean, confident share of the text), the
    line's rank (share of the text with a higher p), and its place against the span from
    the first to the last confident line."""
    n = len(probs)
    total = sum(chars)
    wmean = sum(p * c for p, c in zip(probs, chars, strict=True)) / total
    confident = [i for i, p in enumerate(probs) if p >= CONFIDENT]
    conf_share = sum(chars[i] for i in confident) / total
    head = [max(probs), sum(probs) / n, wmean, conf_share]
    above = _share_above(probs, chars, total)
    out: list[list[float]] = []
    first, last = (confident[0], confident[-1]) if confident else (-1, -1)
    for i in range(n):
        if first < 0:
            span = [0.0, MISSING, float(SPAN_REACH)]
        elif first <= i <= last:
            span = [1.0, (i - first) / max(last - first, 1), 0.0]
        else:
            span = [0.0, MISSING, float(min(first - i if i < first else i - last, SPAN_REACH))]
        out.append([*head, above[i], *span])
    return out


def _share_above(probs: list[float], chars: list[float], total: float) -> list[float]:
    """For each line, the share of the page's text on lines of a higher p."""
    order = sorted(range(len(probs)), key=lambda i: -probs[i])
    out = [0.0] * len(probs)
    done = 0.0
    k = 0
    while k < len(order):
        j = k
        while j < len(order) and probs[order[j]] == probs[order[k]]:
            j += 1
        for m in range(k, j):
            out[order[m]] = done / total
        for m in range(k, j):
            done += chars[order[m]]
        k = j
    return out


def _container(column: list[int], probs: list[float], chars: list[float]
               ) -> list[tuple[float, float]]:
    """Each line's container's chars-weighted mean p and share of the page's text."""
    wsum: dict[int, float] = {}
    csum: dict[int, float] = {}
    for g, p, c in zip(column, probs, chars, strict=True):
        if g >= 0:
            wsum[g] = wsum.get(g, 0.0) + p * c
            csum[g] = csum.get(g, 0.0) + c
    total = sum(chars)
    return [(wsum[g] / csum[g], csum[g] / total) if g >= 0 else (MISSING, 0.0)
            for g in column]

