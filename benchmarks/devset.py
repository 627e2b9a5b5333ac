#!/usr/bin/env python3
"""The labelled development set: WCXB pages with every line labelled, kept as hashes.

    python benchmarks/devset.py pick  [--shared PATH] [--rounds N]
    python benchmarks/devset.py draft --work DIR [--shared PATH] [ID ...]
    python benchmarks/devset.py label --work DIR ID.MODE RANGE=LABEL ...
    python benchmarks/devset.py store --work DIR [--shared PATH] [ID ...]
    python benchmarks/devset.py remap --work DIR [--shared PATH] [ID ...]

``pick`` chooses the pages (``devset/pages.tsv``): every live blog among the articles, then
articles and each other page type drawn at random (fixed seed), one page per domain, of
at most ``MAX_LINES`` rendered lines so that a person can review every line.

``draft`` writes, for each page, a review file per rendering into ``DIR`` (outside the
project: it holds the page's text): ``<id>.html.tsv`` and ``<id>.text.tsv``, one row per
line, ``n<TAB>label<TAB>mark<TAB>text``. The draft labels are segkit's own, corrected by
the truth (a line made of main-content words becomes ``body``; a ``body`` line that is
not becomes ``nav``); a reviewer then reads every line and fixes its label by
``../shared/LABELS.md``. In the text file, a line that is also a line of the HTML
rendering carries the HTML file's label over when ``store`` runs (mark ``=``); the other
lines (mark ``?``) need their own.

``label`` sets labels in a review file: ``0477.html 12-30=nav 31=headline`` (line numbers
as in the file; blank lines in a range keep no label).

``store`` checks the reviewed files (every non-blank line labelled, no label on a blank
one, the text unchanged) and writes the hashed gold, ``devset/html/<id>.hashed.tsv``
and ``devset/text/<id>.hashed.tsv``: line numbers, labels and hashes, no page text.

``remap`` is for a change of the reader that changes some pages' lines: for each page whose
stored hashes no longer match, it writes review files whose lines carry the stored label
where their hash is found in the stored order, and marks ``?`` the new lines, which then
need a label (``label``) before ``store``.
"""

from __future__ import annotations

import argparse
import difflib
import gzip
import random
import sys
from pathlib import Path

from segkit.labels import BODY, LABELS
from segkit.learn.dataset import domain, read_document
from segkit.learn.gold import content_lines
from segkit.pipeline import Segmenter
from segkit.tools.gold import hashed_text, read_hashed
from segkit.tools.wcxb import Truth, read_truth

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT / "benchmarks" / "devset"
PAGES = DEVSET / "pages.tsv"
SEED = 20261201
# Pages of more rendered (non-blank) lines than this are left out: each line is reviewed
# by hand, and a 2,000-line forum thread would take the time of twenty articles.
MAX_LINES = 400
# How many pages of each type the set holds (issue 12: at least 40 articles and 5 of each
# other type); live blogs come on top of the articles drawn.
PER_TYPE = {"article": 44, "forum": 6, "product": 6, "collection": 6, "listing": 6,
            "documentation": 6, "service": 6}
# Each later round (``pick --rounds N``): more articles, where the labels other than body
# and nav live, and more of every other type.
PER_TYPE_LATER = {"article": 40, "forum": 7, "product": 7, "collection": 7, "listing": 7,
                  "documentation": 7, "service": 7}
# A live blog: an article with at least this many lines that are only a time of day.
LIVE_MIN_TIMES = 6
_MARKS = ("=", "?")


def _wcxb(shared: Path) -> Path:
    return shared / "bench" / "wcxb"


def page_bytes(shared: Path, key: str, html: bool) -> bytes:
    folder = _wcxb(shared)
    if html:
        return gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
    return (folder / "text" / f"{key}.txt").read_bytes()


def rendering(shared: Path, key: str, truth: Truth, html: bool) -> list[str]:
    """Every line of a page's rendering in one mode, as segkit reads it (blank ones too)."""
    return read_document(page_bytes(shared, key, html), key, html, truth.url)[0]


def _is_live(lines: list[str]) -> bool:
    import regex

    times = regex.compile(r"^\s*(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?\s*\w{0,4}|"
                          r"\d+\s*(?:min|mins|minutes|hours?|hrs?)\s+ago)\s*$", regex.I)
    return sum(1 for t in lines if times.match(t)) >= LIVE_MIN_TIMES


def pick(shared: Path, rounds: int = 1) -> None:
    """Choose the pages: round 1 as first drawn; each later round goes on down the same
    shuffled order, never reusing a domain of an earlier round."""
    truth = read_truth(_wcxb(shared) / "truth.json")
    rng = random.Random(SEED)
    keys = sorted(truth)
    rng.shuffle(keys)
    chosen: list[tuple[str, str, str, int, str]] = []
    used: set[str] = set()
    for n in range(1, rounds + 1):
        got = _draw(shared, truth, keys, used, PER_TYPE if n == 1 else PER_TYPE_LATER)
        chosen += [(*c[:4], c[4] or f"round {n}") for c in got]
    chosen.sort()
    DEVSET.mkdir(parents=True, exist_ok=True)
    rows = ["id\ttype\tdomain\tlines\tnote"] + ["\t".join(map(str, c)) for c in chosen]
    PAGES.write_text("\n".join(rows) + "\n", encoding="utf-8")
    print(f"{len(chosen)} pages; live blogs {sum(1 for c in chosen if c[4] == 'live')}",
          file=sys.stderr)


