"""Where ``split`` writes: stdout, or a file that is never half-written and can be resumed.

A run with ``-o out.jsonl`` writes to ``out.jsonl.part`` and renames it over
``out.jsonl`` only when the run ends normally, so a run that is killed leaves the
previous ``out.jsonl`` (or none). Beside the ``.part`` it keeps ``out.jsonl.progress``:
a first line naming the run (the options that shape the output), then one checkpoint
line after each batch of records written: how many input records are done, how many
output entries and documents and errors that made, the byte length of the ``.part`` at
that moment and the name of the last record. Data is flushed before its checkpoint is
written, so a checkpoint never promises bytes the ``.part`` does not hold.

``--resume`` reads the last whole checkpoint, cuts the ``.part`` back to its length
(dropping a record half-written when the run was killed), and the run skips that many
records of the same inputs without segmenting them, checking that the last one skipped
has the recorded name: nothing is redone, nothing is written twice. A ``.part`` is locked
while a run writes it, so two runs cannot write the same output.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Any, TypeVar

T = TypeVar("T")

# Checkpoint lines after which the progress file is rewritten with only the last one.
COMPACT_EVERY = 10_000
# Bytes read at a time when the .part is read back into its digest.
HASH_BLOCK = 1 << 20
# Suffixes of the files kept beside the target while a run writes it.
PART_SUFFIX = ".part"
PROGRESS_SUFFIX = ".progress"
# Write errors that say the disk (or the user's quota, or the file size limit) is full:
# what was written stays, for --resume once there is room.
_FULL_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
# The ``.part`` files this process holds locked, by descriptor. A worker forked from the
# run closes its copies (close_inherited_locks): a lock is held while any copy is open, so
# a worker outliving a killed run would otherwise keep its output locked.
_LOCKS: set[int] = set()


class OutputError(Exception):
    """The output cannot be used (locked, resumed with other options, a folder...)."""


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """How far a run got: input records done and what they made in the output."""

    records: int = 0
    written: int = 0
    documents: int = 0
    errors: int = 0
    bytes: int = 0
    last: str | None = None
    digest: str | None = None  # SHA-256 of the first ``bytes`` of the .part

    def to_json(self) -> str:
        # Written after every record: a plain dict, as dataclasses.asdict deep-copies.
        return json.dumps({"records": self.records, "written": self.written,
                           "documents": self.documents, "errors": self.errors,
                           "bytes": self.bytes, "last": self.last, "digest": self.digest})


def skip_done(items: Iterable[T], done: Checkpoint,
              name: Callable[[T], str | None]) -> Iterator[T]:
    """The items after the ``done.records`` an interrupted run wrote, which must be the
    same inputs: the last one skipped must carry the name the checkpoint recorded.

    The one resume check of every engine: ``name`` reads a record's name from an item.
    """
    it = iter(items)
    last = None
    for _, item in zip(range(done.records), it, strict=False):
        last = name(item)
    if last != done.last:
        raise OutputError(
            f"the inputs are not those of the interrupted run (record {done.records} is "
            f"{last!r}, not {done.last!r}); run without --resume to start again")
    yield from it


def close_inherited_locks() -> None:
    """In a process forked from a run: let go of the run's output locks (only the run
    holds them, so they end with it)."""
    for fd in _LOCKS:
        with contextlib.suppress(OSError):
            os.close(fd)
    _LOCKS.clear()


class Output:
    """Opens stdout or a resumable, atomically replaced file for one run."""

    def __init__(self, path: str | None, *, run: dict[str, Any] | None = None,
                 resume: bool = False, inputs: list[dict[str, Any]] | None = None) -> None:
        """``run``: the options that shape the output; ``inputs``: what the run reads
        (``inputs/files.fingerprint``); a --resume must find both as they were."""
        self.path = None if path in (None, "-") else Path(path)
        self.run = run or {}
        self.inputs = inputs
        self.resume = resume
        self.keep = True
        self.resumed: Checkpoint | None = None
        self.discarded = False  # an unfinished .part was started over without --resume
        self._progress: IO[str] | None = None
        self._binary: IO[bytes] | None = None
        self._out: IO[str] | None = None
        self._lines = 0
        self.last: Checkpoint | None = None  # the last checkpoint written
        self._digest = hashlib.sha256()  # of the .part's bytes up to self._hashed
        self._hashed = 0

    @property
    def part(self) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name + PART_SUFFIX)

    @property
    def progress(self) -> Path:
        assert self.path is not None
        return self.path.with_name(self.path.name + PROGRESS_SUFFIX)

    @property
    def own(self) -> tuple[str, ...]:
        """The files this output writes (the target, its .part, its progress file)."""
        if self.path is None:
            return ()
        return (str(self.path), str(self.part), str(self.progress),
                str(self.progress) + ".tmp")

    def check(self) -> None:
        """Fail early, before any work, if the target cannot be written."""
        if self.path is None:
            if self.resume:
                raise OutputError("--resume needs an output file (-o PATH)")
            return
        if self.path.is_dir():
            raise OutputError(f"{self.path}: is a directory, not an output file")
        if not self.path.parent.is_dir():
            raise OutputError(f"{self.path}: output folder does not exist")

    @contextmanager
    def open(self) -> Iterator[IO[str]]:
        """The stream to write to. Interrupted, the ``.part`` stays for ``--resume``; any
        other failure removes it; success renames it over the target."""
        if self.path is None:
            yield sys.stdout
            return
        try:  # never through a link someone placed: it could point anywhere
            fd = os.open(self.part, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o666)
        except OSError as exc:
            if not self.part.is_symlink():
                raise
            raise OutputError(f"{self.part} is a symbolic link; segkit does not write "
                              "through one: remove it and run again") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise OutputError(f"{self.path}: another segkit run is writing it "
                              f"({self.part} is locked)") from exc
        _LOCKS.add(fd)
        binary = os.fdopen(fd, "r+b")
        self._binary = binary
        try:
            self._start(binary)
        except BaseException:
            _unlock(binary)  # a refused --resume leaves the unfinished run as it was
            raise
        try:
            out = self._out = open(binary.fileno(), "w", encoding="utf-8",  # noqa: SIM115
                                   newline="\n", closefd=False)
            yield out
            out.flush()
            os.fsync(binary.fileno())
        except BaseException as exc:
            self._close()
            if not _keeps_part(exc):
                self._remove()
            _unlock(binary)
            raise
        self._close()
        if self.keep:
            os.chmod(self.part, _mode_for(self.path))
            os.replace(self.part, self.path)
            self.progress.unlink(missing_ok=True)
        else:
            self._remove()
        _unlock(binary)

    def kept_for_resume(self, todo: str = "make room and run the same command with "
                        "--resume") -> str:
        """After a failed write: what the ``.part`` keeps and what to run next, if kept."""
        if self.path is None or not self.part.exists() or self.last is None:
            return ""
        return f"; {self.part} keeps {self.last.records} record(s): {todo}"

    def checkpoint(self, point: Checkpoint) -> None:
        """Record that everything written so far is done (flushes the output first)."""
        if self._out is None or self._binary is None or self._progress is None:
            return
        self._out.flush()
        end = self._binary.seek(0, os.SEEK_END)
        self._hash_to(self._binary, end)
        point = replace(point, bytes=end, digest=self._digest.hexdigest())
        self.last = point
        self._progress.write(point.to_json() + "\n")
        self._progress.flush()
        self._lines += 1
        if self._lines >= COMPACT_EVERY:
            self._write_progress(point)

    def _start(self, binary: IO[bytes]) -> None:
        """Resume from the last checkpoint, or start the ``.part`` afresh."""
        point = self._read_progress() if self.resume else None
        size = binary.seek(0, os.SEEK_END)
        if point is not None and point.bytes <= size:
            self._hash_to(binary, point.bytes)
            if point.digest is not None and point.digest != self._digest.hexdigest():
                raise OutputError(f"{self.part} was changed since the interrupted run wrote "
                                  "it; run without --resume to start again")
            binary.truncate(point.bytes)
            binary.seek(point.bytes)
            self.resumed = point
        else:
            self.discarded = size > 0 and not self.resume
            binary.truncate(0)
            binary.seek(0)
            point = Checkpoint()
        self._write_progress(point)

    def _hash_to(self, binary: IO[bytes], end: int) -> None:
        """Take the .part's bytes up to ``end`` into the digest (read back, in blocks)."""
        while self._hashed < end:
            block = os.pread(binary.fileno(), min(end - self._hashed, HASH_BLOCK), self._hashed)
            if not block:
                break
            self._digest.update(block)
            self._hashed += len(block)

    def _read_progress(self) -> Checkpoint | None:
        """The last whole checkpoint of a run with the same options, if there is one."""
        try:
            lines = self.progress.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return None
        try:
            header = json.loads(lines[0]) if lines else None
        except ValueError:
            header = None
        if not isinstance(header, dict) or header.get("run") != _jsonable(self.run):
            if header is not None:
                raise OutputError(
                    f"{self.part} was written by a run with other options or inputs; "
                    "run without --resume to start again")
            return None
        changed = _inputs_changed(header.get("inputs"), _jsonable(self.inputs))
        if changed:
            raise OutputError(f"the inputs changed since the interrupted run ({changed}); "
                              f"{self.part} was left as it is: run without --resume to "
                              "start again")
        try:
            size = self.part.stat().st_size
        except OSError:
            return None
        for raw in reversed(lines[1:]):  # the last line may be torn by a kill
            try:
                point = Checkpoint(**json.loads(raw))
            except (ValueError, TypeError):
                continue
            if point.bytes <= size:
                return point
        return Checkpoint()

    def _write_progress(self, point: Checkpoint) -> None:
        """A fresh progress file holding the run and one checkpoint, swapped in whole."""
        if self._progress is not None:
            self._progress.close()
        tmp = self.progress.with_name(self.progress.name + ".tmp")
        tmp.unlink(missing_ok=True)  # "x" then creates it anew, never through a link
        with open(tmp, "x", encoding="utf-8") as fh:
            fh.write(json.dumps({"run": _jsonable(self.run),
                                 "inputs": _jsonable(self.inputs)}) + "\n")
            fh.write(point.to_json() + "\n")
        os.replace(tmp, self.progress)
        self._progress = open(self.progress, "a", encoding="utf-8")  # noqa: SIM115
        self._lines = 1
        self.last = point

    def _close(self) -> None:
        if self._out is not None:
            with contextlib.suppress(OSError, ValueError):
                self._out.close()
        if self._progress is not None:
            self._progress.close()
        self._out = self._progress = None

    def _remove(self) -> None:
        self.part.unlink(missing_ok=True)
        self.progress.unlink(missing_ok=True)


