"""``--jobs N``: segment records in N worker processes, results in input order.

The main process reads records, packs them into small chunks and keeps each worker two
chunks ahead over its own pipe (so a worker never waits for the main process to take its
results and send more); it writes results strictly in input order, so the
output is the same bytes as ``--jobs 1``. Work ahead of the oldest unwritten record is
bounded (in records and in bytes), so memory does not grow with the input.

Each worker has its own pipe, so when one dies (killed, out of memory, a plugin calling
``os._exit``) the main process knows exactly which records it held. It reports the death,
starts a new worker and retries those records once, one record per chunk, so that only
a record that kills a worker again becomes an error entry.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import socket
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

from segkit.corpus.budget import (
    DEFAULT_MAX_MEMORY,
    DEFAULT_TIMEOUT,
    Budget,
    OverBudget,
    limit_memory,
)
from segkit.corpus.worker import Result, Settings, Worker, record_id
from segkit.inputs.decode import InputError, Source
from segkit.output.files import close_inherited_locks
from segkit.output.spool import Spooled
from segkit.sites.loading import Plugins

# Records per chunk sent to a worker: enough to make a pipe round trip cheap next to
# segmenting them (a few ms each), few enough to keep workers evenly busy.
CHUNK_RECORDS = 16
# With one job, a smaller chunk: an interrupted run has written all it finished but the
# records of the chunk in hand (at most this many, redone by --resume). A chunk of one
# record made the one core switch between the worker and the main process twice a
# record, which cost a --jobs 1 run about a fifth more CPU than --jobs 2 spends on the
# same records (benchmarks/bench_cli.py).
SOLO_CHUNK_RECORDS = 8
# Bytes of record data per chunk (a bigger record travels alone).
CHUNK_BYTES = 1 << 20
# Chunks a worker holds at once: the one it segments and the next, already in its pipe.
# With one, a worker sat idle from sending its results until the main process, which
# shares the cores with the workers, had taken them and sent the next chunk.
PIPELINE_DEPTH = 2
# Socket buffer asked for each worker's pipe (the kernel may cap it): room for a chunk's
# rendered results, so that a worker goes on to its next chunk without waiting for the
# main process to read them.
PIPE_BUFFER_BYTES = 4 << 20
# Records and bytes a run may have in flight ahead of the oldest unwritten record, per
# worker: bounds memory when one slow record holds the others back.
AHEAD_RECORDS_PER_JOB = 4 * CHUNK_RECORDS
AHEAD_BYTES_PER_JOB = 16 << 20
# Workers that die before taking any work, in a row, before the run gives up: a plugin
# that kills every process at import would otherwise be restarted for ever.
MAX_STARTUP_DEATHS = 3
# Seconds past its records' budgets after which the main process kills a worker that
# its own timer did not stop (code that never returns to Python, such as a C loop).
BACKSTOP_SECONDS = 10.0
# Seconds a finished worker gets to exit before it is terminated.
JOIN_SECONDS = 5.0
# A worker whose resident memory is above this after a chunk hands it back and is
# replaced: Python keeps the memory of one huge record (about 30 bytes per byte of
# text), and fragmentation could make a long-lived worker grow over millions of records.
RECYCLE_RSS_BYTES = 160 << 20

# prctl(2) option: the signal a process gets when its parent thread dies.
PR_SET_PDEATHSIG = 1
# Exit status of a worker that finds its main process already gone.
EXIT_ORPHANED = 1

Item = Source | InputError
Task = list[tuple[int, Item]]  # a chunk of records, numbered in input order


class WorkersFailed(RuntimeError):
    """Worker processes die as soon as they start: the run cannot go on in parallel."""


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def segment_all(
    items: Iterable[Item],
    settings: Settings,
    *,
    jobs: int = 1,
    plugins: Plugins | None = None,
    warn: Callable[[str], None] | None = None,
    timeout: float | None = DEFAULT_TIMEOUT,
    max_memory: int | None = DEFAULT_MAX_MEMORY,
) -> Iterator[Result]:
    """Yield a Result per item, in input order, using ``jobs`` worker processes.

    One job runs in one worker process too (with ``plugins`` if given, where processes
    are forked): a plugin that calls ``os._exit`` or never returns costs its record, not
    the run. ``timeout`` is each record's budget in seconds, ``max_memory`` each worker's
    in bytes (None or 0: no limit).
    """
    pool = _Pool(settings, max(jobs, 1), warn or (lambda message: None), timeout, plugins,
                 max_memory)
    yield from pool.run(iter(items))


def _worker_signals(parent: int) -> None:
    """Signals in a worker: Ctrl-C reaches the whole process group, but the main process
    decides what stops; SIGTERM (the main process ending it) ends it quietly, without the
    main process's handler and its traceback; and the death of the main process ends it
    too, so that a ``kill -9`` of a run leaves no worker behind holding its output."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)  # blocked by _start_blocked
    close_inherited_locks()
    _die_with_parent()
    if os.getppid() != parent:  # the main process died before the line above
        os._exit(EXIT_ORPHANED)


