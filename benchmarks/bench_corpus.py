#!/usr/bin/env python3
"""Corpus-scale benchmark: --jobs speed-up, peak memory of the process tree, WET counts.

    python benchmarks/bench_corpus.py [--work /tmp/segkit-bench] [--docs 20000]
        [--big-mb 1000] [--small-mb 100] [--wet 10000] [--skip-big] [--repeat N]
        [--only speed|memory|wet] [--json] [--check]

Generates its inputs in ``--work`` (never in the repository) from the project's seeds,
each page varied per document (tests/corpus_data.py), then runs the installed
``segkit split`` as a user would:

1. throughput: a JSONL corpus of ``--docs`` documents, ``--jobs 1`` then ``--jobs 2``,
   wall-clock documents per second, the ratio, and that both outputs are the same bytes;
2. peak RSS of the whole process tree (segkit and its workers, sampled from /proc every
   50 ms) for WET files of ``--small-mb`` and ``--big-mb`` MB;
3. a WET.gz of ``--wet`` records end to end: output records == input records.

Other work on the machine slows both runs of (1) alike only if it is steady: run it on
a quiet machine, with ``--repeat`` to take the best of several turns. The report gives
CPU seconds too, and ``--check`` exits 1 on a missed target.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
import corpus_data as cd  # noqa: E402

# Targets of the corpus issue.
TARGETS = {"speedup_jobs2": 1.7, "peak_rss_mb": 300.0}
# How often the process tree's memory is sampled: often enough to catch a worker's peak
# on one large record (which takes over 100 ms), rarely enough to cost ~1% of a core.
SAMPLE_SECONDS = 0.05
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
# Bytes of WARC header and separators around each generated record.
WARC_HEADER_BYTES = 230


def segkit() -> list[str]:
    found = Path(sys.executable).with_name("segkit")
    return [str(found)] if found.exists() else [sys.executable, "-m", "segkit.cli"]


def make_jsonl(path: Path, docs: int) -> None:
    if path.exists():
        return
    with open(path, "wb") as fh:
        for n, text in enumerate(cd.pages(docs)):
            fh.write(cd.jsonl([{"id": f"doc{n}", "url": f"https://example.org/{n}",
                                "text": text}]))


def make_wet(path: Path, *, records: int | None = None, file_mb: int | None = None) -> int:
    """A WET of ``records`` pages, or one whose file is ``file_mb`` MB (.gz: per record)."""
    count_file = path.with_suffix(".count")
    if path.exists() and count_file.exists():
        return int(count_file.read_text())

    def texts():
        total = 0
        for n, text in enumerate(cd.pages(10**9)):
            if records is not None and n >= records:
                return
            if file_mb is not None and total >= file_mb * 1_000_000:
                return
            total += len(text.encode()) + WARC_HEADER_BYTES
            yield text

    count = cd.write_wet(path, texts(), gz=path.suffix == ".gz")
    count_file.write_text(str(count))
    return count


def _tree(pid: int) -> list[int]:
    """``pid`` and all its descendants (the kernel's per-thread children lists)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo.extend(int(c) for c in fh.read().split())
            except OSError:
                pass
    return out


def _rss(pids: list[int]) -> int:
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * PAGE_SIZE
        except OSError:
            pass
    return total


def run(args: list[str], out: Path) -> dict:
    """Run segkit, sampling the process tree's total RSS; wall and CPU seconds."""
    start = time.perf_counter()
    before = os.times()
    with open(out, "wb") as sink:
        proc = subprocess.Popen([*segkit(), *args], stdout=sink, stderr=subprocess.PIPE)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _rss(_tree(proc.pid)))
            time.sleep(SAMPLE_SECONDS)
        err = proc.stderr.read().decode() if proc.stderr else ""
    after = os.times()
    return {"seconds": time.perf_counter() - start, "peak_rss_mb": peak / 1e6,
            "cpu_seconds": (after.children_user + after.children_system)
            - (before.children_user + before.children_system),
            "code": proc.returncode, "summary": err.strip().splitlines()[-1:]}


