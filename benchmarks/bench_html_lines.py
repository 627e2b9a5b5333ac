"""Measure segkit.html on the shared article bench: speed, and likeness to the text renderings.

The text classifier was tuned on ``html_text.extract_text`` renderings (``text/<id>.txt``),
so HTML lines should match them as closely as is reasonable. Likeness is the share of the
non-blank lines of ``text/`` that appear identically in our output (as a multiset), over
all pages; the reverse share says how much extra text we emit.

    python benchmarks/bench_html_lines.py [--repeat 5] [--diff ID_PREFIX]
"""

from __future__ import annotations

import argparse
import gzip
import time
from collections import Counter
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from segkit.html.walker import html_to_lines
from segkit.inputs.charset import decode_html

BENCH = Path(__file__).resolve().parents[1].parent / "shared" / "bench" / "articles"


def load() -> list[tuple[str, str, list[str]]]:
    """(id, html, reference lines) per page; decoding happens here, outside any timing."""
    pages = []
    for path in sorted((BENCH / "html").glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        html = decode_html(gzip.decompress(path.read_bytes()), str(path))
        ref = (BENCH / "text" / f"{page_id}.txt").read_text(encoding="utf-8")
        pages.append((page_id, html, [ln.strip() for ln in ref.splitlines() if ln.strip()]))
    return pages


def likeness(ref: list[str], ours: list[str]) -> tuple[int, int, int]:
    """(matched, reference lines, our lines), matching identical lines as multisets."""
    matched = sum((Counter(ref) & Counter(ours)).values())
    return matched, len(ref), len(ours)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--diff", help="show unmatched lines of pages whose id starts so")
    args = parser.parse_args()
    if not BENCH.is_dir():
        raise SystemExit(f"no bench at {BENCH}")
    pages = load()
    best = parse_best = float("inf")
    for _ in range(args.repeat):  # best of several runs: the machine may be busy
        start = time.process_time()
        for _id, html, _ref in pages:
            LexborHTMLParser(html, scripting=True)
        parse_best = min(parse_best, time.process_time() - start)
        start = time.process_time()
        for _id, html, _ref in pages:
            html_to_lines(html)
        best = min(best, time.process_time() - start)
    print(f"{len(pages)} pages, {sum(len(h) for _, h, _ in pages) / len(pages) / 1000:.0f} K "
          f"chars each: html_to_lines {best / len(pages) * 1000:.2f} ms/page "
          f"({len(pages) / best:.0f} pages/s), of which parsing alone "
          f"{parse_best / len(pages) * 1000:.2f} ms/page")
    matched = total_ref = total_ours = 0
    per_page = []
    for page_id, html, ref in pages:
        ours = html_to_lines(html).lines
        m, r, o = likeness(ref, ours)
        matched, total_ref, total_ours = matched + m, total_ref + r, total_ours + o
        per_page.append(m / r if r else 1.0)
        if args.diff is not None and page_id.startswith(args.diff):
            ref_left = Counter(ref) - Counter(ours)
            ours_left = Counter(ours) - Counter(ref)
            print(f"--- {page_id}: only in text/ ({sum(ref_left.values())})")
            for line in ref:
                if ref_left[line] > 0:
                    ref_left[line] -= 1
                    print("  -", line[:150])
            print(f"+++ only ours ({sum(ours_left.values())})")
            for line in ours:
                if ours_left[line] > 0:
                    ours_left[line] -= 1
                    print("  +", line[:150])
    print(f"text/ lines found identically in ours: {matched / total_ref:.3f} "
          f"({matched}/{total_ref}); mean per page {sum(per_page) / len(per_page):.3f}")
    print(f"our lines found in text/: {matched / total_ours:.3f} ({matched}/{total_ours})")


if __name__ == "__main__":
    main()
