"""``--format html``: the page's content, and how it renders in headless Chromium.

The browser tests screenshot the page and count the pixels of each label's line colour:
every labelled line is one row of the same height, so each colour's share of the rows
gives back that label's count. They skip, saying why, where Chromium is not installed
(``.ci/run`` installs Debian's ``chromium``).
"""

from __future__ import annotations

import base64
import hashlib
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
from segkit.output.report import COLOURS, KEYS, PAGE
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
    assert re.findall(r"</span>(\w+)<kbd>(\w)</kbd></li>", legend) == list(KEYS.items())
    assert list(KEYS) == list(LABELS) and len(set(KEYS.values())) == len(LABELS)
    index = page[page.index('<nav class="index"'):]
    assert re.findall(r'<a href="#(doc-\d)"', index) == ["doc-1", "doc-2"]
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
    assert "<script>alert" not in page and "<b>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;" in page
    assert "a&lt;b&gt;.txt" in page and "https://x.test/?a=1&amp;b=&quot;2&quot;" in page


def test_page_fetches_nothing():
    page = report(make_doc("one", FIRST))
    assert "Content-Security-Policy" in page and "default-src 'none'" in page
    page = page.replace("<!DOCTYPE html>", "")
    for outside in ("src=", "<link", "@import", "url(", 'href="http', "//"):
        assert outside not in page, outside


def test_the_one_script_is_allowed_by_its_hash_and_writes_no_markup():
    page = report(make_doc("one", FIRST))
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    assert len(scripts) == 1 and page.count("<script") == 1
    digest = base64.b64encode(hashlib.sha256(scripts[0].encode()).digest()).decode()
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert f"script-src 'sha256-{digest}'" in csp and "unsafe" not in csp.split("script-src")[1]
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert sink not in scripts[0], sink
    assert "textContent" in scripts[0]


def test_the_index_shows_headline_site_and_source_and_has_a_filter_box():
    first = make_doc("one", FIRST)
    first.lines[0].text = "Ferry to keep running all winter"
    first.site = "harbourgazette"
    second = make_doc("two", SECOND)  # no headline line, no site
    page = report(first, second)
    index = page[page.index('<nav class="index"'):]
    entries = re.findall(r"<li><a href=.*?</li>", index)
    assert ">Ferry to keep running all winter</a>" in entries[0]
    assert "site: harbourgazette" in entries[0] and '<span class="src">one.txt</span>' in entries[0]
    assert ">two.txt</a>" in entries[1] and "site: none" in entries[1]
    assert '<input id="filter" type="search"' in index
    assert "site: none ·" in _sections(page)[1] and "generic" not in page


def test_a_line_html_would_change_carries_its_exact_text_and_blank_text_is_kept():
    doc = Document.from_text("a\rb\n  \nplain", id="x/y.txt", source="y.txt")
    doc.lines[0].label = doc.lines[2].label = "body"
    [section] = _sections(report(doc))
    assert 'data-key="y.txt"' in section
    assert '<li class="l-body" data-raw="&quot;a\\rb&quot;">' in section
    assert '<li class="blank"><span class="n">2</span><span class="tx">  </span></li>' in section
    assert '<li class="l-body"><span class="n">3</span>' in section  # no data-raw needed


def test_the_policy_forbids_forms_and_base_and_the_page_saves_only_through_a_blob():
    page = report(make_doc("one", FIRST))
    csp = re.search(r'Content-Security-Policy" content="([^"]+)"', page).group(1)
    assert "form-action 'none'" in csp and "base-uri 'none'" in csp
    assert "connect-src" not in csp and "default-src 'none'" in csp
    script = re.search(r"<script>(.*?)</script>", page, flags=re.S).group(1)
    for fetch in ("fetch(", "XMLHttpRequest", "sendBeacon", "WebSocket", "import("):
        assert fetch not in script, fetch
    assert "new Blob(" in script and "a.download" in script


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


