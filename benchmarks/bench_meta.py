#!/usr/bin/env python3
"""Document metadata on the WCXB development split: title, author, date and page type.

    python benchmarks/bench_meta.py [--shared PATH] [--limit N] [--cache DIR] [--cv]

Runs segkit (generic labels) over the 1,497 pages of ``shared/bench/wcxb`` in HTML mode
(``html/``) and text mode (``text/``) and scores ``doc.metadata`` against ``truth.json``
where the truth has the field:

- title: exact after normalisation: case-folded (``str.casefold``), typographic quotes and
  dashes made plain (’ -> ', “ -> ", – and — -> -), non-breaking spaces made spaces, runs of
  white space collapsed (``segkit.describe.text.key``);
- author: every name word (``\\w+`` of the normalised gold, but for "and", "und" and "et",
  which join names) appears among the words of ``author``;
- date: the day (the first 10 characters, ``YYYY-MM-DD``);
- page type: equal to the gold type. The page-type model was trained on these pages, so
  this figure is optimistic: ``--cv`` adds the held-out figure of
  ``train_page_type.py`` (5 folds grouped by registrable domain), the one to quote.

The date is a rule with no fitted weights, so its figure is held out. Where the markup
names no author (every text page), the author is chosen among the names the lines show by
a chooser trained on these pages (``benchmarks/train_author.py``): ``--cv`` gives it held
out, each fold's chooser and page types fitted on the other folds. The HTML
title is chosen among the page's candidates by a scorer trained on these pages
(``benchmarks/train_title.py``), so its figure here is optimistic: ``--cv`` gives it held
out, each fold's chooser trained on the other folds (5 folds grouped by registrable
domain) and each page's type from a page-type model that never saw it. The text title is
chosen by the same scorer, a text page's first line standing for its <title>: ``--cv``
gives it held out too, each fold's chooser trained on the other folds' HTML pages.

Beside the rates, "shown in the lines" gives how often a line shows the gold at all (the
title as a whole line, every word of the author in one line, a date giving the gold day):
in text mode, which has only its lines, the ceiling of each rate.

``--cache DIR`` keeps the labelled documents (pickles) so a second run only re-describes.
``--peers trafilatura`` (the default, when installed; ``--peers ''`` for none) adds
trafilatura's title, author and date (``bare_extraction(html, url=..., with_metadata=True)``)
scored the same way, as a peer row. ``--misses FIELD`` prints segkit's HTML misses of one
field (gold beside prediction), to read the failures by cause.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections.abc import Iterator
from pathlib import Path

import regex
from bench_wcxb import load_pages, segkit_doc

from segkit.describe import describe
from segkit.describe.dates import date_span, parse_date
from segkit.describe.text import key
from segkit.document import Document
from segkit.pipeline import Segmenter
from segkit.sites.loading import load_plugins
from segkit.tools.wcxb import Truth

ROOT = Path(__file__).resolve().parents[1]
MODES = ("html", "text")
FIELDS = ("title", "author", "date", "page_type")
_WORD = regex.compile(r"\w+")
# Words that join names in a byline ("Ann Lee and Bo Chen"), not name words: segkit joins
# the names with "; " as the format says, and the figure asks for every name word.
_JOINERS = frozenset(("and", "und", "et"))


def labelled_docs(shared: Path, mode: str, limit: int | None, cache: Path | None
                  ) -> list[tuple[Document, Truth]]:
    """The pages labelled by segkit in ``mode``, with their truth; from ``cache`` if there."""
    path = cache / f"{mode}-{limit or 'all'}.pkl" if cache else None
    if path is not None and path.exists():
        with path.open("rb") as f:
            docs: list[tuple[Document, Truth]] = pickle.load(f)
        return docs
    seg = Segmenter(load_plugins(env=False, entry_points=False), generic=True)
    docs = []
    for page in load_pages(shared, limit):
        doc = segkit_doc(seg, page, mode)
        doc.text = ""  # only the lines are read after labelling
        docs.append((doc, page.truth))
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as f:
            pickle.dump(docs, f)
    return docs


def author_holds(got: str | None, gold: str) -> bool:
    """Whether ``got`` holds every name word of the ``gold`` author: its ``\\w+`` words
    once normalised (:func:`key`), but for the words that join names ("and")."""
    words = set(_WORD.findall(key(got)))
    return all(w in words for w in _WORD.findall(key(gold)) if w not in _JOINERS)


def hits(got: dict[str, str | None], truth: Truth) -> Iterator[tuple[str, bool]]:
    """(field, right?) for each field the truth has."""
    if truth.title:
        yield "title", key(got["title"]) == key(truth.title)
    if truth.author:
        yield "author", author_holds(got["author"], truth.author)
    if truth.date:
        yield "date", (got["date"] or "")[:10] == truth.date[:10]
    if truth.type:
        yield "page_type", got["page_type"] == truth.type


def rates(docs: list[tuple[Document, Truth]]) -> dict[str, tuple[float, int]]:
    scored: dict[str, list[bool]] = {f: [] for f in FIELDS}
    for doc, truth in docs:
        got = describe(doc).to_dict()
        for name, ok in hits(got, truth):
            scored[name].append(ok)
    return {f: (sum(v) / len(v) if v else 0.0, len(v)) for f, v in scored.items()}


def shown_rates(docs: list[tuple[Document, Truth]]) -> dict[str, tuple[float, int]]:
    """How often the lines show the gold at all, whatever the markup says: a line that is
    the title (as normalised for the figure), a line holding every name word of the author,
    a date in a line that gives the gold day (either order of day and month). In text mode,
    which has only the lines, these bound what any chooser can reach."""
    scored: dict[str, list[bool]] = {f: [] for f in FIELDS[:3]}
    for doc, truth in docs:
        texts = [ln.text for ln in doc.lines if ln.text.strip()]
        if truth.title:
            scored["title"].append(key(truth.title) in {key(t) for t in texts})
        if truth.author:
            scored["author"].append(any(author_holds(t, truth.author) for t in texts))
        if truth.date:
            scored["date"].append(any(truth.date[:10] in days_shown(t) for t in texts))
    return {f: (sum(v) / len(v) if v else 0.0, len(v)) for f, v in scored.items()}


def days_shown(text: str) -> set[str]:
    """Every day a date in ``text`` gives (``YYYY-MM-DD``), read month first and day first."""
    days: set[str] = set()
    at = 0
    while (span := date_span(text[at:])) is not None:
        written = text[at + span[0]:at + span[1]]
        days.update(d for d in (parse_date(written, month_first=m) for m in (True, False)) if d)
        at += max(span[1], 1)
    return days


def trafilatura_rates(shared: Path, limit: int | None) -> dict[str, tuple[float, int]] | None:
    """trafilatura's title, author and date on the same pages; None when not installed."""
    try:
        import trafilatura
    except ImportError:
        return None
    scored: dict[str, list[bool]] = {f: [] for f in FIELDS}
    for page in load_pages(shared, limit):
        try:
            got = trafilatura.bare_extraction(page.html, url=page.truth.url, with_metadata=True)
        except Exception as exc:  # a peer's failure on one page is its miss, not the run's end
            print(f"trafilatura: {page.id}: {exc}", file=sys.stderr)
            got = None
        meta = {"title": getattr(got, "title", None), "author": getattr(got, "author", None),
                "date": getattr(got, "date", None), "page_type": None}
        for name, ok in hits(meta, page.truth):
            scored[name].append(ok)
    return {f: (sum(v) / len(v) if v else 0.0, len(v)) for f, v in scored.items()}


