"""bench_cli: the in-process timing takes its turn in every round with the whole runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_cli  # noqa: E402


def test_the_in_process_timing_runs_each_round_between_the_whole_runs(monkeypatch,
                                                                      tmp_path) -> None:
    events: list[str] = []
    speeds = iter([100.0, 140.0, 120.0])

    def whole_run(cmd, cpus, out):
        events.append("whole")
        return 2.0, 1.9, 40.0, ""

    def in_process(name, shared, args):
        events.append("in-process")
        speed = next(speeds)
        return {"pages_per_s": speed, "pages_per_cpu_s": speed + 1}

    monkeypatch.setattr(bench_cli, "whole_run", whole_run)
    monkeypatch.setattr(bench_cli, "in_process", in_process)
    monkeypatch.setattr(bench_cli, "pages_of", lambda shared, name: ([tmp_path / "a"], 10))
    monkeypatch.setattr(bench_cli, "installed_peers", lambda is_html: [])
    args = argparse.Namespace(copies=1, repeat=3, model=None, no_jobs2=True,
                              no_in_process=False)
    result = bench_cli.bench_set(tmp_path, "articles-text", args, tmp_path)
    assert events == ["whole", "in-process"] * 3
    assert result["in_process"] == {"pages_per_s": 140.0, "pages_per_cpu_s": 141.0}

    events.clear()
    args.no_in_process = True
    assert "in_process" not in bench_cli.bench_set(tmp_path, "articles-text", args, tmp_path)
    assert events == ["whole"] * 3
