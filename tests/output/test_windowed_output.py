"""A windowed page is rendered a window at a time, in every format the same text as the
page rendered whole; a worker spools it to a file that the writer copies and removes."""

from __future__ import annotations

import io
import itertools
import json
import os

import pytest

from segkit.document import Document, Line, Windowed
from segkit.output.encode import JsonRecord, record_json
from segkit.output.spool import Spooled, spool
from segkit.output.writers import Writer
from segkit.pipeline import Segmenter

# Small windows: a page of more than 12 lines is read 5 lines at a time at most.
PAGE_LINES = 12
WINDOW = 5


@pytest.fixture
def small_windows(windows):
    return windows(PAGE_LINES, WINDOW)


@pytest.fixture
def spool_dir(windows):
    """Spool files made in a folder of the test's own, to see none is left behind (the
    window sizes left as they are)."""
    from segkit import pipeline

    return windows(pipeline.WINDOWED_PAGE_LINES, pipeline.WINDOW_LINES)


TEXT = "\n".join([
    "Home", "News", "Weather", "Harbour * reopens after the <storm>", "By Alex Morgan",
    "March 3, 2024", "",
    *(f"The harbour {n} reopened on Monday after the storm, and the town was glad of it."
      for n in range(8)),
    "", "Related", "- Bridge works start", "1. Market moves", "Privacy\tpolicy",
])
HTML = ("<title>Harbour reopens</title><body><nav><a href=/>Home</a> <a href=/n>News</a></nav>"
        + "".join(f"<p>The harbour {n} reopened on Monday after the storm.</p>" for n in range(14))
        + "<figure><figcaption>The harbour. Photo: Sam Reed</figcaption></figure></body>")


def labelled(html: bool) -> Document | Windowed:
    segmenter = Segmenter(model="none")
    if not html:
        return segmenter.label_text(TEXT, id="page\tone", source="page.txt")
    from segkit.html.walker import html_to_lines

    return segmenter.label_page(html_to_lines(HTML), id="page", source="page.html")


FORMATS = ["jsonl", "json", "tsv", "text", "md", "html", "article"]
ONLY = [None, frozenset({"body"}), frozenset({"nav", "related", "headline"})]


@pytest.mark.parametrize("html", [False, True])
@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("only", ONLY)
def test_a_windowed_page_renders_as_the_page_rendered_whole(small_windows, fmt, only, html):
    windowed = labelled(html)
    assert isinstance(windowed, Windowed)
    writer = Writer(None, fmt, only=only)
    pieces = list(writer.pieces(windowed))
    streams = fmt != "html"  # the report takes a document whole
    assert len(pieces) > (3 if streams else 0)
    assert "".join(pieces) == writer.render(labelled(html).whole())


@pytest.mark.parametrize("fmt", ["jsonl", "json", "text"])
def test_with_evidence_and_colour_too(small_windows, fmt):
    writer = Writer(None, fmt, evidence=True, colour=True)
    assert writer.render(labelled(True)) == writer.render(labelled(True).whole())


def test_every_non_blank_line_of_a_windowed_record_is_labelled(small_windows):
    record = json.loads(Writer(None, "jsonl").render(labelled(False)))
    assert [r["n"] for r in record["lines"]] == list(range(1, TEXT.count("\n") + 2))
    assert all((r["label"] is None) == (not r["text"].strip()) for r in record["lines"])
    assert record["id"] == "page\tone" and record["source"] == "page.txt"
    assert list(record) == ["id", "source", "url", "site", "title", "author", "date",
                            "language", "page_type", "lines"]


def rows(texts: list[str]) -> list[Line]:
    return [Line(n, t, "body" if t else None) for n, t in enumerate(texts, start=1)]


@pytest.mark.parametrize("indent", [None, 2])
@pytest.mark.parametrize("cuts", [[], [0], [3], [0, 0, 2], [1, 1], [2, 5]])
def test_a_json_record_in_pieces_is_the_record_whole(indent, cuts):
    """Any cut into windows (empty ones too), a lone surrogate in one window."""
    lines = rows(["a", "", 'b "q"', "\u2028c", "d\ud800", "e"][:max([0, *cuts]) + 1])
    head = {"id": "p", "source": None, "title": "T\u2029"}
    record = JsonRecord(head, indent)
    bounds = [0, *cuts, len(lines)]
    pieces = [record.opening(),
              *(record.rows(lines[a:b]) for a, b in itertools.pairwise(bounds)),
              record.closing()]
    assert "".join(pieces) == record_json(head, lines, indent)
    assert "".join(pieces) == json.dumps({**head, "lines": [
        {"n": ln.n, "text": ln.text, "label": ln.label} for ln in lines]},
        ensure_ascii=False, indent=indent).replace("\u2028", "\\u2028").replace(
        "\u2029", "\\u2029")


def test_a_spool_gives_back_the_same_text_lone_surrogates_and_all(spool_dir):
    text = "a\nb\r\nc\u2028 \ud800 é" * 1000
    spooled = spool(iter([text[:10], text[10:]]))
    assert os.path.dirname(spooled.path) == str(spool_dir)
    assert spooled.read() == text
    out = io.StringIO()
    spooled.copy_to(out)
    assert out.getvalue() == text
    spooled.discard()
    assert os.listdir(spool_dir) == []


def test_a_spool_whose_pieces_fail_is_removed(spool_dir):
    def pieces():
        yield "half a record"
        raise TimeoutError("over budget")

    with pytest.raises(TimeoutError):
        spool(pieces())
    assert os.listdir(spool_dir) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_writer_copies_a_spooled_record_and_removes_it(spool_dir, fmt):
    doc = Segmenter(model="none").segment(TEXT, id="page")
    for rendered_as_text in (True, False):
        out = io.StringIO()
        writer = Writer(out, fmt)
        for _ in range(2):
            rendered = writer.render(doc)
            writer.write_rendered(rendered if rendered_as_text else spool([rendered]))
        writer.close()
        if rendered_as_text:
            expected = out.getvalue()
    assert out.getvalue() == expected
    assert os.listdir(spool_dir) == []


def test_a_spooled_record_is_removed_when_writing_it_fails(spool_dir):
    class Full(io.StringIO):
        def write(self, text: str) -> int:
            raise OSError(28, "No space left on device")

    writer = Writer(Full(), "jsonl")
    with pytest.raises(OSError):
        writer.write_rendered(spool(["{}\n"]))
    assert os.listdir(spool_dir) == [] and writer.count == 0


def test_a_worker_spools_a_windowed_page_only_when_asked(small_windows, spool_dir, tmp_path):
    from segkit.corpus.worker import Settings, Worker
    from segkit.inputs.decode import Source

    source = Source(name="page.txt", id="page", data=TEXT.encode(), kind="text")
    small = Source(name="small.txt", id="small", data=b"One line.\nTwo lines.", kind="text")
    spooled = Worker(Settings(model="none", spool=True))(source).rendered
    plain = Worker(Settings(model="none"))(source).rendered
    assert isinstance(spooled, Spooled) and isinstance(plain, str)
    assert spooled.read() == plain
    assert isinstance(Worker(Settings(model="none", spool=True))(small).rendered, str)
    spooled.discard()
