"""Parquet input: a row per record from ``id``, ``url`` and ``text`` or ``html``."""

from __future__ import annotations

import gzip
import json

import pytest

from segkit.cli import EXIT_RECORD_ERRORS, main
from segkit.inputs.formats import sniff

pa = pytest.importorskip("pyarrow", reason="the parquet extra is not installed")
pq = pytest.importorskip("pyarrow.parquet")
HTML = ("<html><body><h1>Harbour reopens</h1><p>The harbour reopened on Monday after three "
        "days of storm, the port authority said on Monday morning.</p></body></html>")


def write(path, rows):
    pq.write_table(pa.Table.from_pylist(rows), path)
    return path


def records(capsys, *args):
    code = main(["split", "--jobs", "1", "--format", "jsonl", *args])
    return code, [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_rows_are_records_with_their_ids_urls_and_text_or_html(capsys, tmp_path):
    path = write(tmp_path / "pages.parquet", [
        {"id": "t1", "url": "https://x.example/1", "text": "A title\nSome text.", "html": None},
        {"id": "h1", "url": None, "text": None, "html": HTML},
        {"id": None, "url": None, "text": None, "html": None},
    ])
    assert sniff(path.read_bytes()[:4096], str(path)) == "parquet"
    code, out = records(capsys, str(path))
    assert code == EXIT_RECORD_ERRORS
    assert [r["id"] for r in out] == ["t1", "h1", "pages:3"]
    assert out[0]["url"] == "https://x.example/1" and out[0]["source"] == f"{path}:1"
    assert out[1]["lines"][0]["text"] == "Harbour reopens"  # parsed as HTML
    assert "no 'text' or 'html'" in out[2]["error"]


def test_field_options_rename_columns_and_gzip_or_stdin_is_read_whole(capsys, tmp_path):
    path = write(tmp_path / "c.parquet", [{"doc": "d1", "body": "One line of text."}])
    gz = tmp_path / "c.parquet.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    code, out = records(capsys, "--id-field", "doc", "--text-field", "body", str(gz))
    assert code == 0 and out[0]["id"] == "d1"


def test_a_file_without_a_text_column_is_one_error(capsys, tmp_path):
    path = write(tmp_path / "x.parquet", [{"id": "a", "words": "no"}])
    code, out = records(capsys, str(path))
    assert code == EXIT_RECORD_ERRORS
    assert out == [{"id": "x", "source": str(path), "error": "no 'text' or 'html' column"}]
