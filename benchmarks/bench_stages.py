#!/usr/bin/env python3
"""Where a page's time goes: segkit's stages timed one by one, in one process, one core.

    python benchmarks/bench_stages.py [--shared PATH] [--set articles|wcxb] [--mode html|text]
                                      [--every N] [--repeat N]

On the 181 article pages (``--set wcxb``: every ``--every``-th WCXB page) it runs each
page through the stages of ``Segmenter.segment_html`` (or, ``--mode text``, of
``segment`` over the ``text/`` rendering) as ``classify.pipeline`` composes them, each
timed on its own: decoding, the HTML walk, the rule stages, the model's rows, the content
forest, the context pass, the content decision, the labeller (its columns and its
forest), the ``<title>`` line, and the metadata (``describe``). Each stage's share is of
the whole ``segment_html`` (or ``segment``) of the same pages, timed in the same pass;
"the rest" is what the whole takes beyond the stages (documents, lines, hooks). The
stages must give the pipeline's labels: a page where they do not stops the run (the
pipeline changed; this script must follow it).

Run it on an install that compiles segkit (``pip install .``), as users run it: the
shares of an editable install are those of plain Python. Best of ``--repeat`` passes per
stage. The speed of segkit against its peers is ``bench_html.py``, ``bench_text.py`` and
``bench_cli.py``; this says which stage a change should go after.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from benchkit import pin_to_one_core

from segkit.classify.labelling import extra_columns
from segkit.classify.model import (
    content_cut,
    content_labels,
    content_probabilities,
    context_probabilities,
    one_headline,
)
from segkit.classify.pipeline import _labeller_labels, describe_lines, first_line_kept
from segkit.classify.site_name import title_line
from segkit.classify.vector import rows as vector_rows
from segkit.describe import describe
from segkit.document import Document
from segkit.inputs.charset import decode_html
from segkit.inputs.decode import decode
from segkit.pipeline import Segmenter

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("decode", "walk", "rules", "rows", "content forest", "context pass",
          "content decision", "labeller columns", "labeller", "one headline", "title line",
          "describe")
# Stages only HTML has: text has no markup to walk, and its labeller is scoped to a few
# lines, whose columns it builds itself.
HTML_ONLY = ("walk", "labeller columns")
TEXT_ONLY = ("one headline",)  # HTML's labeller names its headlines from the markup
T = TypeVar("T")


def load(shared: Path, which: str, mode: str, every: int) -> list[bytes]:
    """The pages' bytes: gunzipped HTML, or the text renderings."""
    bench = shared / "bench" / ("articles" if which == "articles" else "wcxb")
    folder = bench / ("html" if mode == "html" else "text")
    files = sorted(folder.iterdir())
    if which == "wcxb":
        files = files[::every]
    return [gzip.decompress(f.read_bytes()) if f.suffix == ".gz" else f.read_bytes()
            for f in files]


