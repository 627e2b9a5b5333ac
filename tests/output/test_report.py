"""``--format html``: the page's content, and how it renders in headless Chromium.

The browser tests screenshot the page and count the pixels of each label's line colour:
every labelled line is one row of the same height, so each colour's share of the rows
gives back that label's count. They skip, saying why, where Chromium is not installed
(``.ci/run`` installs Debian's ``chromium``).
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from segkit import LABELS, Document
from segkit.cli import main
from segkit.output.report import COLOURS, PAGE
from segkit.output.writers import Writer

# Two documents whose every line is short, so each is one row of the page.
FIRST = {"headline": 2, "byline": 3, "timestamp": 4, "body": 10, "caption": 5, "nav": 6,
         "related": 7}
SECOND = {"body": 5, "nav": 3}


def make_doc(doc_id: str, counts: dict[str, int], blank_every: int = 0) -> Document:
    lines, labels = [], []
    for label, n in counts.items():
        for k in range(n):
            lines.append(f"{label} line {k:02d}")
            labels.append(label)
            if blank_every and len(lines) % blank_every == 0:
                lines.append("")
                labels.append(None)
    doc = Document.from_text("\n".join(lines), id=doc_id, source=f"{doc_id}.txt")
    for line, label in zip(doc.lines, labels, strict=True):
        line.label = label
    return doc


def report(*docs: Document, only: frozenset[str] | None = None) -> str:
    out = io.StringIO()
    writer = Writer(out, "html", only=only)
    for doc in docs:
        writer.write(doc)
    writer.close()
    return out.getvalue()


def _sections(page: str) -> list[str]:
    return re.findall(r'<section class="doc".*?</section>', page, flags=re.S)


def _row_labels(section: str) -> Counter[str]:
    return Counter(re.findall(r'<li class="l-(\w+)">', section))


# --- the page itself -------------------------------------------------------------

def test_each_document_is_a_section_with_its_rows_and_counts():
    one = make_doc("one", FIRST, blank_every=4)
    page = report(one, make_doc("two", SECOND))
    first, second = _sections(page)
    assert _row_labels(first) == Counter(FIRST)
    assert _row_labels(second) == Counter(SECOND)
    blanks = sum(line.blank for line in one.lines)
    assert blanks > 5 and first.count('<li class="blank">') == blanks
    for label in LABELS:
        assert (f'<li data-label="{label}"><span class="swatch s-{label}"></span>{label} '
                f'<b class="count">{FIRST[label]}</b></li>') in first
    assert '<b class="count">0</b>' in second  # a label a document lacks still shows


def test_legend_index_and_totals_cover_every_label_and_document():
    page = report(make_doc("one", FIRST), make_doc("two", SECOND))
    legend = re.search(r'<ul class="legend".*?</ul>', page, flags=re.S).group()
    assert [m for m in re.findall(r"</span>(\w+)</li>", legend)] == list(LABELS)
    index = page[page.index('<nav class="index"'):]
    assert re.findall(r'<a href="#(doc-\d)">', index) == ["doc-1", "doc-2"]
    for label in LABELS:
        total = FIRST[label] + SECOND.get(label, 0)
        assert f'<td class="num" data-label="{label}">{total}</td>' in index


def test_documents_link_to_their_neighbours():
    page = report(*(make_doc(f"d{k}", SECOND) for k in range(3)))
    first, middle, last = _sections(page)
    assert 'class="prev"' not in first and 'href="#doc-2" accesskey="n"' in first
    assert 'href="#doc-1" accesskey="p"' in middle and 'href="#doc-3" accesskey="n"' in middle
    assert 'href="#doc-2" accesskey="p"' in last


def test_page_text_is_escaped():
    doc = Document.from_text('<script>alert("x")</script> & <b>', id="<evil>",
                             source="a<b>.txt", url='https://x.test/?a=1&b="2"')
    doc.lines[0].label = "body"
    page = report(doc)
    assert "<script>" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in page
    assert "a&lt;b&gt;.txt" in page and "https://x.test/?a=1&amp;b=&quot;2&quot;" in page


def test_page_fetches_nothing():
    page = report(make_doc("one", FIRST))
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    for outside in ("src=", "<link", "@import", "url(", "<script", 'href="http', "//"):
        assert outside not in page.replace("<!DOCTYPE html>", ""), outside


def test_only_keeps_the_chosen_labels_rows_and_counts():
    page = report(make_doc("one", FIRST, blank_every=3), only=frozenset({"body", "nav"}))
    [section] = _sections(page)
    assert _row_labels(section) == Counter({"body": 10, "nav": 6})
    assert 'class="blank"' not in section
    assert '<li data-label="caption"><span class="swatch s-caption"></span>caption ' \
           '<b class="count">0</b></li>' in section


def test_no_documents_is_still_a_whole_page():
    page = report()
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "No documents." in page and "Documents (0)" in page


def test_split_writes_the_report_to_a_file(capsys, tmp_path):
    (tmp_path / "in").mkdir()
    for name in ("a", "b"):
        (tmp_path / "in" / f"{name}.txt").write_text(
            "A title of a page\n\nA paragraph of text that goes on, with a full stop.\n")
    target = tmp_path / "report.html"
    assert main(["split", "--format", "html", "-o", str(target), str(tmp_path / "in")]) == 0
    assert capsys.readouterr().out == ""
    page = target.read_text(encoding="utf-8")
    assert len(_sections(page)) == 2 and page.rstrip().endswith("</html>")
    assert f"{tmp_path / 'in' / 'a.txt'}" in page


# --- in a browser ----------------------------------------------------------------

def chromium() -> str:
    for name in (os.environ.get("SEGKIT_CHROMIUM"), "chromium", "chromium-browser"):
        if name and (path := shutil.which(name)):
            return path
    pytest.skip("headless Chromium is not installed (apt-get install chromium; "
                ".ci/run installs it): the report is not rendered")


def browse(page: Path, out: Path, *, fragment: str = "", size: str = "1200,1100",
           mode: str = "screenshot") -> str:
    """Run headless Chromium on ``page``: a screenshot to ``out``, or the DOM it built."""
    flags = [chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
             "--no-first-run", "--disable-background-networking",
             "--disable-component-update", "--disable-sync",
             f"--user-data-dir={out.parent / 'chromium-profile'}",
             "--force-color-profile=srgb", "--hide-scrollbars", f"--window-size={size}"]
    flags.append(f"--screenshot={out}" if mode == "screenshot" else "--dump-dom")
    run = subprocess.run([*flags, page.as_uri() + fragment], capture_output=True,
                         text=True, timeout=180, check=False)
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout


def pixels(png: Path) -> Counter[tuple[int, int, int]]:
    """How many pixels of each colour the screenshot holds."""
    from PIL import Image

    with Image.open(png) as image:
        rgb = image.convert("RGB")
        return Counter({colour: n for n, colour in rgb.getcolors(rgb.width * rgb.height)})


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def rows_by_label(png: Path, total_rows: int) -> dict[str, float]:
    """Each label's rows as the screenshot shows them: the pixels of its line colour
    over the pixels of one row (all line colours' pixels over all rows)."""
    seen = pixels(png)
    area = {label: seen[_rgb(pale)] for label, (pale, _) in COLOURS.items()}
    per_row = sum(area.values()) / total_rows
    assert per_row > 1000, f"the rows did not render in the label colours: {area}"
    assert seen[_rgb(PAGE)] > 0, "the page background did not render"
    return {label: round(n / per_row, 2) for label, n in area.items()}


@pytest.fixture
def rendered(tmp_path) -> Path:
    pytest.importorskip("PIL", reason="Pillow (the test extra) reads the screenshots")
    path = tmp_path / "report.html"
    path.write_text(report(make_doc("one", FIRST), make_doc("two", SECOND)), encoding="utf-8")
    return path


def _assert_rows(rows: dict[str, float], expected: dict[str, int]) -> None:
    wrong = {label: (n, expected.get(label, 0)) for label, n in rows.items()
             if abs(n - expected.get(label, 0)) > 0.35}
    assert not wrong, f"label: (rows seen, rows expected): {wrong}"


def test_browser_shows_the_first_document_in_its_label_colours(rendered, tmp_path):
    shot = tmp_path / "first.png"
    browse(rendered, shot)
    _assert_rows(rows_by_label(shot, sum(FIRST.values())), FIRST)


def test_browser_moves_to_the_second_document_by_its_link(rendered, tmp_path):
    shot = tmp_path / "second.png"
    browse(rendered, shot, fragment="#doc-2")
    _assert_rows(rows_by_label(shot, sum(SECOND.values())), SECOND)


def test_browser_dom_holds_every_row_and_count(rendered, tmp_path):
    dom = browse(rendered, tmp_path / "unused.png", mode="dom")
    first, second = _sections(dom)
    assert _row_labels(first) == Counter(FIRST) and _row_labels(second) == Counter(SECOND)
    for label in LABELS:
        total = FIRST[label] + SECOND.get(label, 0)
        assert f'<td class="num" data-label="{label}">{total}</td>' in dom


def test_rows_are_rendered_by_the_worker_and_only_placed_by_the_writer():
    """A --jobs worker renders a document's rows; the main process adds only the head that
    depends on the document's place (its anchor, previous and next links)."""
    from segkit.output.formats.html import Html

    doc = make_doc("w", SECOND)
    doc.lines[0].text = "<b> & \u2028"
    rendered = Html(None).render(doc)
    assert '<ol class="lines">' in rendered and "&lt;b&gt; &amp;" in rendered
    assert "doc-" not in rendered  # the place is the writer's
    out = io.StringIO()
    writer = Writer(out, "html")
    writer.write_rendered(rendered)
    writer.close()
    assert out.getvalue() == report(doc)
