"""Shared fixtures."""

from __future__ import annotations

import pytest
from snapshot_ext import SegmentationSnapshotExtension
from syrupy.assertion import SnapshotAssertion


@pytest.fixture
def seg_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """A syrupy snapshot that stores a segmented Document as a readable text file."""
    return snapshot.use_extension(SegmentationSnapshotExtension)
