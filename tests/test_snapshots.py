"""Segment every sample document in ``seeds/`` and compare with its reviewed snapshot.

A failure is a change of labels, not necessarily a bug: read the diff, and if the new
labels are right, refresh with ``pytest --snapshot-update`` and commit the snapshots.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from segkit import Segmenter
from segkit.sites.loading import load_plugins
from segkit.testing import is_placeholder

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
# A placeholder left by `segkit new-plugin` is not a page: its own test says so.
SEED_FILES = [p for p in sorted(SEEDS.glob("*.txt")) if not is_placeholder(p)]


@pytest.fixture(scope="module")
def segmenter() -> Segmenter:
    # The shipped plugins and the tutorial site's fixture (for seeds/kestrelradio.txt): a
    # developer's SEGKIT_PLUGINS or installed entry points must not change the snapshots.
    fixtures = Path(__file__).resolve().parent / "fixtures" / "plugins"
    return Segmenter(load_plugins([str(fixtures)], env=False, entry_points=False))


def test_there_are_seeds() -> None:
    assert len(SEED_FILES) >= 5, f"expected sample documents in {SEEDS}"


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_seed_segmentation(
    path: Path, segmenter: Segmenter, seg_snapshot: SnapshotAssertion
) -> None:
    doc = segmenter.segment(path.read_text(encoding="utf-8"), id=path.stem, source=path.name)
    assert doc == seg_snapshot
