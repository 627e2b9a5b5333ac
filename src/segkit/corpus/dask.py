"""segkit on a Dask cluster, for corpora larger than one machine (``pip install segkit-web[dask]``).

One task per input file: the worker reads the file itself (so the files must be where
the workers can open them: a shared file system, or the same paths on every machine),
segments each record with the same :class:`~segkit.corpus.worker.Worker` as a local run and
returns the rendered records, so the output is the same bytes as ``--jobs``.

From Python::

    import segkit.corpus.dask
    docs = segkit.corpus.dask.split(["s3-mounted/crawl/"])          # a dask.bag of records
    docs.filter(lambda r: "lines" in r).count().compute()
    segkit.corpus.dask.lines(paths).to_textfiles("out/*.jsonl")     # written by the workers

or ``segkit split --engine dask --scheduler tcp://host:8786 INPUT...``, which writes one
output in input order on the machine that runs it (see docs/scale.md).
"""

from __future__ import annotations

import json
import time
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import dask.bag as db
from dask import delayed

from segkit.corpus.budget import DEFAULT_TIMEOUT, Budget, OverBudget
from segkit.corpus.worker import Result, Settings, Worker, record_id
from segkit.inputs.decode import InputError, Source
from segkit.inputs.files import read_file, walk_files
from segkit.inputs.options import ReadOptions, ReadStats
from segkit.output.files import Checkpoint, skip_done

__all__ = ["ClusterLost", "lines", "results_in_order", "split"]

# File tasks in flight at once per worker when the CLI streams results back in order:
# enough to keep every worker busy, few enough that results wait in memory briefly.
TASKS_PER_WORKER = 2

# Seconds to reach the scheduler when the run starts.
CONNECT_SECONDS = 30.0
# Seconds the run waits with the scheduler unreachable, or with no worker to run its
# tasks, before it stops (its output kept for --resume): a restarted scheduler or a
# replaced worker comes back well within this; a cluster that is gone does not.
LOST_SECONDS = 60.0
# Seconds between two looks at the cluster while a task's result is awaited.
POLL_SECONDS = 1.0
# Seconds the client gets to close.
CLOSE_SECONDS = 10.0


class ClusterLost(RuntimeError):
    """The Dask scheduler cannot be reached, or has had no worker for too long: the run
    stops, and what it wrote is kept for ``--resume``."""

    resumable = True  # the output's .part and progress stay (output/files.py)


# One Worker per process and settings: plugins load once, not once per file.
_workers: dict[Settings, Worker] = {}


def _worker(settings: Settings) -> Worker:
    if settings not in _workers:
        _workers[settings] = Worker(settings)
    return _workers[settings]


def split(data: db.Bag | Iterable[str | Path], *, settings: Settings | None = None,
          reading: ReadOptions | None = None) -> db.Bag:
    """A bag of JSON records: a document record or an ``{"id", "source", "error"}`` entry
    for every record of ``data`` (paths of files and folders, or a bag of JSONL-like
    dicts / texts), in input order."""
    settings = replace(settings or Settings(), fmt="jsonl", colour=False)
    return lines(data, settings=settings, reading=reading).map(json.loads)


def lines(data: db.Bag | Iterable[str | Path], *, settings: Settings | None = None,
          reading: ReadOptions | None = None) -> db.Bag:
    """The rendered output of every record in ``settings.fmt`` (JSONL by default): the
    strings ``segkit split`` writes, error entries included (tsv and text have none)."""
    settings = settings or Settings()
    return _results(data, settings, reading or ReadOptions()).filter(
        lambda r: r.rendered is not None).map(lambda r: r.rendered)


def _results(data: db.Bag | Iterable[str | Path], settings: Settings,
             reading: ReadOptions) -> db.Bag:
    if isinstance(data, db.Bag):
        parts = [delayed(_bag_partition)(part, number, settings, reading)
                 for number, part in enumerate(data.to_delayed())]
    else:
        parts = [delayed(_unit_partition)(unit, settings, reading, 0)
                 for unit in plan([str(d) for d in data], reading)]
    return db.from_delayed([delayed(_only_results)(p) for p in parts])