def print_misses(docs: list[tuple[Document, Truth]], field: str) -> None:
    """Each page where segkit misses ``field``: id, type, gold and prediction."""
    for doc, truth in docs:
        got = describe(doc).to_dict()
        if dict(hits(got, truth)).get(field) is False:
            gold = truth.type if field == "page_type" else getattr(truth, field)
            print(f"{truth.id}\t{truth.type}\t{gold!r}\t{got[field]!r}")


def title_held_out(docs: list[tuple[Document, Truth]]) -> float:
    """HTML title exact, held out: 5 folds grouped by domain, each with its own title
    chooser and page types from models fitted on the other folds (``train_title.py``), at
    the shipped chooser's L2 strength."""
    from train_title import choices, cross_validate, page_set

    l2 = _shipped_l2()
    pages = page_set(docs)
    return cross_validate(pages, choices(pages), (l2,))[l2]


def _shipped_l2(text: bool = False, path: Path | None = None) -> float:
    """The L2 strength a shipped chooser was fitted at: the file at ``path``, else the
    title chooser of HTML (or ``text`` mode)."""
    import json

    from segkit.describe.title import title_model_path

    path = path or title_model_path(text)
    return float(json.loads(path.read_text(encoding="utf-8"))["l2"])


def author_held_out(docs: list[tuple[Document, Truth]], html: bool) -> str:
    """Author, held out (``train_author.py``) at the shipped chooser's L2 strength, the
    rules deciding the pages whose markup names the author."""
    from train_author import cross_validate, page_set

    from segkit.describe.author_model import author_model_path

    l2 = _shipped_l2(path=author_model_path(html))
    rates, rules = cross_validate(page_set(docs), (l2,))
    return f"{rates[l2]} (the rules alone: {rules})"


