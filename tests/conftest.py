"""Shared fixtures."""

from __future__ import annotations

import pytest
from syrupy.assertion import SnapshotAssertion

from segkit.testing import SegmentationSnapshotExtension


@pytest.fixture
def seg_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """A syrupy snapshot that stores a segmented Document as a readable text file."""
    return snapshot.use_extension(SegmentationSnapshotExtension)