# Signals held back while a worker starts: a SIGTERM that reached a fork before
# _worker_signals ran would run the main process's handler in the child, which would then
# go on running the main process's code (its caller's stack is the child's too).
_STOP_SIGNALS = frozenset({signal.SIGINT, signal.SIGTERM})


@contextlib.contextmanager
def _start_blocked() -> Iterator[None]:
    """Block the stop signals while a worker starts; the child unblocks them itself."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent dies (elsewhere: nothing to ask)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc to ask: the pipe's EOF still ends it
        pass


def _worker_main(conn: Connection, settings: Settings, parent: int, timeout: float | None,
                 plugins: Plugins | None, memory: int | None = None) -> None:
    """A worker process: segment each chunk received, send back its results."""
    _worker_signals(parent)
    limit_memory(memory)
    worker = Worker(settings, plugins)
    budget = Budget(timeout, lambda: worker.plugins, memory)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the main process is gone
            return
        if task is None:
            return
        results, stopped = _segment_task(worker, budget, task)
        retiring = stopped or _rss() > RECYCLE_RSS_BYTES
        conn.send((results, retiring))
        if retiring:
            return


def _segment_task(worker: Worker, budget: Budget, task: list[Item]) -> tuple[list[Result], bool]:
    """The results of a chunk, and whether a record ran over its budget (the worker is
    then replaced: the code stopped may have left its state half changed)."""
    results: list[Result] = []
    stopped = False
    for item in task:
        try:
            with budget.timed():
                results.append(worker(item))
        except OverBudget as exc:
            results.append(worker.error(record_id(item, worker.settings.fields), item.name,
                                        exc.reason(budget)))
            stopped = True
    return results, stopped


def _rss() -> int:
    """This process's resident memory in bytes (0 where /proc is not there)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


class _Proc:
    """One worker process, its pipe, and the chunks it holds (oldest first)."""

    def __init__(self, ctx: Any, pool: _Pool, number: int) -> None:
        parent, child = ctx.Pipe()
        for end in (parent, child):
            _widen(end)
        # Loaded plugins travel only to a forked process (they cannot be pickled).
        plugins = pool.plugins if ctx.get_start_method() == "fork" else None
        self.process = ctx.Process(
            target=_worker_main, daemon=True, name=f"segkit-worker-{number}",
            args=(child, pool.settings, os.getpid(), pool.timeout, plugins, pool.memory))
        with _start_blocked():
            self.process.start()
        child.close()
        self.conn: Connection = parent
        self.tasks: deque[tuple[Task, bool]] = deque()  # each chunk, and whether a retry
        self.served = 0
        self.budget = pool.timeout
        self.deadline: float | None = None  # when the main process stops waiting for it
        self.overdue = False

    @property
    def room(self) -> bool:
        """Whether it can take another chunk: a retried record always travels alone."""
        return len(self.tasks) < PIPELINE_DEPTH and not any(r for _, r in self.tasks)

    def send(self, task: Task, retry: bool) -> None:
        self.tasks.append((task, retry))
        self._set_deadline()
        # If it died while idle, its sentinel says so and the task is retried.
        with contextlib.suppress(OSError):
            self.conn.send([item for _, item in task])

    def answered(self) -> tuple[Task, bool]:
        """The oldest chunk, which it has answered."""
        done = self.tasks.popleft()
        self._set_deadline()
        return done

    def _set_deadline(self) -> None:
        """When the main process stops waiting: every record held, at its budget."""
        if self.budget and self.tasks:
            held = sum(len(task) for task, _ in self.tasks)
            self.deadline = time.monotonic() + held * self.budget + BACKSTOP_SECONDS
        else:
            self.deadline = None

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send(None)

    def stop_overdue(self) -> None:
        """Kill a worker that ran past its deadline: its own timer did not stop it."""
        self.overdue = True
        self.process.kill()
        self.process.join(JOIN_SECONDS)

    def how_it_died(self) -> str:
        if self.overdue:
            return f"no answer within --timeout {self.budget:g} s"
        self.process.join(JOIN_SECONDS)
        code = self.process.exitcode
        if code is None:
            return "stopped answering"
        if code < 0:
            try:
                return f"killed by {signal.Signals(-code).name}"
            except ValueError:
                return f"killed by signal {-code}"
        return f"exit code {code}"


