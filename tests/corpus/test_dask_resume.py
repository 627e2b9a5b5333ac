"""The Dask engine resumes through the one resume check: where in which file to start."""

from __future__ import annotations

import pytest

pytest.importorskip("dask.bag", reason="Dask is an optional extra: pip install 'segkit-web[dask]'")

from segkit.corpus.dask import _resume_point, plan
from segkit.inputs.options import ReadOptions
from segkit.output.files import Checkpoint, OutputError


@pytest.fixture
def units(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.txt").write_text(f"page {name}\n", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text(
        "".join(f'{{"id": "c{n}", "text": "t"}}\n' for n in range(3)), encoding="utf-8")
    return plan([str(tmp_path), str(tmp_path / "missing.txt")], ReadOptions()), tmp_path


def test_a_fresh_run_starts_at_the_first_file(units):
    found, _ = units
    assert _resume_point(found, ReadOptions(), Checkpoint()) == (0, 0)


def test_a_resumed_run_starts_inside_the_file_it_stopped_in(units):
    found, root = units
    done = Checkpoint(records=3, last=f"{root / 'c.jsonl'}:1")
    assert _resume_point(found, ReadOptions(), done) == (2, 1)


def test_a_finished_run_has_nothing_left(units):
    found, root = units
    done = Checkpoint(records=6, last=str(root / "missing.txt"))
    assert _resume_point(found, ReadOptions(), done) == (len(found), 0)


def test_other_inputs_are_refused(units):
    found, _ = units
    with pytest.raises(OutputError, match="not those of the interrupted run"):
        _resume_point(found, ReadOptions(), Checkpoint(records=1, last="elsewhere"))
