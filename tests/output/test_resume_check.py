"""The one resume check: a resumed run skips what the checkpoint counts, on the same inputs."""

from __future__ import annotations

import pytest

from segkit.output.files import Checkpoint, OutputError, skip_done


def _name(item: str) -> str:
    return item


def test_the_records_after_the_checkpoint_are_the_rest():
    rest = skip_done(["a", "b", "c", "d"], Checkpoint(records=2, last="b"), _name)
    assert list(rest) == ["c", "d"]


def test_nothing_done_skips_nothing():
    assert list(skip_done(["a"], Checkpoint(), _name)) == ["a"]


def test_every_record_done_leaves_none():
    assert list(skip_done(["a", "b"], Checkpoint(records=2, last="b"), _name)) == []


@pytest.mark.parametrize(("items", "shown"), [(["a", "x", "c"], "'x'"), (["a"], "'a'")])
def test_other_inputs_are_refused(items, shown):
    rest = skip_done(items, Checkpoint(records=2, last="b"), _name)
    with pytest.raises(OutputError, match=f"record 2 is {shown}, not 'b'"):
        next(rest)


def test_the_inputs_are_read_only_as_far_as_needed():
    read = []

    def items():
        for item in "abcdef":
            read.append(item)
            yield item

    rest = skip_done(items(), Checkpoint(records=2, last="b"), _name)
    assert read == []  # nothing is read before the first record is asked for
    assert next(rest) == "c" and read == ["a", "b", "c"]