class _Pool:
    def __init__(self, settings: Settings, jobs: int, warn: Callable[[str], None],
                 timeout: float | None, plugins: Plugins | None,
                 memory: int | None = None) -> None:
        self.settings = settings
        self.timeout = timeout or None
        self.memory = memory or None
        self.plugins = plugins
        self.jobs = jobs
        self.warn = warn
        self.ctx = multiprocessing.get_context()
        self.started = 0
        self.startup_deaths = 0

    def _start(self) -> _Proc:
        self.started += 1
        return _Proc(self.ctx, self, self.started)

    def run(self, items: Iterator[Item]) -> Iterator[Result]:
        procs = [self._start() for _ in range(self.jobs)]
        try:
            yield from self._loop(procs, items)
            for proc in procs:
                proc.stop()
            for proc in procs:
                proc.process.join(JOIN_SECONDS)
        finally:
            for proc in procs:
                if proc.process.is_alive():
                    proc.process.terminate()
                proc.process.join(JOIN_SECONDS)
                proc.conn.close()

    def _loop(self, procs: list[_Proc], items: Iterator[Item]) -> Iterator[Result]:
        flow = _Flow(items, Worker(self.settings), self.jobs)
        try:
            while True:
                yield from flow.in_order()
                # a chunk per place in the workers' pipelines: none waits on reading
                flow.read_ahead(self.jobs * PIPELINE_DEPTH)
                if flow.next_out in flow.done:
                    continue
                busy = self._dispatch(procs, flow)
                if not busy:
                    if flow.finished:
                        break
                    continue
                self._collect(procs, busy, flow)
            yield from flow.done.values()  # pragma: no cover - every result is yielded above
        finally:  # a run that stops leaves no spool file of a result it never wrote
            for result in flow.done.values():
                if isinstance(result.rendered, Spooled):
                    result.rendered.discard()

    def _dispatch(self, procs: list[_Proc], flow: _Flow) -> list[_Proc]:
        """Fill the workers up to PIPELINE_DEPTH chunks, a round at a time (every idle
        worker gets its first before any gets a second), retries first, within the
        read-ahead bounds; the workers now busy."""
        for depth in range(PIPELINE_DEPTH):
            for proc in procs:
                if len(proc.tasks) != depth or not proc.room:
                    continue
                task = flow.next_task(any(p.tasks for p in procs), idle=depth == 0)
                if task is None:
                    break
                proc.send(*task)
        return [p for p in procs if p.tasks]

    def _collect(self, procs: list[_Proc], busy: list[_Proc], flow: _Flow) -> None:
        """Wait for a busy worker to answer or die, and take what it did."""
        waiting: dict[Any, _Proc] = {}
        for proc in busy:
            waiting[proc.conn] = proc
            waiting[proc.process.sentinel] = proc
        ready = wait(list(waiting), timeout=_until_first(busy))
        if not ready:  # a worker ran past its deadline: stop it, take it as dead
            for proc in busy:
                if proc.deadline is not None and proc.deadline <= time.monotonic():
                    proc.stop_overdue()
            ready = wait(list(waiting), timeout=0)
        for handle in ready:
            proc = waiting[handle]
            if not proc.tasks or proc not in procs:  # handled through its other handle
                continue
            reply = self._receive(proc)
            if reply is not None:
                task, _ = proc.answered()
                self._received(procs, proc, task, reply, flow)
            else:
                held, proc.tasks = list(proc.tasks), deque()
                self._lost(procs, proc, held, flow)

    def _received(self, procs: list[_Proc], proc: _Proc, task: Task,
                  reply: tuple[list[Result], bool], flow: _Flow) -> None:
        results, retiring = reply
        proc.served += 1
        self.startup_deaths = 0
        for (seq, _), result in zip(task, results, strict=True):
            flow.done[seq] = result
        if retiring:  # it exits without reading the chunk it still holds: send it again
            flow.requeued.extend(task for task, _ in proc.tasks)
            proc.tasks.clear()
            proc.process.join(JOIN_SECONDS)
            self._replace(procs, proc)

    def _lost(self, procs: list[_Proc], proc: _Proc, held: list[tuple[Task, bool]],
              flow: _Flow) -> None:
        """A worker died holding ``held``: retry their records once each, then give up."""
        how = proc.how_it_died()
        self._replace(procs, proc)
        if held[0][1]:  # a retried record travels alone
            seq, item = held[0][0][0]
            self.warn(f"worker died ({how}) again on {item.name}; it becomes an error entry")
            flow.done[seq] = flow.errors.error(
                record_id(item, self.settings.fields), item.name,
                f"a worker process died ({how}) on this record, twice")
            return
        task = [pair for chunk, _ in held for pair in chunk]
        names = task[0][1].name if len(task) == 1 else f"{task[0][1].name} .. {task[-1][1].name}"
        self.warn(f"worker died ({how}) while segmenting {len(task)} record(s) "
                  f"({names}); retrying them once, one at a time")
        flow.retries.extend([pair] for pair in task)

    def _receive(self, proc: _Proc) -> tuple[list[Result], bool] | None:
        """The worker's results and whether it is retiring, or None if it died."""
        try:
            if proc.conn.poll():
                return proc.conn.recv()
        except (EOFError, OSError):
            pass
        return None

    def _replace(self, procs: list[_Proc], dead: _Proc) -> None:
        if dead.served == 0:
            self.startup_deaths += 1
            if self.startup_deaths >= MAX_STARTUP_DEATHS:
                raise WorkersFailed(f"{MAX_STARTUP_DEATHS} new worker processes died in a "
                                    "row before finishing any work")
        if dead.process.is_alive():
            dead.process.terminate()
        dead.conn.close()
        procs[procs.index(dead)] = self._start()


