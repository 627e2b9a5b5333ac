import dataclasses
import json

from segkit.describe import DocMeta, describe
from segkit.pipeline import segment

PAGE = """<html lang="en-GB"><head><title>Harbour reopens | Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="pubdate" content="2024-03-03">
<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",
 "headline": "Harbour reopens", "author": {"@id": "#jane"}},
 {"@id": "#jane", "@type": "Person", "name": "Jane Doe"}]}</script></head>
<body><article><h1>Harbour reopens</h1><p class="byline">By Jane Doe</p>
<p>The harbour reopened on Monday, three days after the storm had closed it to all boats.</p>
</article></body></html>"""


def test_html_page_is_described():
    doc = segment(PAGE, html=True, url="https://www.example.org/news/harbour")
    meta = doc.metadata
    assert isinstance(meta, DocMeta)
    assert (meta.title, meta.author, meta.date, meta.language) == (
        "Harbour reopens", "Jane Doe", "2024-03-03", "en")
    assert doc.meta.meta_dates == ("2024-03-03",)
    assert doc.meta.ld_any_authors == ("Jane Doe",)


def test_record_carries_the_five_keys_after_site():
    doc = segment("Harbour reopens\n\nBy Jane Doe\n\nThe harbour reopened on Monday.")
    record = doc.to_dict()
    assert list(record)[3:9] == ["site", "title", "author", "date", "language", "page_type"]
    json.dumps(record)


def test_docmeta_is_frozen_and_converts_to_a_mapping():
    meta = DocMeta(title="T", language="en")
    assert dict(meta)["title"] == "T"
    assert dataclasses.asdict(meta) == meta.to_dict()
    try:
        meta.title = "x"  # type: ignore[misc]
    except dataclasses.FrozenInstanceError:
        pass
    else:
        raise AssertionError("DocMeta must be frozen")


def test_unknown_fields_are_none():
    from segkit.document import Document

    doc = Document.from_text("", id="empty")
    meta = describe(doc)
    assert (meta.title, meta.author, meta.date) == (None, None, None)
