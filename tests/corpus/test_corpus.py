"""Corpus scale: every input type, sniffing, --jobs, error entries, damage, resume.

Labels are not checked here (the classifier is tuned elsewhere); what matters is that
every record comes out once, in input order, as a document or an error entry.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import corpus_data as cd
import pytest

from segkit.cli import EXIT_RECORD_ERRORS, EXIT_USAGE, main
from segkit.corpus import pool
from segkit.inputs.files import iter_records
from segkit.inputs.formats import sniff
from segkit.inputs.options import ReadOptions

# A plugin whose classify hook misbehaves on marked records and otherwise lets the
# generic classifier label the document; it logs each document it sees when asked to.
TEST_PLUGIN = '''
import multiprocessing, os, pathlib, time
import segkit


@segkit.hookimpl
def classify(doc):
    log = os.environ.get("SEGKIT_TEST_LOG")
    if log:
        with open(log, "a") as fh:
            fh.write(doc.id + "\\n")
    text = doc.text
    if "RAISE-IN-PLUGIN" in text:
        raise RuntimeError("plugin exploded")
    if "DIE-IN-WORKER" in text and multiprocessing.parent_process() is not None:
        os._exit(7)
    if "DIE-ONCE" in text:
        flag = pathlib.Path(os.environ["SEGKIT_TEST_FLAG"])
        if not flag.exists():
            flag.touch()
            os._exit(9)
    if "STOP-HERE" in text and os.path.exists(os.environ.get("SEGKIT_TEST_STOP", "/nonexistent")):
        pathlib.Path(os.environ["SEGKIT_TEST_STOP"] + ".reached").touch()
        time.sleep(60)
    return None
'''


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SEGKIT_PLUGINS", "SEGKIT_TEST_LOG", "SEGKIT_TEST_FLAG", "SEGKIT_TEST_STOP"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def plugin_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "corpus_test.py").write_text(TEST_PLUGIN, encoding="utf-8")
    return folder


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    code = main(["split", *argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def texts_of(records: list[dict]) -> list[str]:
    return ["\n".join(ln["text"] for ln in r["lines"]) for r in records]


def page(n: int, marker: str = "") -> str:
    return cd.variant(cd.seed_texts()[n % 5], n) + (f"\n{marker}" if marker else "")


# --- each input type ---------------------------------------------------------------

def test_jsonl_records_with_text_html_ids_and_urls(capsys, tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(cd.jsonl([
        {"id": "one", "url": "https://example.org/1", "text": "First page\r\nwith text."},
        {"text": "No id here."},
        {"id": 3, "html": "<html><head><title>T</title></head><body><p>Para.</p></body></html>"},
    ]) + b"\n")
    code, records, _ = run(capsys, "--generic", str(path))
    assert code == 0
    assert [r["id"] for r in records] == ["one", "dump:2", "3"]
    assert [r["source"] for r in records] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert records[0]["url"] == "https://example.org/1"
    assert texts_of(records)[:2] == ["First page\nwith text.", "No id here."]
    assert texts_of(records)[2] == "T\nPara."


def test_jsonl_field_names_are_configurable(capsys, tmp_path):
    path = tmp_path / "dump.jsonl"
    path.write_bytes(cd.jsonl([{"doc": "a", "link": "https://x.org/a", "body": "Body text."}]))
    code, [record], _ = run(capsys, "--generic", "--id-field", "doc", "--url-field", "link",
                            "--text-field", "body", str(path))
    assert code == 0
    assert (record["id"], record["url"], texts_of([record])) == (
        "a", "https://x.org/a", ["Body text."])


def test_wet_gz_records_carry_their_uri_and_id(capsys, tmp_path):
    path = tmp_path / "crawl.warc.wet.gz"
    path.write_bytes(cd.wet([page(0), page(1), page(2)]))
    code, records, err = run(capsys, "--generic", str(path))
    assert code == 0, err
    assert [r["url"] for r in records] == [f"https://example.org/page/{n}" for n in range(3)]
    assert [r["id"] for r in records] == [
        "urn:uuid:00000000-0000-0000-0000-000000000001",
        "urn:uuid:00000000-0000-0000-0000-000000000002",
        "urn:uuid:00000000-0000-0000-0000-000000000003"]
    assert [r["source"] for r in records] == [f"{path}#{n}" for n in (1, 2, 3)]
    assert texts_of(records) == [page(0), page(1), page(2)]


def test_warc_target_uri_chooses_the_site_plugin(capsys, tmp_path):
    path = tmp_path / "crawl.wet"
    text = "Home | World\nTITLE A headline\n\nTEXT A paragraph."
    path.write_bytes(cd.wet([text], gz=False, domain="www.example.test"))
    site = tmp_path / "sites"
    site.mkdir()
    (site / "testsite.py").write_text(
        "import segkit\nfrom segkit import Site\n\n@segkit.hookimpl\n"
        "def register_sites(register):\n"
        "    register(Site(name='testsite', domains=('example.test',),\n"
        "                  rules={'^TEXT ': 'body'}))\n",
        encoding="utf-8")
    code, [record], _ = run(capsys, "--plugins", str(site), str(path))
    assert code == 0
    assert record["site"] == "testsite"


def test_warc_responses_html_documents_and_other_records_skipped(capsys, tmp_path):
    html = b"<html><head><title>Title</title></head><body><p>Hello there.</p></body></html>"
    records = [
        cd.warcinfo(),
        cd.warc_record(b"GET / HTTP/1.1\r\n\r\n", rtype="request", number=1,
                       content_type="application/http; msgtype=request"),
        cd.warc_record(cd.http_response(html), rtype="response", number=2,
                       content_type="application/http; msgtype=response"),
        cd.warc_record(cd.http_response(b"\x89PNG....", ctype="image/png"), rtype="response",
                       number=3, content_type="application/http; msgtype=response"),
        cd.warc_record(cd.http_response(b"", status="301 Moved"), rtype="response",
                       number=4, content_type="application/http; msgtype=response"),
    ]
    path = tmp_path / "crawl.warc.gz"
    path.write_bytes(b"".join(gzip.compress(r) for r in records))
    code, [record], err = run(capsys, "--generic", str(path))
    assert code == 0
    assert texts_of([record]) == ["Title\nHello there."]
    assert "2 WARC record(s) skipped" in err


def test_warc_http_payload_content_encoding_is_undone(capsys, tmp_path):
    html = b"<html><head><title>Zipped</title></head><body><p>Hello.</p></body></html>"
    body = gzip.compress(html)
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body)) + body
    path = tmp_path / "crawl.warc"
    path.write_bytes(cd.warc_record(http, rtype="response", number=1,
                                    content_type="application/http; msgtype=response"))
    code, [record], _ = run(capsys, "--generic", str(path))
    assert code == 0
    assert texts_of([record]) == ["Zipped\nHello."]


def test_a_gzipped_text_file_is_one_document(capsys, tmp_path):
    path = tmp_path / "page.txt.gz"
    path.write_bytes(gzip.compress(page(3).encode()))
    code, [record], _ = run(capsys, "--generic", str(path))
    assert code == 0
    assert texts_of([record]) == [page(3)]


def test_folders_mix_types_and_glob_picks_files(capsys, tmp_path):
    root = tmp_path / "corpus"
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text("Plain page.", encoding="utf-8")
    (root / "b" / "dump.jsonl").write_bytes(cd.jsonl([{"id": "j1", "text": "From JSONL."}]))
    (root / "b" / "c.wet.gz").write_bytes(cd.wet(["From WET."]))
    (root / "notes.md").write_text("Not wanted.", encoding="utf-8")
    code, records, _ = run(capsys, "--generic", str(root))
    assert code == 0
    assert texts_of(records) == ["Plain page.", "From WET.", "From JSONL.", "Not wanted."]
    code, records, _ = run(capsys, "--generic", "--glob", "*.jsonl", str(root))
    assert texts_of(records) == ["From JSONL."]
    code, records, _ = run(capsys, "--generic", "--glob", "b/*.gz", str(root))
    assert texts_of(records) == ["From WET."]


def test_stdin_is_sniffed_too(capsys, monkeypatch, tmp_path):
    data = gzip.compress(cd.jsonl([{"id": "s1", "text": "One."}, {"id": "s2", "text": "Two."}]))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, records, _ = run(capsys, "--generic", "-")
    assert code == 0
    assert [r["id"] for r in records] == ["s1", "s2"]


# --- sniffing and --input-format ---------------------------------------------------

@pytest.mark.parametrize(("head", "kind"), [
    (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "warc"),
    (b'{"id": "a", "text": "x"}\n', "jsonl"),
    (b'\xef\xbb\xbf {"text": "x"}\n', "jsonl"),
    (b"{\n  \"pretty\": true\n}\n", "text"),
    (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
    (b"Just a page of text.\n", "text"),
    (b"WARC is mentioned first\n", "text"),
])
def test_sniff_recognises_the_content(head, kind):
    assert sniff(head) == kind


def test_content_decides_not_the_name_and_input_format_forces(capsys, tmp_path):
    path = tmp_path / "records.txt"
    path.write_bytes(cd.jsonl([{"id": "x", "text": "One."}, {"id": "y", "text": "Two."}]))
    _, records, _ = run(capsys, "--generic", str(path))
    assert [r["id"] for r in records] == ["x", "y"]
    _, records, _ = run(capsys, "--generic", "--input-format", "text", str(path))
    assert [r["id"] for r in records] == ["records"]
    assert len(records[0]["lines"]) == 3


# --- --jobs: same bytes, same order ------------------------------------------------

def _mixed_corpus(tmp_path: Path) -> Path:
    root = tmp_path / "mixed"
    root.mkdir()
    for n in range(7):
        (root / f"page{n}.txt").write_text(page(n), encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "x.jsonl").write_bytes(cd.jsonl(
        [{"id": f"j{n}", "text": page(n + 10)} for n in range(30)] + [{"id": "bad"}]))
    (root / "y.wet.gz").write_bytes(cd.wet([page(n + 50) for n in range(25)]))
    return root


@pytest.mark.parametrize("fmt", ["jsonl", "json", "tsv", "md", "html"])
def test_jobs_two_writes_the_same_bytes_as_jobs_one(capsys, tmp_path, fmt):
    root = _mixed_corpus(tmp_path)
    outputs = []
    for jobs in ("1", "2"):
        code = main(["split", "--format", fmt, "--jobs", jobs, str(root)])
        out, _ = capsys.readouterr()
        assert code == EXIT_RECORD_ERRORS
        outputs.append(out)
    assert outputs[0] == outputs[1]
    if fmt == "jsonl":
        ids = [json.loads(line)["id"] for line in outputs[0].splitlines()]
        assert len(ids) == 7 + 1 + 31 + 25
        assert ids[:8] == ["empty", *(f"page{n}" for n in range(7))]
        assert ids[8:39] == [*(f"j{n}" for n in range(30)), "bad"]


def test_workers_over_the_memory_limit_are_replaced_quietly(capsys, monkeypatch, tmp_path):
    import segkit.corpus.pool

    root = _mixed_corpus(tmp_path)
    code = main(["split", "--jobs", "1", str(root)])
    expected = capsys.readouterr().out
    started = []
    real_start = segkit.corpus.pool._Pool._start

    def counting(self):
        started.append(1)
        return real_start(self)

    monkeypatch.setattr(segkit.corpus.pool, "RECYCLE_RSS_BYTES", 1)  # every worker retires
    monkeypatch.setattr(segkit.corpus.pool._Pool, "_start", counting)
    assert main(["split", "--jobs", "2", str(root)]) == code
    out, err = capsys.readouterr()
    assert out == expected
    assert "died" not in err
    assert len(started) > 2  # workers were replaced


@pytest.mark.parametrize(("spec", "size"), [("1000", 1000), ("4M", 4 << 20), ("500k", 500 << 10),
                                            ("2GiB", 2 << 30)])
def test_max_bytes_takes_sizes(spec, size):
    from segkit.cli import build_parser

    args = build_parser().parse_args(["split", "--max-bytes", spec])
    assert args.max_bytes == size


@pytest.mark.parametrize("argv", [["--max-bytes", "0"], ["--max-bytes", "lots"],
                                  ["--jobs", "0"], ["--input-format", "pdf"]])
def test_bad_corpus_options_are_usage_errors(capsys, argv):
    with pytest.raises(SystemExit) as exc:
        main(["split", *argv])
    assert exc.value.code == EXIT_USAGE


def test_dask_engine_without_dask_is_a_usage_error(capsys, monkeypatch, tmp_path):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == "distributed" else real(name, *a))
    (tmp_path / "p.txt").write_text("A page.", encoding="utf-8")
    code = main(["split", "--engine", "dask", str(tmp_path / "p.txt")])
    assert code == EXIT_USAGE
    assert "pip install 'segkit-web[dask]'" in capsys.readouterr().err


@pytest.mark.parametrize("jobs", [1, 2])
def test_results_stream_while_the_input_is_still_being_read(jobs):
    from segkit.corpus.pool import segment_all
    from segkit.corpus.worker import Settings
    from segkit.inputs.decode import Source

    read = []

    def items():
        for n in range(500):
            read.append(n)
            yield Source(name=f"s{n}", id=f"s{n}", data=f"Page {n}.".encode())

    results = segment_all(items(), Settings(generic=True), jobs=jobs)
    first = next(results)
    assert first.id == "s0" and first.ok
    assert len(read) < 200  # not the whole input first
    results.close()


# --- errors ------------------------------------------------------------------------

def test_bad_jsonl_records_become_error_entries(capsys, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(b'{"id": "ok", "text": "Fine."}\n'
                     b'not json\n'
                     b'[1, 2]\n'
                     b'{"id": "blank", "text": "  \\n "}\n'
                     b'{"id": "none"}\n'
                     b'{"id": "ok2", "text": "Also fine."}\n')
    code, records, err = run(capsys, "--generic", str(path))
    assert code == EXIT_RECORD_ERRORS
    assert [r["id"] for r in records] == ["ok", "bad:2", "bad:3", "blank", "none", "ok2"]
    errors = {r["id"]: r["error"] for r in records if "error" in r}
    assert "not a JSON line" in errors["bad:2"]
    assert "JSON object" in errors["bad:3"]
    assert "only white space" in errors["blank"]
    assert "no 'text' or 'html'" in errors["none"]
    assert all(list(r) == ["id", "source", "error"] for r in records if "error" in r)
    assert "6 record(s) in" in err and "2 document(s), 4 error(s)" in err


def test_oversize_records_are_error_entries(capsys, tmp_path):
    big = "A line of text that is long enough.\n" * 100
    (tmp_path / "big.txt").write_text(big, encoding="utf-8")
    (tmp_path / "dump.jsonl").write_bytes(cd.jsonl(
        [{"id": "small", "text": "Small."}, {"id": "huge", "text": big}]))
    (tmp_path / "crawl.wet").write_bytes(cd.wet(["Small.", big], gz=False))
    code, records, _ = run(capsys, "--generic", "--max-bytes", "1K", str(tmp_path))
    assert code == EXIT_RECORD_ERRORS
    over = [r for r in records if "error" in r]
    assert [r["source"] for r in over] == [
        str(tmp_path / "big.txt"), f"{tmp_path / 'crawl.wet'}#2", f"{tmp_path / 'dump.jsonl'}:2"]
    assert all("over --max-bytes 1024" in r["error"] for r in over)
    assert len(records) == 5


def test_a_gzip_bomb_is_an_oversize_record_not_inflated_whole(capsys, tmp_path):
    path = tmp_path / "bomb.txt.gz"
    path.write_bytes(gzip.compress(b"a" * (64 << 20)))  # 64 MB from 64 KB
    code, [record], _ = run(capsys, "--generic", "--max-bytes", "1M", str(path))
    assert code == EXIT_RECORD_ERRORS
    assert record["error"] == "record is over --max-bytes 1048576"


def test_a_plugin_that_raises_costs_only_its_record(capsys, tmp_path, plugin_dir):
    path = tmp_path / "d.jsonl"
    path.write_bytes(cd.jsonl([{"id": f"r{n}", "text": page(n, "RAISE-IN-PLUGIN" * (n == 2))}
                               for n in range(5)]))
    code, records, _err = run(capsys, "--generic", "--plugins", str(plugin_dir), "--jobs", "2",
                             str(path))
    assert code == EXIT_RECORD_ERRORS
    assert [r["id"] for r in records] == [f"r{n}" for n in range(5)]
    assert records[2]["error"] == "internal error: RuntimeError: plugin exploded"
    assert all("lines" in r for i, r in enumerate(records) if i != 2)


def test_a_worker_that_dies_is_reported_and_its_records_retried_once(capsys, tmp_path,
                                                                    plugin_dir):
    path = tmp_path / "d.jsonl"
    path.write_bytes(cd.jsonl([{"id": f"r{n}", "text": page(n, "DIE-IN-WORKER" * (n == 3))}
                               for n in range(40)]))
    code, records, err = run(capsys, "--plugins", str(plugin_dir), "--jobs", "2", str(path))
    assert code == EXIT_RECORD_ERRORS
    assert [r["id"] for r in records] == [f"r{n}" for n in range(40)]
    assert records[3]["error"] == "a worker process died (exit code 7) on this record, twice"
    assert sum("error" in r for r in records) == 1
    assert "worker died (exit code 7) while segmenting" in err
    assert "retrying them once" in err


def test_a_worker_that_dies_once_loses_nothing(capsys, monkeypatch, tmp_path, plugin_dir):
    monkeypatch.setenv("SEGKIT_TEST_FLAG", str(tmp_path / "died"))
    path = tmp_path / "d.jsonl"
    path.write_bytes(cd.jsonl([{"id": f"r{n}", "text": page(n, "DIE-ONCE" * (n == 5))}
                               for n in range(20)]))
    code, records, err = run(capsys, "--plugins", str(plugin_dir), "--jobs", "2", str(path))
    assert code == 0, err
    assert [r["id"] for r in records] == [f"r{n}" for n in range(20)]
    assert all("lines" in r for r in records)
    assert "worker died (exit code 9)" in err


def test_workers_that_die_at_once_stop_the_run_cleanly(capsys, tmp_path):
    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "dies.py").write_text(
        "import multiprocessing, os\n"
        "import segkit\n\n"
        "@segkit.hookimpl\n"
        "def classify(doc):\n"
        "    if multiprocessing.parent_process() is not None:\n"
        "        os._exit(3)\n", encoding="utf-8")
    path = tmp_path / "d.jsonl"
    path.write_bytes(cd.jsonl([{"id": f"r{n}", "text": page(n)} for n in range(4)]))
    target = tmp_path / "out.jsonl"
    code = main(["split", "--plugins", str(folder), "--jobs", "2", "-o", str(target),
                 str(path)])
    assert code == 1
    assert "died in a row before finishing any work" in capsys.readouterr().err
    assert not target.exists()


# --- damaged containers ----------------------------------------------------------

@pytest.mark.parametrize("gz", [True, False], ids=["wet.gz", "wet"])
def test_a_truncated_file_yields_every_record_before_the_damage(capsys, tmp_path, gz):
    data = cd.wet([page(n) for n in range(6)], gz=gz)
    whole = tmp_path / "whole.wet"
    whole.write_bytes(data)
    cut = tmp_path / "cut.wet"
    cut.write_bytes(data[: len(data) * 3 // 4])
    after = tmp_path / "after.txt"
    after.write_text("The run goes on.", encoding="utf-8")
    code, records, _err = run(capsys, "--generic", str(cut), str(after))
    assert code == EXIT_RECORD_ERRORS
    docs = [r for r in records if "lines" in r]
    *_, damage, last = records
    assert texts_of(docs[:-1]) == [page(n) for n in range(len(docs) - 1)]
    assert len(docs) - 1 >= 3  # the records before the cut
    assert "truncated" in damage["error"]
    assert texts_of([last]) == ["The run goes on."]


def test_a_truncated_gzip_document_is_an_error(capsys, tmp_path):
    path = tmp_path / "page.txt.gz"
    data = gzip.compress(page(1).encode())
    path.write_bytes(data[:-12])
    code, [record], _err = run(capsys, "--generic", str(path))
    assert code == EXIT_RECORD_ERRORS
    assert record == {"id": "page.txt", "source": str(path), "error": "truncated gzip data"}


def test_reading_streams_records_without_reading_the_whole_file(tmp_path):
    path = tmp_path / "big.wet.gz"
    cd.write_wet(path, (page(n) for n in range(300)))
    records = iter_records([str(path)], ReadOptions())
    first = next(records)
    assert first.url == "https://example.org/page/0"
    assert sum(1 for _ in records) == 299


# --- output: atomic, resumable -------------------------------------------------------

def _pages_dir(tmp_path: Path, count: int, stop_at: int | None = None) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for n in range(count):
        marker = "STOP-HERE" if n == stop_at else ""
        (folder / f"p{n:02d}.txt").write_text(page(n, marker), encoding="utf-8")
    return folder


def _segkit(*argv: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "segkit.cli", *argv],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, **(env or {})}, start_new_session=True)


def _wait_for(path: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


@pytest.mark.parametrize("how", ["SIGKILL", "SIGTERM"])
def test_a_killed_run_leaves_the_old_file_and_resume_finishes_it(capsys, monkeypatch,
                                                                 tmp_path, plugin_dir, how):
    # The stop is in the second chunk: the first is written, the second's finished
    # records are not (their results come back with the chunk's), and --resume redoes them.
    first = pool.SOLO_CHUNK_RECORDS
    folder = _pages_dir(tmp_path, first + 4, stop_at=first + 2)
    target = tmp_path / "out.jsonl"
    target.write_text("previous\n", encoding="utf-8")
    stop, log = tmp_path / "stop", tmp_path / "seen.log"
    stop.touch()
    args = ["split", "--plugins", str(plugin_dir), "--jobs", "1", "-o", str(target),
            str(folder)]
    proc = _segkit(*args, env={"SEGKIT_TEST_STOP": str(stop), "SEGKIT_TEST_LOG": str(log)})
    _wait_for(Path(f"{stop}.reached"))
    proc.send_signal(getattr(signal, how))
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == (-signal.SIGKILL if how == "SIGKILL" else 130)
    assert target.read_text(encoding="utf-8") == "previous\n"
    part = tmp_path / "out.jsonl.part"
    assert len(part.read_text(encoding="utf-8").splitlines()) == first
    if how == "SIGTERM":
        assert "--resume" in err

    stop.unlink()
    log.unlink()
    monkeypatch.setenv("SEGKIT_TEST_LOG", str(log))
    assert main([*args, "--resume"]) == 0
    resumed = target.read_text(encoding="utf-8")
    # nothing written is redone
    assert log.read_text().split() == [f"p{n:02d}" for n in range(first, first + 4)]
    assert not part.exists() and not (tmp_path / "out.jsonl.progress").exists()

    fresh = tmp_path / "fresh.jsonl"
    main(["split", "--plugins", str(plugin_dir), "--jobs", "1", "-o", str(fresh),
          str(folder)])
    assert resumed == fresh.read_text(encoding="utf-8")  # no record lost or written twice


def test_resume_cuts_a_half_written_record_and_refuses_other_options(capsys, monkeypatch,
                                                                    tmp_path):
    import segkit.cli as cli

    folder = _pages_dir(tmp_path, 6)
    target = tmp_path / "out.json"
    args = ["split", "--generic", "--format", "json", "--jobs", "1", "-o", str(target),
            str(folder)]
    assert main(args) == 0
    full = target.read_text(encoding="utf-8")
    target.unlink()

    real = cli.segment_all

    def three_then_killed(*a, **k):
        for n, result in enumerate(real(*a, **k)):
            if n == 3:
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(cli, "segment_all", three_then_killed)
    assert main(args) == 130
    monkeypatch.setattr(cli, "segment_all", real)
    part = tmp_path / "out.json.part"
    with part.open("a", encoding="utf-8") as fh:  # a record cut off by a kill
        fh.write(',\n{"id": "p03", "sou')
    capsys.readouterr()

    assert main([*args, "--format", "tsv", "--resume"]) == EXIT_USAGE
    assert "other options or inputs" in capsys.readouterr().err
    assert main([*args, "--resume"]) == 0
    assert target.read_text(encoding="utf-8") == full
    assert "3 record(s) done before, resumed" in capsys.readouterr().err


def test_the_html_report_cannot_be_resumed(capsys, tmp_path):
    (tmp_path / "p.txt").write_text("A page.", encoding="utf-8")
    code = main(["split", "--format", "html", "--resume", "-o", str(tmp_path / "r.html"),
                 str(tmp_path / "p.txt")])
    assert code == EXIT_USAGE
    assert "cannot be resumed" in capsys.readouterr().err


def test_two_runs_cannot_write_one_output(capsys, tmp_path):
    import fcntl

    target = tmp_path / "out.jsonl"
    (tmp_path / "p.txt").write_text("A page.", encoding="utf-8")
    with open(tmp_path / "out.jsonl.part", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        code = main(["split", "--generic", "-o", str(target), str(tmp_path / "p.txt")])
    assert code == EXIT_USAGE
    assert "another segkit run" in capsys.readouterr().err


def test_progress_counter_and_summary(capsys, tmp_path):
    folder = _pages_dir(tmp_path, 3)
    code, records, err = run(capsys, "--generic", "--progress", "--jobs", "1", str(folder))
    assert code == 0 and len(records) == 3
    assert "%|" in err and "B/s" in err  # tqdm's bar over the inputs' bytes
    assert err.splitlines()[-1].endswith("segkit: 3 record(s) in "
                                         + err.split(" record(s) in ")[-1].rstrip("\n"))
    code, _, err = run(capsys, "--generic", "--no-progress", str(folder))
    assert "\r" not in err