def _widen(conn: Connection) -> None:
    """Ask for PIPE_BUFFER_BYTES of socket buffer both ways (where the pipe is a socket)."""
    try:
        sock = socket.socket(fileno=os.dup(conn.fileno()))
    except OSError:  # not a socket: an os.pipe keeps its own size
        return
    with sock, contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, PIPE_BUFFER_BYTES)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, PIPE_BUFFER_BYTES)


def _until_first(busy: list[_Proc]) -> float | None:
    """Seconds until the first deadline of a busy worker (None: none has one)."""
    deadlines = [p.deadline for p in busy if p.deadline is not None]
    return max(min(deadlines) - time.monotonic(), 0.0) if deadlines else None


class _Flow:
    """The records of a run between reading and writing: read ahead, in flight, done."""

    def __init__(self, items: Iterator[Item], errors: Worker, jobs: int) -> None:
        self.numbered = enumerate(items)
        self.exhausted = False
        self.ready: deque[Task] = deque()  # read, not yet sent
        # Sent to a worker that retired before reading them: sent again first, not counted
        # again in the bytes in flight.
        self.requeued: deque[Task] = deque()
        self.retries: deque[Task] = deque()
        self.done: dict[int, Result] = {}
        self.sizes: dict[int, int] = {}  # bytes of each record in flight
        self.inflight_bytes = 0
        self.next_out = 0
        self.max_ahead = jobs * AHEAD_RECORDS_PER_JOB
        self.max_bytes = jobs * AHEAD_BYTES_PER_JOB
        self.errors = errors  # renders the error entries of records never sent
        self.chunk_records = CHUNK_RECORDS if jobs > 1 else SOLO_CHUNK_RECORDS

    @property
    def finished(self) -> bool:
        return self.exhausted and not self.ready and not self.retries and not self.requeued

    def in_order(self) -> Iterator[Result]:
        """The results that are next in input order."""
        while self.next_out in self.done:
            self.inflight_bytes -= self.sizes.pop(self.next_out, 0)
            yield self.done.pop(self.next_out)
            self.next_out += 1

    def read_ahead(self, chunks: int) -> None:
        while not self.exhausted and len(self.ready) < chunks:
            chunk, self.exhausted = _read_chunk(self.numbered, self.done, self.errors,
                                                self.chunk_records)
            if chunk:
                self.ready.append(chunk)

    def next_task(self, any_busy: bool, idle: bool = True) -> tuple[Task, bool] | None:
        """A retry (only for an ``idle`` worker: a retried record travels alone), or the
        next chunk if it is not too far ahead; and whether a retry."""
        if self.retries:
            return (self.retries.popleft(), True) if idle else None
        if self.requeued:
            return self.requeued.popleft(), False
        if self.ready and (not any_busy or (self.ready[0][0][0] < self.next_out + self.max_ahead
                                            and self.inflight_bytes < self.max_bytes)):
            chunk = self.ready.popleft()
            for seq, item in chunk:
                self.sizes[seq] = _size(item)
                self.inflight_bytes += self.sizes[seq]
            return chunk, False
        return None


def _read_chunk(numbered: Iterator[tuple[int, Item]], done: dict[int, Result],
                errors: Worker, records: int) -> tuple[Task, bool]:
    """Up to ``records`` records (CHUNK_BYTES); read errors go straight to ``done``."""
    chunk: Task = []
    size = 0
    for seq, item in numbered:
        if isinstance(item, InputError):
            done[seq] = errors(item)
            continue
        chunk.append((seq, item))
        size += _size(item)
        if len(chunk) >= records or size >= CHUNK_BYTES:
            return chunk, False
    return chunk, True


def _size(item: Item) -> int:
    return len(item.data) if isinstance(item, Source) else 0
