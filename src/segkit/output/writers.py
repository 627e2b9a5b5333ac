"""Write segmented documents in a registered format (``output/formats/``), one at a time.

``only`` keeps just the lines with those labels (blank lines are kept only when every
label is wanted, so the full output joins back to the input).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import IO

from segkit.document import Document, Windowed
from segkit.labels import LABELS
from segkit.output.formats import BUILTIN, FORMATS, Format
from segkit.output.spool import Spooled

__all__ = ["FORMATS", "Writer"]


class Writer:
    """Streams documents to ``out`` in the format named ``fmt``.

    ``render`` (which ``--jobs`` workers call) turns one document into its text alone;
    ``write_rendered`` adds what goes between documents, so a rendered document is the
    same bytes whichever process rendered it. A windowed page's rendering may come
    ``Spooled`` (``pieces``, written to a file as they are made), and is copied into the
    output a block at a time. ``formats`` are the formats by name (the
    built-in ones, or those the loaded plugins registered).
    """

    def __init__(self, out: IO[str] | None, fmt: str, *, only: frozenset[str] | None = None,
                 colour: bool = False, evidence: bool = False,
                 formats: Mapping[str, type[Format]] = BUILTIN) -> None:
        if fmt not in formats:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(formats)}")
        self.out = out
        self.fmt = fmt
        self.only = None if only is None or only >= set(LABELS) else only
        self.count = 0
        self.format = formats[fmt](out, only=self.only, colour=colour, evidence=evidence)

    def write(self, doc: Document) -> None:
        self.write_rendered(self.render(doc))

    def render(self, doc: Document | Windowed) -> str:
        """One document in this writer's format, without what separates documents."""
        return "".join(self.format.pieces(doc))

    def pieces(self, doc: Document | Windowed) -> Iterator[str]:
        """``render`` of ``doc`` in pieces (a windowed page: a window at a time)."""
        return self.format.pieces(doc)

    def render_error(self, id: str, source: str | None, error: str) -> str | None:
        """The error entry of a record that failed; None where the format has no place
        for one (tsv, text and the html report hold only lines: the error is only reported)."""
        return self.format.render_error(id, source, error)

    def write_rendered(self, rendered: str | Spooled | None) -> None:
        """Write a rendered document or error entry after the separator it needs (a
        spooled one is removed once written, or if writing it fails)."""
        if rendered is None:
            return
        assert self.out is not None, "a render-only Writer has no output"
        if isinstance(rendered, Spooled):
            try:
                self._write_spooled(rendered)
            finally:
                rendered.discard()
        else:
            self.format.write(rendered, self.count)
        self.count += 1

    def _write_spooled(self, spooled: Spooled) -> None:
        """The separator, then the spooled record a block at a time; a format with a
        ``write`` of its own (the html report, parquet) takes the record whole."""
        if type(self.format).write is not Format.write:
            self.format.write(spooled.read(), self.count)
            return
        self.format.write("", self.count)
        assert self.out is not None
        spooled.copy_to(self.out)

    def close(self) -> None:
        self.format.close(self.count)
