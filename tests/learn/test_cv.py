"""Cross-validation by domain (segkit.learn.cv): fold models as files a benchmark can keep."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from segkit.learn.dataset import domain

pytest.importorskip("lightgbm", reason="the fold models are trained (the train extra)")


def _site(tmp_path: Path, pages: int = 24) -> Path:
    """A truth file of small two-part pages (a menu, then the story) on four domains."""
    (tmp_path / "html").mkdir()
    (tmp_path / "text").mkdir()
    truth = {}
    for k in range(pages):
        body = [f"Paragraph {j} of story {k} says what happened in the town and why it "
                "matters to the people there." for j in range(3)]
        html = ("<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav><main>"
                + "".join(f"<p>{p}</p>" for p in body) + "</main></body></html>")
        (tmp_path / "html" / f"p{k}.html.gz").write_bytes(gzip.compress(html.encode()))
        (tmp_path / "text" / f"p{k}.txt").write_text("Home News\n" + "\n".join(body),
                                                     encoding="utf-8")
        truth[f"p{k}"] = {"articleBody": "\n\n".join(body),
                          "url": f"https://site{k % 4}.example/s/{k}"}
    (tmp_path / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    return tmp_path / "truth.json"


def test_each_fold_model_is_a_model_file_that_survives_json(tmp_path: Path) -> None:
    from segkit.learn.cv import fold_model_files, fold_models_from
    from segkit.learn.train import Sources

    site = _site(tmp_path)
    domains, files = fold_model_files(Sources([site]), 2, trees=5, log=lambda _: None)
    assert set(domains) == {f"site{n}.example" for n in range(4)}
    assert set(domains.values()) == {0, 1}
    assert [f["trained"]["fold"] for f in files] == [0, 1]
    models = fold_models_from(json.loads(json.dumps(files)))  # as a benchmark keeps them
    assert [set(m.modes) for m in models] == [{"html", "text"}] * 2
    assert all("context" in f["modes"]["html"] for f in files)
    # The content forests alone (what bench_labels reads): the same folds, no context pass.
    alone, files = fold_model_files(Sources([site]), 2, trees=5,
                                    log=lambda _: None, content_only=True)
    assert alone == domains
    assert not any("context" in f["modes"][m] for f in files for m in ("html", "text"))
    assert all(f["modes"]["html"]["trees"] for f in files)


def test_page_folds_give_each_page_its_domains_fold(tmp_path: Path) -> None:
    from segkit.learn.cv import page_folds

    truth = json.loads(_site(tmp_path).read_text(encoding="utf-8"))
    folds = {f"site{n}.example": n % 2 for n in range(4)}
    got = page_folds(["p0", "p5", "p7"], folds, tmp_path, truth_file=tmp_path / "truth.json")
    assert got == {k: folds[domain(truth[k]["url"], k)] for k in ("p0", "p5", "p7")}


def test_the_seed_resamples_every_forest_and_defaults_to_the_shipped_one(tmp_path: Path) -> None:
    from segkit.learn.cv import fold_model_files
    from segkit.learn.fit import PARAMS
    from segkit.learn.train import Sources

    site = _site(tmp_path, pages=96)

    def forests(seed: int | None) -> list[object]:
        _, files = fold_model_files(Sources([site]), 2, trees=5, log=lambda _: None,
                                    seed=seed)
        return [(f["modes"][m]["trees"], f["modes"][m]["context"]["trees"])
                for f in files for m in ("html", "text")]

    assert forests(None) == forests(PARAMS["seed"])
    other = forests(PARAMS["seed"] + 1)
    # each mode's content forest and context forest draws other rows and features
    for (content, context), (content_1, context_1) in zip(other, forests(None), strict=True):
        assert content != content_1 and context != context_1
