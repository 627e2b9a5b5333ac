"""Shared fixtures."""

from __future__ import annotations

import pytest
from syrupy.assertion import SnapshotAssertion

from segkit.testing import SegmentationSnapshotExtension


@pytest.fixture
def seg_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """A syrupy snapshot that stores a segmented Document as a readable text file."""
    return snapshot.use_extension(SegmentationSnapshotExtension)


@pytest.fixture
def windows(monkeypatch, tmp_path):
    """``use(page_lines, window)``: windowed labelling from ``page_lines`` lines up, at most
    ``window`` lines at a time, so a small page is windowed; spool files go to a folder of
    the test's own (returned), to see none is left behind."""
    import tempfile

    from segkit import pipeline

    def use(page_lines: int, window: int):
        monkeypatch.setattr(pipeline, "WINDOWED_PAGE_LINES", page_lines)
        monkeypatch.setattr(pipeline, "WINDOW_LINES", window)
        folder = tmp_path / "spool"
        folder.mkdir(exist_ok=True)
        monkeypatch.setattr(tempfile, "tempdir", str(folder))
        return folder

    return use