def test_browser_filters_the_index_with_the_script_the_policy_allows(tmp_path):
    first = make_doc("one", FIRST)
    first.lines[0].text = "Ferry to keep running all winter"
    first.site = "harbourgazette"
    page = tmp_path / "report.html"
    page.write_text(report(first, make_doc("two", SECOND), make_doc("three", SECOND)),
                    encoding="utf-8")
    dom = browse(page, tmp_path / "unused.png", mode="dom", fragment="?filter=ferry%20harbour")
    entries = re.findall(r"<li( hidden=\"\")?><a href=\"#(doc-\d)\"", dom)
    assert entries == [("", "doc-1"), (' hidden=""', "doc-2"), (' hidden=""', "doc-3")]
    assert "1 of 3 shown" in dom  # the script ran: the policy's hash is the script's
    everything = browse(page, tmp_path / "unused.png", mode="dom")
    assert everything.count("<li><a href=\"#doc-") == 3 and "<li hidden" not in everything


# --- reviewing: relabel lines and save gold, in a real browser -------------------

HOSTILE = "<img src=x onerror=\"window.pwned = 1; document.title = 'pwned'\">"
REVIEW_LINES = ["Menu", "A headline of the story", "By Ada Quill", "Home", "Sign in",
                "", "A paragraph with a carriage\rreturn in it.", HOSTILE, "   ",
                "Tabs\tinside a line & <b>markup</b>"]
REVIEW_LABELS = ["nav", "body", "body", "body", "body", None, "body", "body", None, "body"]


def review_doc() -> Document:
    doc = Document.from_text("\n".join(REVIEW_LINES), id="pages/review-1", source="r.txt")
    assert [line.text for line in doc.lines] == REVIEW_LINES
    for line, label in zip(doc.lines, REVIEW_LABELS, strict=True):
        line.label = label
    return doc


@pytest.fixture
def browser(tmp_path):
    from browser_cdp import Browser

    chrome = Browser(chromium(), tmp_path / "profile")
    yield chrome
    chrome.close()


def _open_review(browser, tmp_path, page: str):
    path = tmp_path / "review.html"
    path.write_text(page, encoding="utf-8")
    browser.send("Browser.setDownloadBehavior", behavior="allow",
                 downloadPath=str(tmp_path / "saved"), eventsEnabled=True)
    browser.open(path.as_uri())


def _count(browser, label: str) -> list[int]:
    """The document's count of ``label`` and the total of the index, as the page shows."""
    return browser.js(f"""[document.querySelector(".counts li[data-label='{label}'] .count"),
        document.querySelector("td.num[data-label='{label}']")].map(
        e => Number(e.textContent))""")


def _save(browser, tmp_path, form: str) -> bytes:
    browser.click(f"button[data-form='{form}']")
    guid = browser.wait("Browser.downloadWillBegin")["guid"]
    while (event := browser.wait("Browser.downloadProgress"))["state"] != "completed":
        assert event["guid"] == guid and event["state"] == "inProgress", event
    suffix = ".hashed.tsv" if form == "hashed" else ".labels.tsv"
    return (tmp_path / "saved" / f"review-1{suffix}").read_bytes()


