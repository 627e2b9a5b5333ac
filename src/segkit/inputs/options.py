"""How inputs are read: the options of a run and what reading skipped.

Plain data at the bottom of :mod:`segkit.inputs`, so that every reader module and the
decoder (:mod:`segkit.inputs.records`, for the JSONL field names) can import it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Default --max-bytes: a record over this is an error entry, not a document. A guard
# against records no page is (a multi-GB JSONL line, a damaged WARC length), not a limit
# on pages: a 50 MB one-paragraph page is segmented in seconds (pipeline.py cuts what the
# classifier sees of a huge line). Memory per worker is about 30 bytes per byte of a
# many-line record, so a run that must stay small sets it lower (e.g. --max-bytes 4M).
DEFAULT_MAX_BYTES = 64 << 20


@dataclass(frozen=True, slots=True)
class JsonFields:
    """The keys of a JSONL record that hold its id, URL, text and HTML."""

    id: str = "id"
    url: str = "url"
    text: str = "text"
    html: str = "html"


@dataclass(frozen=True, slots=True)
class ReadOptions:
    """How inputs are read; a run's options, so they can travel to a Dask worker."""

    input_format: str = "auto"
    glob: str | None = None
    max_bytes: int = DEFAULT_MAX_BYTES
    fields: JsonFields = field(default_factory=JsonFields)
    follow_links: bool = False  # follow links that lead out of a folder given as input


@dataclass(slots=True)
class ReadStats:
    """What reading skipped on purpose: WARC records that are not documents, and the
    links and directories a folder's walk did not enter (each named, with why)."""

    skipped: int = 0
    links: list[str] = field(default_factory=list)
    # Bytes of the input files read so far, as stored (before gunzip): what the progress
    # bar counts against the inputs' size. Stdin is not counted.
    bytes_read: int = 0


def too_big(limit: int, size: int | None = None) -> str:
    """Why a record is refused; its size when known without reading it all."""
    if size is None:
        return f"record is over --max-bytes {limit}"
    return f"record of {size} bytes is over --max-bytes {limit}"