class Clock:
    """Seconds per stage over one pass."""

    def __init__(self) -> None:
        self.seconds = dict.fromkeys(STAGES, 0.0)

    def __call__(self, stage: str, run: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        start = time.perf_counter()
        out = run(*args, **kwargs)
        self.seconds[stage] += time.perf_counter() - start
        return out


def staged(seg: Segmenter, data: bytes, html: bool, clock: Clock) -> list[str]:
    """One page through the stages, timed; its labels (of its non-blank lines)."""
    if html:
        from segkit.html.walker import html_to_lines

        page = clock("walk", html_to_lines, clock("decode", decode_html, data, "page"))
        lines, evidence, meta, structure = page.lines, page.evidence, page.meta, page.structure
    else:
        text = clock("decode", decode, data, "page")
        lines, evidence, meta, structure = text.split("\n"), None, None, None
    _, rules = clock("rules", describe_lines, lines, evidence, meta, None, structure=structure)
    labels = rules.labels
    mode = seg.model.mode(html) if seg.model is not None and labels else None
    if mode is not None:
        labels = _model(rules, mode, html, clock)
    first = rules.feats[0].text if rules.feats else ""
    labels = clock("title line", title_line, labels, first, rules.evidence, rules.meta,
                   rules.url, rules.first_alone)
    doc = Document.from_text("\n".join(f.text for f in rules.feats), id="page")
    for line, label in zip(doc.lines, labels, strict=True):
        line.label = label
    doc.evidence, doc.meta = rules.evidence, rules.meta
    clock("describe", describe, doc)
    return labels


def _model(page: Any, mode: Any, html: bool, clock: Clock) -> list[str]:
    """``classify.pipeline._learned_labels``, stage by stage."""
    rows = clock("rows", vector_rows, page)
    probs = first_line_kept(page, clock("content forest", content_probabilities, mode, page,
                                        rows))
    ctx = mode.context
    q = probs if ctx is None else first_line_kept(
        page, clock("context pass", context_probabilities, ctx, page, rows, probs))
    threshold, demote = ((mode.threshold, mode.demote_below) if ctx is None
                         else (ctx.threshold, ctx.demote_below))
    labels = clock("content decision", content_labels, page.labels, q,
                   [f.words for f in page.feats], threshold, demote, html,
                   [f.text for f in page.feats])
    if mode.labeller is None:
        return labels
    if html:  # the columns alone, to see their share (the labeller builds them again)
        clock("labeller columns", extra_columns, page, probs)
    labels = clock("labeller", _labeller_labels, page, mode, rows, probs, q, labels, None)
    if html:
        return labels
    cut = content_cut(q, [f.words for f in page.feats], threshold, html)
    return clock("one headline", one_headline, labels, [f.text for f in page.feats], q, cut)


def whole(seg: Segmenter, data: bytes, html: bool) -> list[str | None]:
    doc = (seg.segment_html(decode_html(data, "page")) if html
           else seg.segment(decode(data, "page")))
    return [line.label for line in doc.lines if line.text.strip()]


def run(pages: list[bytes], html: bool, repeat: int) -> tuple[dict[str, float], float]:
    """The best seconds of each stage over ``repeat`` passes, and of the whole."""
    seg = Segmenter(generic=True)
    best = dict.fromkeys(STAGES, float("inf"))
    best_whole = float("inf")
    for _ in range(repeat):
        clock = Clock()
        start = time.perf_counter()
        wholes = [whole(seg, data, html) for data in pages]
        best_whole = min(best_whole, time.perf_counter() - start)
        for k, (data, expected) in enumerate(zip(pages, wholes, strict=True)):
            got = staged(seg, data, html, clock)
            if got != expected:
                raise SystemExit(f"page {k}: the stages' labels are not the pipeline's; "
                                 "benchmarks/bench_stages.py must follow classify.pipeline")
        best = {s: min(best[s], clock.seconds[s]) for s in STAGES}
    return best, best_whole


def table(best: dict[str, float], total: float, pages: int, html: bool) -> str:
    rows = [f"{'stage':18} {'ms/page':>8} {'share':>6}"]
    for stage in STAGES:
        if stage in (TEXT_ONLY if html else HTML_ONLY):
            continue
        rows.append(f"{stage:18} {best[stage] / pages * 1000:>8.2f} {best[stage] / total:>6.1%}")
    spent = sum(best[s] for s in STAGES if s != "labeller columns")  # inside "labeller"
    rows.append(f"{'the rest':18} {(total - spent) / pages * 1000:>8.2f} "
                f"{(total - spent) / total:>6.1%}")
    rows.append(f"{'whole':18} {total / pages * 1000:>8.2f} {1:>6.1%}  ({pages / total:.1f} "
                "pages/s)")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--set", choices=("articles", "wcxb"), default="articles")
    parser.add_argument("--mode", choices=("html", "text"), default="html")
    parser.add_argument("--every", type=int, default=5, help="with --set wcxb: every Nth page")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not (args.shared / "bench").is_dir():
        print(f"skipped: {args.shared}/bench not found", file=sys.stderr)
        return 2
    cpu = pin_to_one_core()
    html = args.mode == "html"
    pages = load(args.shared, args.set, args.mode, args.every)
    best, total = run(pages, html, args.repeat)
    print(f"{len(pages)} {args.set} pages, {args.mode} mode, CPU {cpu}, best of {args.repeat}")
    print(table(best, total, len(pages), html))
    return 0


if __name__ == "__main__":
    sys.exit(main())
