"""Memory and time per line: ``segkit split`` (the whole process) on one page of N short lines.

Each page is made up here (invented words, no shared data), as text and as HTML (one
``<p>`` per line), and run through ``segkit split`` in a process of its own; its peak
resident memory (its largest process: the worker that segments the page) and its CPU
seconds come from the kernel (``wait4``), so a busy machine changes
the time little and the memory not at all. Pages over ``MODEL_MAX_LINES`` skip the
learned model, so every size here measures the rule stages and the output.

    python benchmarks/bench_memory.py [--lines 100000,200000,1000000,2000000] [--kinds text,html]

Issue 15's bound: 200,000 lines cost at most 2.2x the CPU of 100,000, and no page up to
the --max-bytes default peaks over 500 MB: 2,000,000 lines make a page of about 51 MB of
text and 65 MB of HTML, just under the 64 MiB default, and the largest page of each kind
is printed against the bound. A page over --max-bytes is refused and says so.

A page of more than ``pipeline.WINDOWED_PAGE_LINES`` lines (200,000; no real page has
that many) is labelled a window of lines at a time and its record spooled as it is made
(docs/reliability.md): the 1,000,000 and 2,000,000-line pages here are windowed, their
labels a window's, their memory that of their text plus a window. The figures (taskset
-c 0, an editable install; a compiled wheel in brackets):

    kind      lines   peak RSS MB   CPU s
    text    100,000      72 ( 69)     1.6 ( 1.0)
    text    200,000     101 ( 98)     2.8 ( 1.3)
    text  1,000,000     167 (170)    15.0 ( 6.4)
    text  2,000,000     220 (221)    26.1 (12.9)
    html    100,000      87 ( 87)     2.6 ( 2.1)
    html    200,000     145 (146)     5.5 ( 3.8)
    html  1,000,000     217 (224)    32.2 (22.4)
    html  2,000,000     414 (414)    60.7 (40.5)

(Before windowing, 2,000,000 lines peaked at 783 MB for text and 971 MB for HTML.)
Of the HTML page's peak, most is the walk (the walker's line strings and evidence while
the page and its text are held); the lines are joined into one text and freed after it.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

WORDS = ("river council library winter market station harbour museum bakery garden "
         "school bridge").split()
# Words per made-up line, at most: short lines, as a list or a log page has.
MAX_WORDS = 6
# The bounds, printed next to the figures.
MAX_RSS_MB = 500
MAX_TIME_RATIO_FOR_2X = 2.2


def write_page(path: Path, lines: int, kind: str) -> None:
    """A page of ``lines`` short lines (seeded: the same page every run), written a line
    at a time: the peak memory of a process counts the memory of the process it was
    forked from, so this one must stay small."""
    rng = random.Random(lines)
    with path.open("w", encoding="utf-8") as out:
        out.write("" if kind == "text" else "<html><body>")
        for _ in range(lines):
            text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(1, MAX_WORDS)))
            out.write(f"{text}\n" if kind == "text" else f"<p>{text}</p>\n")
        out.write("" if kind == "text" else "</body></html>")


def measure(path: Path) -> tuple[float, float, int]:
    """(peak RSS in MB, CPU seconds, exit status) of ``segkit split path`` in a process:
    ``wait4`` gives that process's own figures, its workers included."""
    proc = subprocess.Popen([sys.executable, "-m", "segkit.cli", "split", "--timeout", "0",
                             "-o", str(path.with_suffix(".out")), str(path)],
                            stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, proc.returncode


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", default="100000,200000,1000000,2000000",
                        help="page sizes in lines, comma-separated")
    parser.add_argument("--kinds", default="text,html", help="text, html or both")
    args = parser.parse_args()
    sizes = [int(n) for n in args.lines.split(",")]
    print("kind      lines  MB input  peak RSS MB  bytes/line  CPU s  status")
    print("(bytes/line: over the peak of a one-line page)")
    with tempfile.TemporaryDirectory() as work:
        for kind in args.kinds.split(","):
            cpu_of: dict[int, float] = {}
            largest = (0, 0.0, 0.0)  # lines, MB, peak RSS MB
            base = 0.0
            for lines in [1, *sorted(sizes)]:  # one line: the process's own memory
                path = Path(work) / f"page{lines}.{'txt' if kind == 'text' else 'html'}"
                write_page(path, lines, kind)
                rss, cpu, code = measure(path)
                base = base or rss
                cpu_of[lines] = cpu
                if code == 0:
                    largest = (lines, path.stat().st_size / 1e6, rss)
                print(f"{kind:5} {lines:>9,} {path.stat().st_size / 1e6:9.1f} {rss:12.0f} "
                      f"{(rss - base) * 1e6 / lines:11.0f} {cpu:6.1f}  {code}", flush=True)
                path.unlink()
                path.with_suffix(".out").unlink(missing_ok=True)
            _ratio(kind, cpu_of)
            _bound(kind, *largest)
    print(f"(bounds: peak under {MAX_RSS_MB} MB; CPU of 2x the lines under "
          f"{MAX_TIME_RATIO_FOR_2X}x)")


def _bound(kind: str, lines: int, mb: float, rss: float) -> None:
    """The largest page segmented, against the bound."""
    verdict = "under" if rss < MAX_RSS_MB else "OVER"
    print(f"{kind}: largest page {lines:,} lines ({mb:.1f} MB) peaks at {rss:.0f} MB, "
          f"{verdict} the {MAX_RSS_MB} MB bound", flush=True)


def _ratio(kind: str, cpu_of: dict[int, float]) -> None:
    for lines, cpu in cpu_of.items():
        if 2 * lines in cpu_of and cpu and lines > 1:
            print(f"{kind}: CPU of {2 * lines:,} lines / {lines:,} lines = "
                  f"{cpu_of[2 * lines] / cpu:.2f}")


if __name__ == "__main__":
    main()
