"""Training rows: every page of the gold sources rendered and described as at run time.

A source is a truth file (``{id: {"articleBody", "url", ...}}``, WCXB's form) with the
pages beside it in ``html/<id>.html.gz`` and ``text/<id>.txt``, or a folder of label
files (``*.labels.tsv``, text mode) or of hashed gold files beside their pages. Each page
goes through the same reader and rule stages as ``segkit split`` and
:func:`segkit.classify.vector.rows`, so the model sees in training exactly what it sees
in use.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from segkit.classify.context import Layout, layout
from segkit.classify.labelling import own_columns
from segkit.classify.pipeline import describe_lines, page_kind
from segkit.classify.vector import Page, rows
from segkit.inputs.charset import decode_html_page
from segkit.inputs.decode import decode
from segkit.learn.gold import content_from_labels, content_lines, read_labels
from segkit.tools.gold import HASHED_SUFFIX, GoldError, read_hashed
from segkit.tools.wcxb import read_truth, words

# Second-level labels under which registrable domains sit one level deeper (bbc.co.uk).
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or"})


@dataclass
class PageRows:
    """One page in one mode: its rows, content gold, and what scoring needs."""

    id: str
    group: str           # its registrable domain: folds never split a domain
    type: str | None     # the page type, where the truth says
    lines: list[str]     # its non-blank lines, as classified
    rows: list[list[float]]
    gold: list[bool]
    truth: str | None    # the truth's main content (None: gold from labels)
    labels: list[str] | None = None  # each line's gold label, where gold gives all seven
    rule: list[str] | None = None    # each line's label by the rule stages
    own: list[list[float]] | None = None  # the labeller's own columns (classify.labelling)
    layout: Layout | None = None  # what the context pass reads besides p (classify.context)
    kind: dict[str, float] | None = None  # what the page-kind model reads (classify.page_kind)


def domain(url: str | None, fallback: str) -> str:
    """The registrable domain of a URL, roughly: ``news.bbc.co.uk`` gives ``bbc.co.uk``."""
    host = (urlsplit(url or "").hostname or "").removeprefix("www.")
    parts = host.split(".")
    if len(parts) >= 3 and parts[-2] in _SECOND_LEVEL and len(parts[-1]) == 2:
        return ".".join(parts[-3:])
    return ".".join(parts[-2:]) if len(parts) >= 2 else (host or fallback)


def fold_of(groups: list[str], k: int) -> dict[str, int]:
    """Each group's fold: sklearn's GroupKFold (folds of about equal size)."""
    from sklearn.model_selection import GroupKFold

    names = sorted(set(groups))
    out: dict[str, int] = {}
    for fold, (_, test) in enumerate(GroupKFold(k).split(names, groups=names)):
        for i in test:
            out[names[i]] = fold
    return out


def render(data: bytes, name: str, html: bool, url: str | None
           ) -> tuple[list[str], list[list[float]], Layout, dict[str, float]]:
    """The non-blank lines of a page, their rows, its layout and its page-kind features,
    as ``segkit split`` would see them."""
    described = read_page(data, name, html, url)
    return ([f.text for f in described.feats], (rows(described) if described.labels else []),
            layout(described), page_kind(described))


def read_page(data: bytes, name: str, html: bool, url: str | None) -> Page:
    """A page's bytes through the reader and the rule stages, as ``segkit split`` reads it."""
    return read_document(data, name, html, url)[1]


def read_document(data: bytes, name: str, html: bool, url: str | None
                  ) -> tuple[list[str], Page]:
    """Every line of a page's rendering (blank ones too) and the page as :func:`read_page`."""
    if not html:
        lines = decode(data, name).split("\n")
        return lines, describe_lines(lines, url=url)[1]
    from segkit.html.walker import html_to_lines

    text, utf8 = decode_html_page(data, name)
    page = html_to_lines(text, utf8=utf8)
    return page.lines, describe_lines(page.lines, page.evidence, page.meta,
                                      structure=page.structure, url=url)[1]


def truth_pages(truth_file: Path, html: bool) -> Iterator[PageRows]:
    """The pages of a truth file, in one mode, with content gold from the truth."""
    folder = truth_file.parent
    for key, truth in sorted(read_truth(truth_file).items()):
        path = folder / "html" / f"{key}.html.gz" if html else folder / "text" / f"{key}.txt"
        if not path.exists():
            continue
        data = path.read_bytes()
        if html:
            data = gzip.decompress(data)
        texts, matrix, lay, kind = render(data, str(path), html, truth.url)
        yield PageRows(key, domain(truth.url, key), truth.type, texts, matrix,
                       content_lines(texts, truth.body), truth.body, layout=lay, kind=kind)


