"""The output formats are a registry filled through the ``register_formats`` hook."""

from __future__ import annotations

import io
import json
import textwrap
from dataclasses import replace
from pathlib import Path

import pytest

from segkit import Document, Line
from segkit.cli import EXIT_USAGE, main
from segkit.describe import DocMeta
from segkit.document import METADATA_ROW
from segkit.output.formats import BUILTIN, FORMATS, Format
from segkit.output.writers import Writer
from segkit.sites.loading import load_plugins

# A plugin adding ``--format shout``: each labelled line upper-cased, a rule between documents.
SHOUT = '''
import segkit
from segkit.output.formats import Format


class Shout(Format):
    name = "shout"
    separator = "====\\n"

    def render(self, doc):
        return "".join(row["text"].upper() + "\\n" for row in self.lines(doc) if row["label"])


@segkit.hookimpl
def register_formats(register):
    register(Shout)
'''


@pytest.fixture(autouse=True)
def _no_env_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEGKIT_PLUGINS", raising=False)


@pytest.fixture
def shout(tmp_path: Path) -> Path:
    """A plugin folder whose one plugin registers the ``shout`` format."""
    folder = tmp_path / "format-plugins"
    folder.mkdir()
    (folder / "shout.py").write_text(textwrap.dedent(SHOUT), encoding="utf-8")
    return folder


def test_the_builtin_formats_are_registered_in_their_order():
    assert FORMATS == ("jsonl", "json", "tsv", "md", "text", "html", "parquet", "article")
    plugins = load_plugins(shipped=False, entry_points=False, env=False)
    assert plugins.formats == BUILTIN
    assert "segkit.output.formats" not in plugins.origins  # `segkit plugins` lists sites


def test_every_builtin_format_is_a_format_named_as_registered():
    for name, cls in BUILTIN.items():
        assert issubclass(cls, Format) and cls.name == name


def test_a_writer_refuses_a_format_not_registered():
    with pytest.raises(ValueError, match="unknown format 'shout'"):
        Writer(io.StringIO(), "shout")


def test_a_plugin_format_is_loaded_and_a_duplicate_name_skipped(shout, tmp_path):
    (shout / "again.py").write_text(
        textwrap.dedent(SHOUT).replace('"shout"', '"jsonl"'), encoding="utf-8")
    plugins = load_plugins([shout], shipped=False, entry_points=False, env=False)
    assert list(plugins.formats) == [*FORMATS, "shout"]
    assert plugins.formats["jsonl"] is BUILTIN["jsonl"]
    assert any("format 'jsonl'" in e and "skipped" in e for e in plugins.errors)


def test_a_value_registered_that_is_not_a_format_class_is_named(shout):
    (shout / "odd.py").write_text(textwrap.dedent(SHOUT).replace("register(Shout)",
                                                                 "register(Shout.name)"),
                                  encoding="utf-8")
    plugins = load_plugins([shout], shipped=False, entry_points=False, env=False)
    assert list(plugins.formats) == [*FORMATS, "shout"]  # the class, from shout.py
    assert "plugin odd: register_formats was given 'shout', not a Format class; skipped" in \
        plugins.errors


def test_a_writer_uses_a_registered_format(shout):
    plugins = load_plugins([shout], shipped=False, entry_points=False, env=False)
    out = io.StringIO()
    writer = Writer(out, "shout", formats=plugins.formats)
    for text in ("A headline\n\nSome body text here.", "Another"):
        doc = Document.from_text(text, id="d")
        for line in doc.lines:
            line.label = None if line.blank else "body"
        writer.write(doc)
    writer.close()
    assert out.getvalue() == "A HEADLINE\nSOME BODY TEXT HERE.\n====\nANOTHER\n"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_split_writes_a_plugin_format(capsys, shout, tmp_path, jobs):
    pages = []
    for n in range(3):
        pages.append(tmp_path / f"page{n}.txt")
        pages[-1].write_text(f"Page {n} headline\n\nThe body of page {n} is a sentence.\n",
                             encoding="utf-8")
    out = tmp_path / "out.shout"
    code = main(["split", "--generic", "--plugins", str(shout), "--format", "shout",
                 "--jobs", jobs, "-o", str(out), *map(str, pages)])
    assert code == 0
    parts = out.read_text(encoding="utf-8").split("====\n")
    assert len(parts) == 3
    assert all(part.isupper() or not part.strip() for part in parts)
    assert "THE BODY OF PAGE 2 IS A SENTENCE." in parts[2]


