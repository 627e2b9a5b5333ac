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
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import dask.bag as db
from dask import delayed

from segkit.corpus.worker import Result, Settings, Worker
from segkit.inputs.decode import InputError, Source
from segkit.inputs.files import read_file, walk_files
from segkit.inputs.options import ReadOptions, ReadStats
from segkit.output.files import Checkpoint, skip_done

__all__ = ["lines", "results_in_order", "split"]

# File tasks in flight at once per worker when the CLI streams results back in order:
# enough to keep every worker busy, few enough that results wait in memory briefly.
TASKS_PER_WORKER = 2

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


def _unit_partition(unit: Unit, settings: Settings, reading: ReadOptions,
                    skip: int) -> tuple[list[Result], int]:
    """Segment one file's records (after the first ``skip``); results and WARC skips."""
    worker = _worker(settings)
    kind, name, detail = unit
    if kind == "error":
        return [worker(InputError(name, detail))], 0
    stats = ReadStats()
    records = read_file(name, detail, reading, stats)
    out = [worker(item) for n, item in enumerate(records) if n >= skip]
    return out, stats.skipped


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
                     done: Checkpoint | None = None,
                     stats: ReadStats | None = None) -> Iterator[Result]:
    """For ``segkit split --engine dask``: every Result in input order, computed on the
    cluster at ``scheduler`` (or a local one of ``jobs`` processes), one task per file,
    a bounded number in flight. The records ``done`` counts (a resumed run's) are not
    segmented: the files they fill are counted here, by reading only, and left out."""
    from distributed import Client, LocalCluster

    stats = stats if stats is not None else ReadStats()
    units = plan(inputs, reading)
    start, first_skip = _resume_point(units, reading, done or Checkpoint())
    cluster = None
    if scheduler is None:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                               dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        workers = max(len(client.scheduler_info().get("workers", {})), 1)
        tasks = (client.submit(_unit_partition, unit, settings, reading,
                               first_skip if n == 0 else 0, pure=False)
                 for n, unit in enumerate(units[start:]))
        for unit, future in zip(units[start:], _window(tasks, workers * TASKS_PER_WORKER),
                                strict=True):
            results, skipped = _unit_results(unit, future, settings)
            stats.skipped += skipped
            yield from results
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _window(tasks: Iterator[Any], size: int) -> Iterator[Any]:
    """The submitted tasks in order, ``size`` of them submitted ahead of the one yielded."""
    pending: deque[Any] = deque()
    for task in tasks:
        pending.append(task)
        if len(pending) >= size:
            yield pending.popleft()
    yield from pending


def _unit_results(unit: Unit, future: Any, settings: Settings) -> tuple[list[Result], int]:
    """A file task's results and WARC skips; its error entry if the task failed for good."""
    try:
        results, skipped = future.result()
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