def test_browser_relabels_by_click_and_key_and_saves_the_gold_exactly(browser, tmp_path):
    from segkit.learn.gold import read_labels
    from segkit.tools.evaluate import read_gold
    from segkit.tools.gold import hashed_text, read_hashed, tsv_text

    _open_review(browser, tmp_path, report(review_doc()))
    assert _count(browser, "headline") == [0, 0] and _count(browser, "body") == [7, 7]
    browser.click("ol.lines > li:nth-child(2)")
    browser.key("h")
    assert _count(browser, "headline") == [1, 1] and _count(browser, "body") == [6, 6]
    browser.click("ol.lines > li:nth-child(3)")
    browser.key("y")
    browser.click("ol.lines > li:nth-child(4)")
    browser.click("ol.lines > li:nth-child(5)", shift=True)  # a range: lines 4 and 5
    browser.key("n")
    assert _count(browser, "nav") == [3, 3] and _count(browser, "body") == [3, 3]
    assert browser.js("Array.from(document.querySelectorAll('main .bar span'), s => s.title)"
                      ) == ["headline: 1", "byline: 1", "body: 3", "nav: 3"]
    assert browser.js("document.querySelector('ol.lines > li:nth-child(5) .lab')"
                      ".textContent") == "nav"
    want = ["nav", "headline", "byline", "nav", "nav", None, "body", "body", None, "body"]

    tsv = _save(browser, tmp_path, "tsv")
    assert tsv == tsv_text(REVIEW_LINES, want).encode("utf-8")
    saved = tmp_path / "saved" / "review-1.labels.tsv"
    assert read_gold(saved) == [(label, text) for label, text in zip(want, REVIEW_LINES,
                                                                     strict=True)]
    assert read_labels(saved) == ([*REVIEW_LINES, ""], [*want, None])  # the final newline
    hashed = _save(browser, tmp_path, "hashed")
    assert hashed == hashed_text(REVIEW_LINES, want).encode("utf-8")  # the JS hash is Python's
    assert read_hashed(tmp_path / "saved" / "review-1.hashed.tsv", REVIEW_LINES) == want
    # the hostile line stayed text: no image element, its handler never ran
    assert browser.js("document.querySelectorAll('main img').length") == 0
    assert browser.js("[window.pwned, document.title]") == [None, "segkit report"]
    assert browser.js("document.querySelector('ol.lines > li:nth-child(8) .tx')"
                      ".textContent") == HOSTILE


def _selected(browser) -> list[int]:
    return browser.js("Array.from(document.querySelectorAll('ol.lines > li'))"
                      ".flatMap((li, k) => li.classList.contains('sel') ? [k + 1] : [])")


def test_browser_arrow_keys_move_and_extend_the_selection(browser, tmp_path):
    _open_review(browser, tmp_path, report(review_doc(), make_doc("two", SECOND)))
    browser.click("ol.lines > li:nth-child(2)")
    browser.key("ArrowDown")
    assert _selected(browser) == [3]
    browser.key("ArrowDown", shift=True)
    browser.key("ArrowDown", shift=True)
    assert _selected(browser) == [3, 4, 5]
    browser.key("c")
    assert _count(browser, "caption") == [3, 3] and _count(browser, "body") == [4, 9]
    browser.key("ArrowUp")
    assert _selected(browser) == [4]
    browser.key("Escape")
    assert _selected(browser) == []
    browser.click("ol.lines > li:nth-child(1)")
    browser.js("location.hash = '#doc-2'")
    browser.wait("Page.navigatedWithinDocument")
    assert _selected(browser) == []  # a hidden document keeps nothing selected
    browser.key("h")
    assert _count(browser, "headline") == [0, 0]


def test_browser_keys_do_nothing_without_a_selection_or_in_the_filter_box(browser, tmp_path):
    _open_review(browser, tmp_path, report(review_doc()))
    browser.key("h")
    browser.click("#filter")
    browser.key("n")
    assert _count(browser, "headline") == [0, 0] and _count(browser, "nav") == [1, 1]
    assert browser.js("document.getElementById('filter').value") == "n"


def test_browser_without_every_line_relabels_but_offers_no_save(browser, tmp_path):
    _open_review(browser, tmp_path, report(review_doc(), only=frozenset({"body"})))
    assert browser.js("document.querySelectorAll('button[data-form]').length") == 0
    assert "run without --only" in browser.js("document.querySelector('main .review')"
                                               ".textContent")
    browser.click("ol.lines > li:nth-child(1)")
    browser.key("h")
    assert _count(browser, "headline") == [1, 1]
