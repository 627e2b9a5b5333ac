#!/usr/bin/env python3
"""Whole runs of ``segkit split`` beside its peers run the same way: what a user waits for.

    python benchmarks/bench_cli.py [--shared PATH] [--sets articles-text,articles-html,...]
        [--repeat N] [--copies K] [--model PATH|none] [--no-jobs2] [--no-in-process]
        [--jsonl-docs N] [--big-mb N] [--work DIR] [--json]

Each system runs as a fresh process over the files of a page set (``--copies`` times
over): ``segkit split --generic --jobs 1`` pinned to one core, then ``--jobs 2`` on two;
jusText (text sets), trafilatura and resiliparse (HTML sets) through
``benchmarks/cli_peers.py``, one process reading the same files, pinned to the same core.
The systems take turns, ``--repeat`` rounds, best wall time kept. For each it reports
pages/s and MB/s (of the pages' decompressed bytes), CPU seconds and peak RSS (from
``wait4``: the largest process of the run) and the ratio to segkit; for segkit also its
in-process speed (``Segmenter.segment`` over the same pages in memory, one process, as
``bench_text.py`` and ``bench_html.py`` time it; a fresh process each round, taking its turn
with the whole runs, so that the machine's drift over a run moves both alike) and whole
run / in-process.

``--jsonl-docs N`` builds a JSONL of N documents from the article texts (repeated) in
``--work`` and compares ``--jobs 2`` with ``--jobs 1`` on the same two cores (and that the
outputs are the same bytes); ``--big-mb N`` builds an N MB JSONL there and reports the
peak RSS of the whole process tree (main process and workers, from /proc) at ``--jobs 2``.
Generated files are deleted after. Timings are noisy where other work shares the
machine: compare ratios from one run, and CPU seconds, which other work disturbs less.
"""

from __future__ import annotations

import argparse
import gzip
import itertools
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from bench_corpus import run as run_sampled  # noqa: E402  (samples a process tree's RSS)

# The page sets: folder under shared/bench, and whether its pages are HTML.
SETS: dict[str, tuple[str, bool]] = {
    "articles-text": ("articles/text", False), "articles-html": ("articles/html", True),
    "wcxb-text": ("wcxb/text", False), "wcxb-html": ("wcxb/html", True)}
# The peers run on each kind of set (cli_peers.py).
PEERS: dict[bool, tuple[str, ...]] = {False: ("justext",), True: ("trafilatura", "resiliparse")}
# Passes of the in-process timing per round, the best kept: the first pass loads the
# model and compiles the patterns, which the classifier's own speed leaves out.
IN_PROCESS_PASSES = 2
# Targets of the issue (whole runs, one core); --check exits 1 on a miss.
TARGETS = {"text_vs_justext": 8.0, "html_vs_trafilatura": 6.0, "whole_vs_in_process": 0.85,
           "jobs2_speedup": 1.8, "big_peak_rss_mb": 300.0}
PEER_SCRIPT = ROOT / "benchmarks" / "cli_peers.py"


@dataclass
class Timing:
    """Best wall time of a system's whole runs, with that run's CPU and peak RSS."""

    wall: float = float("inf")
    cpu: float = float("inf")
    peak_rss_mb: float = 0.0
    errors: list[str] = field(default_factory=list)

    def add(self, wall: float, cpu: float, rss_mb: float) -> None:
        if wall < self.wall:
            self.wall, self.cpu = wall, cpu
        self.peak_rss_mb = max(self.peak_rss_mb, rss_mb)


def segkit_cmd() -> list[str]:
    found = Path(sys.executable).with_name("segkit")
    return [str(found)] if found.exists() else [sys.executable, "-m", "segkit.cli"]


def cores() -> list[int]:
    return sorted(os.sched_getaffinity(0))


