"""What a run tells the person watching it: a live counter on a terminal, a summary line.

The counter (documents, documents per second, errors) is redrawn in place on stderr at
most a few times a second, and only when stderr is a terminal, so logs and pipes get
just the one-line summary at the end.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import IO

# Links left out of a walk that the summary names; the others are counted.
NAMED_LINKS = 5
# Seconds between two redraws of the counter: often enough to look alive, rarely
# enough to cost nothing.
REDRAW_SECONDS = 0.2


@dataclass(slots=True)
class Tally:
    """Counts of a run; ``resumed`` records were done by an earlier, interrupted run."""

    documents: int = 0
    errors: int = 0
    skipped: int = 0
    resumed: int = 0
    links: list[str] = field(default_factory=list)  # links and directories not entered
    started: float = field(default_factory=time.monotonic)

    @property
    def records(self) -> int:
        return self.documents + self.errors

    def rate(self) -> float:
        """Documents per second of this run (resumed ones not counted)."""
        elapsed = max(time.monotonic() - self.started, 1e-9)
        return max(self.records - self.resumed, 0) / elapsed

    def summary(self) -> str:
        elapsed = time.monotonic() - self.started
        parts = [f"{self.documents} document(s)", f"{self.errors} error(s)"]
        if self.skipped:
            parts.append(f"{self.skipped} WARC record(s) skipped as not text or HTML")
        if self.resumed:
            parts.append(f"{self.resumed} record(s) done before, resumed")
        if self.links:
            parts.append(self._links())
        return (f"{self.records} record(s) in {elapsed:.1f} s ({self.rate():.1f} docs/s): "
                + ", ".join(parts))


    def _links(self) -> str:
        named = "; ".join(self.links[:NAMED_LINKS])
        more = len(self.links) - NAMED_LINKS
        return (f"{len(self.links)} link(s) or directories not followed: {named}"
                + (f" and {more} more" if more > 0 else "")
                + " (--follow-links follows links out of a folder)")


class Progress:
    """A counter redrawn on one line of ``stream`` while it is a terminal."""

    def __init__(self, tally: Tally, stream: IO[str] | None = None,
                 enabled: bool | None = None) -> None:
        self.tally = tally
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self._drawn = 0.0
        self._shown = False

    def update(self) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn < REDRAW_SECONDS:
            return
        self._drawn = now
        t = self.tally
        self.stream.write(f"\r\033[Ksegkit: {t.documents:,} docs  {t.rate():,.1f} docs/s  "
                          f"{t.errors:,} errors")
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Take the counter off the line, so a message can be printed in its place."""
        if self._shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
            self._shown = False
            self._drawn = 0.0
