"""The labelled development set (benchmarks/devset): its gold still fits the lines segkit
renders, and it holds the pages issue 12 asks for."""

from __future__ import annotations

import gzip
from collections import Counter
from pathlib import Path

import pytest

from segkit.learn.dataset import read_document
from segkit.tools.gold import read_hashed
from segkit.tools.wcxb import read_truth

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "benchmarks" / "devset"
WCXB = ROOT.parent / "shared" / "bench" / "wcxb"
needs_shared = pytest.mark.skipif(not (WCXB / "truth.json").exists(),
                                  reason="../shared/bench/wcxb is absent: the pages whose "
                                         "lines the gold labels are not here")


def _pages() -> list[tuple[str, str]]:
    rows = (DEVSET / "pages.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return [(r.split("\t")[0], r.split("\t")[1]) for r in rows]


def test_the_set_has_forty_articles_and_five_of_every_other_type() -> None:
    types = Counter(kind for _, kind in _pages())
    assert types["article"] >= 40
    for kind in ("forum", "product", "collection", "listing", "documentation", "service"):
        assert types[kind] >= 5, kind


def test_every_page_has_gold_in_both_modes() -> None:
    for key, _ in _pages():
        for mode in ("html", "text"):
            assert (DEVSET / mode / f"{key}.hashed.tsv").exists(), (key, mode)


@needs_shared
@pytest.mark.parametrize("mode", ["html", "text"])
def test_the_gold_hashes_match_the_lines_segkit_renders(mode: str) -> None:
    truth = read_truth(WCXB / "truth.json")
    labelled = 0
    for key, kind in _pages():
        assert truth[key].type == kind
        if mode == "html":
            data = gzip.decompress((WCXB / "html" / f"{key}.html.gz").read_bytes())
        else:
            data = (WCXB / "text" / f"{key}.txt").read_bytes()
        lines = read_document(data, key, mode == "html", truth[key].url)[0]
        labels = read_hashed(DEVSET / mode / f"{key}.hashed.tsv", lines)  # raises on a shift
        assert all(bool(lab) == bool(t.strip()) for t, lab in zip(lines, labels, strict=True))
        labelled += sum(1 for lab in labels if lab)
    assert labelled > 10_000
