"""Unit tests of the input modules: the format table, each reader, the stream helpers."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from corpus_data import http_response, warc_record, warcinfo

from segkit.inputs.decode import InputError, Source
from segkit.inputs.files import glob_matches, read_stream, walk_files
from segkit.inputs.formats import BY_NAME, FORMATS, INPUT_FORMATS, sniff
from segkit.inputs.jsonl import read_jsonl, sniff_jsonl
from segkit.inputs.options import ReadOptions, ReadStats, too_big
from segkit.inputs.streams import SNIFF_BYTES, Forward, Gunzip, Prefixed, open_input, read_upto
from segkit.inputs.warc import read_warc, sniff_warc
from segkit.inputs.whole import read_html, read_text


def opened(data: bytes, name: str = "in", doc_id: str = "in"):
    return open_input(io.BytesIO(data), name, doc_id)


def read(reader, data: bytes, options: ReadOptions | None = None,
         stats: ReadStats | None = None) -> list[Source | InputError]:
    return list(reader(opened(data), options or ReadOptions(), stats or ReadStats()))


# --- the format table ---------------------------------------------------------------

def test_input_formats_are_the_table_in_order_after_auto() -> None:
    assert INPUT_FORMATS == ("auto", "text", "html", "jsonl", "warc", "wet",
                             "parquet")
    assert [f.name for f in FORMATS] == list(BY_NAME)
    assert BY_NAME["wet"].read is BY_NAME["warc"].read


@pytest.mark.parametrize(("head", "name", "kind"), [
    (b"WARC/1.0\r\n", "x.html", "warc"),  # content wins over the name
    (b'{"id": 1}\n', "x.html", "jsonl"),
    (b"<!doctype html><p>x", "x.txt", "html"),
    (b"plain words", "page.html", "html"),  # a name says HTML when nothing more specific does
    (b"plain words", "notes.txt", "text"),
    (b"", "", "text"),
])
def test_sniff_tries_the_most_specific_format_first(head: bytes, name: str, kind: str) -> None:
    assert sniff(head, name) == kind


def test_formats_without_a_sniff_are_only_chosen_by_name() -> None:
    assert BY_NAME["text"].sniff is None and BY_NAME["wet"].sniff is None
    assert all(f.sniff is not None for f in FORMATS if f.name not in ("text", "wet"))


# --- whole files ----------------------------------------------------------------------

def test_whole_file_readers_give_one_source_of_their_kind() -> None:
    [text] = read(read_text, b"one\ntwo\n")
    [page] = read(read_html, b"<p>x</p>")
    assert (text.kind, text.data, text.id) == ("text", b"one\ntwo\n", "in")
    assert (page.kind, page.data) == ("html", b"<p>x</p>")


def test_whole_file_over_the_limit_is_an_error() -> None:
    [error] = read(read_text, b"x" * 11, ReadOptions(max_bytes=10))
    assert isinstance(error, InputError) and error.reason == too_big(10)


def test_whole_file_with_damaged_gzip_reports_the_damage() -> None:
    data = gzip.compress(b"some text\n" * 100)[:-20]
    [error] = read(read_text, data)
    assert isinstance(error, InputError) and "gzip" in error.reason and error.id == "in"


# --- JSONL ----------------------------------------------------------------------------

def test_sniff_jsonl_wants_an_object_with_a_key_on_the_first_line() -> None:
    assert sniff_jsonl(b'{"id": 1}\n', "")
    assert sniff_jsonl(b'\xef\xbb\xbf {"a": 1}', "")
    assert not sniff_jsonl(b"{\n  \"pretty\": 1\n}", "")
    assert not sniff_jsonl(b"[1, 2]", "")


def test_jsonl_lines_stay_bytes_and_are_numbered() -> None:
    items = read(read_jsonl, b'{"text": "a"}\n\n{"text": "b"}\n')
    assert [(s.name, s.id, s.kind) for s in items] == [("in:1", "in:1", "jsonl"),
                                                       ("in:3", "in:3", "jsonl")]
    assert items[0].data == b'{"text": "a"}\n'


def test_jsonl_line_over_the_limit_is_skipped_with_an_error() -> None:
    items = read(read_jsonl, b'{"text": "' + b"x" * 50 + b'"}\n{"text": "b"}\n',
                 ReadOptions(max_bytes=20))
    assert isinstance(items[0], InputError) and items[0].id == "in:1"
    assert isinstance(items[1], Source) and items[1].id == "in:2"


# --- WARC -----------------------------------------------------------------------------

def test_sniff_warc() -> None:
    assert sniff_warc(b"\r\nWARC/1.1\r\n", "")
    assert not sniff_warc(b"WARCS", "")


def test_warc_keeps_documents_and_counts_what_it_skips() -> None:
    page = b"<html><p>hello</p></html>"
    data = (warcinfo()
            + warc_record(b"plain text", number=1)
            + warc_record(http_response(page), rtype="response", number=2,
                          content_type="application/http; msgtype=response")
            + warc_record(http_response(b"GIF89a", ctype="image/gif"), rtype="response",
                          number=3, content_type="application/http; msgtype=response"))
    stats = ReadStats()
    items = read(read_warc, data, stats=stats)
    assert [(s.kind, s.data) for s in items] == [("text", b"plain text"), ("html", page)]
    assert items[1].url == "https://example.org/" and items[0].name == "in#1"
    assert stats.skipped == 1  # the image (warcinfo is not a wanted record type)


def test_warc_records_carry_the_charset_of_their_content_type() -> None:
    response = 'application/http; msgtype=response'
    data = (warc_record(http_response(b"<p>x</p>", charset='"ISO-8859-2"'), rtype="response",
                        number=1, content_type=response)
            + warc_record(b"text", number=2, content_type="text/plain; Charset=koi8-r")
            + warc_record(b"text", number=3))
    assert [s.charset for s in read(read_warc, data)] == ["ISO-8859-2", "koi8-r", None]


def test_truncated_warc_record_ends_the_file_after_the_records_before_it() -> None:
    data = warc_record(b"first", number=1) + warc_record(b"second record", number=2)[:-10]
    items = read(read_warc, data)
    assert isinstance(items[0], Source) and items[0].data == b"first"
    assert isinstance(items[-1], InputError) and "truncated WARC record" in items[-1].reason


# --- dispatch, streams and folders ------------------------------------------------------

def test_read_stream_picks_the_reader_by_sniff_or_by_the_forced_format() -> None:
    data = b'{"text": "a"}\n'
    [auto] = read_stream(io.BytesIO(data), "f", "f", ReadOptions(), ReadStats())
    [forced] = read_stream(io.BytesIO(data), "f", "f", ReadOptions(input_format="text"),
                           ReadStats())
    assert (auto.kind, forced.kind) == ("jsonl", "text")


def test_read_stream_reports_gzip_damage_after_the_records_before_it() -> None:
    data = gzip.compress(b'{"text": "a"}\n' * 2000)[:-20]
    items = list(read_stream(io.BytesIO(data), "f.gz", "f", ReadOptions(), ReadStats()))
    assert all(isinstance(i, Source) for i in items[:-1]) and len(items) > 1
    assert isinstance(items[-1], InputError) and "gzip" in items[-1].reason


def test_open_input_inflates_gzip_and_keeps_the_head() -> None:
    body = b"x" * (SNIFF_BYTES * 3)
    got = opened(gzip.compress(body))
    assert got.head == body[:SNIFF_BYTES] and got.stream.read() == body
    assert isinstance(got.gunzip, Gunzip) and got.damage() is None


def test_open_input_refuses_a_gz_name_without_gzip_data() -> None:
    with pytest.raises(InputError, match="not gzip data"):
        opened(b"plain", name="x.gz")


def test_prefixed_and_read_upto_give_back_every_byte() -> None:
    stream = Prefixed(b"abc", io.BytesIO(b"defg"))
    assert read_upto(stream, 5) == b"abcde" and read_upto(stream, 10) == b"fg"


def test_forward_seeks_forward_only() -> None:
    stream = Forward(io.BytesIO(b"0123456789"))
    assert stream.seek(4) == 4 and stream.read(2) == b"45" and stream.tell() == 6
    with pytest.raises(io.UnsupportedOperation):
        stream.seek(1)


@pytest.mark.parametrize(("rel", "pattern", "matches"), [
    ("a/b/page.html", "*.html", True),
    ("a/b/page.html", "a/*/*.html", True),
    ("page.html", "**/*.html", True),
    ("a/page.txt", "*.html", False),
])
def test_glob_matches(rel: str, pattern: str, matches: bool) -> None:
    assert glob_matches(Path(rel), pattern) is matches


def test_walk_files_in_name_order_without_hidden_files(tmp_path: Path) -> None:
    for rel in ("b.txt", "a/z.html", "a/y.txt", ".hidden.txt", ".git/x.txt"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    ids = [doc_id for _path, doc_id in walk_files(tmp_path, tmp_path, None)]
    assert ids == ["a/y", "a/z", "b"]
    assert [i for _p, i in walk_files(tmp_path, tmp_path, "*.html")] == ["a/z"]
