#!/usr/bin/env python3
"""How long ``segkit explain`` takes on a 2,000-line document (the target: under a second).

    python benchmarks/bench_explain.py [--lines 2000] [--repeat 5] [--shared PATH] [--json]

The document is real pages of ``shared/bench/articles/text`` put end to end, longest
first, cut at ``--lines`` lines (without shared/, the project's seeds, repeated). It is
timed two ways, best and median of ``--repeat`` runs: the whole command as a user runs
it (``segkit explain FILE > /dev/null``: interpreter start, plugin loading, reading,
segmenting, tracing, printing), and ``explain()`` alone in this process; each with no
site plugin, and with a site plugin forced (``--site daily8``, so every rule is tried on
every line). ``--check`` exits 1 when a whole command takes a second or more.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from segkit.pipeline import Segmenter
from segkit.sites.loading import load_plugins
from segkit.tools.explain import explain, format_text

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 1.0


def document(shared: Path, lines: int) -> tuple[str, str]:
    """The text of a ``lines``-line document, and where its lines came from."""
    pages = sorted((shared / "bench" / "articles" / "text").glob("*.txt"),
                   key=lambda p: -p.stat().st_size)
    origin = f"{shared}/bench/articles/text, longest pages first"
    if not pages:
        pages = sorted((ROOT / "seeds").glob("*.txt"))
        origin = "the project's seeds, repeated (shared/ not found)"
    out: list[str] = []
    while len(out) < lines:
        for page in pages:
            out.extend(page.read_text(encoding="utf-8").split("\n"))
            if len(out) >= lines:
                break
    return "\n".join(out[:lines]), origin


def timed(run, repeat: int) -> dict[str, float]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return {"best_s": round(min(times), 3), "median_s": round(statistics.median(times), 3)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--check", action="store_true", help="exit 1 if a command takes >= 1 s")
    args = parser.parse_args()

    text, origin = document(args.shared, args.lines)
    segkit = Path(sys.executable).parent / "segkit"
    results: dict[str, object] = {"lines": len(text.split("\n")), "document": origin}
    plugins = load_plugins(env=False, entry_points=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "long.txt"
        path.write_text(text, encoding="utf-8")
        for name, flags, site in (("generic", ["--generic"], None),
                                  ("site daily8", ["--site", "daily8"], "daily8")):
            command = [str(segkit), "explain", *flags, str(path)]

            def whole(command: list[str] = command) -> None:
                subprocess.run(command, stdout=subprocess.DEVNULL, check=True)

            segmenter = Segmenter(plugins, site=site, generic=site is None)

            def inside(segmenter: Segmenter = segmenter) -> None:
                format_text(explain(segmenter, text, id="long"))

            inside()  # warm up caches before timing
            results[name] = {"command": timed(whole, args.repeat),
                             "explain()": timed(inside, args.repeat)}
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"segkit explain on a {results['lines']}-line document ({origin}):")
        for name in ("generic", "site daily8"):
            r = results[name]
            print(f"  {name:<12} whole command: best {r['command']['best_s']:.3f}s, "
                  f"median {r['command']['median_s']:.3f}s; explain() alone: best "
                  f"{r['explain()']['best_s']:.3f}s, median {r['explain()']['median_s']:.3f}s")
    slowest = max(results[n]["command"]["median_s"] for n in ("generic", "site daily8"))
    return 1 if args.check and slowest >= TARGET_SECONDS else 0


if __name__ == "__main__":
    sys.exit(main())
