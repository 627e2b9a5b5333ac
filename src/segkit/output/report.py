"""``--format html``: one self-contained page to review segmented documents by eye.

Each document's lines are coloured by label, with its label counts and a bar of their
shares; a legend, an index of the documents (each by its headline and site, with its
source below) with the totals, and previous/next links (access keys ``p`` and ``n``)
move between them. Only one document shows at a time (the one named in the address's
``#doc-N``, else the first). A filter box above the index keeps the documents whose
headline, site or source holds what is typed (``?filter=WORDS`` in the address fills it).

The page is also where gold is written: click a line (shift-click: a range), press a
label's key (shown in the legend) and the counts follow; each document's buttons save its
lines as a gold TSV or as hashed gold (``segkit.tools.gold``), downloaded from a Blob.
Saving needs every line, so a report written with ``--only`` relabels but cannot save.

The page loads nothing: styles are inline, and its Content-Security-Policy forbids any
fetch, form and ``<base>`` and allows one script by its SHA-256 hash. The script reads
page text only through ``textContent`` and writes none into markup, so a page's text
stays inert. Documents are written as they come; only their counts, headline and site are
kept for the index. A document without a site says ``site: none`` (``null`` in JSON).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from html import escape
from pathlib import PurePath
from typing import IO, Any

from segkit.document import Document
from segkit.labels import LABELS
from segkit.output.formats.base import metadata_text

# Per label: the pale background of its lines, and the strong colour of its swatch.
COLOURS: dict[str, tuple[str, str]] = {
    "headline": ("#f3d1ea", "#a3287a"),
    "byline": ("#cdeef3", "#13798a"),
    "timestamp": ("#fbedc4", "#946200"),
    "body": ("#ffffff", "#555555"),
    "caption": ("#d8f0d2", "#2f7d32"),
    "nav": ("#e6e6e6", "#7a7a7a"),
    "related": ("#d6e2fb", "#2a56b8"),
}
PAGE = "#f0efeb"  # the page around the lines; no label uses it
# What a document without a site plugin shows for its site (the JSON's null).
NO_SITE = "none"
# What the HTML parser changes in text: CR (and CRLF) become LF, NUL is dropped.
_CHANGED_BY_HTML = re.compile("[\r\0]")
# Characters of a headline the index shows; the whole one is its tooltip.
INDEX_HEADLINE = 120

# Review keys: the key that gives each label (shown in the legend), in LABELS order.
KEYS: dict[str, str] = {"headline": "h", "byline": "y", "timestamp": "t", "body": "b",
                        "caption": "c", "nav": "n", "related": "r"}

# The page's one script. The filter hides the index entries whose text lacks a typed word.
# The review: a click selects a line, a shift-click the range from the last click (the
# arrow keys move the selection, with Shift they extend it); a key of KEYS relabels the
# selection, and the counts and the bar follow; a document's save buttons download its
# lines as a gold TSV or as hashed gold (segkit.tools.gold, whose SHA-256 the small
# implementation below mirrors), through a Blob: nothing leaves the page otherwise. It
# reads page text only through textContent (or a line's data-raw JSON, for a line whose
# characters HTML would change) and writes only textContent, classes, `hidden` and a bar
# part's flex, never markup, so page text cannot run.
SCRIPT = r"""
(function () {
  "use strict";
  var box = document.getElementById("filter");
  var items = document.querySelectorAll("ol.docs > li");
  var shown = document.getElementById("shown");
  function apply() {
    var words = box.value.toLowerCase().split(" ").filter(Boolean);
    var n = 0;
    items.forEach(function (li) {
      var text = li.textContent.toLowerCase();
      var hit = words.every(function (w) { return text.indexOf(w) >= 0; });
      li.hidden = !hit;
      if (hit) { n += 1; }
    });
    shown.textContent = words.length ? n + " of " + items.length + " shown" : "";
  }
  box.value = new URLSearchParams(location.search).get("filter") || "";
  box.hidden = false;
  box.addEventListener("input", apply);
  apply();

  var KEYS = @KEYS@;
  var HEADER = "# segkit hashed gold: line, label, sha256-12 of the line's text";
  var anchor = null, cursor = null, edits = 0, saved = 0;
  document.querySelectorAll(".review").forEach(function (el) { el.hidden = false; });
  function selected() { return document.querySelectorAll("ol.lines > li.sel"); }
  function select(li, range) {
    selected().forEach(function (x) { x.classList.remove("sel"); });
    var all = Array.prototype.slice.call(li.parentNode.children);
    var i = all.indexOf(li), j = i;
    if (range && anchor && anchor.parentNode === li.parentNode) { j = all.indexOf(anchor); }
    else { anchor = li; }
    cursor = li;
    for (var k = Math.min(i, j); k <= Math.max(i, j); k++) { all[k].classList.add("sel"); }
  }
  document.addEventListener("click", function (ev) {
    var li = ev.target.closest && ev.target.closest("ol.lines > li");
    if (li) {
      if (ev.shiftKey) { window.getSelection().removeAllRanges(); }
      select(li, ev.shiftKey);
    }
    var button = ev.target.closest && ev.target.closest("button[data-form]");
    if (button) { save(button.closest("section.doc"), button.dataset.form); }
  });
  function bump(doc, label, by) {
    [doc.querySelector(".counts li[data-label='" + label + "'] .count"),
     document.querySelector("td.num[data-label='" + label + "']")].forEach(function (el) {
      el.textContent = String(Number(el.textContent) + by);
    });
  }
  function relabel(label) {
    selected().forEach(function (li) {
      var lab = li.querySelector(".lab");
      if (!lab || lab.textContent === label) { return; }
      var doc = li.closest("section.doc");
      bump(doc, lab.textContent, -1);
      bump(doc, label, 1);
      li.classList.remove("l-" + lab.textContent);
      li.classList.add("l-" + label, "ed");
      lab.textContent = label;
      edits += 1;
      doc.querySelector(".edits").textContent =
        doc.querySelectorAll("ol.lines > li.ed").length + " changed";
      redraw(doc);
    });
  }
  function redraw(doc) {
    var bar = doc.querySelector(".bar");
    while (bar.firstChild) { bar.removeChild(bar.firstChild); }
    doc.querySelectorAll(".counts li").forEach(function (li) {
      var n = Number(li.querySelector(".count").textContent);
      if (!n) { return; }
      var part = document.createElement("span");
      part.className = "s-" + li.dataset.label;
      part.style.flex = String(n);
      part.title = li.dataset.label + ": " + n;
      bar.appendChild(part);
    });
  }
  function clear() {
    selected().forEach(function (x) { x.classList.remove("sel"); });
    anchor = cursor = null;
  }
  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.target === box) { return; }
    var label = KEYS[ev.key.toLowerCase()];
    if (label && selected().length) { ev.preventDefault(); relabel(label); }
    if (ev.key === "Escape") { clear(); }
    var to = cursor && (ev.key === "ArrowDown" ? cursor.nextElementSibling
                        : ev.key === "ArrowUp" ? cursor.previousElementSibling : null);
    if (to) { ev.preventDefault(); select(to, ev.shiftKey); to.scrollIntoView({block: "nearest"}); }
  });
  window.addEventListener("hashchange", clear);
  window.addEventListener("beforeunload", function (ev) {
    if (edits > saved) { ev.preventDefault(); ev.returnValue = ""; }
  });
  function rows(doc) {
    return Array.prototype.map.call(doc.querySelectorAll("ol.lines > li"), function (li) {
      var lab = li.querySelector(".lab"), tx = li.querySelector(".tx");
      var text = "raw" in li.dataset ? JSON.parse(li.dataset.raw) : (tx ? tx.textContent : "");
      return {n: li.querySelector(".n").textContent, label: lab ? lab.textContent : "",
              text: text};
    });
  }
  function save(doc, form) {
    var body = rows(doc).map(function (r) {
      return form === "hashed" ? r.n + "\t" + r.label + "\t" + sha256(r.text).slice(0, 12)
                               : r.label + "\t" + r.text;
    });
    if (form === "hashed") { body.unshift(HEADER); }
    var a = document.createElement("a");
    a.href = URL.createObjectURL(new Blob([body.join("\n") + "\n"],
                                          {type: "text/tab-separated-values;charset=utf-8"}));
    a.download = doc.dataset.key + (form === "hashed" ? ".hashed.tsv" : ".labels.tsv");
    document.body.appendChild(a);
    a.click();
    a.remove();
    saved = edits;
  }
  function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
  function sha256(text) {
    var bytes = new TextEncoder().encode(text), k = [], h = [], primes = [];
    for (var c = 2; primes.length < 64; c++) {
      if (primes.every(function (p) { return c % p; })) {
        if (primes.length < 8) { h.push(Math.pow(c, 1 / 2) * 4294967296 | 0); }
        k.push(Math.pow(c, 1 / 3) * 4294967296 | 0);
        primes.push(c);
      }
    }
    var size = ((bytes.length + 9 + 63) >> 6) << 4, words = new Int32Array(size);
    for (var i = 0; i < bytes.length; i++) { words[i >> 2] |= bytes[i] << (24 - (i & 3) * 8); }
    words[bytes.length >> 2] |= 0x80 << (24 - (bytes.length & 3) * 8);
    words[size - 2] = Math.floor(bytes.length / 0x20000000);
    words[size - 1] = bytes.length * 8;
    for (var j = 0; j < size; j += 16) {
      var w = new Int32Array(64), v = h.slice();
      for (i = 0; i < 64; i++) {
        if (i < 16) { w[i] = words[j + i]; } else {
          var a = w[i - 15], b = w[i - 2];
          w[i] = w[i - 16] + (rotr(a, 7) ^ rotr(a, 18) ^ (a >>> 3)) + w[i - 7]
               + (rotr(b, 17) ^ rotr(b, 19) ^ (b >>> 10));
        }
        var e = v[4], t1 = v[7] + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25))
                     + ((e & v[5]) ^ (~e & v[6])) + k[i] + w[i];
        var t2 = (rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22))
               + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
        v = [(t1 + t2) | 0, v[0], v[1], v[2], (v[3] + t1) | 0, v[4], v[5], v[6]];
      }
      h = h.map(function (x, m) { return (x + v[m]) | 0; });
    }
    return h.map(function (x) { return ("0000000" + (x >>> 0).toString(16)).slice(-8); })
            .join("");
  }
})();
""".replace("@KEYS@", json.dumps({key: label for label, key in KEYS.items()}))
SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode("ascii")
# Nothing fetched, no form sent, no <base>; inline styles; the one script
# above, by its hash (the Blob a save downloads is a navigation, which the policy allows).
CSP = (f"default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{SCRIPT_HASH}'; "
       "form-action 'none'; base-uri 'none'")

_LABEL_CSS = "\n".join(
    f".l-{label} {{ background: {pale}; }}\n"
    f".l-{label} .lab, .s-{label} {{ background: {strong}; color: #fff; }}"
    for label, (pale, strong) in COLOURS.items()
)

CSS = """
* { box-sizing: border-box; }
body { margin: 0; background: PAGE; color: #1a1a1a;
       font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
       display: grid; grid-template-columns: 17rem minmax(0, 1fr);
       grid-template-areas: "top top" "index docs"; }