def whole_run(cmd: list[str], cpus: set[int], out: Path) -> tuple[float, float, float, str]:
    """Run ``cmd`` pinned to ``cpus``, stdout to ``out``: wall s, CPU s (the process and its
    workers), peak RSS MB of its largest process, and its stderr's last line if it failed."""
    with open(out, "wb") as sink, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=sink, stderr=err,
                                preexec_fn=lambda: os.sched_setaffinity(0, cpus))
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        tail = err.read().decode(errors="replace").strip().splitlines()[-1:]
    failed = tail[0] if proc.returncode not in (0, 1) and tail else ""
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, failed


def pages_of(shared: Path, name: str) -> tuple[list[Path], int]:
    """A set's files, sorted, and their decompressed bytes."""
    folder = shared / "bench" / SETS[name][0]
    files = sorted(p for p in folder.iterdir() if p.is_file())
    size = sum(len(gzip.decompress(p.read_bytes())) if p.suffix == ".gz" else p.stat().st_size
               for p in files)
    return files, size


def commands(files: list[str], args: argparse.Namespace,
             peers: list[str]) -> dict[str, tuple[list[str], set[int]]]:
    """Each system's command line and the cores it runs on."""
    one, two = set(cores()[:1]), set(cores()[:2])
    model = ["--model", args.model] if args.model else []
    split = [*segkit_cmd(), "split", "--generic", *model]
    runs = {"segkit": ([*split, "--jobs", "1", *files], one)}
    if not args.no_jobs2 and len(two) == 2:
        runs["segkit --jobs 2"] = ([*split, "--jobs", "2", *files], two)
    for peer in peers:
        runs[peer] = ([sys.executable, str(PEER_SCRIPT), peer, *files], one)
    return runs


def installed_peers(is_html: bool) -> list[str]:
    import importlib.util

    modules = {"justext": "justext", "trafilatura": "trafilatura",
               "resiliparse": "resiliparse"}
    return [p for p in PEERS[is_html] if importlib.util.find_spec(modules[p])]