def count_records(path: Path) -> tuple[int, int]:
    docs = errors = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if '"error": ' in line[-400:] and '"lines"' not in line[:400]:
                errors += 1
            else:
                docs += 1
    return docs, errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--work", type=Path, default=Path("/tmp/segkit-bench"))
    ap.add_argument("--docs", type=int, default=20_000)
    ap.add_argument("--small-mb", type=int, default=100)
    ap.add_argument("--big-mb", type=int, default=1000)
    ap.add_argument("--wet", type=int, default=10_000)
    ap.add_argument("--skip-big", action="store_true", help="leave out the 1 GB run")
    ap.add_argument("--repeat", type=int, default=1,
                    help="throughput runs of each kind; the best of them counts")
    ap.add_argument("--only", choices=("speed", "memory", "wet"), action="append")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    opts = ap.parse_args()
    opts.work.mkdir(parents=True, exist_ok=True)
    parts = set(opts.only or ("speed", "memory", "wet"))
    report: dict = {}
    common = ["split", "--generic", "--no-progress"]

    if "speed" in parts:
        corpus = opts.work / f"corpus-{opts.docs}.jsonl"
        make_jsonl(corpus, opts.docs)
        ones, twos = [], []
        for _ in range(opts.repeat):  # taking turns, so drift of the machine hits both
            ones.append(run([*common, "--jobs", "1", str(corpus)], opts.work / "jobs1.jsonl"))
            twos.append(run([*common, "--jobs", "2", str(corpus)], opts.work / "jobs2.jsonl"))
        one = min(ones, key=lambda r: r["seconds"])
        two = min(twos, key=lambda r: r["seconds"])
        same = (opts.work / "jobs1.jsonl").read_bytes() == (opts.work / "jobs2.jsonl").read_bytes()
        report["speed"] = {
            "documents": opts.docs, "jobs1": one, "jobs2": two,
            "docs_per_s_jobs1": opts.docs / one["seconds"],
            "docs_per_s_jobs2": opts.docs / two["seconds"],
            "speedup_jobs2": one["seconds"] / two["seconds"], "identical_output": same}

    if "memory" in parts:
        report["memory"] = {}
        sizes = [opts.small_mb] + ([] if opts.skip_big else [opts.big_mb])
        for mb in sizes:
            wet = opts.work / f"input-{mb}mb.wet"
            records = make_wet(wet, file_mb=mb)
            result = run([*common, "--jobs", "2", "-o", str(opts.work / f"out-{mb}mb.jsonl"),
                          str(wet)], opts.work / "stdout.txt")
            (opts.work / f"out-{mb}mb.jsonl").unlink(missing_ok=True)
            result["records"] = records
            result["input_file_mb"] = wet.stat().st_size / 1e6
            report["memory"][f"{mb}MB"] = result

    if "wet" in parts:
        wet = opts.work / f"wet-{opts.wet}.wet.gz"
        records = make_wet(wet, records=opts.wet)
        out = opts.work / "wet-out.jsonl"
        result = run([*common, "-o", str(out), str(wet)], opts.work / "stdout.txt")
        docs, errors = count_records(out)
        report["wet"] = {**result, "input_records": records, "output_documents": docs,
                         "output_errors": errors, "equal": docs + errors == records}

    if opts.json:
        print(json.dumps(report, indent=2))
    else:
        _print(report)
    missed = []
    if "speed" in report and report["speed"]["speedup_jobs2"] < TARGETS["speedup_jobs2"]:
        missed.append("speedup_jobs2")
    for name, result in report.get("memory", {}).items():
        if result["peak_rss_mb"] >= TARGETS["peak_rss_mb"]:
            missed.append(f"peak_rss {name}")
    if "wet" in report and not report["wet"]["equal"]:
        missed.append("wet record count")
    if missed:
        print("missed: " + ", ".join(missed), file=sys.stderr)
    return 1 if opts.check and missed else 0


def _print(report: dict) -> None:
    if "speed" in report:
        s = report["speed"]
        print(f"throughput, {s['documents']} documents (JSONL):")
        print(f"  --jobs 1: {s['jobs1']['seconds']:.1f} s, {s['docs_per_s_jobs1']:.0f} docs/s "
              f"(CPU {s['jobs1']['cpu_seconds']:.1f} s)")
        print(f"  --jobs 2: {s['jobs2']['seconds']:.1f} s, {s['docs_per_s_jobs2']:.0f} docs/s "
              f"(CPU {s['jobs2']['cpu_seconds']:.1f} s)")
        print(f"  speed-up {s['speedup_jobs2']:.2f}x (target {TARGETS['speedup_jobs2']}x); "
              f"identical output: {s['identical_output']}")
    for m in report.get("memory", {}).values():
        print(f"peak RSS of the process tree, a {m['input_file_mb']:.0f} MB WET file "
              f"({m['records']} records, --jobs 2): {m['peak_rss_mb']:.0f} MB in "
              f"{m['seconds']:.0f} s "
              f"(target < {TARGETS['peak_rss_mb']:.0f} MB); {m['summary']}")
    if "wet" in report:
        w = report["wet"]
        print(f"WET end to end: {w['input_records']} records in, {w['output_documents']} "
              f"documents + {w['output_errors']} error entries out: equal={w['equal']} "
              f"({w['seconds']:.1f} s)")


if __name__ == "__main__":
    sys.exit(main())
