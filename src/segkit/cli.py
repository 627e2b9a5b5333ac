"""The ``segkit`` command: ``split``, ``plugins``, ``eval``, ``explain`` and ``new-plugin``."""

from __future__ import annotations

import argparse
import errno
import json
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from . import __version__, scaffold
from .evaluate import LineScores, body_scores, read_gold
from .explain import explain, format_json, format_text
from .html import decode_html, is_html
from .labels import LABELS, parse_labels
from .pipeline import Segmenter, UnknownSiteError
from .plugins import load_plugins
from .reader import InputError, decode, iter_sources, unwrap
from .writers import FORMATS, Writer

EXIT_INPUT_ERRORS = 1
EXIT_USAGE = 2


def _warn(message: str) -> None:
    print(f"segkit: {message}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="segkit", description="Label every line of a web document with one of "
        + ", ".join(LABELS) + ".")
    parser.add_argument("--version", action="version", version=f"segkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    split = sub.add_parser("split", help="segment documents and write labelled lines")
    split.add_argument("inputs", nargs="*", default=["-"], metavar="INPUT",
                       help="files or folders of raw page text or HTML (.html, .htm, .gz, or "
                       "by content); '-' (the default) is stdin")
    split.add_argument("-f", "--format", choices=FORMATS,
                       help="output format (default: text on a terminal, jsonl otherwise)")
    split.add_argument("--only", type=_labels_arg, metavar="LABELS",
                       help="keep only these comma-separated labels, e.g. 'body'")
    split.add_argument("-o", "--output", metavar="PATH", help="write here instead of stdout")
    split.add_argument("--url", help="where the text came from; chooses a site plugin by domain")
    split.add_argument("--evidence", action="store_true",
                       help="with HTML input, add each line's markup evidence and the page's "
                       "metadata to JSON output")
    _plugin_args(split)
    choice = split.add_mutually_exclusive_group()
    choice.add_argument("--site", help="force this site plugin")
    choice.add_argument("--generic", action="store_true", help="use no site plugin")
    split.add_argument("--colour", "--color", choices=("auto", "always", "never"),
                       default="auto", help="colour labels in --format text (default: auto)")

    plugins = sub.add_parser("plugins", help="list the loaded plugins and their sites")
    _plugin_args(plugins)
    plugins.add_argument("--json", action="store_true", help="print JSON")

    ev = sub.add_parser("eval", help="score segmentations against gold labels or bodies")
    ev.add_argument("predictions", help="segkit JSONL output (a file, or '-' for stdin)")
    goal = ev.add_mutually_exclusive_group(required=True)
    goal.add_argument("--labels", metavar="DIR",
                      help="folder of <id>.labels.tsv gold files: line-label scores")
    goal.add_argument("--bodies", metavar="JSON",
                      help="ground-truth JSON {id: {articleBody}}: body precision/recall/F1")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    _authoring_commands(sub)
    return parser


def _authoring_commands(sub: argparse._SubParsersAction) -> None:
    ex = sub.add_parser("explain", help="show why each line of a document got its label")
    ex.add_argument("input", metavar="FILE",
                    help="a file of page text or HTML (as split reads it), or '-' for stdin")
    ex.add_argument("--url", help="where the text came from; chooses a site plugin by domain")
    _plugin_args(ex)
    choice = ex.add_mutually_exclusive_group()
    choice.add_argument("--site", help="force this site plugin")
    choice.add_argument("--generic", action="store_true", help="use no site plugin")
    ex.add_argument("--json", action="store_true", help="print JSON, every line with its reason")

    new = sub.add_parser("new-plugin", help="start a site plugin: module, sample and test")
    new.add_argument("domain", metavar="DOMAIN", help="the site's domain, e.g. example.com")
    new.add_argument("--dir", default=".", metavar="DIR",
                     help="write DIR/plugins, DIR/seeds and DIR/tests (default: here)")
    new.add_argument("--name", help="the plugin's name (default: from the domain)")
    new.add_argument("--force", action="store_true", help="replace files that exist")


def _plugin_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plugins", action="append", default=[], metavar="DIR",
                        help="also load site plugins from this folder (repeatable)")


def _labels_arg(spec: str) -> frozenset[str]:
    try:
        return parse_labels(spec)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return {"split": cmd_split, "plugins": cmd_plugins, "eval": cmd_eval,
                "explain": cmd_explain, "new-plugin": cmd_new_plugin}[args.command](args)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return 130


