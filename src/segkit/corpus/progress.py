"""What a run tells the person watching it: a progress bar on a terminal, a summary line.

The bar is tqdm's (a small, dependency-free, long-kept library, which DataTrove and most
of the Python data stack already use; rich would bring a terminal-rendering framework
for one line). When the inputs' size is known (files and folders, not stdin, on the
local engine), it shows the bytes read of the total, a percentage and an ETA; else a
counter of documents and their rate. It is drawn only when stderr is a terminal, or
when asked (``--progress``), so logs and pipes get just the one-line summary at the end.
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from segkit.inputs.files import walk_files
from segkit.inputs.options import ReadOptions

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
    """A tqdm bar (``total`` bytes known) or counter on ``stream``, while it is a terminal."""

    def __init__(self, tally: Tally, stream: IO[str] | None = None,
                 enabled: bool | None = None, total: int | None = None) -> None:
        self.tally = tally
        self.stream = stream if stream is not None else sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.total = total
        self._bar: Any = None

    def _open(self) -> Any:
        from tqdm import tqdm  # only when a bar is shown: `import segkit` needs none

        if self.total is not None:
            return tqdm(total=self.total, file=self.stream, desc="segkit", unit="B",
                        unit_scale=True, unit_divisor=1024, mininterval=REDRAW_SECONDS,
                        dynamic_ncols=True, leave=False)
        # leave=False: however the run ends (even interrupted), the bar goes, not stays.
        return tqdm(file=self.stream, desc="segkit", unit=" docs", initial=self.tally.resumed,
                    mininterval=REDRAW_SECONDS, dynamic_ncols=True, leave=False)

    def update(self, bytes_read: int = 0) -> None:
        """Count one more record written; ``bytes_read``: of the inputs, all told."""
        if not self.enabled:
            return
        if self._bar is None:
            self._bar = self._open()
        bar, t = self._bar, self.tally
        done = min(bytes_read, self.total) if self.total is not None else t.records
        bar.set_postfix_str(f"{t.documents:,} docs, {t.errors:,} errors", refresh=False)
        bar.update(done - bar.n)

    def clear(self) -> None:
        """Take the bar off the line, so a message can be printed in its place."""
        if self._bar is not None:
            self._bar.clear()

    def close(self) -> None:
        """Remove the bar for good: the summary line takes its place."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None


def input_bytes(inputs: list[str], reading: ReadOptions) -> int | None:
    """The bytes of every file the inputs name (folders walked as the run walks them);
    None when that cannot be known before reading: stdin, or a path that is not there."""
    total = 0
    for spec in inputs:
        path = Path(spec)
        try:
            if spec == "-" or not path.exists():
                return None
            if not path.is_dir():
                total += path.stat().st_size
                continue
            for file, _ in walk_files(path, path, reading.glob, follow=reading.follow_links):
                total += os.stat(file).st_size
        except OSError:
            return None
    return total