def _draw(shared: Path, truth: dict[str, Truth], keys: list[str], used: set[str],
          per_type: dict[str, int]) -> list[tuple[str, str, str, int, str]]:
    chosen: list[tuple[str, str, str, int, str]] = []
    counts = dict.fromkeys(per_type, 0)
    for key in keys:
        t = truth[key]
        group = domain(t.url, key)
        if t.type not in per_type or group in used:
            continue
        lines = rendering(shared, key, t, True)
        size = sum(1 for s in lines if s.strip())
        live = t.type == "article" and _is_live(lines)
        if size > MAX_LINES or size == 0 or (counts[t.type] >= per_type[t.type] and not live):
            continue
        counts[t.type] += 1
        used.add(group)
        chosen.append((key, t.type, group, size, "live" if live else ""))
    return chosen


def chosen_ids() -> list[str]:
    return list(page_rounds())


def page_rounds() -> dict[str, int]:
    """Each page of ``pages.tsv`` and the round that drew it (a live blog: round 1)."""
    rows = [row.split("\t") for row in PAGES.read_text(encoding="utf-8").splitlines()[1:]]
    return {r[0]: int(r[-1].removeprefix("round ")) if r[-1].startswith("round ") else 1
            for r in rows}


def _norm(text: str) -> str:
    return " ".join(text.split())


def carried(html_lines: list[str], text_lines: list[str]) -> list[int | None]:
    """For each text line, the HTML line with the same text in the aligned order, if any."""
    a = [_norm(t) for t in html_lines]
    b = [_norm(t) for t in text_lines]
    out: list[int | None] = [None] * len(b)
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            if b[block.b + k]:
                out[block.b + k] = block.a + k
    return out


def draft_labels(seg: Segmenter, shared: Path, key: str, truth: Truth, html: bool
                 ) -> tuple[list[str], list[str]]:
    data = page_bytes(shared, key, html)
    if html:
        from segkit.inputs.charset import decode_html_page

        text, utf8 = decode_html_page(data, key)
        doc = seg.segment_html(text, utf8=utf8, id=key, url=truth.url)
    else:
        from segkit.inputs.decode import decode

        doc = seg.segment(decode(data, key), id=key, url=truth.url)
    texts = [line.text for line in doc.lines]
    labels = [line.label or "" for line in doc.lines]
    content = content_lines(texts, truth.body)
    for i, (text, is_content) in enumerate(zip(texts, content, strict=True)):
        if not text.strip():
            labels[i] = ""
        elif is_content and labels[i] in ("nav", "related"):
            labels[i] = BODY
        elif not is_content and labels[i] == BODY:
            labels[i] = "nav"
    return texts, labels


def draft(shared: Path, work: Path, ids: list[str]) -> None:
    truth = read_truth(_wcxb(shared) / "truth.json")
    seg = Segmenter(None, generic=True)
    work.mkdir(parents=True, exist_ok=True)
    for key in ids:
        t = truth[key]
        h_texts, h_labels = draft_labels(seg, shared, key, t, True)
        x_texts, x_labels = draft_labels(seg, shared, key, t, False)
        if h_texts != rendering(shared, key, t, True):
            raise SystemExit(f"{key}: segment() and the reader disagree on the lines")
        _write(work / f"{key}.html.tsv", h_texts, h_labels, [""] * len(h_texts))
        links = carried(h_texts, x_texts)
        marks = ["" if not s.strip() else ("=" if k is not None else "?")
                 for s, k in zip(x_texts, links, strict=True)]
        _write(work / f"{key}.text.tsv", x_texts, x_labels, marks)
        head = f"{key} {t.type} {t.url}\n  title: {t.title!r}\n  author: {t.author!r}\n" \
               f"  date: {t.date!r}"
        (work / f"{key}.truth.txt").write_text(head + "\n\n" + t.body + "\n", encoding="utf-8")
        print(f"{key}: {len(h_texts)} html lines, {len(x_texts)} text lines "
              f"({marks.count('?')} to label)", file=sys.stderr)


def _write(path: Path, texts: list[str], labels: list[str], marks: list[str]) -> None:
    rows = [f"{n}\t{label}\t{mark}\t{_visible(text)}" for n, (text, label, mark)
            in enumerate(zip(texts, labels, marks, strict=True), start=1)]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def _visible(text: str) -> str:
    """The line for the review file: tabs and line breaks would break its rows."""
    return text.replace("\t", "\\t").replace("\r", "\\r")


