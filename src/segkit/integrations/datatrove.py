"""segkit as a DataTrove pipeline step: :class:`SegkitExtractor`, used where DataTrove's
``Trafilatura`` extractor would be (``pip install 'segkit-web[datatrove]'``).

Like DataTrove's extractors it takes each document's ``text`` (a page's HTML, or its
text: segkit tells which, as ``segkit split`` does), replaces it with the article, drops
documents with none, and runs every page in DataTrove's sandbox process with a time
limit. Unlike them it keeps what it learnt in ``document.metadata[metadata_key]``:
title, author, date, language, page type, the site plugin used, and the label of every
non-blank line, run-length coded (:func:`label_runs` reads it back). The document's own
metadata (its ``url``, a WARC's crawl ``date``) is left as it was; its ``url`` picks
the site plugin.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import segkit

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.extractors.base import BaseExtractor, ExtractorSandbox
    from datatrove.utils.logging import logger
    from datatrove.utils.typeshelper import StatHints
except ImportError as exc:  # pragma: no cover - the message is the point
    raise ImportError("segkit.integrations.datatrove needs DataTrove: "
                      "pip install 'segkit-web[datatrove]'") from exc

# Seconds one page may take in the sandbox before it is dropped as a timeout. segkit
# takes some 60 ms on a median news page and 0.2 s on the slowest of a sample of 60;
# DataTrove's Trafilatura default (1 s) would drop long pages.
DEFAULT_TIMEOUT = 5.0
# The fields of segkit.extract() kept in the metadata.
META_FIELDS = ("title", "author", "date", "language", "page_type", "site")
# Pages segmented in the task process before the sandbox forks from it, so the sandbox
# starts with the model and plugins loaded, not inside the first page's time limit.
_WARM_UP = ("<html><body><h1>Warm-up</h1><p>A first paragraph, long enough to be one.</p>"
            "</body></html>", "Warm-up\nA first paragraph, long enough to be one.")


class SegkitExtractor(BaseExtractor):
    """Label every line of each document with segkit; keep the article as its text.

    ``article``: the labels whose lines make the new text (default: ``body``, the
    article's running text; add ``headline`` to keep the title). ``site``/``generic``
    force a site plugin or none, ``html`` forces HTML (True) or text (False) reading,
    as the ``split`` options do.
    """

    name = "✂ segkit"

    def __init__(self, timeout: float = DEFAULT_TIMEOUT, *, article: Iterable[str] = ("body",),
                 site: str | None = None, generic: bool = False, html: bool | None = None,
                 metadata_key: str = "segkit") -> None:
        super().__init__(timeout)
        self.article = frozenset(article)
        unknown = self.article - set(segkit.LABELS)
        if unknown or not self.article:
            raise ValueError(f"article labels {sorted(unknown) or '(none)'}: "
                             f"choose from {', '.join(segkit.LABELS)}")
        self.site, self.generic, self.html = site, generic, html
        self.metadata_key = metadata_key

    def extract(self, text: str) -> str:
        """The article of ``text`` (DataTrove's extractor interface)."""
        return str(self.extract_record(text)["text"])

    def extract_record(self, text: str, url: str | None = None) -> dict[str, Any]:
        """The article (``text``), the page's metadata and its line labels (``labels``);
        ``error`` instead of labels for what is not a page (empty, binary)."""
        if not text or not text.strip():
            return {"text": ""}
        try:
            found = segkit.extract(text, url, site=self.site, generic=self.generic,
                                   html=self.html)
        except segkit.InputError as exc:
            return {"text": "", "error": exc.reason}
        doc = found.document
        lines = [ln for ln in doc.lines if ln.label is not None] if doc is not None else []
        record: dict[str, Any] = {name: getattr(found, name) for name in META_FIELDS}
        record["text"] = "\n".join(ln.text.strip() for ln in lines if ln.label in self.article)
        record["labels"] = encode_runs(str(ln.label) for ln in lines)
        return record

    def run(self, data: DocumentsPipeline, rank: int = 0,
            world_size: int = 1) -> DocumentsPipeline:
        """Each document with the article as its text and segkit's findings in its
        metadata; documents without an article are dropped (counted in the stats)."""
        for text in _WARM_UP:
            self.extract_record(text)
        with ExtractorSandbox(timeout=self.timeout, warmup_text=("", None)) as sandbox:
            for doc in data or ():
                self.stat_update(StatHints.total)
                with self.track_time():
                    record = self._sandboxed(sandbox, doc)
                if record is not None and record["text"]:
                    doc.text = record.pop("text")
                    doc.metadata[self.metadata_key] = record
                    self.stat_update(StatHints.forwarded)
                    self.update_doc_stats(doc)
                    yield doc
                else:
                    self.stat_update("not_a_page" if record and "error" in record
                                     else StatHints.dropped)

    def _sandboxed(self, sandbox: ExtractorSandbox, doc: Document) -> dict[str, Any] | None:
        """The document's record from the sandbox process; None (counted) when it timed
        out, killed the process or raised."""
        url = doc.metadata.get("url")
        try:
            result: dict[str, Any] = sandbox.process_document(
                (doc.text, url if isinstance(url, str) else None), self.extract_record)
            return result
        except TimeoutError:
            self.stat_update("timeout")
            logger.warning(f"segkit: document {doc.id} took over {self.timeout} s; dropped")
        except EOFError:
            self.stat_update("broken_process")
            logger.warning(f"segkit: the sandbox died on document {doc.id}; dropped")
        except Exception as exc:
            self.stat_update("clean_error")
            if not self._warned_error:
                logger.warning(f"segkit: {type(exc).__name__}: {exc} on document {doc.id}; "
                               "dropped (said once)")
                self._warned_error = True
        return None


def encode_runs(labels: Iterable[str]) -> str:
    """Labels in order as runs: ``nav*3 headline byline body*4`` (``*1`` left out)."""
    runs: list[list[Any]] = []
    for label in labels:
        if runs and runs[-1][0] == label:
            runs[-1][1] += 1
        else:
            runs.append([label, 1])
    return " ".join(label if n == 1 else f"{label}*{n}" for label, n in runs)


def label_runs(coded: str) -> Iterator[tuple[str, int]]:
    """``(label, count)`` for each run of ``metadata["segkit"]["labels"]``."""
    for run in coded.split():
        label, _, count = run.partition("*")
        yield label, int(count or 1)


def line_labels(coded: str) -> list[str]:
    """One label per non-blank line of the page, in order: the body lines, in order,
    are the lines of the document's new text (with the default ``article``)."""
    return [label for label, count in label_runs(coded) for _ in range(count)]
