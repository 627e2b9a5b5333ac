"""Parquet files: one record per row, from the columns ``id``, ``url`` and ``text`` or
``html`` (renamed with ``--id-field`` etc.), read through pyarrow (the ``parquet`` extra).

Each row is passed on as a JSON record like a JSONL line, so the worker decodes and checks
it exactly as it does a JSONL record (:func:`segkit.inputs.records.json_record`). Row
groups are read one batch at a time, so memory stays that of a batch, not of the file.
"""

from __future__ import annotations

import io
import json
import os
from collections.abc import Iterator
from typing import Any, Final

from segkit.inputs.decode import InputError, Source
from segkit.inputs.options import ReadOptions, ReadStats
from segkit.inputs.streams import Opened

# Every Parquet file starts (and ends) with these bytes.
MAGIC: Final = b"PAR1"
# Rows read at a time: a batch of pages is held in memory while its records are handed on.
BATCH_ROWS: Final = 64
NEEDS_PYARROW: Final = "Parquet input needs pyarrow: pip install 'segkit-web[parquet]'"


def sniff_parquet(head: bytes, name: str) -> bool:
    """Whether the first bytes are Parquet's magic number."""
    return head.startswith(MAGIC)


def read_parquet(opened: Opened, options: ReadOptions,
                 stats: ReadStats) -> Iterator[Source | InputError]:
    """One Source per row (``name:row``), each a JSON record of the row's fields."""
    try:
        import pyarrow.parquet as pq
    except ImportError:
        yield InputError(opened.name, NEEDS_PYARROW, id=opened.doc_id)
        return
    try:
        table = pq.ParquetFile(_seekable(opened))
    except Exception as exc:  # pyarrow's errors: a damaged or truncated file
        yield InputError(opened.name, f"not a readable Parquet file: {exc}", id=opened.doc_id)
        return
    fields = options.fields
    wanted = [f for f in (fields.id, fields.url, fields.text, fields.html)
              if f in table.schema_arrow.names]
    if fields.text not in wanted and fields.html not in wanted:
        yield InputError(opened.name, f"no {fields.text!r} or {fields.html!r} column",
                         id=opened.doc_id)
        return
    number = 0
    for batch in table.iter_batches(batch_size=BATCH_ROWS, columns=wanted):
        for row in batch.to_pylist():
            number += 1
            yield _source(opened, number, row)


def _seekable(opened: Opened) -> Any:
    """The file itself when it is one (Parquet reads its footer first), else its bytes."""
    if opened.gunzip is None and os.path.isfile(opened.name):
        return opened.name
    return io.BytesIO(opened.stream.read())  # stdin or gzip: read whole


def _source(opened: Opened, number: int, row: dict[str, Any]) -> Source:
    """A row as a JSONL-like record; values JSON cannot hold become strings."""
    data = json.dumps(row, ensure_ascii=False, default=str).encode("utf-8", "surrogatepass")
    return Source(name=f"{opened.name}:{number}", id=f"{opened.doc_id}:{number}", data=data,
                  kind="jsonl")
