"""The sample page of kestrelradio.example, segmented with its plugin.

The invented site of the plugin tutorial (docs/plugins.md); its plugin is a test fixture
(tests/fixtures/plugins/), never shipped. Written by ``segkit new-plugin``: the test fails
until the sample,
seeds/kestrelradio.txt,
holds the text of a real page of the site. Then run pytest with
--snapshot-update, check every row of the snapshot it writes (under
snapshots/) against the label rules, and commit the plugin, the sample, this
test and the snapshot together.
"""

from __future__ import annotations

from pathlib import Path

from syrupy.assertion import SnapshotAssertion

from segkit.testing import SegmentationSnapshotExtension, segment_sample

ROOT = Path(__file__).resolve().parents[2]
NAME = "kestrelradio"
URL = "https://kestrelradio.example/"


def test_kestrelradio_sample(snapshot: SnapshotAssertion) -> None:
    sample = ROOT / "seeds" / f"{NAME}.txt"
    doc = segment_sample(sample, plugins=ROOT / "tests" / "fixtures" / "plugins", url=URL)
    assert doc.site == NAME
    assert doc == snapshot.use_extension(SegmentationSnapshotExtension)