def _inputs_changed(then: Any, now: Any) -> str:
    """What differs between the inputs a run started on and those there now ("": none;
    a progress file from before inputs were recorded is not checked)."""
    if then is None or then == now:
        return ""
    if not isinstance(then, list) or not isinstance(now, list) or len(then) != len(now):
        return "other inputs"
    for old, new in zip(then, now, strict=True):
        if old != new:
            return f"{new.get('path')}: {_described(old)} then, {_described(new)} now"
    return "other inputs"  # pragma: no cover - equal lists return above


def _described(entry: Any) -> str:
    if not isinstance(entry, dict) or entry.get("missing"):
        return "missing"
    if "files" in entry:
        return (f"{entry['files']} file(s) of {entry['bytes']} bytes, "
                f"listing {str(entry['digest'])[:12]}")
    return f"{entry.get('bytes')} bytes modified at {entry.get('mtime_ns')} ns"


def _keeps_part(exc: BaseException) -> bool:
    """Whether a run that failed with ``exc`` keeps its ``.part``: when it was interrupted
    or ran out of room, not when it went wrong (a resume would repeat the fault)."""
    if isinstance(exc, KeyboardInterrupt | SystemExit) or getattr(exc, "resumable", False):
        return True  # resumable: a lost Dask cluster (corpus/dask.py)
    return isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS


def _unlock(binary: IO[bytes]) -> None:
    """Let go of the lock, explicitly: a worker forked a moment ago still shares it until
    its start closes it, and a close would leave the lock to it (a resume at once was
    refused, `another segkit run is writing it`)."""
    _LOCKS.discard(binary.fileno())
    with contextlib.suppress(OSError):
        fcntl.flock(binary.fileno(), fcntl.LOCK_UN)
    binary.close()


def _jsonable(value: Any) -> Any:
    """The run's options as they read back from JSON (tuples become lists...)."""
    return json.loads(json.dumps(value, sort_keys=True, default=sorted))


def _mode_for(target: Path) -> int:
    """The mode a new file gets, or the replaced file had."""
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