class _Output:
    """Where ``split`` writes: stdout, or a temporary file beside the target.

    The temporary file replaces the target only when the run ends normally and ``keep``
    is true, so an interrupted or crashed run leaves the previous file (or none), never
    a half-written one.
    """

    def __init__(self, path: str | None) -> None:
        self.path = None if path in (None, "-") else Path(path)
        self.keep = True
        self.tmp: Path | None = None

    @contextmanager
    def open(self) -> Iterator[IO[str]]:
        if self.path is None:
            yield sys.stdout
            return
        target = self.path
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part",
                                   dir=target.parent)
        self.tmp = Path(tmp)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            if self.keep:
                # mkstemp makes the file private (0600); give it the mode a new or the
                # replaced file would have.
                os.chmod(tmp, _mode_for(target))
                os.replace(tmp, target)
        finally:
            self.tmp.unlink(missing_ok=True)


def _mode_for(target: Path) -> int:
    try:
        return target.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def cmd_split(args: argparse.Namespace) -> int:
    try:
        segmenter = Segmenter(load_plugins(args.plugins, warn=_warn),
                              site=args.site, generic=args.generic, warn=_warn)
    except UnknownSiteError as exc:
        _warn(str(exc))
        return EXIT_USAGE
    tty = sys.stdout.isatty() and args.output in (None, "-")
    fmt = args.format or ("text" if tty else "jsonl")
    colour = args.colour == "always" or (args.colour == "auto" and tty
                                         and not os.environ.get("NO_COLOR"))
    output = _Output(args.output)
    if output.path is not None:
        if output.path.is_dir():
            _warn(f"{args.output}: is a directory, not an output file")
            return EXIT_USAGE
        if not output.path.parent.is_dir():
            _warn(f"{args.output}: output folder does not exist")
            return EXIT_USAGE
    failed = 0
    try:
        with output.open() as out:
            writer = Writer(out, fmt, only=args.only, colour=colour, evidence=args.evidence)
            for item in iter_sources(args.inputs):
                name = item.name
                try:
                    if isinstance(item, InputError):
                        raise item
                    data = unwrap(item.data, item.name)
                    url = args.url or item.url
                    if is_html(data, item.name):
                        doc = segmenter.segment_html(decode_html(data, item.name), id=item.id,
                                                     source=item.name, url=url)
                    else:
                        doc = segmenter.segment(decode(data, item.name), id=item.id,
                                                source=item.name, url=url)
                except InputError as exc:
                    failed += 1
                    _warn(str(exc))
                    continue
                except Exception as exc:  # a bug must not cost the other inputs their output
                    failed += 1
                    _warn(f"{name}: internal error: {type(exc).__name__}: {exc}")
                    continue
                writer.write(doc)
            writer.close()
            # Every input failed: keep the previous output file rather than empty it.
            output.keep = writer.count > 0 or not failed
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            raise
        _warn(f"{args.output or '<stdout>'}: cannot write: {exc.strerror or exc}")
        return EXIT_USAGE
    if failed:
        kept = "" if output.keep or output.path is None else f"; {args.output} left as it was"
        _warn(f"{failed} input(s) failed; {writer.count} document(s) written{kept}")
        return EXIT_INPUT_ERRORS
    return 0


def cmd_plugins(args: argparse.Namespace) -> int:
    plugins = load_plugins(args.plugins, warn=_warn)
    rows = []
    for name, origin in plugins.origins.items():
        sites = [s for s in plugins.sites if s.plugin == name]
        rows.append({"name": name, "origin": origin,
                     "sites": [{"name": s.name, "domains": list(s.domains),
                                "signature": s.signature} for s in sites]})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 1 if plugins.errors else 0
    for row in rows:
        print(f"{row['name']}  ({row['origin']})")
        for site in row["sites"]:
            domains = ", ".join(site["domains"]) or "no domains"
            sig = f"; signature {site['signature']!r}" if site["signature"] else ""
            print(f"    site {site['name']}: {domains}{sig}")
    return 1 if plugins.errors else 0


def _read_predictions(path: str) -> list[dict]:
    fh: IO[str] = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    with fh:
        docs = []
        for number, raw in enumerate(fh, start=1):
            if raw.strip():
                try:
                    docs.append(json.loads(raw))
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}", f"not JSON: {exc}") from exc
        return docs


def cmd_eval(args: argparse.Namespace) -> int:
    try:
        docs = _read_predictions(args.predictions)
    except (OSError, InputError) as exc:
        _warn(str(exc))
        return EXIT_USAGE
    if args.labels:
        return _eval_labels(docs, Path(args.labels), args.json)
    return _eval_bodies(docs, Path(args.bodies), args.json)


def _doc_key(doc: dict) -> str:
    return Path(str(doc.get("id") or "")).name


