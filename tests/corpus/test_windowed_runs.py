"""``segkit split`` on a page over ``WINDOWED_PAGE_LINES``: its record is spooled by the
worker and copied into the output, the same bytes as a record sent whole, in every
format; a record written in pieces keeps the ``.part`` and ``--resume`` promises.

The window constants are made small (the workers are forked: they see the change), so a
small page is windowed."""

from __future__ import annotations

import errno
import json
import os

import pytest

from segkit.cli import EXIT_USAGE, main
from segkit.corpus import worker as worker_module
from segkit.output.spool import Spooled

# A page of more than 12 lines is read 5 lines at a time at most.
PAGE_LINES = 12
WINDOW = 5


@pytest.fixture
def small_windows(windows):
    return windows(PAGE_LINES, WINDOW)


def pages(tmp_path, long_lines: int = 30):
    """A folder of a small page, a windowed text page, a windowed HTML page, a small one."""
    folder = tmp_path / "in"
    folder.mkdir()
    paragraphs = [f"The harbour {n} reopened on Monday after the storm, and the town was glad."
                  for n in range(long_lines)]
    (folder / "a.txt").write_text("Harbour reopens\n\nThe harbour reopened.\n", "utf-8")
    (folder / "b.txt").write_text("\n".join(["Home", "News", *paragraphs]), "utf-8")
    (folder / "c.html").write_text(
        "<title>Storm</title><body><nav><a href=/>Home</a></nav>"
        + "".join(f"<p>{p}</p>" for p in paragraphs) + "</body>", "utf-8")
    (folder / "d.txt").write_text("Last page\n\nIts one paragraph, whole.\n", "utf-8")
    return folder


def split(tmp_path, name: str, *args: str) -> bytes:
    target = tmp_path / name
    assert main(["split", "--jobs", "1", "-o", str(target), *args,
                 str(tmp_path / "in")]) == 0
    return target.read_bytes()


FORMATS = [["-f", "jsonl"], ["-f", "json"], ["-f", "tsv"], ["-f", "text"], ["-f", "md"],
           ["-f", "html"], ["-f", "text", "--only", "body"], ["-f", "jsonl", "--evidence"],
           ["-f", "article"]]


@pytest.mark.parametrize("args", FORMATS, ids=" ".join)
def test_a_spooled_record_is_the_bytes_of_one_sent_whole(small_windows, tmp_path, monkeypatch,
                                                         capsys, args):
    pages(tmp_path)
    written = []  # the spool files the main process wrote and removed
    discard = Spooled.discard
    monkeypatch.setattr(Spooled, "discard", lambda self: (written.append(self), discard(self)))
    spooled = split(tmp_path, "spooled", *args)
    assert len(written) == 2  # the two windowed pages
    monkeypatch.setattr(worker_module, "spool", "".join)  # the same again, sent whole
    assert split(tmp_path, "whole", *args) == spooled
    assert os.listdir(small_windows) == []


def test_a_windowed_page_s_record_has_every_line(small_windows, tmp_path, capsys):
    pages(tmp_path)
    records = [json.loads(line) for line in split(tmp_path, "out").decode().splitlines()]
    assert [r["id"] for r in records] == ["a", "b", "c", "d"]
    for record in records[1:3]:
        assert len(record["lines"]) == 32
        assert [r["n"] for r in record["lines"]] == list(range(1, 33))
        assert all(r["label"] is not None for r in record["lines"])


def test_parquet_takes_a_spooled_record_whole(small_windows, tmp_path, capsys):
    pq = pytest.importorskip("pyarrow.parquet", reason="the parquet extra is not installed")
    pages(tmp_path)
    split(tmp_path, "out.parquet", "-f", "parquet")
    rows = pq.read_table(tmp_path / "out.parquet").to_pylist()
    assert [len(r["lines"]) for r in rows] == [4, 32, 32, 4]
    assert os.listdir(small_windows) == []


def test_a_disk_full_while_a_spooled_record_is_copied_keeps_the_part_for_resume(
        small_windows, tmp_path, monkeypatch, capsys):
    """The record half copied is cut back by --resume; the spool file is removed."""
    pages(tmp_path)
    expected = split(tmp_path, "expected")
    real = Spooled.copy_to

    def full_half_way(self, out):
        out.write(self.read()[:100])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Spooled, "copy_to", full_half_way)
    target = tmp_path / "out.jsonl"
    args = ["split", "--jobs", "1", "-o", str(target), str(tmp_path / "in")]
    assert main(args) == EXIT_USAGE
    assert "No space left on device" in capsys.readouterr().err
    part = tmp_path / "out.jsonl.part"
    assert part.read_bytes().startswith(expected.split(b"\n")[0] + b"\n")
    assert os.listdir(small_windows) == []
    monkeypatch.setattr(Spooled, "copy_to", real)
    assert main([*args, "--resume"]) == 0
    assert target.read_bytes() == expected and not part.exists()
