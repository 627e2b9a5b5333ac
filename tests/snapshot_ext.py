"""A syrupy extension that stores a segmented document as one readable text file.

Snapshots live in the top-level ``snapshots/<test file>/`` folder (not syrupy's
``tests/__snapshots__``) so that a reviewer sees label changes as a plain line diff:
one row per document line, ``label      | text``, blank lines with an empty label.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from segkit import Document

if TYPE_CHECKING:
    from syrupy.location import PyTestLocation
    from syrupy.types import PropertyFilter, PropertyMatcher, SerializableData, SerializedData

LABEL_WIDTH = 10  # the longest label, "timestamp", plus one space


def render(doc: Document) -> str:
    """One row per line: the label padded to a column, a bar, then the text as it is.

    The first row names the site plugin that was used, since a change of site changes
    every label below it. ``\\r`` is shown as ``␍`` because text files fold it into
    a line break.
    """
    rows = [f"# site: {doc.site or '(generic)'}"]
    for line in doc.lines:
        row = f"{line.label or '':<{LABEL_WIDTH}}| {line.text.replace(chr(13), '␍')}"
        rows.append(row.rstrip() if line.blank else row)
    return "\n".join(rows) + "\n"


class SegmentationSnapshotExtension(SingleFileSnapshotExtension):
    """One ``.txt`` file per snapshot under ``<project>/snapshots/<test file>/``."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"

    def serialize(
        self,
        data: SerializableData,
        *,
        exclude: PropertyFilter | None = None,
        include: PropertyFilter | None = None,
        matcher: PropertyMatcher | None = None,
    ) -> SerializedData:
        if isinstance(data, Document):
            return render(data)
        return super().serialize(data, exclude=exclude, include=include, matcher=matcher)

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        # <project>/tests/test_x.py -> <project>/snapshots/test_x; nesting by test file
        # keeps syrupy's directory-scoped discovery, so orphaned snapshots are reported.
        project = Path(test_location.filepath).resolve().parents[1]
        return str(project / "snapshots" / test_location.basename)
