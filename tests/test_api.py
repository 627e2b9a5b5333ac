"""The Python API (docs/api.md): segment and extract decide like split; split_corpus runs
split's readers and pool; every example of the page runs as written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_docs import Session, blocks

import segkit
from segkit.cli import main

ROOT = Path(__file__).resolve().parents[1]
API_DOC = ROOT / "docs" / "api.md"
HTML = ("<!doctype html><html lang='fr'><head><meta charset='windows-1252'><title>T</title>"
        "</head><body><h1>Le port rouvre après la tempête</h1><p>Par Ada Quill</p>"
        + "<p>" + "Le port a rouvert lundi matin après trois jours de tempête. " * 4 + "</p>"
        + "<p>" + "Les pêcheurs ont déchargé leur prise avant midi, été comme hiver. " * 3
        + "</p></body></html>")


def split_labels(tmp_path: Path, data: bytes, name: str = "page") -> list:
    """The labels ``segkit split`` gives a file of these bytes."""
    path = tmp_path / name
    path.write_bytes(data)
    out = tmp_path / "out.jsonl"
    assert main(["split", "--jobs", "1", "-o", str(out), str(path)]) == 0
    return [ln["label"] for ln in json.loads(out.read_text("utf-8"))["lines"]]


def test_html_bytes_are_sniffed_and_decoded_as_split_does(tmp_path):
    data = HTML.encode("cp1252")  # not UTF-8: the <meta> charset decodes it
    doc = segkit.segment(data)
    assert doc.lines[1].text == "Le port rouvre après la tempête"
    assert doc.lines[1].label == "headline"
    assert doc.labels == split_labels(tmp_path, data)


def test_an_html_str_is_html_and_html_false_overrides():
    doc = segkit.segment(HTML)
    assert not any(line.text.startswith("<") for line in doc.lines)
    raw = segkit.segment(HTML, html=False)
    assert raw.lines[0].text.startswith("<!doctype")


def test_text_bytes_and_str_agree_with_split(tmp_path):
    text = (ROOT / "seeds" / "plain_article.txt").read_bytes()
    assert segkit.segment(text).labels == split_labels(tmp_path, text, "a.txt")
    assert segkit.segment(text.decode("utf-8")).labels == segkit.segment(text).labels


@pytest.mark.parametrize("data", [b"", "   \n", b"\x00\x01binary"])
def test_bad_data_raises_the_reason_split_reports(data):
    with pytest.raises(segkit.InputError):
        segkit.segment(data)


def test_other_types_are_refused():
    with pytest.raises(TypeError):
        segkit.segment(42)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="url must be a str"):
        segkit.segment("A line", url=5)  # type: ignore[arg-type]


def test_model_is_split_s_model_option(tmp_path):
    text = (ROOT / "seeds" / "plain_article.txt").read_bytes()
    path = tmp_path / "a.txt"
    path.write_bytes(text)
    out = tmp_path / "out.jsonl"
    assert main(["split", "--model", "none", "--jobs", "1", "-o", str(out), str(path)]) == 0
    rules = [ln["label"] for ln in json.loads(out.read_text("utf-8"))["lines"]]
    assert segkit.segment(text, model="none").labels == rules
    assert rules != segkit.segment(text).labels  # the shipped model decides otherwise
    assert segkit.extract(text, model="none").document.labels == rules
    bad = tmp_path / "model.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(segkit.ModelError, match=r"model\.json"):
        segkit.segment(text, model=str(bad))


def test_extract_gives_the_body_and_metadata():
    got = segkit.extract(HTML.encode("cp1252"), url="https://port.example/a")
    assert got.text.startswith("Le port a rouvert") and "Les pêcheurs" in got.text
    assert got.title == "Le port rouvre après la tempête"
    assert got.language == "fr"
    assert got.url == "https://port.example/a"
    assert set(got.to_dict()) == {"text", "title", "author", "date", "language",
                                  "page_type", "url", "site"}


def test_extract_gives_what_split_article_writes(tmp_path):
    page = tmp_path / "page.html"
    page.write_bytes(HTML.encode("cp1252"))
    out = tmp_path / "out.jsonl"
    assert main(["split", "--jobs", "1", "--format", "article",
                 "--url", "https://port.example/a", "-o", str(out), str(page)]) == 0
    record = json.loads(out.read_text(encoding="utf-8"))
    got = segkit.extract(HTML.encode("cp1252"), url="https://port.example/a").to_dict()
    assert {k: record[k] for k in got} == got


def test_extract_reads_the_documents_metadata_first(monkeypatch):
    from segkit.api import single

    class Meta:
        title, author, date, language, page_type = "M", "A", "2024-01-02", "de", "article"

    doc = segkit.segment(HTML)
    # Document has slots: a stand-in carries the metadata, as documents will.
    monkeypatch.setattr(single, "segment", lambda *a, **k: _with_meta(doc, Meta()))
    got = single.extract(HTML)
    assert (got.title, got.author, got.date, got.language, got.page_type) == (
        "M", "A", "2024-01-02", "de", "article")


def _with_meta(doc, meta):
    class WithMeta:
        def __init__(self):
            self.metadata = meta

        def __getattr__(self, name):
            return getattr(doc, name)

    return WithMeta()


def test_split_corpus_is_lazy_ordered_and_reports_errors(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "a.html").write_bytes(HTML.encode("cp1252"))
    (tmp_path / "pages" / "b.txt").write_bytes(b"")
    dump = tmp_path / "d.jsonl"
    dump.write_text(json.dumps({"id": "j1", "text": "A headline\nSome body text here."})
                    + "\nnot json\n", encoding="utf-8")
    items = [tmp_path / "pages", str(dump), {"id": "r", "html": HTML}, tmp_path / "missing"]
    results = segkit.split_corpus(items, jobs=2)
    first = next(results)  # lazily: a generator, results come as they are made
    assert isinstance(first, segkit.Document) and first.id == "a"
    rest = list(results)
    kinds = [(type(r).__name__, r.id) for r in rest]
    assert kinds == [("RecordError", "b"), ("Document", "j1"), ("RecordError", "d:2"),
                     ("Document", "r"), ("RecordError", str(tmp_path / "missing"))]
    assert rest[0].error == "empty input"
    assert first.labels == segkit.segment(HTML.encode("cp1252")).labels


def test_split_corpus_jobs_give_the_same_documents(tmp_path):
    items = [{"id": str(i), "text": f"Title {i}\nBody text of record {i}, long enough."}
             for i in range(20)]
    one = list(segkit.split_corpus(items, jobs=1))
    two = list(segkit.split_corpus(items, jobs=2))
    assert one == two and len(one) == 20


def test_the_package_is_typed():
    assert (ROOT / "src" / "segkit" / "py.typed").is_file()


def test_every_example_of_the_api_page_runs(tmp_path):
    found = blocks(API_DOC.read_text(encoding="utf-8"))
    assert [b.kind for b in found if b.kind == "unrun"] == []
    assert sum(b.kind == "python" for b in found) >= 4
    session = Session(tmp_path, page="docs/api.md")
    for block in found:
        session.run_block(block)


def test_extract_keeps_the_describers_none_and_a_bare_document_reads_its_lines(monkeypatch):
    from segkit.api import single
    from segkit.describe import DocMeta

    doc = segkit.segment("Storm closes harbour\nBy Ada Quill\nThe harbour closed on Monday.")
    for line, label in zip(doc.lines, ("headline", "byline", "body"), strict=True):
        line.label = label
    monkeypatch.setattr(single, "segment", lambda *a, **k: _with_meta(doc, DocMeta()))
    assert single.extract("x").author is None  # the describer found no author: none
    monkeypatch.setattr(single, "segment", lambda *a, **k: _with_meta(doc, None))
    got = single.extract("x")
    assert (got.title, got.author) == ("Storm closes harbour", "By Ada Quill")


def test_an_html_document_crosses_a_process_boundary():
    """A Document goes to and from pool workers pickled. Compiled (a wheel), the evidence
    classes are rebuilt by calling them, so they pickle their constructor's arguments."""
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    from segkit.classify.context import Layout
    from segkit.evidence import HtmlPage

    doc = segkit.segment(HTML.encode("cp1252"))
    again = pickle.loads(pickle.dumps(doc))
    assert again.labels == doc.labels
    assert again.evidence == doc.evidence and again.meta == doc.meta
    assert again.structure == doc.structure
    page = HtmlPage(["T"], doc.evidence[:1], doc.meta)
    assert pickle.loads(pickle.dumps(page)) == page
    layout = pickle.loads(pickle.dumps(Layout([3.0, 4.0], [[0, -1]])))
    assert (layout.chars, layout.groups) == ([3.0, 4.0], [[0, -1]])
    with ProcessPoolExecutor(1) as pool:
        assert pool.submit(segkit.segment, HTML.encode("cp1252")).result().evidence == (
            doc.evidence)