def _eval_labels(docs: list[dict], folder: Path, as_json: bool) -> int:
    scores = LineScores()
    missing = 0
    for doc in docs:
        gold_path = folder / f"{_doc_key(doc)}.labels.tsv"
        if not gold_path.exists():
            missing += 1
            _warn(f"{doc.get('source') or doc.get('id')}: no gold file {gold_path}; skipped")
            continue
        gold = read_gold(gold_path)
        texts = [ln["text"] for ln in doc["lines"]]
        if [t for _, t in gold] != texts:
            _warn(f"{gold_path}: its lines differ from the segmented document; skipped")
            missing += 1
            continue
        scores.add([g for g, _ in gold], [ln["label"] for ln in doc["lines"]])
    if as_json:
        print(json.dumps({"accuracy": scores.accuracy, "macro_f1": scores.macro_f1,
                          "lines": scores.total, "documents": len(docs) - missing,
                          "labels": {lab: dict(zip(("precision", "recall", "f1", "support"),
                                                   scores.prf(lab), strict=True))
                                     for lab in scores.present()}}, indent=2))
    else:
        print(scores.table())
        print(f"{len(docs) - missing} document(s) scored, {missing} skipped")
    return 0 if scores.total else EXIT_INPUT_ERRORS


def _eval_bodies(docs: list[dict], path: Path, as_json: bool) -> int:
    try:
        truth = {k: v["articleBody"] for k, v in json.loads(path.read_text("utf-8")).items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        _warn(f"{path}: not a ground-truth JSON of {{id: {{articleBody}}}}: {exc}")
        return EXIT_USAGE
    pred = {}
    for doc in docs:
        key = _doc_key(doc).split(".")[0]
        pred[key] = "\n".join(ln["text"] for ln in doc["lines"] if ln["label"] == "body")
    ids = [i for i in truth if i in pred]
    if not ids:
        _warn("no predicted document matches an id of the ground truth")
        return EXIT_INPUT_ERRORS
    unknown = sorted(set(pred) - set(truth))
    if unknown:
        _warn(f"{len(unknown)} predicted document(s) not in the ground truth, not scored: "
              + ", ".join(unknown[:5]) + (" ..." if len(unknown) > 5 else ""))
    scores = body_scores(pred, truth, ids)
    if as_json:
        print(json.dumps({"precision": scores.precision, "recall": scores.recall,
                          "f1": scores.f1, "pages": scores.pages}, indent=2))
    else:
        print(scores.summary())
        if len(ids) < len(truth):
            print(f"({len(truth) - len(ids)} ground-truth pages had no prediction)")
    return 0


def cmd_explain(args: argparse.Namespace) -> int:
    if Path(args.input).is_dir():
        _warn(f"{args.input}: explain takes one file, not a folder")
        return EXIT_USAGE
    try:
        segmenter = Segmenter(load_plugins(args.plugins, warn=_warn),
                              site=args.site, generic=args.generic, warn=_warn)
    except UnknownSiteError as exc:
        _warn(str(exc))
        return EXIT_USAGE
    [item] = list(iter_sources([args.input]))
    try:
        if isinstance(item, InputError):
            raise item
        data = unwrap(item.data, item.name)
        html = is_html(data, item.name)
        text = decode_html(data, item.name) if html else decode(data, item.name)
    except InputError as exc:
        _warn(str(exc))
        return EXIT_INPUT_ERRORS
    expl = explain(segmenter, text, id=item.id, source=item.name, url=args.url or item.url,
                   html=html)
    if args.json:
        sys.stdout.write(format_json(expl))
    else:
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        sys.stdout.write(format_text(expl, width))
    return 0


def cmd_new_plugin(args: argparse.Namespace) -> int:
    root = Path(args.dir)
    try:
        plan = scaffold.plan(args.domain, root, args.name)
        written = scaffold.write(plan, force=args.force)
    except (scaffold.ScaffoldError, OSError) as exc:
        _warn(str(exc))
        return EXIT_USAGE
    plugin, sample, test = (_shown(p) for p in written)
    plugins = _shown(root / "plugins")
    print(f"wrote {plugin}, {sample} and {test}")
    print("next:")
    print(f"  1. replace {sample} with the text of a real page of {plan.domain}")
    print(f"  2. segkit explain --plugins {plugins} --url https://{plan.domain}/ {sample}")
    print(f"  3. add rules to {plugin} until every line is right (docs/plugins.md)")
    print(f"  4. pytest {test} --snapshot-update; review the snapshot; commit")
    return 0


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to here when it is below here."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
