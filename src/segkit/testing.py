"""Test helpers for site plugins: segment a site's sample page, snapshot it readably.

Used by the project's snapshot tests and by the test ``segkit new-plugin`` writes; it
needs pytest and syrupy (the ``test`` extra), which segkit itself never imports.
A snapshot is one text file per test under ``<project>/snapshots/<test file>/`` (not
syrupy's ``tests/__snapshots__``), so a reviewer sees label changes as a plain line
diff: one row per document line, ``label      | text``, blank lines with no label.
Snapshots record behaviour; a gold file beside a sample records the truth, and
:func:`wrong_lines` compares a document with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from segkit.document import Document
from segkit.inputs.decode import decode
from segkit.pipeline import Segmenter
from segkit.sites.loading import load_plugins
from segkit.tools.gold import GoldError, read_for
from segkit.tools.scaffold import PLACEHOLDER

if TYPE_CHECKING:
    from syrupy.location import PyTestLocation
    from syrupy.types import PropertyFilter, PropertyMatcher, SerializableData, SerializedData

LABEL_WIDTH = 10  # the longest label, "timestamp", plus one space


def is_placeholder(path: Path) -> bool:
    """True while ``path`` still holds the placeholder ``segkit new-plugin`` wrote."""
    with path.open("rb") as fh:
        return fh.read(len(PLACEHOLDER)).decode("utf-8", "replace") == PLACEHOLDER


def segment_sample(sample: Path, *, plugins: Path | None, url: str | None = None,
                   site: str | None = None) -> Document:
    """Segment a sample page with only the plugins of one folder; fail the test clearly.

    ``plugins=None`` uses the installed plugins (entry points) instead: a plugin shipped
    as a package is tested as installed. A placeholder sample, a plugin that does not
    load and a site that fails on the page each fail with a message saying what to do,
    rather than snapshot the wrong thing.
    """
    if is_placeholder(sample):
        pytest.fail(
            f"{sample} is still the placeholder that `segkit new-plugin` wrote: replace it "
            "with the text of a real page of the site, then run pytest with "
            "--snapshot-update and review the snapshot", pytrace=False)
    problems: list[str] = []
    loaded = load_plugins([] if plugins is None else [plugins], shipped=False, env=False,
                          entry_points=plugins is None, warn=problems.append)
    segmenter = Segmenter(loaded, site=site, warn=problems.append)
    text = decode(sample.read_bytes(), str(sample))
    doc = segmenter.segment(text, id=sample.stem, source=sample.name, url=url)
    if problems:
        pytest.fail("\n".join(problems), pytrace=False)
    return doc


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
        # <project>/tests/.../test_x.py -> <project>/snapshots/test_x; nesting by test file
        # keeps syrupy's directory-scoped discovery, so orphaned snapshots are reported.
        return str(project_root(Path(test_location.filepath)) / "snapshots"
                   / test_location.basename)


def wrong_lines(doc: Document, gold: Path) -> list[str]:
    """The lines of ``doc`` whose label differs from a gold file's, one message each.

    The gold file is either form the review page (``segkit split --format html``) saves:
    a gold TSV or hashed gold; a gold file whose lines are not the document's fails the
    test, naming the file, rather than compare the wrong lines.
    """
    try:
        want = read_for(gold, [line.text for line in doc.lines])
    except GoldError as exc:
        pytest.fail(str(exc), pytrace=False)
    return [f"line {line.n}: {line.label}, not {label}: {line.text[:60]!r}"
            for label, line in zip(want, doc.lines, strict=True) if line.label != label]


# Files that mark a project's root folder, nearest first.
ROOT_MARKERS = ("pyproject.toml", "setup.cfg", "setup.py", ".git")


def project_root(path: Path) -> Path:
    """The nearest folder above ``path`` holding a project marker (``pyproject.toml``...).

    Snapshots live under it, whatever the depth of the test file in ``tests/``. Without a
    marker, the folder that holds the nearest ``tests`` folder, else the test file's own.
    """
    path = path.resolve()
    for folder in path.parents:
        if any((folder / marker).exists() for marker in ROOT_MARKERS):
            return folder
    for folder in path.parents:
        if folder.name == "tests":
            return folder.parent
    return path.parent
