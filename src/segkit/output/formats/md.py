"""``--format md``: article parts as Markdown; nav and related lines as lists under a comment."""

from __future__ import annotations

from collections.abc import Iterator

import regex

from segkit.document import Document, Windowed, metadata_of
from segkit.output.formats.base import Format, metadata_text

# How each article label is written as a Markdown block.
_MD_BLOCK = {"headline": "# {}", "body": "{}", "byline": "*{}*", "timestamp": "*{}*",
             "caption": "> {}"}
_ORDERED = regex.compile(r"^(\d+)([.)])(?=\s|$)")


class Markdown(Format):
    name = "md"
    separator = "\n---\n\n"

    def render(self, doc: Document) -> str:
        return header(doc) + self._blocks(doc, None)[0]

    def render_windows(self, doc: Windowed) -> Iterator[str]:
        yield header(doc.page)
        previous = None
        for window in doc.windows:
            blocks, previous = self._blocks(window, previous)
            yield blocks

    def _blocks(self, doc: Document, previous: str | None) -> tuple[str, str | None]:
        """The Markdown of the document's lines, after a line labelled ``previous``, and
        the label of its last line (nav and related lines run on as one list)."""
        out = []
        for line in self.kept(doc):
            label, text = line.label, _md_escape(line.text.strip())
            if label is None:
                continue
            if label in ("nav", "related"):
                if previous != label:
                    out.append(f"\n<!-- {label} -->\n")
                out.append(f"- {text}\n")
            else:
                out.append("\n" + _MD_BLOCK[label].format(text) + "\n")
            previous = label
        return "".join(out), previous

    def render_error(self, id: str, source: str | None, error: str) -> str | None:
        return f"<!-- segkit error: {_comment(id)} ({_comment(source or '')}): " \
               f"{_comment(error)} -->\n"


def header(doc: Document) -> str:
    """The comment that opens a document: where it came from and its id, so each part of
    a many-document output traces back to its input; then a second with the metadata
    known of it, where anything is."""
    where = _comment(doc.source or doc.id)
    known = _comment(metadata_text(metadata_of(doc)))
    return (f"<!-- segkit: {where}; id: {_comment(doc.id)}; site: {doc.site or 'generic'} -->\n"
            + (f"<!-- {known} -->\n" if known else ""))


def _comment(text: str) -> str:
    """Text that cannot end an HTML comment or break its line."""
    return " ".join(text.replace("--", "- -").split())


def _md_escape(text: str) -> str:
    """Keep page text from turning into Markdown syntax (lists, headings, emphasis)."""
    text = text.replace("\\", "\\\\")
    for ch in "*_`[]<>":
        text = text.replace(ch, "\\" + ch)
    if text[:1] in "#-+>|~":  # heading, list, quote, table, code fence
        text = "\\" + text
    # A backslash escapes punctuation only: "1. " stays a list marker unless "1\. ".
    return _ORDERED.sub(r"\1\\\2", text, count=1)
