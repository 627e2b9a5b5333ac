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

from segkit.document import Document
from segkit.labels import LABELS
from segkit.output.report import HtmlReport

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
    """Streams documents to ``out`` in one of the :data:`FORMATS`.

    Writing is split in two so that ``--jobs`` workers can do the costly part: ``render``
    turns one document into its text alone, and ``write_rendered`` adds what goes between
    documents (which depends only on how many came before), so a rendered document is the
    same bytes whichever process rendered it.
    """

    def __init__(self, out: IO[str] | None, fmt: str, *, only: frozenset[str] | None = None,
                 colour: bool = False, evidence: bool = False) -> None:
        if fmt not in FORMATS:
            raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
        self.out = out
        self.fmt = fmt
        self.only = None if only is None or only >= set(LABELS) else only
        self.colour = colour
        self.evidence = evidence
        self.count = 0
        self._render: Callable[[Document], str] = getattr(self, f"_render_{fmt}")
        self._report = HtmlReport(out) if fmt == "html" and out is not None else None

    def _lines(self, doc: Document, rows: list[dict] | None = None) -> list[dict]:
        rows = doc.to_dict()["lines"] if rows is None else rows
        if self.only is None:
            return rows
        return [r for r in rows if r["label"] in self.only]

    def write(self, doc: Document) -> None:
        self.write_rendered(self.render(doc))

    def render(self, doc: Document) -> str:
        """One document in this writer's format, without what separates documents."""
        return self._render(doc)

    def render_error(self, id: str, source: str | None, error: str) -> str | None:
        """The error entry of a record that failed; None where the format has no place
        for one (tsv, text and the html report hold only lines, so the error is only
        reported)."""
        record = {"id": id, "source": source, "error": error}
        if self.fmt == "jsonl":
            return _json(record) + "\n"
        if self.fmt == "json":
            return _json(record, indent=2)
        if self.fmt == "md":
            return f"<!-- segkit error: {_comment(id)} ({_comment(source or '')}): " \
                   f"{_comment(error)} -->\n"
        return None

    def write_rendered(self, rendered: str | None) -> None:
        """Write a rendered document or error entry after the separator it needs."""
        if rendered is None:
            return
        assert self.out is not None, "a render-only Writer has no output"
        if self._report is not None:
            record = json.loads(rendered)
            doc = Document(id=record["id"], text="", source=record["source"],
                           url=record["url"], site=record["site"])
            self._report.add(doc, record["lines"])
        elif self.count:
            self.out.write(_SEPARATORS[self.fmt] + rendered)
        else:
            self.out.write(_FIRST.get(self.fmt, "") + rendered)
        self.count += 1

    def close(self) -> None:
        if self.fmt == "json" and self.out is not None:
            self.out.write("[]\n" if self.count == 0 else "\n]\n")
        if self._report is not None:
            self._report.close()

    def _record(self, doc: Document) -> dict:
        record = doc.to_dict(evidence=self.evidence)
        record["lines"] = self._lines(doc, record["lines"])
        return record

    def _render_jsonl(self, doc: Document) -> str:
        return _json(self._record(doc)) + "\n"

    def _render_json(self, doc: Document) -> str:
        return _json(self._record(doc), indent=2)

    def _render_tsv(self, doc: Document) -> str:
        return "".join(f"{row['label'] or ''}\t{row['text']}\n" for row in self._lines(doc))

    def _render_text(self, doc: Document) -> str:
        out = []
        for row in self._lines(doc):
            label, text = row["label"], row["text"]
            if self.only is not None and len(self.only) == 1:
                out.append(text + "\n")
            elif self.colour and label:
                out.append(f"{COLOURS[label]}{label:<9}{RESET} {COLOURS[label]}{text}{RESET}\n")
            else:
                out.append(f"{label or '':<9} {text}".rstrip() + "\n")
        return "".join(out)

    def _render_html(self, doc: Document) -> str:
        """The report needs the whole run (its index comes last), so a document travels
        to it as its JSON record, which ``write_rendered`` adds to the report."""
        return _json(self._record(doc))

    def _render_md(self, doc: Document) -> str:
        """Article parts as Markdown; nav and related lines as lists under an HTML comment."""
        out = [f"<!-- segkit: {doc.source or doc.id}; site: {doc.site or 'generic'} -->\n"]
        previous = None
        for row in self._lines(doc):
            label, text = row["label"], _md_escape(row["text"].strip())
            if label is None:
                continue
            if label in ("nav", "related"):
                if previous != label:
                    out.append(f"\n<!-- {label} -->\n")
                out.append(f"- {text}\n")
            else:
                out.append("\n" + _MD_BLOCK[label].format(text) + "\n")
            previous = label
        return "".join(out)


# What goes before the first document, and between two documents, in each format.
_FIRST = {"json": "[\n"}
_SEPARATORS = {"jsonl": "", "json": ",\n", "tsv": "\n", "text": "\n", "md": "\n---\n\n",
               "html": ""}


def _comment(text: str) -> str:
    """Text that cannot end an HTML comment or break its line."""
    return " ".join(text.replace("--", "- -").split())


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