def bench_set(shared: Path, name: str, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Whole runs of every system on one page set, taking turns, best of --repeat."""
    files, size = pages_of(shared, name)
    is_html = SETS[name][1]
    paths = [str(p) for p in files] * args.copies
    peers = installed_peers(is_html)
    runs = commands(paths, args, peers)
    timings = {system: Timing() for system in runs}
    best_in_process: dict[str, float] = {}
    for _ in range(args.repeat):
        for system, (cmd, cpus) in runs.items():
            wall, cpu, rss, failed = whole_run(cmd, cpus, work / f"{system}.out")
            timings[system].add(wall, cpu, rss)
            if failed:
                timings[system].errors.append(failed)
        if not args.no_in_process:
            got = in_process(name, shared, args)
            best_in_process = {k: max(v, best_in_process.get(k, 0.0)) for k, v in got.items()}
    pages, mb = len(paths), size * args.copies / 1e6
    result: dict[str, Any] = {"pages": pages, "mb": mb, "peers_missing": sorted(
        set(PEERS[is_html]) - set(peers)), "systems": {}}
    for system, t in timings.items():
        result["systems"][system] = {**asdict(t), "pages_per_s": pages / t.wall,
                                     "mb_per_s": mb / t.wall, "pages_per_cpu_s": pages / t.cpu}
    if "segkit --jobs 2" in runs:
        same = (work / "segkit.out").read_bytes() == (work / "segkit --jobs 2.out").read_bytes()
        result["jobs2_same_bytes"] = same
    if best_in_process:
        result["in_process"] = best_in_process
    return result


def in_process(name: str, shared: Path, args: argparse.Namespace) -> dict[str, float]:
    """segkit's in-process speed on the set, measured in a fresh process on one core: the
    best of IN_PROCESS_PASSES passes (the first pays for loading the model)."""
    cmd = [sys.executable, __file__, "--in-process-of", name, "--shared", str(shared),
           "--repeat", str(IN_PROCESS_PASSES), "--copies", "1"]
    if args.model:
        cmd += ["--model", args.model]
    cpu = cores()[0]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True,
                         preexec_fn=lambda: os.sched_setaffinity(0, {cpu})).stdout
    return json.loads(out)


def time_in_process(name: str, shared: Path, repeat: int, model: str | None) -> dict[str, float]:
    """Best pass of ``Segmenter.segment`` (or ``segment_html``) over the set's pages,
    decoded as ``segkit split`` decodes them, in memory: the classifier's own speed."""
    from segkit.inputs.files import iter_records
    from segkit.inputs.options import JsonFields, ReadOptions, ReadStats
    from segkit.inputs.records import decode_record
    from segkit.pipeline import Segmenter

    folder = shared / "bench" / SETS[name][0]
    recs = [decode_record(s, JsonFields())
            for s in iter_records([str(folder)], ReadOptions(), ReadStats())]
    seg = Segmenter(generic=True, model=model)
    best, cpu_best = float("inf"), float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        for rec in recs:
            if rec.html:
                seg.segment_html(rec.text, utf8=rec.utf8, id=rec.id)
            else:
                seg.segment(rec.text, id=rec.id)
        best = min(best, time.perf_counter() - wall)
        cpu_best = min(cpu_best, time.process_time() - cpu)
    return {"pages_per_s": len(recs) / best, "pages_per_cpu_s": len(recs) / cpu_best}


def make_jsonl(shared: Path, path: Path, *, docs: int | None = None,
               mb: int | None = None) -> int:
    """A JSONL of the article texts repeated: ``docs`` documents, or ``mb`` MB."""
    texts = [p.read_text(encoding="utf-8")
             for p in sorted((shared / "bench" / "articles" / "text").iterdir())]
    written = n = 0
    with open(path, "w", encoding="utf-8") as fh:
        for n, text in enumerate(itertools.cycle(texts)):
            if (docs is not None and n >= docs) or (mb is not None and written >= mb * 1e6):
                break
            line = json.dumps({"id": f"doc{n}", "url": f"https://example.org/{n}",
                               "text": text}) + "\n"
            written += fh.write(line)
    return n


def bench_jobs(shared: Path, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """--jobs 1 against --jobs 2 on the same two cores, over a generated JSONL."""
    src = work / "jobs.jsonl"
    docs = make_jsonl(shared, src, docs=args.jsonl_docs)
    model = ["--model", args.model] if args.model else []
    two = set(cores()[:2])
    best: dict[str, Timing] = {"1": Timing(), "2": Timing()}
    try:
        for _ in range(args.repeat):
            for jobs in best:
                cmd = [*segkit_cmd(), "split", "--generic", *model, "--jobs", jobs, str(src)]
                wall, cpu, rss, _ = whole_run(cmd, two, work / f"jobs{jobs}.out")
                best[jobs].add(wall, cpu, rss)
        same = (work / "jobs1.out").read_bytes() == (work / "jobs2.out").read_bytes()
    finally:
        src.unlink(missing_ok=True)
    return {"docs": docs, "jobs1": asdict(best["1"]), "jobs2": asdict(best["2"]),
            "speedup": best["1"].wall / best["2"].wall, "same_bytes": same}


def bench_big(shared: Path, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    """Peak RSS of the process tree for a --big-mb MB JSONL at --jobs 2."""
    src = work / "big.jsonl"
    docs = make_jsonl(shared, src, mb=args.big_mb)
    model = ["--model", args.model] if args.model else []
    try:
        got = run_sampled(["split", "--generic", *model, "--jobs", "2", str(src)],
                          Path(os.devnull))  # its output would be some 1.5 GB more on disk
    finally:
        src.unlink(missing_ok=True)
    return {"mb": args.big_mb, "docs": docs, **got}


def report(result: dict[str, Any]) -> str:
    out = []
    for name, res in result["sets"].items():
        sk = res["systems"]["segkit"]
        out.append(f"\n{name}: {res['pages']} pages, {res['mb']:.1f} MB"
                   + (f" (peers not installed: {', '.join(res['peers_missing'])})"
                      if res["peers_missing"] else ""))
        out.append(f"  {'system':18} {'pages/s':>8} {'MB/s':>6} {'CPU s':>6} "
                   f"{'RSS MB':>6} {'segkit x':>8} {'x by CPU':>8}")
        for system, s in res["systems"].items():
            out.append(f"  {system:18} {s['pages_per_s']:8.1f} {s['mb_per_s']:6.2f} "
                       f"{s['cpu']:6.2f} {s['peak_rss_mb']:6.0f} "
                       f"{sk['pages_per_s'] / s['pages_per_s']:8.2f} "
                       f"{sk['pages_per_cpu_s'] / s['pages_per_cpu_s']:8.2f}")
        if "in_process" in res:
            ip = res["in_process"]
            out.append(f"  in-process segkit: {ip['pages_per_s']:.1f} pages/s; whole run / "
                       f"in-process: {sk['pages_per_s'] / ip['pages_per_s']:.2f} "
                       f"(by CPU: {sk['pages_per_cpu_s'] / ip['pages_per_cpu_s']:.2f})")
        if "jobs2_same_bytes" in res:
            j2 = res["systems"]["segkit --jobs 2"]
            out.append(f"  --jobs 2 / --jobs 1: {sk['wall'] / j2['wall']:.2f}x, "
                       f"same bytes: {res['jobs2_same_bytes']}")
    if "jobs" in result:
        j = result["jobs"]
        out.append(f"\n{j['docs']} JSONL documents, two cores: --jobs 1 {j['jobs1']['wall']:.1f} s,"
                   f" --jobs 2 {j['jobs2']['wall']:.1f} s: {j['speedup']:.2f}x, "
                   f"same bytes: {j['same_bytes']}")
    if "big" in result:
        b = result["big"]
        out.append(f"\n{b['mb']} MB JSONL ({b['docs']} documents), --jobs 2: peak RSS of the "
                   f"process tree {b['peak_rss_mb']:.0f} MB, {b['seconds']:.0f} s")
    return "\n".join(out)


def parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    p.add_argument("--sets", default=",".join(SETS),
                   help=f"comma-separated, of: {', '.join(SETS)}")
    p.add_argument("--repeat", type=int, default=3, help="rounds; the best is kept")
    p.add_argument("--copies", type=int, default=1, help="each run reads the set K times")
    p.add_argument("--model", help="passed to segkit (default: the shipped model)")
    p.add_argument("--no-jobs2", action="store_true")
    p.add_argument("--no-in-process", action="store_true")
    p.add_argument("--jsonl-docs", type=int, default=0, help="also --jobs 2 vs 1 on N docs")
    p.add_argument("--big-mb", type=int, default=0, help="also peak RSS on an N MB JSONL")
    p.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "segkit-cli")
    p.add_argument("--json", action="store_true")
    p.add_argument("--in-process-of", help=argparse.SUPPRESS)
    return p.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    if args.in_process_of:
        print(json.dumps(time_in_process(args.in_process_of, args.shared, args.repeat,
                                         args.model)))
        return 0
    names = [n for n in args.sets.split(",") if n]  # none: only --jsonl-docs, --big-mb
    unknown = set(names) - set(SETS)
    if unknown or not (args.shared / "bench").is_dir():
        print(f"unknown sets {sorted(unknown)} or no {args.shared}/bench", file=sys.stderr)
        return 2
    args.work.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"sets": {}}
    for name in names:
        result["sets"][name] = bench_set(args.shared, name, args, args.work)
    if args.jsonl_docs:
        result["jobs"] = bench_jobs(args.shared, args, args.work)
    if args.big_mb:
        result["big"] = bench_big(args.shared, args, args.work)
    print(json.dumps(result, indent=2) if args.json else report(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