header.top { grid-area: top; display: flex; flex-wrap: wrap; align-items: baseline;
             gap: .5rem 1.5rem; padding: .6rem 1rem; border-bottom: 1px solid #cfcdc6; }
header.top h1 { font-size: 1.1rem; margin: 0; }
.legend, .counts { display: flex; flex-wrap: wrap; gap: .3rem .8rem; list-style: none;
                   margin: 0; padding: 0; }
.swatch { display: inline-block; width: .9rem; height: .9rem; border-radius: 2px;
          vertical-align: -.1rem; margin-right: .3rem; }
nav.index { grid-area: index; padding: .6rem 1rem; border-right: 1px solid #cfcdc6;
            position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; }
nav.index h2 { font-size: .95rem; margin: .4rem 0; }
nav.index ol { padding-left: 1.6rem; margin: 0 0 1rem; }
nav.index li { margin: .15rem 0; overflow-wrap: anywhere; }
nav.index .meta { color: #666; font-size: .8rem; }
nav.index .src { color: #888; font-size: .75rem; display: block; }
nav.index input { width: 100%; margin: .2rem 0 .4rem; font: inherit; }
nav.index .shown { color: #666; font-size: .8rem; }
nav.index table { border-collapse: collapse; font-size: .85rem; }
nav.index td { padding: .05rem .4rem .05rem 0; }
nav.index td.num { text-align: right; }
main { grid-area: docs; padding: .6rem 1rem 2rem; min-width: 0; }
/* one document at a time; 100vh keeps the page at its top when #doc-N is opened */
.doc { display: none; scroll-margin-top: 100vh; }
.doc:target { display: block; }
main:not(:has(.doc:target)) > .doc:first-of-type { display: block; }
@supports not selector(:has(a)) { .doc { display: block; } }
.doc h2 { font-size: 1.05rem; margin: .2rem 0; overflow-wrap: anywhere; }
.doc .meta { color: #555; margin: 0 0 .4rem; }
.doc .meta a { margin-left: .6rem; }
.doc:last-of-type .next { display: none; }
.bar { display: flex; height: .5rem; margin: .5rem 0 .8rem; border-radius: 2px;
       overflow: hidden; }
ol.lines { list-style: none; margin: 0; padding: 0; border: 1px solid #cfcdc6; }
ol.lines li { display: grid; grid-template-columns: 3.2rem 5.6rem minmax(0, 1fr);
              min-height: 1.5em; }
ol.lines .n { color: #777; text-align: right; padding-right: .5rem;
              font-variant-numeric: tabular-nums; }
ol.lines .lab { font-size: .75rem; text-align: center; align-self: start;
                margin: .15rem .4rem 0 0; border-radius: 2px; line-height: 1.4; }
ol.lines .tx { white-space: pre-wrap; overflow-wrap: anywhere; padding-right: .4rem; }
ol.lines li.blank { min-height: .6em; background: PAGE; }
ol.lines li { cursor: pointer; }
ol.lines li.sel { outline: 2px solid #1a1a1a; outline-offset: -2px; }
ol.lines li.ed .lab::after { content: " *"; }
kbd { font: .75rem ui-monospace, monospace; border: 1px solid #999; border-radius: 2px;
      padding: 0 .2rem; margin-left: .2rem; background: #fff; }
.review { margin: .3rem 0; color: #444; }
.review button { font: inherit; margin-right: .5rem; }
""".replace("PAGE", PAGE) + _LABEL_CSS

HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="@CSP@">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>segkit report</title>
<style>@CSS@</style>
</head>
<body>
<header class="top"><h1>segkit report</h1>
<ul class="legend" aria-label="labels">@LEGEND@</ul>
<p class="review" hidden>Click a line (shift-click: a range; arrow keys move, Shift+arrow
extends), then a label's key to relabel it; Esc clears the selection.</p></header>
<main>
"""


@dataclass(frozen=True, slots=True)
class _Entry:
    """What the index keeps of a written document."""

    anchor: str
    name: str
    site: str | None
    counts: dict[str, int]
    headline: str | None


class HtmlReport:
    """Writes the page to ``out``: the head at once, a section per document, the index last."""

    def __init__(self, out: IO[str], *, complete: bool = True) -> None:
        """``complete``: every line of each document is written (no ``--only``), so the
        page can save gold; otherwise it can relabel but not save."""
        self.out = out
        self.complete = complete
        self.entries: list[_Entry] = []
        self.started = False

    def add(self, doc: Document, rows: list[dict], metadata: dict[str, Any] | None = None
            ) -> None:
        """One document; ``rows`` are its lines as written (after ``--only``), and
        ``metadata`` what the page says of itself (the JSON record's keys), shown under
        its name so a reviewer sees the title, author and date segkit read."""
        self._start()
        k = len(self.entries) + 1
        anchor = f"doc-{k}"
        counts = {label: 0 for label in LABELS}
        for row in rows:
            if row["label"] is not None:
                counts[row["label"]] += 1
        name = doc.source or doc.id
        headline = next((r["text"].strip() for r in rows
                         if r["label"] == "headline" and r["text"].strip()), None)
        self.entries.append(_Entry(anchor, name, doc.site, counts, headline))
        w = self.out.write
        w(f'<section class="doc" id="{anchor}" aria-labelledby="{anchor}-h" '
          f'data-key="{escape(PurePath(doc.id).name)}">\n')
        w(f'<h2 id="{anchor}-h">{escape(name)}</h2>\n<p class="meta">')
        if doc.url:
            w(f"{escape(doc.url)} · ")
        w(f"site: {escape(doc.site or NO_SITE)} · {len(rows)} lines, "
          f"{sum(counts.values())} labelled")
        if k > 1:
            w(f'<a class="prev" href="#doc-{k - 1}" accesskey="p">← previous</a>')
        w(f'<a class="next" href="#doc-{k + 1}" accesskey="n">next →</a></p>\n')
        known = metadata_text(metadata or {})
        if known:
            w(f'<p class="meta doc-meta">{escape(known)}</p>\n')
        w(_counts(counts) + "\n" + _bar(counts) + "\n" + self._save_buttons() + "\n")
        w('<ol class="lines">\n')
        for row in rows:
            w(_line(row))
        w("</ol>\n</section>\n")

    def _save_buttons(self) -> str:
        """The review's save buttons, or why there are none (shown once the script runs)."""
        if not self.complete:
            return ('<p class="review" hidden>Gold needs every line: run without --only to '
                    'save. <span class="edits"></span></p>')
        return ('<p class="review" hidden><button type="button" data-form="tsv">save gold '
                '(.labels.tsv)</button><button type="button" data-form="hashed">save hashed '
                'gold (.hashed.tsv)</button><span class="edits"></span></p>')

    def close(self) -> None:
        """The index of documents and the label totals, then the end of the page."""
        self._start()
        w = self.out.write
        if not self.entries:
            w("<p>No documents.</p>\n")
        w('</main>\n<nav class="index" aria-label="documents">\n')
        w(f"<h2>Documents ({len(self.entries)})</h2>\n")
        w('<input id="filter" type="search" hidden placeholder="filter: headline, site, '
          'source" aria-label="filter the documents"><span id="shown" class="shown">'
          '</span>\n<ol class="docs">\n')
        for e in self.entries:
            w(_index_entry(e))
        w("</ol>\n<h2>Labels, all documents</h2>\n<table>\n")
        for label in LABELS:
            total = sum(e.counts[label] for e in self.entries)
            w(f'<tr><td><span class="swatch s-{label}"></span>{label}</td>'
              f'<td class="num" data-label="{label}">{total}</td></tr>\n')
        w(f"</table>\n</nav>\n<script>{SCRIPT}</script>\n</body>\n</html>\n")

    def _start(self) -> None:
        if not self.started:
            self.started = True
            legend = "".join(f'<li><span class="swatch s-{label}"></span>{label}'
                             f'<kbd>{KEYS[label]}</kbd></li>' for label in LABELS)
            self.out.write(HEAD.replace("@CSS@", CSS).replace("@LEGEND@", legend)
                           .replace("@CSP@", CSP))


def _line(row: dict) -> str:
    """A line of a document: its number, label and text. A line holding a character that
    HTML would not give back as it is (a carriage return, NUL) also carries its text as
    JSON in ``data-raw``, so the gold the page saves holds the line exactly."""
    text = row["text"]
    raw = f' data-raw="{escape(json.dumps(text))}"' if _CHANGED_BY_HTML.search(text) else ""
    tx = f'<span class="tx">{escape(text)}</span>' if text else ""
    if row["label"] is None:
        return f'<li class="blank"{raw}><span class="n">{row["n"]}</span>{tx}</li>\n'
    return (f'<li class="l-{row["label"]}"{raw}><span class="n">{row["n"]}</span>'
            f'<span class="lab">{row["label"]}</span>{tx}</li>\n')


def _index_entry(e: _Entry) -> str:
    """An index line: the headline (else the source) as the link, its site and count,
    then the source in small type when the headline took its place."""
    title = e.headline or e.name
    shown = title if len(title) <= INDEX_HEADLINE else title[:INDEX_HEADLINE - 1] + "…"
    source = f'<span class="src">{escape(e.name)}</span>' if e.headline else ""
    return (f'<li><a href="#{e.anchor}" title="{escape(title)}">{escape(shown)}</a>'
            f'<br><span class="meta">site: {escape(e.site or NO_SITE)} · '
            f"{sum(e.counts.values())} labelled</span>{source}{_bar(e.counts)}</li>\n")


def _counts(counts: dict[str, int]) -> str:
    items = "".join(
        f'<li data-label="{label}"><span class="swatch s-{label}"></span>{label} '
        f'<b class="count">{n}</b></li>' for label, n in counts.items())
    return f'<ul class="counts" aria-label="label counts">{items}</ul>'


def _bar(counts: dict[str, int]) -> str:
    parts = "".join(f'<span class="s-{label}" style="flex: {n}" title="{label}: {n}"></span>'
                    for label, n in counts.items() if n)
    return f'<div class="bar" aria-hidden="true">{parts}</div>'
