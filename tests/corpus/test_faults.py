"""Faults a hostile page, a careless plugin or a hurried operator brings to a run.

Each test holds one promise of docs/reliability.md: a document or a named error entry,
never an internal error, nothing lost, nothing written where it should not be.
"""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from segkit.cli import EXIT_INTERRUPTED, EXIT_RECORD_ERRORS, EXIT_USAGE, main
from segkit.corpus import pool
from segkit.corpus.worker import Settings
from segkit.pipeline import MAX_CLASSIFIED_LINE_CHARS, segment

# Padding on each side of a padded line: together more than the classified limit.
PAD = MAX_CLASSIFIED_LINE_CHARS * 6 // 10


def split(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    code = main(["split", *argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


@pytest.mark.parametrize("pad", [" ", "\t", "\u00a0", "\u3000"])
def test_a_line_padded_past_the_limit_keeps_its_document(pad):
    text = f"Title\n\n{pad * PAD}some words here.{pad * PAD}\nend"
    doc = segment(text)
    assert [ln.text for ln in doc.lines] == text.split("\n")
    assert doc.lines[2].label is not None


def test_the_page_s_description_reads_long_lines_cut_as_the_classifier_does(monkeypatch):
    """describe (title, page type, language...) once read a 50 MB line whole, most of the
    time such a page took; it reads the cut copy the classifier reads."""
    from segkit import pipeline

    seen: list[int] = []

    def spy(doc):
        seen.append(max(len(line.text) for line in doc.lines))
        return describe(doc)

    from segkit.describe import describe

    monkeypatch.setattr(pipeline, "describe", spy)
    doc = segment("Title\n" + "Words of a very long line. " * (MAX_CLASSIFIED_LINE_CHARS // 10))
    assert len(doc.lines[1].text) > 2 * MAX_CLASSIFIED_LINE_CHARS  # the document keeps it whole
    assert seen and max(seen) <= MAX_CLASSIFIED_LINE_CHARS + 1


def test_a_padded_line_is_a_document_on_the_command_line(capsys, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(f"Title\n{' ' * PAD}words.{' ' * PAD}\n", encoding="utf-8")
    code, records, err = split(capsys, str(page))
    assert code == 0, err
    assert "error" not in records[0]


# A plugin that stalls on a marked record while a flag file exists, saying it got there
# (for longer than any test waits: test_dask_faults.py uses it too).
STALL_PLUGIN = '''
import os, pathlib, time
import segkit


@segkit.hookimpl
def classify(doc):
    stop = os.environ.get("SEGKIT_TEST_STOP", "")
    if "STALL-HERE" in doc.text and stop and os.path.exists(stop):
        pathlib.Path(stop + ".reached").touch()
        time.sleep(120)
    return None
'''
# Seconds the workers of a killed run may take to go.
ORPHAN_SECONDS = 5.0


@pytest.fixture
def stall_plugin(tmp_path: Path) -> Path:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "stall.py").write_text(STALL_PLUGIN, encoding="utf-8")
    return folder


def _pages(tmp_path: Path, count: int, stall_at: int) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(count):
        marker = " STALL-HERE" if n == stall_at else ""
        (folder / f"p{n:03d}.txt").write_text(
            f"Page {n}\n\nThe harbour reopened on Monday, officials said.{marker}\n",
            encoding="utf-8")
    return folder


def _segkit(*argv: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "segkit.cli", *argv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **env}, start_new_session=True,
                            preexec_fn=_interruptible)


def _interruptible() -> None:
    """Ctrl-C's default in the run: started from a shell's background (``nohup cmd &``),
    the tests inherit SIGINT ignored, and a Python process keeps it so, deaf to the
    SIGINT these tests send (a stop test then waits out its timeout)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _wait_for(path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def _stalled_run(tmp_path: Path, plugins: Path, *extra: str) -> tuple[subprocess.Popen, list]:
    folder = _pages(tmp_path, 40, stall_at=20)
    stop = tmp_path / "stop"
    stop.touch()
    args = ["split", "--plugins", str(plugins), "-o", str(tmp_path / "out.jsonl"), *extra,
            str(folder)]
    proc = _segkit(*args, env={"SEGKIT_TEST_STOP": str(stop)})
    _wait_for(Path(f"{stop}.reached"))
    stop.unlink()
    return proc, args


def test_killing_the_main_process_ends_its_workers_and_resume_finishes(
        capsys, tmp_path, stall_plugin):
    proc, args = _stalled_run(tmp_path, stall_plugin, "--jobs", "2")
    proc.kill()
    proc.wait(timeout=60)
    deadline = time.monotonic() + ORPHAN_SECONDS
    try:
        while _group_alive(proc.pid):
            assert time.monotonic() < deadline, "workers outlived their killed main process"
            time.sleep(0.05)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=60)
    assert main([*args, "--resume"]) in (0, EXIT_RECORD_ERRORS), capsys.readouterr().err
    out = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in out] == [f"p{n:03d}" for n in range(40)]


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGINT])
def test_stopping_a_jobs_run_prints_no_worker_traceback(tmp_path, stall_plugin, how):
    proc, _ = _stalled_run(tmp_path, stall_plugin, "--jobs", "2")
    os.killpg(proc.pid, how) if how == signal.SIGINT else proc.send_signal(how)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == EXIT_INTERRUPTED
    assert "Traceback" not in err, err
    assert "--resume" in err


# A plugin that misbehaves on marked records: loops for ever, loops with SIGALRM blocked
# (as code that never returns to Python does), ends its process, or allocates for ever.
BAD_PLUGIN = '''
import os, signal
import segkit


@segkit.hookimpl
def classify(doc):
    if "LOOP-FOREVER" in doc.text:
        while True:
            try:
                pass
            except Exception:
                pass
    if "LOOP-DEAF" in doc.text:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        while True:
            pass
    if "EXIT-NOW" in doc.text:
        os._exit(7)
    if "ALLOCATE-FOREVER" in doc.text:
        held = []
        while True:
            held.append(bytearray(1 << 24))
    return None
'''


@pytest.fixture
def bad_plugin(tmp_path: Path) -> Path:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "bad_plugin.py").write_text(BAD_PLUGIN, encoding="utf-8")
    return folder


def _marked(tmp_path: Path, marker: str, count: int = 6, at: int = 2) -> Path:
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{n}", "text": f"Page {n}\n\nThe harbour "
                                        f"reopened.{' ' + marker if n == at else ''}"}) + "\n"
                            for n in range(count)), encoding="utf-8")
    return path


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_looping_plugin_costs_one_error_entry_naming_it(capsys, tmp_path, bad_plugin, jobs):
    path = _marked(tmp_path, "LOOP-FOREVER")
    code, records, _ = split(capsys, "--plugins", str(bad_plugin), "--jobs", jobs,
                               "--timeout", "1", str(path))
    assert code == EXIT_RECORD_ERRORS
    assert [r["id"] for r in records] == [f"r{n}" for n in range(6)]
    assert [n for n, r in enumerate(records) if "error" in r] == [2]
    assert "--timeout 1 s" in records[2]["error"]
    assert "bad_plugin" in records[2]["error"]


def test_code_deaf_to_the_timer_is_stopped_by_the_main_process(capsys, monkeypatch, tmp_path,
                                                               bad_plugin):
    import segkit.corpus.pool as pool

    monkeypatch.setattr(pool, "BACKSTOP_SECONDS", 0.5)
    path = _marked(tmp_path, "LOOP-DEAF", count=4, at=1)
    code, records, _ = split(capsys, "--plugins", str(bad_plugin), "--jobs", "1",
                               "--timeout", "0.5", str(path))
    assert code == EXIT_RECORD_ERRORS
    assert [r["id"] for r in records] == [f"r{n}" for n in range(4)]
    assert [n for n, r in enumerate(records) if "error" in r] == [1]
    assert "--timeout" in records[1]["error"]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_plugin_that_exits_costs_one_error_entry(tmp_path, bad_plugin, jobs):
    path = _marked(tmp_path, "EXIT-NOW")
    # In a process of its own: a run that lets the plugin end it would end pytest too.
    proc = _segkit("split", "--plugins", str(bad_plugin), "--jobs", jobs, str(path), env={})
    out, err = proc.communicate(timeout=120)
    records = [json.loads(line) for line in out.splitlines()]
    assert proc.returncode == EXIT_RECORD_ERRORS, err
    assert [r["id"] for r in records] == [f"r{n}" for n in range(6)]
    assert [n for n, r in enumerate(records) if "error" in r] == [2]
    assert "exit code 7" in records[2]["error"]
    assert "worker died (exit code 7)" in err


def _interrupted(monkeypatch, tmp_path: Path, count: int = 8) -> tuple[list[str], Path]:
    """A run over ``count`` pages that Ctrl-C stopped after three records."""
    import segkit.cli as cli

    folder = tmp_path / "in"
    folder.mkdir()
    for n in range(count):
        (folder / f"p{n}.txt").write_text(f"Page {n}\n\nThe harbour reopened.\n",
                                          encoding="utf-8")
    args = ["split", "--generic", "--jobs", "1", "-o", str(tmp_path / "out.jsonl"),
            str(folder)]
    real = cli.segment_all

    def three_then_stopped(*a, **k):
        for n, result in enumerate(real(*a, **k)):
            if n == 3:
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(cli, "segment_all", three_then_stopped)
    assert main(args) == EXIT_INTERRUPTED
    monkeypatch.setattr(cli, "segment_all", real)
    return args, folder


def _leftovers(tmp_path: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("out.")}


@pytest.mark.parametrize("change", ["edit", "add", "remove"])
def test_resume_refuses_inputs_that_changed_and_touches_nothing(capsys, monkeypatch, tmp_path,
                                                               change):
    args, folder = _interrupted(monkeypatch, tmp_path)
    if change == "edit":
        (folder / "p6.txt").write_text("Page six, edited after the run.\n", encoding="utf-8")
    elif change == "add":
        (folder / "p9.txt").write_text("A new page.\n", encoding="utf-8")
    else:
        (folder / "p7.txt").unlink()
    before = _leftovers(tmp_path)
    capsys.readouterr()
    assert main([*args, "--resume"]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "inputs changed" in err and str(folder) in err and "without --resume" in err
    assert _leftovers(tmp_path) == before


def test_resume_refuses_a_part_changed_since(capsys, monkeypatch, tmp_path):
    args, _ = _interrupted(monkeypatch, tmp_path)
    part = tmp_path / "out.jsonl.part"
    data = part.read_bytes()
    part.write_bytes(data.replace(b"Page 1", b"Page X"))
    capsys.readouterr()
    assert main([*args, "--resume"]) == EXIT_USAGE
    assert "was changed since" in capsys.readouterr().err


def test_resume_of_unchanged_inputs_finishes(capsys, monkeypatch, tmp_path):
    args, _ = _interrupted(monkeypatch, tmp_path)
    assert main([*args, "--resume"]) == 0
    out = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in out] == [f"p{n}" for n in range(8)]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the race is in a forked worker inheriting the main handler")
def test_a_worker_stopped_while_starting_never_runs_the_main_process_handler(monkeypatch):
    """A SIGTERM between fork and the worker's own handlers once ran the main process's
    handler in the child, which then ran the rest of the test session (CI, stop 16)."""
    original = pool._worker_signals

    def late(parent: int) -> None:
        time.sleep(0.5)  # the SIGTERM arrives here, before the worker's own handlers
        original(parent)

    def main_handler(signum: int, frame: object) -> None:
        raise RuntimeError("the main process's handler ran in a worker")

    monkeypatch.setattr(pool, "_worker_signals", late)
    previous = signal.signal(signal.SIGTERM, main_handler)
    try:
        proc = pool._Pool(Settings(generic=True), 1, lambda message: None, None, None)._start()
        proc.process.terminate()
        proc.process.join(10)
    finally:
        signal.signal(signal.SIGTERM, previous)
    proc.conn.close()
    assert proc.process.exitcode == -signal.SIGTERM


# A worker's memory limit in the test: well above what a worker needs, far below the machine.
TEST_MAX_MEMORY = "600M"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_plugin_that_allocates_without_bound_costs_one_error_entry(tmp_path, bad_plugin, jobs):
    path = _marked(tmp_path, "ALLOCATE-FOREVER")
    # In a process of its own: its workers are forked from it, and pytest's own memory
    # would count against their limit.
    proc = _segkit("split", "--plugins", str(bad_plugin), "--jobs", jobs, "--max-memory",
                   TEST_MAX_MEMORY, str(path), env={})
    out, err = proc.communicate(timeout=120)
    records = [json.loads(line) for line in out.splitlines()]
    assert proc.returncode == EXIT_RECORD_ERRORS, err
    assert [r["id"] for r in records] == [f"r{n}" for n in range(6)]
    assert [n for n, r in enumerate(records) if "error" in r] == [2]
    assert "ran out of memory (over --max-memory 600 MiB" in records[2]["error"]
    assert "bad_plugin" in records[2]["error"]


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork",
                    reason="the race is in a forked worker inheriting the output's lock")
def test_a_worker_still_starting_when_a_run_ends_does_not_hold_its_output(capsys, monkeypatch,
                                                                          tmp_path):
    """A worker forked just before the run was interrupted holds the .part's lock until its
    start closes it: a resume at once was refused as `another segkit run is writing it`
    (the flaky test_resume_cuts_a_half_written_record_..., when workers retired each chunk)."""
    original = pool._worker_signals

    def slow_start(parent: int) -> None:
        time.sleep(1)  # a loaded machine: the lock is closed late, past JOIN_SECONDS
        original(parent)

    monkeypatch.setattr(pool, "RECYCLE_RSS_BYTES", 0)  # a new worker after every chunk
    monkeypatch.setattr(pool, "JOIN_SECONDS", 0.2)
    monkeypatch.setattr(pool, "_worker_signals", slow_start)
    args, _ = _interrupted(monkeypatch, tmp_path)
    capsys.readouterr()
    assert main([*args, "--resume"]) == 0, capsys.readouterr().err
