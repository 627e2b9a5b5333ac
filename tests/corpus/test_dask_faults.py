"""The Dask engine when its cluster fails: the scheduler unreachable, killed, or left with no
worker; and a record over its time budget on a Dask worker (docs/reliability.md)."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import regex

distributed = pytest.importorskip(
    "distributed", reason="Dask is an optional extra: pip install 'segkit[dask]'")

from test_faults import BAD_PLUGIN, STALL_PLUGIN  # noqa: E402

import segkit.corpus.dask as engine  # noqa: E402
from segkit.cli import EXIT_FAILED, EXIT_RECORD_ERRORS, main  # noqa: E402

# Seconds a scheduler or worker process may take to start.
START_SECONDS = 60
# Seconds a run may take to stop once its cluster is lost (LOST_SECONDS is made 2 here).
STOP_SECONDS = 30
PAGES = 12
STALL_AT = 6


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _start(*argv: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", *argv], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, **(env or {})},
                            start_new_session=True)


def _end(proc: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)


@contextlib.contextmanager
def _cluster(env: dict[str, str]) -> Iterator[tuple[str, subprocess.Popen, subprocess.Popen]]:
    """A scheduler and one worker, each a process of its own that a test may kill."""
    port = _free_port()
    address = f"tcp://127.0.0.1:{port}"
    scheduler = _start("distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port",
                       str(port), "--no-dashboard")
    worker = _start("distributed.cli.dask_worker", address, "--nthreads", "1",
                    "--no-dashboard", "--no-nanny", env=env)
    try:
        with distributed.Client(address, timeout=START_SECONDS) as client:
            client.wait_for_workers(1, timeout=START_SECONDS)
        yield address, scheduler, worker
    finally:
        _end(worker)
        _end(scheduler)


@pytest.fixture
def stalling(tmp_path: Path) -> tuple[Path, Path, Path]:
    """(plugin folder, input folder, stop flag): page STALL_AT stalls while the flag exists."""
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "stall.py").write_text(STALL_PLUGIN, encoding="utf-8")
    pages = tmp_path / "pages"
    pages.mkdir()
    for n in range(PAGES):
        marker = " STALL-HERE" if n == STALL_AT else ""
        (pages / f"p{n:02d}.txt").write_text(
            f"Page {n}\n\nThe harbour reopened on Monday, officials said.{marker}\n",
            encoding="utf-8")
    stop = tmp_path / "stop"
    stop.touch()
    return plugins, pages, stop


def _when_reached(stop: Path, then) -> threading.Thread:
    """A thread that waits for the stalling record to be reached, then calls ``then``."""
    def watch() -> None:
        deadline = time.monotonic() + START_SECONDS
        while not Path(f"{stop}.reached").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        then()
    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    return thread


def _ids(path: Path) -> list[str]:
    return [json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()]


def test_an_unreachable_scheduler_is_named(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(engine, "CONNECT_SECONDS", 1.0)
    page = tmp_path / "p.txt"
    page.write_text("Title\n\nSome words here.\n", encoding="utf-8")
    address = f"tcp://127.0.0.1:{_free_port()}"  # nothing listens there
    code = main(["split", "--engine", "dask", "--scheduler", address,
                 "-o", str(tmp_path / "out.jsonl"), str(page)])
    err = capsys.readouterr().err
    assert code == EXIT_FAILED
    assert f"cannot reach the Dask scheduler at {address}" in err
    assert "cannot write" not in err


@pytest.mark.parametrize("lose", ["scheduler", "workers"])
def test_a_lost_cluster_ends_the_run_keeping_what_was_written(capsys, monkeypatch, tmp_path,
                                                              stalling, lose):
    monkeypatch.setattr(engine, "LOST_SECONDS", 2.0)
    monkeypatch.setattr(engine, "POLL_SECONDS", 0.2)
    plugins, pages, stop = stalling
    out = tmp_path / "out.jsonl"
    with _cluster({"SEGKIT_TEST_STOP": str(stop)}) as (address, scheduler, worker):
        args = ["split", "--engine", "dask", "--plugins", str(plugins), "-o", str(out),
                str(pages)]
        _when_reached(stop, lambda: _end(scheduler if lose == "scheduler" else worker))
        started = time.monotonic()
        code = main([*args, "--scheduler", address])
        took = time.monotonic() - started
    err = capsys.readouterr().err
    assert code == EXIT_FAILED, err
    assert took < START_SECONDS + STOP_SECONDS
    trouble = "cannot be reached" if lose == "scheduler" else "has no workers"
    assert f"the Dask scheduler at {address} {trouble}" in err, err
    # The records before the stalling one were done, but a lost worker may take the last
    # of them with it before the client fetched them (CI saw 5 of 6): the .part holds
    # what the message says, in order, and --resume writes the rest.
    said = regex.search(r"keeps (\d+) record\(s\)", err)
    assert said is not None and "--resume" in err, err
    kept = int(said.group(1))
    assert kept <= STALL_AT, err
    part = out.with_name(out.name + ".part")
    if kept:
        assert _ids(part) == [f"p{n:02d}" for n in range(kept)]
    stop.unlink()
    with _cluster({}) as (address, _, _):
        assert main([*args, "--scheduler", address, "--resume"]) == 0, capsys.readouterr().err
    assert _ids(out) == [f"p{n:02d}" for n in range(PAGES)]


def test_the_time_budget_holds_on_dask_workers(capsys, tmp_path):
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "loop_plugin.py").write_text(BAD_PLUGIN, encoding="utf-8")
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{n}", "text": f"Page {n}\n\nWords here."
                                        + (" LOOP-FOREVER" if n == 1 else "")}) + "\n"
                            for n in range(4)), encoding="utf-8")
    with _cluster({}) as (address, _, _):
        code = main(["split", "--engine", "dask", "--scheduler", address, "--plugins",
                     str(plugins), "--timeout", "1", str(path)])
    out, _ = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]
    assert code == EXIT_RECORD_ERRORS
    assert [r["id"] for r in records] == ["r0", "r1", "r2", "r3"]
    assert [n for n, r in enumerate(records) if "error" in r] == [1]
    assert "--timeout 1 s" in records[1]["error"] and "loop_plugin" in records[1]["error"]
