#!/usr/bin/env python3
"""Check that the classifier gives the same output as at another commit.

    python benchmarks/same_labels.py [--against REV] [--shared PATH] [--fuzz N] [--labels-only]

Runs ``classify_lines`` (and ``line_features``) of the checked-out ``segkit`` (whatever
``import segkit`` finds: the source tree, or an installed, perhaps mypyc-compiled, wheel)
and of ``src/segkit`` at REV (default ``main``, run from a temporary copy) over the pages
of ``shared/bench/articles/text``, the gold pages of ``labels/`` and the seeds, and over
N documents shuffled and mangled from their lines; then, from the pages of ``html/``, the
lines, evidence and metadata ``html_to_lines`` gives and the labels of HTML mode. Exits 1
when any label, feature or evidence differs. For speed work: a change that passes keeps
every label.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import importlib
import random
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTRA = ["©", "\u200b", "»", " > ", " › ", "by ", "By ", "Photo: ", "(AP Photo/X Y)", "|",
         "Getty Images", "2 of 4 ", "12:30", "2019", "Read more", "http://x", "@", "•", "1. ",
         "Comments", "about ", "cookie", "reserved", ":", ")", "…", "\u00a0", "中文字", "İ", "ß",
         "ǅ", "ﬁ", "Ⅻ", "\u2028", "\x1c", "\x85", "’", "Share", "Subscribe", "ΣΑΣ", "\U00010d41"]


def reference(rev: str, into: Path) -> None:
    """``src/segkit`` at ``rev``, importable as ``segkit_ref`` from ``into``."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src/segkit"],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    (into / "src" / "segkit").rename(into / "segkit_ref")


def documents(shared: Path, fuzz: int) -> dict[str, str]:
    art = shared / "bench" / "articles"
    pages = sorted((art / "text").glob("*.txt")) + sorted((shared / "seeds").glob("*.txt"))
    docs = {str(p): p.read_text(encoding="utf-8") for p in pages}
    for p in sorted((art / "labels").glob("*.tsv")) + sorted((shared / "seeds").glob("*.tsv")):
        rows = p.read_text(encoding="utf-8").split("\n")
        docs[str(p)] = "\n".join(row.split("\t", 1)[-1] for row in rows)
    if not docs:
        raise SystemExit(f"no pages under {shared}")
    rnd = random.Random(1)
    pool = [line for text in list(docs.values()) for line in text.split("\n") if line.strip()]
    for k in range(fuzz):
        lines = rnd.sample(pool, min(len(pool), rnd.randint(1, 300)))
        for i, line in enumerate(lines):
            r = rnd.random()
            if r < .15:
                lines[i] = line.upper()
            elif r < .3:
                lines[i] = line.lower()
            elif r < .5:
                lines[i] = rnd.choice(EXTRA) + line
            elif r < .6:
                lines[i] = line + rnd.choice(EXTRA)
            elif r < .7:
                lines[i] = " ".join(line.split()[: rnd.randint(1, 6)])
            elif r < .75:
                lines[i] = rnd.choice(EXTRA) + " " + rnd.choice(EXTRA)
            elif r < .8:
                lines[i] = lines[rnd.randrange(len(lines))]
        docs[f"fuzz {k}"] = "\n".join(lines)
    return docs


def outputs(package: str, docs: dict[str, str]) -> dict[str, tuple[object, object]]:
    classify = importlib.import_module(f"{package}.classify")
    features = importlib.import_module(f"{package}.features")
    out = {}
    for name, text in docs.items():
        lines = text.split("\n")
        texts = [t.strip().strip(classify._INVISIBLE) for t in lines if t.strip()]
        out[name] = (classify.classify_lines(lines),
                     [dataclasses.astuple(f) for f in features.line_features(texts)])
    return out


def html_outputs(package: str, pages: dict[str, bytes]) -> dict[str, tuple[object, ...]]:
    classify = importlib.import_module(f"{package}.classify")
    html = importlib.import_module(f"{package}.html")
    out = {}
    for name, data in pages.items():
        page = html.html_to_lines(html.decode_html(data, name))
        lines = "\n".join(page.lines).split("\n")
        out[name] = (page.lines, [ev.to_dict() for ev in page.evidence],
                     dataclasses.asdict(page.meta),
                     classify.classify_lines(lines, page.evidence, page.meta))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", default="main", help="git revision (default: main)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--fuzz", type=int, default=400, help="mangled documents (default 400)")
    parser.add_argument("--labels-only", action="store_true",
                        help="compare labels only (for a change to what a feature holds)")
    args = parser.parse_args()
    docs = documents(args.shared, args.fuzz)
    pages = {str(p): gzip.decompress(p.read_bytes())
             for p in sorted((args.shared / "bench" / "articles" / "html").glob("*.html.gz"))}
    with tempfile.TemporaryDirectory() as tmp:
        reference(args.against, Path(tmp))
        sys.path.insert(0, tmp)
        before = outputs("segkit_ref", docs)
        html_before = html_outputs("segkit_ref", pages)
    import segkit.features

    after = outputs("segkit", docs)
    html_after = html_outputs("segkit", pages)
    if args.labels_only:
        before = {name: (labels, None) for name, (labels, _) in before.items()}
        after = {name: (labels, None) for name, (labels, _) in after.items()}
        html_before = {name: outputs[-1:] for name, outputs in html_before.items()}
        html_after = {name: outputs[-1:] for name, outputs in html_after.items()}
    bad = [name for name in docs if before[name] != after[name]]
    for name in bad[:10]:
        which = "labels" if before[name][0] != after[name][0] else "features"
        print(f"DIFFERENT {which}: {name}")
    parts = ("lines", "evidence", "meta", "labels")
    html_bad = [name for name in pages if html_before[name] != html_after[name]]
    for name in html_bad[:10]:
        which = [part for part, a, b in zip(parts[-len(html_after[name]):], html_before[name],
                                            html_after[name], strict=True) if a != b]
        print(f"DIFFERENT {', '.join(which)}: {name}")
    print(f"{len(docs)} documents ({args.fuzz} mangled), "
          f"{sum(len(v[0]) for v in after.values())} lines, and {len(pages)} HTML pages; "
          f"segkit from {segkit.features.__file__}; against {args.against}: "
          + (f"{len(bad) + len(html_bad)} differ" if bad or html_bad else "all the same"))
    return 1 if bad or html_bad else 0


if __name__ == "__main__":
    sys.exit(main())
