"""``--format parquet``: one row per document, read back by pyarrow and pandas."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from segkit.cli import EXIT_RECORD_ERRORS, EXIT_USAGE, main
from segkit.output.formats import parquet as pq_format
from segkit.output.writers import Writer

pa = pytest.importorskip("pyarrow", reason="the parquet extra is not installed")
pq = pytest.importorskip("pyarrow.parquet")
PAGE = "Harbour reopens\nThe harbour reopened on Monday after three days of storm, they said."


@pytest.fixture
def dump(tmp_path: Path) -> Path:
    path = tmp_path / "dump.jsonl"
    rows = [{"id": f"r{n}", "url": f"https://x.example/{n}", "text": PAGE} for n in range(5)]
    rows.insert(2, {"id": "bad", "text": ""})
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_row_per_document_with_its_article_and_labelled_lines(tmp_path, dump, monkeypatch):
    monkeypatch.setattr(pq_format, "ROW_GROUP_ROWS", 2)  # several row groups, one file
    out = tmp_path / "out.parquet"
    assert main(["split", "--jobs", "1", "--format", "parquet", "-o", str(out),
                 str(dump)]) == EXIT_RECORD_ERRORS
    assert not Path(f"{out}.part").exists()  # renamed over the target at the end
    meta = pq.ParquetFile(out).metadata
    assert meta.num_rows == 6 and meta.num_row_groups == 3
    rows = pq.read_table(out).to_pylist()
    assert [r["id"] for r in rows] == ["r0", "r1", "bad", "r2", "r3", "r4"]
    first = rows[0]
    assert first["source"] == f"{dump}:1" and first["url"] == "https://x.example/0"
    assert [(ln["n"], ln["text"]) for ln in first["lines"]] == list(
        enumerate(PAGE.split("\n"), start=1))
    body = [ln["text"] for ln in first["lines"] if ln["label"] == "body"]
    assert first["text"] == "\n".join(body) and first["error"] is None
    assert rows[2]["error"] == "empty input" and rows[2]["lines"] is None


def test_pandas_reads_it(tmp_path, dump):
    pd = pytest.importorskip("pandas")
    out = tmp_path / "out.parquet"
    main(["split", "--jobs", "2", "--format", "parquet", "-o", str(out), str(dump)])
    frame = pd.read_parquet(out)
    assert list(frame.columns) == ["id", "source", "url", "site", "text", "metadata",
                                   "lines", "error"]
    assert frame["id"].tolist()[:2] == ["r0", "r1"]


def test_duckdb_reads_it_where_installed(tmp_path, dump):
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "out.parquet"
    main(["split", "--format", "parquet", "-o", str(out), str(dump)])
    count = duckdb.sql(f"select count(*) from '{out}' where error is null").fetchone()[0]
    assert count == 5


def test_it_streams_to_a_pipe(tmp_path):
    page = tmp_path / "p.txt"
    page.write_text(PAGE, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "segkit.cli", "split", "--format", "parquet",
                           str(page)], capture_output=True, timeout=120, check=True)
    table = pq.read_table(pa.BufferReader(proc.stdout))
    assert table.column("id").to_pylist() == ["p"]


def test_no_documents_is_a_valid_file_of_no_rows(tmp_path):
    path = tmp_path / "empty.parquet"
    with open(path, "w", encoding="utf-8") as out:
        Writer(out, "parquet").close()
    assert pq.read_table(path).num_rows == 0


def test_parquet_cannot_be_resumed(capsys, tmp_path, dump):
    out = tmp_path / "out.parquet"
    assert main(["split", "--format", "parquet", "--resume", "-o", str(out),
                 str(dump)]) == EXIT_USAGE
    assert "cannot be resumed" in capsys.readouterr().err
