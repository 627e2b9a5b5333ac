"""``--format article``: per document, one JSON object on a line of its own holding the
clean article as one text and what the page says of itself: for a corpus that wants the
text, not its lines (as trafilatura's JSON output gives it)."""

from __future__ import annotations

import json
from collections.abc import Iterator

from segkit.document import Document, Windowed
from segkit.labels import BODY
from segkit.output.encode import no_line_breaks
from segkit.output.formats.base import Format, json_text

# The labels whose lines make the article's text when --only does not name others.
ARTICLE_LABELS = frozenset((BODY,))


class Article(Format):
    name = "article"

    def render(self, doc: Document) -> str:
        return json_text({**doc.head(), "text": self._text(doc)}) + "\n"

    def render_windows(self, doc: Windowed) -> Iterator[str]:
        """The record with its text a window at a time: the same bytes as the page
        rendered whole, as JSON escapes a string character by character."""
        yield json_text({**doc.page.head(), "text": ""})[:-2]  # up to the text's quote
        joined = False
        for window in doc.windows:
            text = self._text(window)
            if text:
                yield _escaped("\n" + text if joined else text)
                joined = True
        yield '"}\n'

    def render_error(self, id: str, source: str | None, error: str) -> str | None:
        return json_text({"id": id, "source": source, "error": error}) + "\n"

    def _text(self, doc: Document) -> str:
        """The lines of the article's labels (``--only``'s, else body), each stripped,
        joined with ``\\n``."""
        labels = self.only or ARTICLE_LABELS
        return "\n".join([line.text.strip() for line in doc.lines if line.label in labels])


def _escaped(text: str) -> str:
    """``text`` as the inside of a JSON string, as ``json_text`` writes it."""
    return no_line_breaks(json.dumps(text, ensure_ascii=False)[1:-1])
