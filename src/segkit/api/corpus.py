"""Many documents: :func:`split_corpus`, the ``segkit split`` run as a Python iterator."""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from segkit.document import Document, Line
from segkit.inputs.decode import InputError, Source
from segkit.inputs.files import iter_records
from segkit.inputs.options import DEFAULT_MAX_BYTES, JsonFields, ReadOptions, ReadStats
from segkit.sites.loading import env_plugin_dirs, load_plugins

if TYPE_CHECKING:
    from segkit.corpus.worker import Result

_log = logging.getLogger("segkit")

Item = str | os.PathLike[str] | Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class RecordError:
    """A record that could not be segmented: split's error entry, as an object."""

    id: str
    source: str | None
    error: str


def split_corpus(
    paths_or_records: Iterable[Item], *, jobs: int | None = 1, input_format: str = "auto",
    fields: JsonFields | None = None, site: str | None = None, generic: bool = False,
    url: str | None = None, model: str | None = None, plugins: Iterable[str] = (),
    max_bytes: int = DEFAULT_MAX_BYTES, warn: Callable[[str], None] | None = None,
) -> Iterator[Document | RecordError]:
    """Yield a Document (or a RecordError) per record, in input order, lazily.

    Items are paths (files or folders of text, HTML, JSONL, WARC/WET, gzipped or not,
    read as ``segkit split`` reads them) or records: mappings with ``id``, ``url`` and
    ``text`` or ``html``, read like a JSONL line. ``jobs`` worker processes (None: one
    per core) segment them; a record that fails is yielded as a RecordError, never
    raised, so one bad page costs only itself. Warnings go to ``warn`` (default: the
    ``segkit`` logger).
    """
    # Imported here: the pool brings multiprocessing, which `import segkit` need not load.
    from segkit.corpus.pool import default_jobs, segment_all
    from segkit.corpus.worker import Settings

    fields = fields or JsonFields()
    warn = warn or _log.warning
    dirs = tuple(str(d) for d in [*env_plugin_dirs(), *plugins])
    settings = Settings(fmt="jsonl", plugin_dirs=dirs, site=site, generic=generic, url=url,
                        fields=fields, max_bytes=max_bytes,
                        model=model or os.environ.get("SEGKIT_MODEL") or None)
    reading = ReadOptions(input_format, None, max_bytes, fields)
    loaded = load_plugins(dirs, env=False, warn=warn)
    sources = _sources(paths_or_records, reading)
    for result in segment_all(sources, settings, jobs=jobs or default_jobs(), plugins=loaded,
                              warn=warn):
        yield _outcome(result, warn)


def _sources(items: Iterable[Item], reading: ReadOptions) -> Iterator[Source | InputError]:
    """The records of each item, in order; a mapping becomes one JSONL-like record."""
    stats = ReadStats()
    for number, item in enumerate(items, start=1):
        if isinstance(item, Mapping):
            name = f"<record {number}>"
            try:
                data = json.dumps(dict(item), ensure_ascii=False).encode("utf-8", "surrogatepass")
            except (TypeError, ValueError) as exc:
                yield InputError(name, f"not a JSON-able record: {exc}", id=str(number))
                continue
            yield Source(name=name, id=str(number), data=data, kind="jsonl")
        elif isinstance(item, str | os.PathLike):
            yield from iter_records([os.fspath(item)], reading, stats)
        else:
            yield InputError(repr(item)[:80], "neither a path nor a record mapping")


def _outcome(result: Result, warn: Callable[[str], None]) -> Document | RecordError:
    """The Document a worker rendered as JSON, or the record's error."""
    for message in result.warnings:
        warn(message)
    if not result.ok or result.rendered is None:
        return RecordError(result.id, result.name, result.error or "no output")
    return document_from_json(json.loads(result.rendered))


def document_from_json(record: dict[str, Any]) -> Document:
    """A Document back from its JSON record (split's jsonl output)."""
    lines = [Line(row["n"], row["text"], row["label"]) for row in record["lines"]]
    doc = Document(id=record["id"], text="\n".join(ln.text for ln in lines),
                   source=record.get("source"), url=record.get("url"),
                   site=record.get("site"), lines=lines)
    if "metadata" in record and hasattr(doc, "metadata"):  # DocMeta, where documents have it
        with contextlib.suppress(TypeError, ValueError):  # another shape: left out
            doc.metadata = _docmeta(record["metadata"])  # type: ignore[attr-defined]
    return doc


def _docmeta(value: Any) -> Any:
    """The DocMeta of a record's ``metadata``, where segkit.document defines DocMeta."""
    import segkit.document as document

    cls = getattr(document, "DocMeta", None)
    if cls is None or not isinstance(value, dict):
        return value
    return cls(**value)