def _only_results(part: tuple[list[Result], int]) -> list[Result]:
    return part[0]


Unit = tuple[str, str, str]  # ("file", path, doc_id) or ("error", name, reason)


def plan(inputs: Iterable[str], reading: ReadOptions) -> list[Unit]:
    """One unit of work per file, folders expanded, in the order a local run reads them."""
    units: list[Unit] = []
    for spec in inputs:
        path = Path(spec)
        if path.is_dir():
            found = [("file", str(p), doc_id) for p, doc_id in walk_files(
                path, path, reading.glob, follow=reading.follow_links)]
            units.extend(found or [("error", spec, "directory holds no readable files")])
        elif path.exists():
            units.append(("file", spec, path.stem))
        else:
            units.append(("error", spec, "no such file or directory"))
    return units


def _unit_partition(unit: Unit, settings: Settings, reading: ReadOptions, skip: int,
                    timeout: float | None = None) -> tuple[list[Result], int]:
    """Segment one file's records (after the first ``skip``), each within ``timeout``
    seconds (None: no limit); results and WARC skips."""
    worker = _worker(settings)
    kind, name, detail = unit
    if kind == "error":
        return [worker(InputError(name, detail))], 0
    stats = ReadStats()
    budget = Budget(timeout, lambda: worker.plugins)
    records = read_file(name, detail, reading, stats)
    out = [_timed(worker, budget, item) for n, item in enumerate(records) if n >= skip]
    return out, stats.skipped


def _timed(worker: Worker, budget: Budget, item: Source | InputError) -> Result:
    """A record's Result, or its error entry if it ran over its budget."""
    try:
        with budget.timed():
            return worker(item)
    except OverBudget as exc:
        return worker.error(record_id(item, worker.settings.fields), item.name,
                            exc.reason(budget))


def _bag_partition(items: list[Any], number: int, settings: Settings,
                   reading: ReadOptions) -> tuple[list[Result], int]:
    """Records given as dicts (fields as in JSONL) or texts, named by their place."""
    worker = _worker(settings)
    out = []
    for n, item in enumerate(items, start=1):
        name, doc_id = f"<bag>:{number}:{n}", f"{number}:{n}"
        if isinstance(item, str):
            source = Source(name=name, id=doc_id, data=item.encode("utf-8"))
        else:
            data = json.dumps(item, ensure_ascii=False, default=str).encode("utf-8")
            source = Source(name=name, id=doc_id, data=data, kind="jsonl")
        out.append(worker(source))
    return out, 0


def results_in_order(inputs: list[str], settings: Settings, reading: ReadOptions, *,
                     scheduler: str | None = None, jobs: int = 1,
                     done: Checkpoint | None = None, stats: ReadStats | None = None,
                     timeout: float | None = DEFAULT_TIMEOUT) -> Iterator[Result]:
    """For ``segkit split --engine dask``: every Result in input order, computed on the
    cluster at ``scheduler`` (or a local one of ``jobs`` processes), one task per file,
    a bounded number in flight, each record within ``timeout`` seconds. The records
    ``done`` counts (a resumed run's) are not segmented: the files they fill are counted
    here, by reading only, and left out. A cluster that cannot be reached, or is lost
    (:data:`LOST_SECONDS`), raises :class:`ClusterLost`."""
    stats = stats if stats is not None else ReadStats()
    units = plan(inputs, reading)
    start, first_skip = _resume_point(units, reading, done or Checkpoint())
    client, cluster = _connect(scheduler, jobs)
    try:
        watch = _Watch(client, scheduler or "(local cluster)")
        workers = max(len(client.scheduler_info().get("workers", {})), 1)
        tasks = (client.submit(_unit_partition, unit, settings, reading,
                               first_skip if n == 0 else 0, timeout or None, pure=False)
                 for n, unit in enumerate(units[start:]))
        for unit, future in zip(units[start:], _window(tasks, workers * TASKS_PER_WORKER),
                                strict=True):
            results, skipped = _unit_results(unit, future, settings, watch)
            stats.skipped += skipped
            yield from results
    finally:
        client.close(timeout=CLOSE_SECONDS)
        if cluster is not None:
            cluster.close()


