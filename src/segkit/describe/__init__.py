"""Document metadata: the page's title, author, date, language and type.

``describe(doc)`` reads a labelled :class:`~segkit.document.Document` (its lines and
labels, and for HTML input the markup evidence and ``meta``) and returns a
:class:`DocMeta`; each field is None when the page does not tell.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from segkit.describe.author_chooser import choose_author
from segkit.describe.dates import find_date, parse_date
from segkit.describe.language import find_language
from segkit.describe.page_type import find_page_type
from segkit.describe.title import find_title
from segkit.document import Document

__all__ = ["DocMeta", "describe", "parse_date"]

# Languages that write numeric dates month first (03/04/2019 is March 4th).
_MONTH_FIRST = frozenset(("en", None))


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What a page says about itself; None where it does not say."""

    title: str | None = None
    author: str | None = None  # the names as shown, joined with "; "
    date: str | None = None  # ISO 8601 publication date, YYYY-MM-DD
    language: str | None = None  # ISO 639-1
    page_type: str | None = None  # article, forum, product, collection, listing, ...

    def to_dict(self) -> dict[str, str | None]:
        return asdict(self)

    def keys(self) -> list[str]:
        """With ``__getitem__``, lets ``dict(meta)`` work."""
        return list(self.to_dict())

    def __getitem__(self, name: str) -> str | None:
        return self.to_dict()[name]


def describe(doc: Document) -> DocMeta:
    """The metadata of a labelled document."""
    language = find_language(doc)
    page_type = find_page_type(doc)
    return DocMeta(
        title=find_title(doc, page_type),
        author=choose_author(doc, page_type),
        date=find_date(doc, month_first=language in _MONTH_FIRST, page_type=page_type),
        language=language,
        page_type=page_type,
    )
