"""``--format html``: one self-contained page to review segmented documents by eye.

Each document's lines are coloured by label, with its label counts and a bar of their
shares; a legend, an index of the documents with the totals, and previous/next links
(access keys ``p`` and ``n``) move between them. Only one document shows at a time (the
one named in the address's ``#doc-N``, else the first). The page loads nothing: styles
are inline, there is no script, and its Content-Security-Policy forbids any fetch.
Documents are written as they come; only their counts are kept for the index.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import IO

from segkit.document import Document, Line
from segkit.labels import LABELS

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
""".replace("PAGE", PAGE) + _LABEL_CSS

HEAD = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>segkit report</title>
<style>@CSS@</style>
</head>
<body>
<header class="top"><h1>segkit report</h1>
<ul class="legend" aria-label="labels">@LEGEND@</ul></header>
<main>
"""


@dataclass(frozen=True, slots=True)
class _Entry:
    """What the index keeps of a written document."""

    anchor: str
    name: str
    site: str | None
    counts: dict[str, int]


class HtmlReport:
    """Writes the page to ``out``: the head at once, a section per document, the index last."""

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.entries: list[_Entry] = []
        self.started = False

    def add(self, rendered: str) -> None:
        """One document, as :func:`render_document` rendered it (in a worker): the head of
        its section, which holds its place among the documents, then its rows as they are."""
        head, _, body = rendered.partition("\n")
        doc = json.loads(head)
        self._start()
        k = len(self.entries) + 1
        anchor = f"doc-{k}"
        counts, name, site = doc["counts"], doc["name"], doc["site"]
        self.entries.append(_Entry(anchor, name, site, counts))
        w = self.out.write
        w(f'<section class="doc" id="{anchor}" aria-labelledby="{anchor}-h">\n')
        w(f'<h2 id="{anchor}-h">{escape(name)}</h2>\n<p class="meta">')
        if doc["url"]:
            w(f"{escape(doc['url'])} · ")
        w(f"site: {escape(site or 'generic')} · {doc['rows']} lines, "
          f"{sum(counts.values())} labelled")
        if k > 1:
            w(f'<a class="prev" href="#doc-{k - 1}" accesskey="p">← previous</a>')
        w(f'<a class="next" href="#doc-{k + 1}" accesskey="n">next →</a></p>\n')
        w(body)

    def close(self) -> None:
        """The index of documents and the label totals, then the end of the page."""
        self._start()
        w = self.out.write
        if not self.entries:
            w("<p>No documents.</p>\n")
        w('</main>\n<nav class="index" aria-label="documents">\n')
        w(f"<h2>Documents ({len(self.entries)})</h2>\n<ol>\n")
        for e in self.entries:
            w(f'<li><a href="#{e.anchor}">{escape(e.name)}</a><br><span class="meta">'
              f"{escape(e.site or 'generic')} · {sum(e.counts.values())} labelled</span>"
              f"{_bar(e.counts)}</li>\n")
        w("</ol>\n<h2>Labels, all documents</h2>\n<table>\n")
        for label in LABELS:
            total = sum(e.counts[label] for e in self.entries)
            w(f'<tr><td><span class="swatch s-{label}"></span>{label}</td>'
              f'<td class="num" data-label="{label}">{total}</td></tr>\n')
        w("</table>\n</nav>\n</body>\n</html>\n")

    def _start(self) -> None:
        if not self.started:
            self.started = True
            legend = "".join(f'<li><span class="swatch s-{label}"></span>{label}</li>'
                             for label in LABELS)
            self.out.write(HEAD.replace("@CSS@", CSS).replace("@LEGEND@", legend))


def render_document(doc: Document, lines: Sequence[Line]) -> str:
    """A document's part of the report that does not depend on its place in it: a JSON line
    of what the section's head and the index need, then the section's rows. Rendered
    where the document was segmented, so the main process of a --jobs run only writes."""
    counts = {label: 0 for label in LABELS}
    rows = []
    for line in lines:
        label = line.label
        if label is None:
            rows.append(f'<li class="blank"><span class="n">{line.n}</span></li>\n')
            continue
        counts[label] += 1
        rows.append(f'<li class="l-{label}"><span class="n">{line.n}</span>'
                    f'<span class="lab">{label}</span><span class="tx">{escape(line.text)}'
                    "</span></li>\n")
    head = json.dumps({"name": doc.source or doc.id, "url": doc.url, "site": doc.site,
                       "rows": len(lines), "counts": counts})
    body = "".join(rows)
    return (f'{head}\n{_counts(counts)}\n{_bar(counts)}\n<ol class="lines">\n{body}'
            "</ol>\n</section>\n")


def _counts(counts: dict[str, int]) -> str:
    items = "".join(
        f'<li data-label="{label}"><span class="swatch s-{label}"></span>{label} '
        f'<b class="count">{n}</b></li>' for label, n in counts.items())
    return f'<ul class="counts" aria-label="label counts">{items}</ul>'


def _bar(counts: dict[str, int]) -> str:
    parts = "".join(f'<span class="s-{label}" style="flex: {n}" title="{label}: {n}"></span>'
                    for label, n in counts.items() if n)
    return f'<div class="bar" aria-hidden="true">{parts}</div>'
