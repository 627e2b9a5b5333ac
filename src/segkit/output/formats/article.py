"""``--format article``: per document, one JSON object on a line of its own holding the
clean article as one text and what the page says of itself: for a corpus that wants the
text, not its lines (as trafilatura's JSON output gives it)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from segkit.document import Document, Windowed
from segkit.labels import BODY
from segkit.output.encode import string_pieces
from segkit.output.formats.base import Format, json_text

# The labels whose lines make the article's text when --only does not name others.
ARTICLE_LABELS = frozenset((BODY,))


class Article(Format):
    name = "article"

    def render(self, doc: Document) -> str:
        return json_text({**doc.head(), "text": self._text(doc)}) + "\n"

    def render_windows(self, doc: Windowed) -> Iterator[str]:
        """The record with its text a window at a time: the same bytes as the page
        rendered whole."""
        yield from string_pieces(doc.page.head(), "text",
                                 _joined(self._text(window) for window in doc.windows))
        yield "\n"

    def render_error(self, id: str, source: str | None, error: str) -> str | None:
        return json_text({"id": id, "source": source, "error": error}) + "\n"

    def _text(self, doc: Document) -> str:
        """The lines of the article's labels (``--only``'s, else body), each stripped,
        joined with ``\\n``."""
        labels = self.only or ARTICLE_LABELS
        return "\n".join([line.text.strip() for line in doc.lines if line.label in labels])


def _joined(texts: Iterable[str]) -> Iterator[str]:
    """``"\\n".join`` of the non-empty ``texts``, a text at a time."""
    joined = False
    for text in texts:
        if text:
            yield "\n" + text if joined else text
            joined = True
