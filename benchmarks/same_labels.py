#!/usr/bin/env python3
"""Check that ``segkit split`` writes the same bytes as at another commit.

    python benchmarks/same_labels.py [--against REV] [--shared PATH] [--fuzz N] [--sets A,B]
                                     [--lines-only]

Runs the command of the checked-out ``segkit`` (whatever ``import segkit`` finds: the source
tree, or an installed, perhaps mypyc-compiled, wheel) and of the tree at REV (default
``main``, run from a temporary copy with its own ``plugins/``) over each input set: the
181 article pages as text and HTML, the 1,497 WCXB pages as HTML and text, the seeds, and
N documents shuffled and mangled from the lines of the labelled pages. Output is JSONL
with ``--evidence`` (lines, labels, markup evidence and page metadata), one worker. It
compares the output document by document and exits 1 when any differs. The reference's
output is kept under ``.cache/same_labels/<commit>/`` so a second check costs one run.

It drives the command, not internal functions, so it holds across a change of layout.
"""

from __future__ import annotations

import argparse
import json
import os
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
RUN = "import sys; from segkit.cli import main; sys.exit(main())"


def reference(rev: str, into: Path) -> Path:
    """The tree at ``rev`` (``src`` and ``plugins``) unpacked under ``into``; its ``src``."""
    data = subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src", "plugins"],
                          check=True, capture_output=True).stdout
    with tarfile.open(fileobj=BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def mangled(shared: Path, count: int) -> list[dict[str, str]]:
    """Documents shuffled from real lines, with case changes and cue words glued on."""
    art = shared / "bench" / "articles"
    texts = [p.read_text(encoding="utf-8") for p in sorted((art / "text").glob("*.txt"))]
    for p in sorted((art / "labels").glob("*.tsv")) + sorted((shared / "seeds").glob("*.tsv")):
        rows = p.read_text(encoding="utf-8").split("\n")
        texts.append("\n".join(row.split("\t", 1)[-1] for row in rows))
    rnd = random.Random(1)
    pool = [line for text in texts for line in text.split("\n") if line.strip()]
    docs = []
    for k in range(count):
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
        docs.append({"id": f"fuzz-{k}", "text": "\n".join(lines)})
    return docs


def input_sets(shared: Path, cache: Path, fuzz: int) -> dict[str, list[str]]:
    """Each set's inputs, as paths relative to the project (so that outputs, which name
    their sources, compare across checkouts)."""
    fuzz_path = cache / f"mangled-{fuzz}.input.jsonl"
    fuzz_path.write_text("".join(json.dumps(d) + "\n" for d in mangled(shared, fuzz)),
                         encoding="utf-8")
    bench = shared / "bench"
    paths = {
        "articles-text": [bench / "articles" / "text"],
        "articles-html": [bench / "articles" / "html"],
        "wcxb-html": [bench / "wcxb" / "html"],
        "wcxb-text": [bench / "wcxb" / "text"],
        "seeds": [shared / "seeds", ROOT / "seeds"],
        "mangled": [fuzz_path],
    }
    return {k: [os.path.relpath(p, ROOT) for p in v] for k, v in paths.items()}


def run(src: Path | None, inputs: list[str], out: Path) -> None:
    """One ``segkit split`` run; ``src`` None means the segkit that ``import`` finds."""
    env = dict(os.environ)
    env.pop("SEGKIT_PLUGINS", None)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    cmd = [sys.executable, "-c", RUN, "split", "--format", "jsonl", "--evidence", "--jobs", "1",
           "--no-progress", "-o", str(out), *inputs]
    subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True)
    if not out.exists():
        raise SystemExit(f"no output from {' '.join(cmd)}")


def by_document(path: Path, lines_only: bool = False) -> dict[str, str]:
    """Each document's output by source and id: the whole record, or only its lines."""
    docs = {}
    for row in path.read_text(encoding="utf-8").splitlines():
        record = json.loads(row)
        # By file name: a reference cached from another worktree names the files by
        # another relative path.
        key = f"{Path(record.get('source') or '').name}#{record.get('id')}"
        if lines_only:
            docs[key] = json.dumps(record.get("lines"), sort_keys=True)
        else:
            docs[key] = row.replace(json.dumps(record.get("source")), "", 1)
    return docs


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--against", default="main", help="git revision (default: main)")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--fuzz", type=int, default=400, help="mangled documents (default 400)")
    parser.add_argument("--sets", default="", help="comma-separated input sets (default: all)")
    parser.add_argument("--lines-only", action="store_true",
                        help="compare each document's lines, labels and evidence, not its "
                             "metadata (for a change meant to alter only the metadata)")
    args = parser.parse_args()
    commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", args.against], check=True,
                            capture_output=True, text=True).stdout.strip()
    cache = ROOT / ".cache" / "same_labels" / f"{commit}-v2"
    cache.mkdir(parents=True, exist_ok=True)
    differ = 0
    with tempfile.TemporaryDirectory() as tmp:
        sets = input_sets(args.shared.resolve(), ROOT / ".cache" / "same_labels", args.fuzz)
        wanted = [s for s in args.sets.split(",") if s] or list(sets)
        src = None
        for name in wanted:
            before = cache / f"{name}-{args.fuzz}.jsonl"
            if not before.exists():
                src = src or reference(commit, Path(tmp) / "ref")
                run(src, sets[name], before)
            after = Path(tmp) / f"{name}.jsonl"
            run(None, sets[name], after)
            old, new = by_document(before, args.lines_only), by_document(after, args.lines_only)
            bad = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
            for key in bad[:5]:
                print(f"DIFFERENT {name}: {key}")
            print(f"{name}: {len(new)} documents, "
                  + (f"{len(bad)} differ" if bad else "all the same"))
            differ += len(bad)
    print(f"against {args.against} ({commit[:10]}): "
          + (f"{differ} documents differ" if differ else "every output the same"))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
