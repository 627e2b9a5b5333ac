"""The Dask engine writes what a local run writes, on a real two-process cluster."""

from __future__ import annotations

import json

import corpus_data as cd
import pytest

distributed = pytest.importorskip(
    "distributed", reason="Dask is an optional extra: pip install 'segkit-web[dask]'")
pytest.importorskip("dask.bag", reason="Dask is an optional extra: pip install 'segkit-web[dask]'")

import dask.bag as db  # noqa: E402

import segkit.corpus.dask  # noqa: E402
from segkit.cli import EXIT_RECORD_ERRORS, main  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as local:
        yield local


@pytest.fixture
def corpus(tmp_path):
    root = tmp_path / "corpus"
    (root / "sub").mkdir(parents=True)
    for n in range(4):
        (root / f"page{n}.txt").write_text(cd.variant(cd.seed_texts()[n], n), encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    (root / "sub" / "dump.jsonl").write_bytes(cd.jsonl(
        [{"id": f"j{n}", "text": cd.variant(cd.seed_texts()[n % 5], n)} for n in range(6)]
        + [{"id": "no-text"}]))
    (root / "sub" / "crawl.wet.gz").write_bytes(cd.wet(
        [cd.variant(cd.seed_texts()[n % 5], n + 7) for n in range(5)]))
    return root


def test_cli_on_a_two_worker_cluster_writes_the_local_bytes(capsys, tmp_path, corpus,
                                                            cluster):
    local, remote = tmp_path / "local.jsonl", tmp_path / "dask.jsonl"
    assert main(["split", "--jobs", "2", "-o", str(local), str(corpus),
                 str(tmp_path / "missing.txt")]) == EXIT_RECORD_ERRORS
    assert main(["split", "--engine", "dask", "--scheduler", cluster.scheduler_address,
                 "-o", str(remote), str(corpus),
                 str(tmp_path / "missing.txt")]) == EXIT_RECORD_ERRORS
    assert remote.read_bytes() == local.read_bytes()
    records = [json.loads(line) for line in local.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 4 + 1 + 7 + 5 + 1
    assert sum("error" in r for r in records) == 3


def test_split_api_on_paths_and_on_a_bag(tmp_path, corpus, cluster):
    with distributed.Client(cluster.scheduler_address):
        docs = segkit.corpus.dask.split([str(corpus)]).compute()
        assert [d["id"] for d in docs][:5] == ["empty", "page0", "page1", "page2", "page3"]
        assert len(docs) == 17
        texts = ["First page.\nSecond line.", "Another page."]
        bag = db.from_sequence([{"id": "a", "text": texts[0]}, texts[1]], npartitions=2)
        out = segkit.corpus.dask.split(bag).compute()
        assert [d["id"] for d in out] == ["a", "1:1"]
        assert ["\n".join(ln["text"] for ln in d["lines"]) for d in out] == texts


def test_a_dask_run_resumes_without_redoing_files(capsys, monkeypatch, tmp_path, corpus,
                                                  cluster):
    import segkit.corpus.dask as engine

    target = tmp_path / "out.jsonl"
    args = ["split", "--engine", "dask", "--scheduler", cluster.scheduler_address,
            "-o", str(target), str(corpus)]
    assert main(args) == EXIT_RECORD_ERRORS
    full = target.read_bytes()
    target.unlink()
    real = engine.results_in_order

    def killed_after_eight(*a, **k):
        for n, result in enumerate(real(*a, **k)):
            if n == 8:
                raise KeyboardInterrupt
            yield result

    monkeypatch.setattr(engine, "results_in_order", killed_after_eight)
    assert main(args) == 130
    monkeypatch.setattr(engine, "results_in_order", real)
    submitted = []
    monkeypatch.setattr(engine, "_resume_point", _recording(engine._resume_point, submitted))
    assert main([*args, "--resume"]) == EXIT_RECORD_ERRORS
    assert target.read_bytes() == full
    # 8 records were done: 5 one-record files, then 3 of the 5 in sub/crawl.wet.gz, so
    # the resumed run starts at file 5 and leaves out its first 3 records.
    assert submitted == [(5, 3)]


def _recording(function, calls):
    def wrapper(*a, **k):
        result = function(*a, **k)
        calls.append(result)
        return result
    return wrapper