def _connect(scheduler: str | None, jobs: int) -> tuple[Any, Any]:
    """A client of the scheduler at ``scheduler`` (or of a new local cluster of ``jobs``
    processes), and the local cluster if one was made; ClusterLost if unreachable."""
    from distributed import Client, LocalCluster

    if scheduler is None:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout=CONNECT_SECONDS), None
    except (OSError, ValueError) as exc:  # TimeoutError is an OSError
        raise ClusterLost(f"cannot reach the Dask scheduler at {scheduler} "
                          f"({type(exc).__name__}: {exc})") from exc


class _Watch:
    """Awaits task results while watching the cluster: a scheduler unreachable, or one
    with no worker, for LOST_SECONDS ends the wait with ClusterLost."""

    def __init__(self, client: Any, name: str) -> None:
        self.client, self.name = client, name
        self.since: float | None = None  # when the cluster was first seen in trouble

    def result(self, future: Any) -> Any:
        while True:
            try:
                return future.result(timeout=POLL_SECONDS)
            except TimeoutError:
                self.check()
            except Exception:
                if self.client.status != "running":  # cancelled by the lost scheduler
                    raise self._lost("cannot be reached") from None
                raise

    def check(self) -> None:
        """Raise ClusterLost if the cluster has been in trouble for LOST_SECONDS."""
        if self.client.status != "running":
            trouble = "cannot be reached"
        elif not self.client.scheduler_info().get("workers"):
            trouble = "has no workers"
        else:
            self.since = None
            return
        self.since = self.since if self.since is not None else time.monotonic()
        if time.monotonic() - self.since >= LOST_SECONDS:
            raise self._lost(f"{trouble} (for {LOST_SECONDS:g} s)")

    def _lost(self, trouble: str) -> ClusterLost:
        return ClusterLost(f"the Dask scheduler at {self.name} {trouble}; stopped")


def _window(tasks: Iterator[Any], size: int) -> Iterator[Any]:
    """The submitted tasks in order, ``size`` of them submitted ahead of the one yielded."""
    pending: deque[Any] = deque()
    for task in tasks:
        pending.append(task)
        if len(pending) >= size:
            yield pending.popleft()
    yield from pending


def _unit_results(unit: Unit, future: Any, settings: Settings,
                  watch: _Watch) -> tuple[list[Result], int]:
    """A file task's results and WARC skips; its error entry if the task failed for good
    (ClusterLost, with nothing of the file written, if the cluster was lost)."""
    try:
        results, skipped = watch.result(future)
    except ClusterLost:
        raise
    except Exception as exc:  # the task failed for good (e.g. its workers died)
        worker = Worker(settings)
        results = [worker.error(unit[2] if unit[0] == "file" else unit[1], unit[1],
                                f"the Dask task for this file failed: "
                                f"{type(exc).__name__}: {exc}")]
        skipped = 0
    future.release()
    return results, skipped


def _resume_point(units: list[Unit], reading: ReadOptions,
                  done: Checkpoint) -> tuple[int, int]:
    """(first unit to run, records of it already done) after the records ``done`` counts."""
    if done.records == 0:
        return 0, 0
    records = ((index, n, item) for index, unit in enumerate(units)
               for n, item in enumerate(_unit_items(unit, reading)))
    rest = skip_done(records, done, name=lambda record: record[2].name)
    index, n, _ = next(rest, (len(units), 0, None))
    return index, n


def _unit_items(unit: Unit, reading: ReadOptions) -> Iterable[Source | InputError]:
    """A unit's records, read but not segmented."""
    kind, name, detail = unit
    return [InputError(name, detail)] if kind == "error" else read_file(name, detail, reading)
