"""Write segmented documents: JSONL, JSON, TSV, Markdown, (coloured) plain text, an HTML report.

A writer gets documents one at a time; ``only`` keeps just the lines with those labels
(blank lines are kept only when every label is wanted, so the full output joins back
to the input).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import IO

import regex

from .document import Document
from .labels import LABELS
from .report import HtmlReport

FORMATS = ("jsonl", "json", "tsv", "md", "text", "html")

# ANSI colours for --format text on a terminal, one per label.
COLOURS = {
    "headline": "\033[1;35m",
    "byline": "\033[36m",
    "timestamp": "\033[33m",
    "body": "\033[0m",
    "caption": "\033[32m",
    "nav": "\033[2;37m",
    "related": "\033[34m",
}
RESET = "\033[0m"


class Writer:
    """Streams documents to ``out`` in one of the :data:`FORMATS`."""

    def __init__(self, out: IO[str], fmt: str, *, only: frozenset[str] | None = None,
                 colour: bool = False, evidence: bool = False) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        self.out = out
        self.fmt = fmt
        self.only = None if only is None or only >= set(LABELS) else only
        self.colour = colour
        self.evidence = evidence
        self.count = 0
        self._write: Callable[[Document], None] = getattr(self, f"_write_{fmt}")
        self._report = HtmlReport(out) if fmt == "html" else None

    def _lines(self, doc: Document, rows: list[dict] | None = None) -> list[dict]:
        rows = doc.to_dict()["lines"] if rows is None else rows
        if self.only is None:
            return rows
        return [r for r in rows if r["label"] in self.only]

    def write(self, doc: Document) -> None:
        self._write(doc)
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json":
            self.out.write("[]\n" if self.count == 0 else "\n]\n")
        if self._report is not None:
            self._report.close()

    def _record(self, doc: Document) -> dict:
        record = doc.to_dict(evidence=self.evidence)
        record["lines"] = self._lines(doc, record["lines"])
        return record

    def _write_jsonl(self, doc: Document) -> None:
        self.out.write(_json(self._record(doc)) + "\n")

    def _write_json(self, doc: Document) -> None:
        self.out.write("[\n" if self.count == 0 else ",\n")
        self.out.write(_json(self._record(doc), indent=2))

    def _write_tsv(self, doc: Document) -> None:
        if self.count:
            self.out.write("\n")
        for row in self._lines(doc):
            self.out.write(f"{row['label'] or ''}\t{row['text']}\n")

    def _write_text(self, doc: Document) -> None:
        rows = self._lines(doc)
        if self.count:
            self.out.write("\n")
        for row in rows:
            label, text = row["label"], row["text"]
            if self.only is not None and len(self.only) == 1:
                self.out.write(text + "\n")
            elif self.colour and label:
                self.out.write(f"{COLOURS[label]}{label:<9}{RESET} {COLOURS[label]}{text}{RESET}\n")
            else:
                self.out.write(f"{label or '':<9} {text}".rstrip() + "\n")

    def _write_html(self, doc: Document) -> None:
        assert self._report is not None
        self._report.add(doc, self._lines(doc))

    def _write_md(self, doc: Document) -> None:
        """Article parts as Markdown; nav and related lines as lists under an HTML comment."""
        if self.count:
            self.out.write("\n---\n\n")
        self.out.write(f"<!-- segkit: {doc.source or doc.id}; site: {doc.site or 'generic'} -->\n")
        previous = None
        for row in self._lines(doc):
            label, text = row["label"], _md_escape(row["text"].strip())
            if label is None:
                continue
            if label in ("nav", "related"):
                if previous != label:
                    self.out.write(f"\n<!-- {label} -->\n")
                self.out.write(f"- {text}\n")
            else:
                self.out.write("\n" + _MD_BLOCK[label].format(text) + "\n")
            previous = label


# Characters JSON leaves raw but that str.splitlines() and JavaScript treat as line breaks.
_LINE_BREAKS = {"\u0085": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def _json(record: dict, indent: int | None = None) -> str:
    """JSON that stays on one line for every reader, whatever line breaks the page holds."""
    text = json.dumps(record, ensure_ascii=False, indent=indent)
    for ch, escaped in _LINE_BREAKS.items():
        text = text.replace(ch, escaped)
    return text


_MD_BLOCK = {"headline": "# {}", "body": "{}", "byline": "*{}*", "timestamp": "*{}*",
             "caption": "> {}"}


def _md_escape(text: str) -> str:
    """Keep page text from turning into Markdown syntax (lists, headings, emphasis)."""
    text = text.replace("\\", "\\\\")
    for ch in "*_`[]<>":
        text = text.replace(ch, "\\" + ch)
    if text[:1] in "#-+>|~":  # heading, list, quote, table, code fence
        text = "\\" + text
    # A backslash escapes punctuation only: "1. " stays a list marker unless "1\. ".
    return _ORDERED.sub(r"\1\\\2", text, count=1)


_ORDERED = regex.compile(r"^(\d+)([.)])(?=\s|$)")
