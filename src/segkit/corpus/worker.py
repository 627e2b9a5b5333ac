"""What happens to one record: decode or parse it, segment it, render it for the output.

The same code runs in the main process (``--jobs 1``), in a ``--jobs`` worker process and
on a Dask worker, and what it returns is the rendered text, so every engine writes the
same bytes. Every way a record can fail ends here as an error :class:`Result` rather than
an exception: bad bytes, a bad JSONL line, an empty record, a classifier or plugin that
raises.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from segkit.document import Document, Windowed
from segkit.inputs.decode import InputError, Source
from segkit.inputs.options import DEFAULT_MAX_BYTES, JsonFields
from segkit.inputs.records import decode_record
from segkit.output.formats import BUILTIN
from segkit.output.spool import Spooled, spool
from segkit.output.writers import Writer
from segkit.pipeline import Segmenter
from segkit.sites.loading import Plugins, load_plugins


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a worker needs to segment and render records; picklable, so it can be
    sent to worker processes and Dask workers, which build their own :class:`Worker`."""

    fmt: str = "jsonl"
    only: frozenset[str] | None = None
    colour: bool = False
    evidence: bool = False
    # Plugin folders, SEGKIT_PLUGINS already folded in: a Dask worker has its own env.
    plugin_dirs: tuple[str, ...] = ()
    site: str | None = None
    generic: bool = False
    url: str | None = None
    fields: JsonFields = field(default_factory=JsonFields)
    max_bytes: int = DEFAULT_MAX_BYTES
    # The model file (or "none"), SEGKIT_MODEL already folded in; None: the shipped one.
    model: str | None = None
    # Whether a windowed page's rendering is spooled to a file (output/spool.py) and sent
    # as its path: where the worker and the writer share a file system (--jobs, not Dask).
    spool: bool = False


@dataclass(slots=True)
class Result:
    """One record's outcome: its rendered output (spooled, for a windowed page where
    ``Settings.spool``), or its error (and error entry)."""

    name: str
    id: str
    rendered: str | Spooled | None
    error: str | None = None
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.error is None


class Worker:
    """Segments and renders records one at a time with one loaded set of plugins."""

    def __init__(self, settings: Settings, plugins: Plugins | None = None) -> None:
        self.settings = settings
        self._warnings: list[str] = []
        self._id = ""  # of the record being segmented, for its error entry
        self._plugins = plugins
        self._segmenter: Segmenter | None = None
        # A built-in format needs no plugins: a worker that only renders error entries
        # loads none. A plugin's format needs the plugins that register it.
        formats = BUILTIN if settings.fmt in BUILTIN else self.plugins.formats
        self.writer = Writer(None, settings.fmt, only=settings.only, colour=settings.colour,
                             evidence=settings.evidence, formats=formats)

    @property
    def plugins(self) -> Plugins:
        """Loaded on first use; loading problems were reported once by the process that
        started the run."""
        if self._plugins is None:
            self._plugins = load_plugins(self.settings.plugin_dirs, env=False)
        return self._plugins

    @property
    def segmenter(self) -> Segmenter:
        """Built on first use: a worker that only renders error entries loads no plugins."""
        if self._segmenter is None:
            self._segmenter = Segmenter(self.plugins, site=self.settings.site,
                                        generic=self.settings.generic,
                                        warn=self._warnings.append,
                                        model=self.settings.model)
        return self._segmenter

    def __call__(self, item: Source | InputError) -> Result:
        self._warnings.clear()
        self._id = item.id if isinstance(item, Source) else item.name
        try:
            if isinstance(item, InputError):
                raise item
            rendered = self._render(self._segment(item))
            return Result(item.name, item.id, rendered, warnings=tuple(self._warnings))
        except InputError as exc:
            doc_id = exc.id or (item.id if isinstance(item, Source) else exc.name)
            return self.error(doc_id, exc.name, exc.reason)
        except MemoryError:  # the budget (corpus/budget.py) names whose code asked
            raise
        except Exception as exc:  # a bug or a plugin must not cost the other records
            return self.error(self._id, item.name,
                              f"internal error: {type(exc).__name__}: {exc}")

    def error(self, id: str, name: str, reason: str) -> Result:
        """The error Result of a record, with its entry in this run's output format."""
        return Result(name, id, self.writer.render_error(id, name, reason), error=reason,
                      warnings=tuple(self._warnings))

    def _render(self, doc: Document | Windowed) -> str | Spooled:
        if isinstance(doc, Windowed) and self.settings.spool:
            return spool(self.writer.pieces(doc))
        return self.writer.render(doc)

    def _segment(self, source: Source) -> Document | Windowed:
        if len(source.data) > self.settings.max_bytes:
            raise InputError(source.name, f"record of {len(source.data)} bytes is over "
                             f"--max-bytes {self.settings.max_bytes}", id=source.id)
        rec = decode_record(source, self.settings.fields)
        self._id = doc_id = rec.id
        url = self.settings.url or rec.url
        if not rec.html:
            return self.segmenter.label_text(rec.text, id=doc_id, source=source.name, url=url)
        from segkit.html.walker import html_to_lines  # text runs never load the parser

        page = html_to_lines(rec.text, utf8=rec.utf8)
        del rec  # the page's text goes before a huge page's lines are joined into one
        return self.segmenter.label_page(page, id=doc_id, source=source.name, url=url)


def record_id(item: Source | InputError, fields: JsonFields) -> str:
    """The id a record's error entry carries, when it never got as far as segmenting."""
    if isinstance(item, InputError):
        return item.id or item.name
    if item.kind == "jsonl":
        try:
            value = json.loads(item.data).get(fields.id)
        except (ValueError, AttributeError):
            value = None
        if value is not None and value != "":
            return str(value)
    return item.id


