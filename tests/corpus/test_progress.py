"""The progress bar (tqdm): bytes of the inputs with a percentage and an ETA when their
size is known, a count of documents otherwise; only on a terminal unless asked;
``--quiet`` drops the summary."""

from __future__ import annotations

import gzip
import io
import json
import sys

import pytest

import segkit.corpus.progress as progress
from segkit.cli import main
from segkit.corpus.progress import Progress, Tally, input_bytes
from segkit.inputs.files import iter_records
from segkit.inputs.options import ReadOptions, ReadStats

PAGE = "Ferry to keep running all winter\nBy Ada Quill\n" + "The council voted to keep it. " * 9


class Terminal(io.StringIO):
    """A stream that says it is a terminal, as stderr does in an interactive shell."""

    def isatty(self) -> bool:
        return True


@pytest.fixture
def pages(tmp_path):
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(4):
        (folder / f"p{n}.txt").write_text(PAGE + f" Page {n}.", encoding="utf-8")
    with gzip.open(folder / "p9.txt.gz", "wt", encoding="utf-8") as fh:
        fh.write(PAGE)
    (folder / "notes.md").write_text("not a page of this run")
    return folder


@pytest.fixture(autouse=True)
def _every_update_drawn(monkeypatch):
    monkeypatch.setattr(progress, "REDRAW_SECONDS", 0)


def split(capsys, *argv: str) -> tuple[int, list[dict], str]:
    code = main(["split", "--generic", "--jobs", "1", *argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_the_inputs_size_is_every_file_the_run_reads(pages):
    files = sorted(p for p in pages.iterdir() if p.name != "notes.md")
    want = sum(p.stat().st_size for p in files)
    assert input_bytes([str(pages)], ReadOptions(glob="p*")) == want
    assert input_bytes([str(files[0])], ReadOptions()) == files[0].stat().st_size
    assert input_bytes([str(pages), "-"], ReadOptions()) is None  # stdin: unknown
    assert input_bytes([str(pages / "missing")], ReadOptions()) is None


def test_reading_counts_the_bytes_as_stored(pages):
    stats = ReadStats()
    seen = []
    for item in iter_records([str(pages)], ReadOptions(glob="p*"), stats):
        seen.append(stats.bytes_read)
        assert item.name
    assert seen == sorted(seen) and seen[0] > 0
    assert stats.bytes_read == input_bytes([str(pages)], ReadOptions(glob="p*"))


def test_a_bar_with_total_percentage_and_eta_when_the_size_is_known():
    stream = Terminal()
    tally = Tally()
    bar = Progress(tally, stream=stream, total=4096)
    for done in (1024, 2048, 4096):
        tally.documents += 1
        bar.update(done)
    drawn = stream.getvalue()
    bar.close()
    assert "25%|" in drawn and "50%|" in drawn and "100%|" in drawn
    assert "/4.00k" in drawn and "<" in drawn  # the total and tqdm's [elapsed<ETA]
    assert "3 docs, 0 errors" in drawn


def test_a_counter_when_the_size_is_unknown():
    stream = Terminal()
    tally = Tally()
    bar = Progress(tally, stream=stream, total=None)
    for _ in range(3):
        tally.documents += 1
        bar.update()
    drawn = stream.getvalue()
    assert "3 docs" in drawn and "%" not in drawn


def test_nothing_on_a_stream_that_is_not_a_terminal_unless_asked():
    quiet, asked = io.StringIO(), io.StringIO()
    Progress(Tally(), stream=quiet, total=10).update(5)
    Progress(Tally(), stream=asked, enabled=True, total=10).update(5)
    assert quiet.getvalue() == "" and "50%" in asked.getvalue()


def test_split_draws_the_bar_over_the_inputs_bytes(capsys, pages):
    code, records, err = split(capsys, "--progress", "--glob", "p*", str(pages))
    assert code == 0 and len(records) == 5
    assert "%|" in err and "B/s" in err
    code, _, err = split(capsys, "--glob", "p*", str(pages))  # not a terminal: no bar
    assert code == 0 and "\r" not in err and "%|" not in err


def test_split_counts_documents_from_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PAGE.encode())))
    code, records, err = split(capsys, "--progress", "-")
    assert code == 0 and len(records) == 1
    assert " docs" in err and "%|" not in err


def test_quiet_leaves_out_the_summary(capsys, pages):
    code, _, err = split(capsys, "--quiet", "--glob", "p*", str(pages))
    assert code == 0 and err == ""
    code, _, err = split(capsys, "--glob", "p*", str(pages))
    assert err.startswith("segkit: 5 record(s) in ")
