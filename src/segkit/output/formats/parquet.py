"""``--format parquet``: one row per document, written in row groups as the run streams.

Columns: ``id``, ``source``, ``url``, ``site``, ``text`` (the article: the body lines),
``metadata`` (the document's metadata as JSON, when the classifier gives it), ``lines``
(a list of ``{n, text, label}`` structs) and ``error`` (the reason, on a failed record's
row; null otherwise). pandas, DuckDB and Hugging Face ``datasets`` read it as it is.

Workers render a document as the JSON of its row (text, like every format's rendering);
the writer gathers rows and writes a row group every ``ROW_GROUP_ROWS`` rows or
``ROW_GROUP_BYTES`` of rendered rows, so memory stays that of one group. The file is
written to ``-o``'s ``.part`` and renamed at the end like every format, so it is never
seen half-written; a Parquet file is whole only once its footer is written, so an
interrupted run starts again rather than ``--resume``.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from typing import IO, Any, ClassVar

from segkit.document import Document
from segkit.output.files import OutputError
from segkit.output.formats.base import Format, json_text

# A row group is written after this many documents, or this many bytes of rendered rows.
ROW_GROUP_ROWS = 512
ROW_GROUP_BYTES = 64 << 20
NEEDS_PYARROW = "--format parquet needs pyarrow: pip install 'segkit-web[parquet]'"


def schema() -> Any:
    """The Arrow schema of the rows (pyarrow imported here: it is an optional extra)."""
    import pyarrow as pa

    line = pa.struct([("n", pa.int32()), ("text", pa.string()), ("label", pa.string())])
    return pa.schema([("id", pa.string()), ("source", pa.string()), ("url", pa.string()),
                      ("site", pa.string()), ("text", pa.string()), ("metadata", pa.string()),
                      ("lines", pa.list_(line)), ("error", pa.string())])


class Parquet(Format):
    name = "parquet"
    resumable: ClassVar[bool] = False

    def __init__(self, out: IO[str] | None, **options: Any) -> None:
        super().__init__(out, **options)
        self._rows: list[dict[str, Any]] = []
        self._bytes = 0
        self._writer: Any = None
        if out is not None:
            self._open(out)

    def _open(self, out: IO[str]) -> None:
        """A ParquetWriter on the binary stream under ``out`` (refused on a terminal)."""
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise OutputError(NEEDS_PYARROW) from exc
        if out is sys.stdout and out.isatty():
            raise OutputError("--format parquet is binary: write it to a file (-o PATH) "
                              "or a pipe, not a terminal")
        sink = pa.PythonFile(_Sink(out.buffer), mode="w")  # type: ignore[attr-defined]
        self._writer = pq.ParquetWriter(sink, schema(), compression="zstd")

    def render(self, doc: Document) -> str:
        """The document's row as JSON."""
        lines = self.lines(doc)
        body = "\n".join(r["text"].strip() for r in lines if r["label"] == "body")
        return json_text({"id": doc.id, "source": doc.source, "url": doc.url,
                          "site": doc.site, "text": body, "metadata": _metadata(doc),
                          "lines": lines, "error": None})

    def render_error(self, id: str, source: str | None, error: str) -> str | None:
        return json_text({"id": id, "source": source, "url": None, "site": None,
                          "text": None, "metadata": None, "lines": None, "error": error})

    def write(self, rendered: str, count: int) -> None:
        """Keep the row; write a row group when enough are kept."""
        self._rows.append(json.loads(rendered))
        self._bytes += len(rendered)
        if len(self._rows) >= ROW_GROUP_ROWS or self._bytes >= ROW_GROUP_BYTES:
            self._flush()

    def close(self, count: int) -> None:
        """The last row group and the footer (an empty run is a valid file of no rows)."""
        self._flush()
        if self._writer is not None:
            self._writer.close()
            self._writer = None
            assert self.out is not None
            self.out.flush()

    def _flush(self) -> None:
        if not self._rows or self._writer is None:
            return
        import pyarrow as pa

        self._writer.write_table(pa.Table.from_pylist(self._rows, schema=schema()))
        self._rows, self._bytes = [], 0


def _metadata(doc: Document) -> str | None:
    """The document's metadata (a DocMeta, where the classifier gives one) as JSON."""
    meta = getattr(doc, "metadata", None)
    if meta is None:
        return None
    if dataclasses.is_dataclass(meta) and not isinstance(meta, type):
        meta = dataclasses.asdict(meta)
    return json.dumps(meta, ensure_ascii=False, default=str)


class _Sink:
    """A write-only stream that counts what it wrote: pyarrow asks for ``tell()``, which a
    pipe cannot answer."""

    def __init__(self, raw: IO[bytes]) -> None:
        self._raw = raw
        self._pos = 0
        self.closed = False
        self.mode = "wb"

    def write(self, data: Any) -> int:
        n = self._raw.write(data)
        self._pos += len(data) if n is None else n
        return len(data) if n is None else n

    def tell(self) -> int:
        return self._pos

    def flush(self) -> None:
        self._raw.flush()

    def writable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False

    def close(self) -> None:  # the output is closed by whoever opened it
        self.flush()
        self.closed = True
