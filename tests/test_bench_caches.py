"""The held-out benchmarks' caches are used again only for the columns they were made
with: after a change to ``vector.py``, a stale cache would quietly give the old model's
figures."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import bench_forest  # noqa: E402
import bench_labels  # noqa: E402
import bench_stack  # noqa: E402


def _page(n: int) -> SimpleNamespace:
    return SimpleNamespace(id=str(n), rows=[[float(n)]], group=f"g{n}", gold=[1])


def test_rendered_rows_are_made_again_when_the_columns_change(monkeypatch, tmp_path) -> None:
    renders: list[str] = []

    def truth_pages(path: Path, html: bool) -> list[SimpleNamespace]:
        renders.append(path.parent.name)
        return [_page(len(renders))]

    monkeypatch.setattr(bench_forest, "truth_pages", truth_pages)
    monkeypatch.setattr(bench_forest, "label_pages", lambda path: [])
    monkeypatch.setattr(bench_forest, "grouped_with_truth", lambda labels, truth: None)
    cache = tmp_path / "rows.pkl"
    first = bench_forest.rendered(tmp_path, cache, ("text",))
    assert renders == ["wcxb", "articles"]
    assert bench_forest.rendered(tmp_path, cache, ("text",)).keys() == first.keys() == {"text"}
    assert len(renders) == 2  # the same columns: read from the cache
    monkeypatch.setattr(bench_forest.vector, "names", lambda html: ["other"])
    bench_forest.rendered(tmp_path, cache, ("text",))
    assert len(renders) == 4  # other columns: rendered again


def test_content_forests_are_fitted_again_when_the_columns_change(monkeypatch,
                                                                   tmp_path) -> None:
    fits: list[list[str]] = []
    monkeypatch.setattr(bench_stack, "fit", lambda pages, names, trees: fits.append(names))
    monkeypatch.setattr(bench_stack, "predict", lambda booster, page: [0.5])
    monkeypatch.setattr(bench_stack, "runtime_kept", lambda page, q, html: q)
    pages = [_page(0), _page(1)]
    folds = {"g0": 0, "g1": 1}
    cache = tmp_path / "p.pkl"

    def run() -> None:
        bench_stack.content_probs(pages, folds, 2, 3, False, True, cache, lambda msg: None)

    run()
    assert len(fits) == 2
    run()
    assert len(fits) == 2  # the same columns: the forests' probabilities from the cache
    monkeypatch.setattr(bench_stack.vector, "names", lambda html: ["other"])
    run()
    assert len(fits) == 4 and fits[-1] == ["other"]


def test_content_fold_models_are_trained_again_when_the_code_changes(monkeypatch,
                                                                      tmp_path) -> None:
    trained: list[int] = []

    def fold_models(sources: object, folds: int, content_only: bool = False,
                    log: object = print) -> tuple[dict[str, int], list]:
        assert log is not print  # progress to stderr: stdout holds --json's figures
        assert content_only  # the benchmark reads no context pass nor labeller of the folds
        trained.append(folds)
        return {"example.com": 0}, []

    monkeypatch.setattr(bench_labels, "fold_models", fold_models)
    monkeypatch.setattr(bench_labels.Sources, "shared", lambda shared: None)
    monkeypatch.setattr(bench_labels, "code_digest", lambda roots, skip: "one")
    cache = tmp_path / "labels.pkl"
    assert bench_labels.content_folds(tmp_path, 5, cache) == ({"example.com": 0}, [])
    assert bench_labels.content_folds(tmp_path, 5, cache)[0] == {"example.com": 0}
    assert trained == [5]  # the same code: read from the cache
    monkeypatch.setattr(bench_labels, "code_digest", lambda roots, skip: "two")
    bench_labels.content_folds(tmp_path, 5, cache)
    assert trained == [5, 5]  # other code: trained again
    bench_labels.content_folds(tmp_path, 4, cache)
    assert trained == [5, 5, 4]  # other folds: trained again


def test_the_code_digest_reads_what_the_code_does_not_its_comments(tmp_path) -> None:
    from benchkit import code_digest

    source = tmp_path / "src"
    source.mkdir()
    module = source / "stage.py"
    gold = source / "gold.tsv"
    gold.write_text("body\tA line.\n", encoding="utf-8")

    def digest_of(code: str) -> str:
        module.write_text(code, encoding="utf-8")
        return code_digest([source])

    plain = digest_of('def cut(x):\n    return x > 0.5\n')
    assert digest_of('"""Cuts."""\n\n\ndef cut(x):\n    """Why 0.5."""\n    # half\n'
                     '    return x > 0.5  # the middle\n') == plain
    assert digest_of('def cut(x):\n    return x > 0.4\n') != plain
    assert digest_of('def cut(x):\n    """Only a docstring."""\n') != plain
    module.write_text('def cut(x):\n    return x > 0.5\n', encoding="utf-8")
    gold.write_text("nav\tA line.\n", encoding="utf-8")
    assert code_digest([source]) != plain           # the gold beside the code counts whole
    # A file that does not parse counts by its bytes: any edit of it is a change.
    assert digest_of("def broken(:\n") != digest_of("def broken(: # half\n")
    assert digest_of("x = 1\x00\n") != digest_of("x = 1\x00 # half\n")  # a null byte too


def test_the_code_digest_leaves_out_the_paths_it_is_told_to_skip(tmp_path) -> None:
    from benchkit import code_digest

    (tmp_path / "classify").mkdir()
    (tmp_path / "classify" / "rows.py").write_text("A = 1\n", encoding="utf-8")
    (tmp_path / "classify" / "labelling.py").write_text("B = 1\n", encoding="utf-8")
    skip = ("classify/labelling.py",)
    before = code_digest([tmp_path], skip), code_digest([tmp_path])
    (tmp_path / "classify" / "labelling.py").write_text("B = 2\n", encoding="utf-8")
    assert code_digest([tmp_path], skip) == before[0]  # the skipped module's edit: kept
    assert code_digest([tmp_path]) != before[1]
    (tmp_path / "classify" / "rows.py").write_text("A = 2\n", encoding="utf-8")
    assert code_digest([tmp_path], skip) != before[0]  # any other module's edit counts


def test_forest_settings_reach_the_booster(monkeypatch) -> None:
    """``bench_forest.py --params`` trains with its settings over learn.fit.PARAMS; the
    forest's own leaves and rate stay the argument's."""
    import lightgbm

    seen: list[dict] = []

    class Booster:
        def predict(self, rows, num_iteration):
            return [0.5] * len(rows)

    def train(params, data, num_boost_round):
        seen.append(params)
        return Booster()

    monkeypatch.setattr(lightgbm, "train", train)
    monkeypatch.setattr(bench_forest, "line_weights", lambda page: [1.0])
    monkeypatch.setattr(bench_forest, "page_rows", lambda page, names: page.rows)
    pages = [_page(0), _page(1)]
    got = bench_forest.held_out(pages, {"g0": 0, "g1": 1}, 2, 10, 7, 0.1, [10],
                                params={"extra_trees": True, "num_leaves": 99})
    assert len(got) == 2 and len(seen) == 2
    assert all(p["extra_trees"] is True and p["num_leaves"] == 7 and p["learning_rate"] == 0.1
               and p["min_child_samples"] == bench_forest.PARAMS["min_child_samples"]
               for p in seen)


def test_fold_models_are_kept_through_changes_to_code_no_training_runs(monkeypatch,
                                                                        tmp_path) -> None:
    import bench_wcxb
    from benchkit import code_digest

    import segkit.learn.cv

    package = tmp_path / "segkit"
    for name in ("learn/fit.py", "describe/title_model.json"):
        (package / name).parent.mkdir(parents=True, exist_ok=True)
        (package / name).write_text("x = 1\n" if name.endswith(".py") else "{}")
    trained: list[tuple[int, int | None]] = []

    def fold_model_files(sources: object, folds: int, log: object = print,
                         seed: int | None = None) -> tuple[dict[str, int], list]:
        trained.append((folds, seed))
        return {"example.com": 0}, [{"fold": 0}]

    monkeypatch.setattr(segkit.learn.cv, "fold_model_files", fold_model_files)
    monkeypatch.setattr(bench_wcxb.segkit, "__file__", str(package / "__init__.py"))
    monkeypatch.setattr(bench_wcxb, "code_digest",
                        lambda roots, skip=(): code_digest(roots[:1], skip))
    monkeypatch.setattr(segkit.learn.train.Sources, "shared", lambda shared, devset: None)
    cache = tmp_path / "folds.json"
    assert bench_wcxb.fold_files(5, tmp_path, cache) == ([{"fold": 0}], {"example.com": 0})
    (package / "describe" / "title_model.json").write_text('{"l2": 3}')
    assert bench_wcxb.fold_files(5, tmp_path, cache)[1] == {"example.com": 0}
    assert trained == [(5, None)]  # a metadata chooser refitted: the fold models read back
    (package / "learn" / "fit.py").write_text("x = 2\n")
    bench_wcxb.fold_files(5, tmp_path, cache)
    assert trained == [(5, None)] * 2  # training's own code changed: trained again
    bench_wcxb.fold_files(5, tmp_path, cache, seed=2)
    bench_wcxb.fold_files(5, tmp_path, cache, seed=2)
    assert trained[2:] == [(5, 2)]  # another seed: its own models, then kept