def read_review(path: Path, texts: list[str]) -> list[str]:
    """The labels of a reviewed file, checked against the rendering's lines."""
    rows = path.read_text(encoding="utf-8").split("\n")
    if rows and rows[-1] == "":
        rows.pop()
    if len(rows) != len(texts):
        raise SystemExit(f"{path}: {len(rows)} rows for {len(texts)} lines")
    labels = []
    for k, (row, text) in enumerate(zip(rows, texts, strict=True), start=1):
        n, label, _mark, shown = row.split("\t", 3)
        if n != str(k) or shown != _visible(text):
            raise SystemExit(f"{path}:{k}: the row's number or text was changed")
        if text.strip() and label not in LABELS:
            raise SystemExit(f"{path}:{k}: label {label!r} is not one of {LABELS}")
        if not text.strip() and label:
            raise SystemExit(f"{path}:{k}: a blank line takes no label")
        labels.append(label)
    return labels


def store(shared: Path, work: Path, ids: list[str]) -> None:
    truth = read_truth(_wcxb(shared) / "truth.json")
    for folder in ("html", "text"):
        (DEVSET / folder).mkdir(parents=True, exist_ok=True)
    for key in ids:
        t = truth[key]
        h_texts = rendering(shared, key, t, True)
        x_texts = rendering(shared, key, t, False)
        h_labels = read_review(work / f"{key}.html.tsv", h_texts)
        x_labels = read_review(work / f"{key}.text.tsv", x_texts)
        for i, k in enumerate(carried(h_texts, x_texts)):
            if k is not None:
                x_labels[i] = h_labels[k]
        for folder, texts, labels in (("html", h_texts, h_labels), ("text", x_texts, x_labels)):
            out = DEVSET / folder / f"{key}.hashed.tsv"
            out.write_text(hashed_text(texts, [lab or None for lab in labels]),
                           encoding="utf-8")
            read_hashed(out, texts)
        print(f"{key}: stored", file=sys.stderr)


def remap(shared: Path, work: Path, ids: list[str]) -> None:
    truth = read_truth(_wcxb(shared) / "truth.json")
    work.mkdir(parents=True, exist_ok=True)
    for key in ids:
        t = truth[key]
        h_texts = rendering(shared, key, t, True)
        x_texts = rendering(shared, key, t, False)
        h_labels, h_new = _carry(DEVSET / "html" / f"{key}.hashed.tsv", h_texts)
        x_labels, x_new = _carry(DEVSET / "text" / f"{key}.hashed.tsv", x_texts)
        if not h_new and not x_new:
            continue
        _write(work / f"{key}.html.tsv", h_texts, h_labels,
               ["?" if k in h_new else "" for k in range(len(h_texts))])
        links = carried(h_texts, x_texts)
        marks = ["" if not s.strip() else "=" if links[k] is not None else
                 "?" if k in x_new else "" for k, s in enumerate(x_texts)]
        _write(work / f"{key}.text.tsv", x_texts, x_labels, marks)
        print(f"{key}: {len(h_new)} new html lines, {len(x_new)} new text lines",
              file=sys.stderr)


def _carry(path: Path, texts: list[str]) -> tuple[list[str], set[int]]:
    """Stored labels carried to ``texts`` by hash in order; the lines that found none
    (non-blank), drafted with the label of the line before."""
    from segkit.tools.gold import line_hash

    rows = [r.split("\t") for r in path.read_text(encoding="utf-8").splitlines()[1:]]
    old = [r[2] for r in rows]
    new = [line_hash(t) for t in texts]
    labels = [""] * len(texts)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            labels[block.b + k] = rows[block.a + k][1]
    fresh = set()
    for k, text in enumerate(texts):
        if text.strip() and not labels[k]:
            fresh.add(k)
            labels[k] = next((labels[j] for j in range(k - 1, -1, -1) if labels[j]), "nav")
        elif not text.strip():
            labels[k] = ""
    return labels, fresh


def relabel(work: Path, target: str, edits: list[str]) -> None:
    path = work / f"{target}.tsv"
    rows = [row.split("\t", 3) for row in path.read_text(encoding="utf-8").splitlines()]
    for edit in edits:
        span, _, label = edit.partition("=")
        first, _, last = span.partition("-")
        if label not in LABELS:
            raise SystemExit(f"{edit}: {label!r} is not one of {LABELS}")
        for k in range(int(first), int(last or first) + 1):
            row = rows[k - 1]
            row[1] = label if row[3].strip() else ""
    path.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("step", choices=["pick", "draft", "label", "store", "remap"])
    ap.add_argument("ids", nargs="*", help="WCXB ids (default: every page of pages.tsv)")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--work", type=Path, help="the folder of review files (page text)")
    ap.add_argument("--rounds", type=int, default=1, help="pick: rounds of pages drawn")
    args = ap.parse_intermixed_args(argv)
    if args.step == "pick":
        pick(args.shared, args.rounds)
        return 0
    if args.work is None:
        ap.error(f"{args.step} needs --work DIR")
    if args.step == "label":
        relabel(args.work, args.ids[0], args.ids[1:])
        return 0
    ids = args.ids or chosen_ids()
    {"draft": draft, "store": store, "remap": remap}[args.step](args.shared, args.work, ids)
    return 0


if __name__ == "__main__":
    sys.exit(main())