def text_title_held_out(text_docs: list[tuple[Document, Truth]]) -> float:
    """Text title exact over every text page, held out: each fold's text chooser fitted
    on the other folds' text pages whose first line stands for their <title>
    (``train_title.py --text``) at the shipped one's L2 strength; each page's type from a
    model fitted on the other folds. A page whose first line cannot stand for the <title>
    takes its first headline line, as segkit does."""
    from train_title import FOLDS, choices, fit, fold_training, page_set, text_page_set

    from segkit.describe.title import find_title

    l2 = _shipped_l2(text=True)
    text = page_set(text_docs)
    pages = text_page_set(text)
    data = choices(pages)
    right = 0
    for k in range(FOLDS):
        model = fit(*fold_training(pages, data, k), l2)
        right += sum(key(find_title(text.docs[i], text.types[i], model)) == text.golds[i]
                     for i, f in enumerate(text.folds) if f == k)
    return right / len(text.docs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--cv", action="store_true", help="page type: held-out figure too")
    parser.add_argument("--peers", default="trafilatura", help="'trafilatura' or ''")
    parser.add_argument("--misses", choices=FIELDS, default=None)
    args = parser.parse_args()
    if not (args.shared / "bench" / "wcxb" / "truth.json").exists():
        print(f"skipped: {args.shared}/bench/wcxb not found", file=sys.stderr)
        return 2
    by_mode = {m: labelled_docs(args.shared, m, args.limit, args.cache) for m in MODES}
    if args.misses:
        print_misses(by_mode["html"], args.misses)
        return 0
    print(f"{'mode':6} " + " ".join(f"{f:>16}" for f in FIELDS))
    for mode, docs in by_mode.items():
        r = rates(docs)
        print(f"{mode:6} " + " ".join(f"{r[f][0]:>9.3f} ({r[f][1]:>4})" for f in FIELDS))
    for mode, docs in by_mode.items():
        r = shown_rates(docs)
        print(f"shown in the lines, {mode}: " + ", ".join(f"{f} {r[f][0]:.3f}" for f in r))
    peer = trafilatura_rates(args.shared, args.limit) if "trafilatura" in args.peers else None
    if peer is not None:
        print("trafilatura (HTML) " + " ".join(f"{f} {peer[f][0]:.3f} ({peer[f][1]})"
                                               for f in FIELDS[:3]))
    if args.cv:
        from train_page_type import cross_validate

        for mode, acc in cross_validate(by_mode).items():
            print(f"page type, held out (5 folds by domain), {mode}: {acc:.3f}")
        print(f"title, held out (chooser and page types from the other folds), html: "
              f"{title_held_out(by_mode['html']):.3f}")
        print(f"title, held out (chooser and page types from the other folds), text: "
              f"{text_title_held_out(by_mode['text']):.3f}")
        for mode, docs in by_mode.items():
            print(f"author, held out (chooser and page types from the other folds), {mode}: "
                  f"{author_held_out(docs, html=mode == 'html')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
