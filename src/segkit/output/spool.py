"""A rendered record too big to travel whole between processes, kept in a file.

A windowed page (``document.Windowed``) is rendered a window at a time; a worker process
writes the pieces to a spool file as they are made and sends back only its path, so that
neither the worker nor the main process ever holds the whole record (a page of two
million short lines renders to about 130 MB of JSON). The main process copies the file
into the output a block at a time, between two checkpoints as any record is written, and
removes it. A record cut short by a crash is therefore cut back by ``--resume`` like any
other (``output/files.py``).

The file is written and read with ``surrogatepass``: a rendered record is a ``str`` and
comes back as the same ``str``, lone surrogates included, whatever the output then makes
of it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

# Characters copied into the output at a time.
COPY_CHARS = 1 << 20
# How a spool file's name starts (in the system's temporary folder).
SPOOL_PREFIX = "segkit-spool-"
_ENCODING = "utf-8"
_ERRORS = "surrogatepass"


@dataclass(frozen=True, slots=True)
class Spooled:
    """A rendered record in the file at ``path``: read it once, then ``discard`` it."""

    path: str

    def copy_to(self, out: IO[str]) -> None:
        """Write the record to ``out``, a block at a time."""
        with open(self.path, encoding=_ENCODING, errors=_ERRORS, newline="") as spool:
            while block := spool.read(COPY_CHARS):
                out.write(block)

    def read(self) -> str:
        """The record whole (for a format that takes it whole)."""
        with open(self.path, encoding=_ENCODING, errors=_ERRORS, newline="") as spool:
            return spool.read()

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)


def spool(pieces: Iterable[str]) -> Spooled:
    """The pieces of a rendered record, written to a spool file as they come. If making
    them fails (an error, the time budget), the file goes and the error goes on."""
    fd, path = tempfile.mkstemp(prefix=SPOOL_PREFIX)
    try:
        with open(fd, "w", encoding=_ENCODING, errors=_ERRORS, newline="") as out:
            for piece in pieces:
                out.write(piece)
    except BaseException:
        Spooled(path).discard()
        raise
    return Spooled(path)