def label_pages(folder: Path) -> Iterator[PageRows]:
    """Text-mode pages of label files, with content gold from their ``body`` lines."""
    for path in sorted(folder.glob("*.labels.tsv")):
        lines, labels = read_labels(path)
        kept = [(t, lab) for t, lab in zip(lines, labels, strict=True) if t.strip()]
        page = read_page("\n".join(t for t, _ in kept).encode("utf-8"), str(path), False, None)
        if len(page.feats) != len(kept) or not page.labels:  # zero-width-only lines
            continue
        name = path.name.removesuffix(".labels.tsv")
        gold = [lab or "" for _, lab in kept]
        yield PageRows(name, f"labels:{name}", None, [f.text for f in page.feats], rows(page),
                       content_from_labels(gold), None, gold, page.labels, own_columns(page),
                       layout(page), page_kind(page))


def hashed_pages(folder: Path, html: bool) -> Iterator[PageRows]:
    """Pages of hashed gold files (``NAME.hashed.tsv``, as the review page saves them) with
    the page beside: ``NAME.txt`` in text mode, ``NAME.html`` (or ``.html.gz``) in HTML
    mode. The hashes are checked against the lines rendered now (``GoldError`` if one
    differs); content gold from the ``body`` lines."""
    for path in sorted(folder.glob(f"*{HASHED_SUFFIX}")):
        name = path.name.removesuffix(HASHED_SUFFIX)
        found = [p for p in ((folder / f"{name}.html", folder / f"{name}.html.gz") if html
                             else (folder / f"{name}.txt",)) if p.exists()]
        if not found:
            continue
        data = found[0].read_bytes()
        if found[0].suffix == ".gz":
            data = gzip.decompress(data)
        found_page = _gold_page(path, data, str(found[0]), html, None)
        if found_page is not None:
            texts, matrix, kept, rule, own, lay, kind = found_page
            yield PageRows(name, f"labels:{name}", None, texts, matrix,
                           content_from_labels(kept), None, kept, rule, own, lay, kind)


def devset_pages(folder: Path, truth_file: Path, html: bool, missing_ok: bool = False
                 ) -> Iterator[PageRows]:
    """The labelled development set (``benchmarks/devset``): hashed gold per WCXB page in
    ``folder/html`` and ``folder/text``, the pages themselves beside ``truth_file``. Each
    page keeps its domain as its group, as in :func:`truth_pages`, so cross-validation
    never splits a domain between its truth and its labels. A page the truth file lacks
    is a :class:`GoldError` (skipped with ``missing_ok``: a set can span truth files)."""
    truth = read_truth(truth_file)
    for path in sorted((folder / ("html" if html else "text")).glob(f"*{HASHED_SUFFIX}")):
        key = path.name.removesuffix(HASHED_SUFFIX)
        page = truth.get(key)
        if page is None:
            if missing_ok:
                continue
            raise GoldError(f"{path}: no page {key!r} in {truth_file}")
        where = truth_file.parent / ("html" if html else "text")
        data = (gzip.decompress((where / f"{key}.html.gz").read_bytes()) if html
                else (where / f"{key}.txt").read_bytes())
        found = _gold_page(path, data, key, html, page.url)
        if found is not None:
            texts, matrix, kept, rule, own, lay, kind = found
            yield PageRows(key, domain(page.url, key), page.type, texts, matrix,
                           content_from_labels(kept), page.body, kept, rule, own, lay, kind)


def _gold_page(path: Path, data: bytes, name: str, html: bool, url: str | None
               ) -> tuple[list[str], list[list[float]], list[str], list[str],
                          list[list[float]], Layout, dict[str, float]] | None:
    """A page's non-blank lines, their rows, the labels a hashed gold file gives them, the
    rule labels, the labeller's own columns, the layout and the page-kind features (None
    for a page without text)."""
    lines, page = read_document(data, name, html, url)
    kept = hashed_labels(path, lines)
    texts = [f.text for f in page.feats]
    if len(texts) != len(kept) or not page.labels:  # zero-width-only lines; no text
        return None
    return texts, rows(page), kept, page.labels, own_columns(page), layout(page), page_kind(page)


def hashed_labels(path: Path, lines: list[str]) -> list[str]:
    """The labels a hashed gold file gives the non-blank lines of a rendering, in order
    (what the classifier's pages hold: blank lines are never classified)."""
    labels = read_hashed(path, lines)
    return [lab or "" for t, lab in zip(lines, labels, strict=True) if t.strip()]


def line_weights(page: PageRows) -> list[float]:
    """Each line weighs by its words, each page about the same: the metric is a mean over
    pages, yet long pages should count a little more (hence the square root)."""
    sizes = [sum(words(t).values()) + 1 for t in page.lines]
    total = sum(sizes) ** 0.5 or 1.0
    return [s / total for s in sizes]
