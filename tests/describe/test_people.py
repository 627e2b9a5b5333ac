import pytest

from segkit.describe.people import find_author, split_byline
from segkit.document import Document
from segkit.evidence import PageMeta


@pytest.mark.parametrize(("line", "names"), [
    ("By Jane Roe", ["Jane Roe"]),
    ("By Jane Roe and John Doe | May 3, 2021", ["Jane Roe", "John Doe"]),
    ("Written by Ann Lee, Bo Chen & Cy Dunn", ["Ann Lee", "Bo Chen", "Cy Dunn"]),
    ("Von Anna Schmidt, 3. Mai 2021", ["Anna Schmidt"]),
    ("Author: Sam Poe", ["Sam Poe"]),
    ("Jane Roe - Staff Writer", ["Jane Roe"]),
])
def test_bylines_give_the_names(line, names):
    assert split_byline(line) == names


def _doc(lines, labels, meta=None):
    doc = Document.from_text("\n".join(lines), id="d")
    for line, label in zip(doc.lines, labels, strict=True):
        line.label = label
    doc.meta = meta
    return doc


def test_markup_authors_are_joined():
    meta = PageMeta(ld_authors=("Jane Roe", "John Doe"))
    assert find_author(_doc(["T"], ["headline"], meta)) == "Jane Roe; John Doe"


def test_urls_and_placeholders_are_not_names():
    meta = PageMeta(author="admin", article_author="https://facebook.com/someone")
    doc = _doc(["T", "By Ann Lee"], ["headline", "byline"], meta)
    assert find_author(doc) == "Ann Lee"


def test_text_mode_reads_byline_lines():
    assert find_author(_doc(["T", "By Ann Lee", "Body."], ["headline", "byline", "body"])) == (
        "Ann Lee")
    assert find_author(_doc(["T", "Body."], ["headline", "body"])) is None