def test_split_without_the_plugin_refuses_its_format(capsys, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Text\n", encoding="utf-8")
    with pytest.raises(SystemExit) as exit_:
        main(["split", "--format", "shout", str(page)])
    assert exit_.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "argument -f/--format: invalid choice: 'shout' (choose from 'jsonl'," in err


def _docs() -> list[Document]:
    """Two documents from one JSONL dump: their ids, not their source, tell them apart."""
    docs = []
    for n, doc_id in enumerate(["art\t1", "art-2"], start=1):
        doc = Document.from_text("Headline\nBody text.", id=doc_id, source=f"dump.jsonl:{n}")
        for line, label in zip(doc.lines, ["headline", "body"], strict=True):
            line.label = label
        docs.append(doc)
    return docs


def _written(fmt: str, **options) -> str:
    out = io.StringIO()
    writer = Writer(out, fmt, **options)
    for doc in _docs():
        writer.write(doc)
    writer.close()
    return out.getvalue()


def test_tsv_rows_name_their_document():
    unknown = '{"title": null, "author": null, "date": null, "language": null, "page_type": null}'
    assert _written("tsv").splitlines() == [
        f"art 1\t#meta\t{unknown}",  # a tab in an id: a space
        "art 1\theadline\tHeadline", "art 1\tbody\tBody text.",
        f"art-2\t#meta\t{unknown}", "art-2\theadline\tHeadline", "art-2\tbody\tBody text."]


def _described() -> Document:
    """A document whose metadata is known, its title holding a tab and a line break."""
    [doc, _] = _docs()
    doc.metadata = DocMeta(title="Storm\tover\nthe harbour", author="Jane Doe; Li Wei",
                           date="2024-03-03", language="en", page_type="article")
    return doc


def _rendered(fmt: str, doc: Document, **options) -> str:
    out = io.StringIO()
    writer = Writer(out, fmt, **options)
    writer.write(doc)
    writer.close()
    return out.getvalue()


def test_tsv_opens_each_document_with_its_metadata_as_one_json_field():
    first, *rows = _rendered("tsv", _described()).splitlines()
    doc_id, label, value = first.split("\t")  # JSON's escapes keep the tab in one field
    assert (doc_id, label) == ("art 1", METADATA_ROW)
    assert json.loads(value) == {"title": "Storm\tover\nthe harbour",
                                 "author": "Jane Doe; Li Wei", "date": "2024-03-03",
                                 "language": "en", "page_type": "article"}
    assert rows == ["art 1\theadline\tHeadline", "art 1\tbody\tBody text."]


def test_tsv_with_only_gives_the_lines_alone():
    assert _rendered("tsv", _described(), only=frozenset({"body", "headline"})) == (
        "art 1\theadline\tHeadline\nart 1\tbody\tBody text.\n")


def test_text_and_md_headers_show_the_known_metadata_on_one_line():
    doc = _described()
    doc.metadata = replace(doc.metadata, date=None)  # unknown: left out, not shown as null
    # "; " joins the authors' names, so " · " sets the pairs apart
    known = ("title: Storm over the harbour · author: Jane Doe; Li Wei · language: en · "
             "page_type: article")
    assert _rendered("text", doc).splitlines()[:2] == [
        "==> dump.jsonl:1 (id art 1) <==", f"# {known}"]
    assert _rendered("md", doc).splitlines()[:2] == [
        "<!-- segkit: dump.jsonl:1; id: art 1; site: generic -->", f"<!-- {known} -->"]
    assert _rendered("text", doc, only=frozenset({"body"})) == "Body text.\n"
    doc.metadata = None  # nothing known: no metadata line
    assert _rendered("md", doc).splitlines()[1] == ""


def test_article_gives_each_document_its_metadata_and_body_as_one_text():
    doc = _described()
    doc.lines[1].text = "  Body text.  "  # each line stripped, as the article reads
    doc.lines.append(Line(3, "More body.", "body"))
    record = json.loads(_rendered("article", doc))
    assert record == {"id": "art\t1", "source": "dump.jsonl:1", "url": None, "site": None,
                      "title": "Storm\tover\nthe harbour", "author": "Jane Doe; Li Wei",
                      "date": "2024-03-03", "language": "en", "page_type": "article",
                      "text": "Body text.\nMore body."}
    headed = json.loads(_rendered("article", doc, only=frozenset({"headline", "body"})))
    assert headed["text"] == "Headline\nBody text.\nMore body."  # --only: those labels
    assert json.loads(_rendered("article", Document.from_text("Menu", id="m")))["text"] == ""


def test_article_is_one_line_per_document_and_errors_are_entries():
    lines = _written("article").splitlines()
    assert [json.loads(x)["id"] for x in lines] == ["art\t1", "art-2"]
    out = io.StringIO()
    writer = Writer(out, "article")
    writer.write_rendered(writer.render_error("bad", "bad.txt", "empty input"))
    writer.close()
    assert json.loads(out.getvalue()) == {"id": "bad", "source": "bad.txt",
                                          "error": "empty input"}


def test_html_report_shows_the_known_metadata_under_the_documents_name():
    page = _rendered("html", _described())
    assert ('<p class="meta doc-meta">title: Storm over the harbour · author: Jane Doe; '
            'Li Wei · date: 2024-03-03 · language: en · page_type: article</p>') in page
    assert "doc-meta" not in _written("html").split("</style>")[1]  # nothing known


def test_md_opens_each_document_with_its_source_and_id():
    headers = [ln for ln in _written("md").splitlines() if ln.startswith("<!-- segkit:")]
    assert headers == ["<!-- segkit: dump.jsonl:1; id: art 1; site: generic -->",
                       "<!-- segkit: dump.jsonl:2; id: art-2; site: generic -->"]


def test_text_opens_each_document_with_a_header_but_not_the_bare_article():
    headers = [ln for ln in _written("text").splitlines() if ln.startswith("==>")]
    assert headers == ["==> dump.jsonl:1 (id art\t1) <==".replace("\t", " "),
                       "==> dump.jsonl:2 (id art-2) <=="]
    bare = _written("text", only=frozenset({"body"}))
    assert bare == "Body text.\n\nBody text.\n"
