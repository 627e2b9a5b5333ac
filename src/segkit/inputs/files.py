"""Stream the records of every input: files, folders (with a glob), stdin.

One pass, one record at a time, in input order, so memory does not grow with the input:
a folder is walked one directory listing at a time, a file is read through a small
buffer, gzip is inflated as it is read and a JSONL line or WARC record is held only
until it is handed on. What each file holds is recognised from its first bytes, or forced
with ``input_format`` (:mod:`segkit.inputs.formats`).

Nothing is decoded or parsed beyond what splitting into records needs: that is
:func:`segkit.inputs.records.decode_record`, run where the record is segmented.

Damage is reported where it is found, after every record before it: a truncated gzip
member or WARC record ends its file with an :class:`InputError`.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from segkit.inputs.decode import InputError, Source
from segkit.inputs.formats import BY_NAME, INPUT_FORMATS, sniff
from segkit.inputs.options import ReadOptions, ReadStats
from segkit.inputs.streams import open_input


def iter_records(
    inputs: Iterable[str], options: ReadOptions | None = None, stats: ReadStats | None = None
) -> Iterator[Source | InputError]:
    """Yield each record of each input (``-`` is stdin) as a Source, or an InputError."""
    options = options or ReadOptions()
    stats = stats if stats is not None else ReadStats()
    if options.input_format not in INPUT_FORMATS:
        raise ValueError(f"unknown input format {options.input_format!r}")
    for spec in inputs:
        if spec == "-":
            yield from read_stream(sys.stdin.buffer, "<stdin>", "stdin", options, stats)
            continue
        path = Path(spec)
        if path.is_dir():
            yield from _iter_dir(path, options, stats)
        elif path.exists():
            yield from _read_path(path, path.stem, options, stats)
        else:
            yield InputError(spec, "no such file or directory")


def read_file(path: str, doc_id: str | None = None, options: ReadOptions | None = None,
              stats: ReadStats | None = None) -> Iterator[Source | InputError]:
    """The records of one file, as :func:`iter_records` reads them."""
    options = options or ReadOptions()
    p = Path(path)
    if not p.exists():
        yield InputError(path, "no such file or directory")
        return
    yield from _read_path(p, doc_id or p.stem, options, stats or ReadStats())


def walk_files(folder: Path, root: Path, glob: str | None, *, follow: bool = False,
               stats: ReadStats | None = None) -> Iterator[tuple[Path, str]]:
    """Files below ``folder`` in name order, one directory listing in memory at a time,
    each with its id (the path below ``root`` without its suffix).

    A link that leads out of ``root`` is not followed unless ``follow``, and no directory
    is visited twice (a link to ``..`` would loop for ever): what is left out is named in
    ``stats.links``, so the run can say so.
    """
    walk = _Walk(root, glob, follow, stats if stats is not None else ReadStats())
    walk.seen.add(_dir_key(folder))
    yield from walk.files(folder)


def _dir_key(path: Path | os.DirEntry) -> tuple[int, int]:
    """What identifies a directory, whatever path leads to it."""
    st = path.stat()  # follows links: the directory a link leads to
    return st.st_dev, st.st_ino


class _Walk:
    """One walk of a folder: its root, options, and the directories already visited."""

    def __init__(self, root: Path, glob: str | None, follow: bool, stats: ReadStats) -> None:
        self.root, self.glob, self.follow, self.stats = root, glob, follow, stats
        self.real_root = root.resolve()
        self.seen: set[tuple[int, int]] = set()

    def files(self, folder: Path) -> Iterator[tuple[Path, str]]:
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            if entry.name.startswith(".") or not self._may_enter(entry):
                continue
            path = Path(entry.path)
            if entry.is_dir():
                yield from self.files(path)
            elif entry.is_file():
                rel = path.relative_to(self.root)
                if self.glob is None or glob_matches(rel, self.glob):
                    yield path, str(rel.with_suffix(""))

    def _may_enter(self, entry: os.DirEntry) -> bool:
        """Whether to read ``entry``: not a link out of the root (unless following links),
        not a directory already visited."""
        if entry.is_symlink() and not self.follow:
            target = Path(entry.path).resolve()
            if not target.is_relative_to(self.real_root):
                self.stats.links.append(f"{entry.path} (a link out of {self.root})")
                return False
        if not entry.is_dir():
            return True
        try:
            key = _dir_key(entry)
        except OSError:
            return False
        if key in self.seen:
            self.stats.links.append(f"{entry.path} (a directory already read)")
            return False
        self.seen.add(key)
        return True


def glob_matches(rel: Path, pattern: str) -> bool:
    """A pattern with a ``/`` matches the path below the folder, one without the name."""
    target = rel.as_posix() if "/" in pattern else rel.name
    if pattern.startswith("**/") and fnmatch.fnmatchcase(target, pattern[3:]):
        return True
    return fnmatch.fnmatchcase(target, pattern)


def read_stream(raw: BinaryIO, name: str, doc_id: str, options: ReadOptions,
                stats: ReadStats) -> Iterator[Source | InputError]:
    """Recognise what a stream holds and yield its records, then any damage left unsaid."""
    try:
        opened = open_input(raw, name, doc_id)
        fmt = options.input_format
        if fmt == "auto":
            fmt = sniff(opened.head, name)
        yield from BY_NAME[fmt].read(opened, options, stats)
    except InputError as exc:
        yield InputError(exc.name, exc.reason, id=exc.id or doc_id)
        return
    except OSError as exc:
        yield InputError(name, exc.strerror or str(exc), id=doc_id)
        return
    damage = opened.damage()
    if damage is not None:
        yield damage


def _iter_dir(root: Path, options: ReadOptions, stats: ReadStats) -> Iterator[Source | InputError]:
    found = False
    for path, doc_id in walk_files(root, root, options.glob, follow=options.follow_links,
                                   stats=stats):
        for item in _read_path(path, doc_id, options, stats):
            found = found or isinstance(item, Source)
            yield item
    if not found:
        yield InputError(str(root), "directory holds no readable files")


def _read_path(path: Path, doc_id: str, options: ReadOptions,
               stats: ReadStats) -> Iterator[Source | InputError]:
    try:
        fh = path.open("rb")
    except OSError as exc:
        yield InputError(str(path), exc.strerror or str(exc), id=doc_id)
        return
    with fh:
        counted = 0
        for item in read_stream(fh, str(path), doc_id, options, stats):
            counted = _count_read(fh, stats, counted)
            yield item
        _count_read(fh, stats, counted, end=True)


def _count_read(fh: BinaryIO, stats: ReadStats, counted: int, *, end: bool = False) -> int:
    """Add to ``stats.bytes_read`` what was read of ``fh`` since ``counted`` bytes (at the
    end: the whole file, read or not, so the count meets the inputs' size)."""
    try:
        pos = os.fstat(fh.fileno()).st_size if end else fh.tell()
    except (OSError, ValueError):
        return counted
    if pos > counted:
        stats.bytes_read += pos - counted
    return max(pos, counted)


def fingerprint(inputs: Iterable[str], options: ReadOptions,
                skip: Iterable[str] = ()) -> list[dict[str, object]]:
    """What a run reads, as ``--resume`` checks it: each input's path and, for a file, its
    size and modification time; for a folder, how many files it holds, their bytes and a
    digest of their names, sizes and modification times (stdin cannot be checked).

    ``skip``: files left out of a folder's count, the run's own output files when they
    are written inside an input folder (they change between a run and its resume)."""
    skipped = {os.path.abspath(p) for p in skip}
    out: list[dict[str, object]] = []
    for spec in inputs:
        if spec == "-":
            out.append({"path": "-"})
            continue
        path = Path(spec)
        entry: dict[str, object] = {"path": os.path.abspath(spec)}
        if path.is_dir():
            entry.update(_folder_print(path, options, skipped))
        else:
            try:
                st = path.stat()
            except OSError:
                entry["missing"] = True
            else:
                entry.update(bytes=st.st_size, mtime_ns=st.st_mtime_ns)
        out.append(entry)
    return out


def _folder_print(root: Path, options: ReadOptions, skip: set[str]) -> dict[str, object]:
    digest = hashlib.sha256()
    files = size = 0
    for path, doc_id in walk_files(root, root, options.glob, follow=options.follow_links):
        if os.path.abspath(path) in skip:
            continue
        try:
            st = path.stat()
        except OSError:
            continue
        files, size = files + 1, size + st.st_size
        digest.update(f"{doc_id}\0{path.name}\0{st.st_size}\0{st.st_mtime_ns}\n".encode(
            "utf-8", "surrogateescape"))
    return {"files": files, "bytes": size, "digest": digest.hexdigest()}
