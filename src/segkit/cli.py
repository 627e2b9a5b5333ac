"""The ``segkit`` command: ``split``, ``plugins``, ``eval``, ``explain`` and ``new-plugin``."""

from __future__ import annotations

import argparse
import errno
import importlib.util
import itertools
import json
import os
import shutil
import signal
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import regex

from segkit import __version__
from segkit.classify.model import MODEL_ENV, NO_MODEL
from segkit.classify.trees import ModelError
from segkit.corpus.budget import DEFAULT_MAX_MEMORY, DEFAULT_TIMEOUT
from segkit.corpus.pool import WorkersFailed, default_jobs, segment_all
from segkit.corpus.progress import Progress, Tally, input_bytes
from segkit.corpus.worker import Result, Settings
from segkit.inputs.decode import InputError, Source
from segkit.inputs.files import fingerprint
from segkit.inputs.files import iter_records as iter_sources
from segkit.inputs.formats import INPUT_FORMATS
from segkit.inputs.options import DEFAULT_MAX_BYTES, JsonFields, ReadOptions, ReadStats
from segkit.inputs.records import decode_record
from segkit.labels import LABELS, parse_labels
from segkit.output.files import Checkpoint, Output, OutputError, skip_done
from segkit.output.writers import FORMATS, Writer
from segkit.pipeline import Segmenter, UnknownSiteError
from segkit.sites.loading import Plugins, env_plugin_dirs, load_plugins
from segkit.tools import gold, scaffold
from segkit.tools.evaluate import LineScores, body_scores
from segkit.tools.explain import explain, format_json, format_text
from segkit.tools.wcxb import read_truth

# Exit codes of `segkit split` (docs/scale.md): 0 every record became a document;
# EXIT_USAGE bad arguments or an output that cannot be written (nothing was done);
# EXIT_RECORD_ERRORS the run went to the end but some records failed (each has an error
# entry in JSON output and a line on stderr); EXIT_INTERRUPTED Ctrl-C or SIGTERM (the
# .part of -o stays for --resume). EXIT_FAILED: the run stopped part way (worker
# processes die as they start; Python's own status for a crash is 1 too).
# EXIT_PLUGIN_ERRORS: the run went to the end, but a plugin failed to load (reported once,
# as it loaded), so the documents its sites would have taken kept the generic labels; it
# wins over EXIT_RECORD_ERRORS, as a fault of the whole set-up rather than of one record.
EXIT_INPUT_ERRORS = 1  # `segkit eval`: nothing could be scored
# Documents without gold that `segkit eval --labels` names (the rest are counted).
NAMES_SHOWN = 10
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_RECORD_ERRORS = 3
EXIT_PLUGIN_ERRORS = 4
EXIT_INTERRUPTED = 130
# What `segkit split` says when it has no input and stdin is a terminal, rather than wait.
STDIN_HINT = ("no input: give files or folders (segkit split page.html pages/), pipe a page "
              "in (cat page.txt | segkit split), or '-' to type one; segkit split -h for more")
# --max-bytes accepts a size with one of these suffixes (binary multiples).
_SIZE = regex.compile(r"(?i)^\s*(\d+)\s*(k|m|g)?i?b?\s*$")
_SIZE_UNITS = {None: 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


# Characters a message never prints as they are: controls (C0, DEL, C1), line and paragraph
# separators and bidi overrides. They come from file names and record ids, and printed raw
# they could forge a message, move the cursor or recolour the terminal.
_UNPRINTABLE = regex.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def _warn(message: str) -> None:
    print(f"segkit: {_printable(message)}", file=sys.stderr)


def _printable(text: str) -> str:
    """``text`` with every unprintable character written as a Python escape."""
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="segkit", description="Label every line of a web document with one of "
        + ", ".join(LABELS) + ".")
    parser.add_argument("--version", action="version", version=f"segkit {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    _split_command(sub)
    plugins = sub.add_parser("plugins", help="list the loaded plugins and their sites")
    _plugin_args(plugins)
    plugins.add_argument("--json", action="store_true", help="print JSON")
    _eval_command(sub)
    _authoring_commands(sub)
    _train_command(sub)
    return parser


def _split_command(sub: argparse._SubParsersAction) -> None:
    split = sub.add_parser("split", help="segment documents and write labelled lines")
    split.set_defaults(parser=split)  # to report a --format no loaded plugin registers
    split.add_argument("inputs", nargs="*", default=[], metavar="INPUT",
                       help="files or folders of page text, HTML (.html, .htm or by content), "
                       "JSONL or WARC/WET, gzipped or not; '-' (the default) is stdin")
    # Checked once the plugins, which may add formats, are loaded (cmd_split).
    split.add_argument("-f", "--format", metavar="{" + ",".join(FORMATS) + "}",
                       help="output format (default: text on a terminal, jsonl otherwise)")
    split.add_argument("--only", type=_labels_arg, metavar="LABELS",
                       help="keep only these comma-separated labels, e.g. 'body'")
    split.add_argument("-o", "--output", metavar="PATH", help="write here instead of stdout")
    split.add_argument("--url", help="where the text came from; chooses a site plugin by domain")
    split.add_argument("--evidence", action="store_true",
                       help="with HTML input, add each line's markup evidence and the page's "
                       "metadata to JSON output")
    _plugin_args(split)
    _model_arg(split)
    choice = split.add_mutually_exclusive_group()
    choice.add_argument("--site", help="force this site plugin")
    choice.add_argument("--generic", action="store_true", help="use no site plugin")
    split.add_argument("--colour", "--color", choices=("auto", "always", "never"),
                       default="auto", help="colour labels in --format text (default: auto)")
    _corpus_args(split.add_argument_group("corpora (docs/scale.md)"))


def _corpus_args(corpus: argparse._ArgumentGroup) -> None:
    corpus.add_argument("--input-format", choices=INPUT_FORMATS, default="auto",
                        help="what every input holds (default: recognised from its bytes)")
    corpus.add_argument("--glob", metavar="PATTERN",
                        help="in folders, read only files matching this (a pattern with '/' "
                        "matches the path below the folder, else the file name)")
    for key, what in (("id", "id"), ("url", "URL"), ("text", "text")):
        corpus.add_argument(f"--{key}-field", default=key, metavar="KEY",
                            help=f"JSONL key of a record's {what} (default: {key})")
    corpus.add_argument("--html-field", default="html", metavar="KEY",
                        help="JSONL key of a record's HTML, used when it has no text "
                        "(default: html)")
    corpus.add_argument("--timeout", type=_seconds_arg, default=DEFAULT_TIMEOUT,
                        metavar="SECONDS", help="a record that takes longer is stopped and "
                        f"becomes an error entry (default: {DEFAULT_TIMEOUT:g}; 0: no limit)")
    corpus.add_argument("--max-memory", type=_memory_arg, default=DEFAULT_MAX_MEMORY,
                        metavar="SIZE", help="memory each worker process may hold: a record "
                        "that needs more becomes an error entry (default: "
                        f"{DEFAULT_MAX_MEMORY >> 30}G; K, M, G suffixes; 0: no limit)")
    corpus.add_argument("--follow-links", action="store_true",
                        help="in folders, follow links that lead out of them (never in a loop)")
    corpus.add_argument("--max-bytes", type=_size_arg, default=DEFAULT_MAX_BYTES,
                        metavar="SIZE", help="a record larger than this is an error entry "
                        f"(default: {DEFAULT_MAX_BYTES >> 20}M; K, M, G suffixes)")
    corpus.add_argument("-j", "--jobs", type=_jobs_arg, default=None, metavar="N",
                        help="worker processes (default: the number of cores)")
    corpus.add_argument("--resume", action="store_true",
                        help="go on with the unfinished -o file of an interrupted run")
    corpus.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="show a progress bar on stderr: bytes of the inputs with an ETA, "
                        "or a count of documents from stdin (default: when stderr is a "
                        "terminal and not --quiet)")
    corpus.add_argument("-q", "--quiet", action="store_true",
                        help="no summary line at the end (warnings and errors still show)")
    corpus.add_argument("--engine", choices=("local", "dask"), default="local",
                        help="run here, or on a Dask cluster (pip install 'segkit-web[dask]')")
    corpus.add_argument("--scheduler", metavar="ADDRESS",
                        help="with --engine dask: the scheduler, e.g. tcp://host:8786 "
                        "(default: a local cluster of --jobs workers)")


def _eval_command(sub: argparse._SubParsersAction) -> None:
    ev = sub.add_parser("eval", help="score segmentations against gold labels or bodies")
    ev.add_argument("predictions",
                    help="segkit's JSONL (or --format json) output: a file, or '-' for stdin")
    goal = ev.add_mutually_exclusive_group(required=True)
    goal.add_argument("--labels", metavar="DIR",
                      help="folder of gold files, <id>.labels.tsv or <id>.hashed.tsv: "
                      "line-label scores")
    goal.add_argument("--bodies", metavar="JSON",
                      help="ground-truth JSON {id: {articleBody}}: body precision/recall/F1")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")


def _authoring_commands(sub: argparse._SubParsersAction) -> None:
    ex = sub.add_parser("explain", help="show why each line of a document got its label")
    ex.add_argument("input", metavar="FILE",
                    help="a file of page text or HTML (as split reads it), or '-' for stdin")
    ex.add_argument("--url", help="where the text came from; chooses a site plugin by domain")
    _plugin_args(ex)
    _model_arg(ex)
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


def _model_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", metavar="PATH",
                        help=f"the learned model file ('{NO_MODEL}': the rule stages alone; "
                        f"default: ${MODEL_ENV}, else the model shipped with segkit)")


def _train_command(sub: argparse._SubParsersAction) -> None:
    tr = sub.add_parser("train", help="build a model file from gold (needs segkit-web[train])")
    tr.add_argument("-o", "--output", required=True, metavar="PATH", help="the model file")
    tr.add_argument("--shared", metavar="DIR",
                    help="the gold of a shared/ folder: its WCXB and article truth files "
                    "and label files (how the shipped model is built)")
    tr.add_argument("--truth", action="append", default=[], metavar="JSON",
                    help="a truth file {id: {articleBody, url}}, pages beside it in html/ "
                    "(<id>.html.gz) and text/ (<id>.txt) (repeatable)")
    tr.add_argument("--labels", action="append", default=[], metavar="DIR",
                    help="a folder of <id>.labels.tsv gold files (text mode) and "
                    "<id>.hashed.tsv ones beside <id>.txt or <id>.html (repeatable)")
    tr.add_argument("--devset", action="append", default=[], metavar="DIR",
                    help="a labelled development set: html/<id>.hashed.tsv and "
                    "text/<id>.hashed.tsv for pages of the truth files, every line labelled "
                    "(as benchmarks/devset): trains the labeller (repeatable)")
    tr.add_argument("--trees", type=int, default=None, metavar="N",
                    help="trees per mode (default: the tuned number)")
    tr.add_argument("--threads", type=int, default=1, metavar="N", help="LightGBM threads")
    tr.add_argument("--seed", type=int, default=None, metavar="N",
                    help="the seed of every forest's sampling of rows and features (default: "
                    "the shipped model's); models of other seeds show how far a figure "
                    "moves with the sampling alone")


def _plugin_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--plugins", action="append", default=[], metavar="DIR",
                        help="also load site plugins from this folder (repeatable)")


def _memory_arg(spec: str) -> int:
    return 0 if spec.strip() == "0" else _size_arg(spec)


def _size_arg(spec: str) -> int:
    match = _SIZE.match(spec)
    if not match or int(match[1]) == 0:
        raise argparse.ArgumentTypeError(f"not a size: {spec!r} (e.g. 4M, 500K, 1000000)")
    return int(match[1]) * _SIZE_UNITS[(match[2] or "").lower() or None]


def _seconds_arg(spec: str) -> float:
    try:
        seconds = float(spec)
    except ValueError:
        seconds = -1.0
    if not seconds >= 0 or seconds == float("inf"):
        raise argparse.ArgumentTypeError(f"not a number of seconds: {spec!r}")
    return seconds


def _jobs_arg(spec: str) -> int:
    try:
        jobs = int(spec)
    except ValueError:
        jobs = 0
    if jobs < 1:
        raise argparse.ArgumentTypeError(f"not a number of processes: {spec!r}")
    return jobs


def _labels_arg(spec: str) -> frozenset[str]:
    try:
        return parse_labels(spec)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return {"split": cmd_split, "plugins": cmd_plugins, "eval": cmd_eval,
                "explain": cmd_explain, "new-plugin": cmd_new_plugin,
                "train": cmd_train}[args.command](args)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: the output stays resumable and workers are stopped."""


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


def cmd_split(args: argparse.Namespace) -> int:
    if not args.inputs:  # stdin, unless that is a person at a terminal who typed no input
        if sys.stdin.isatty():
            _warn(STDIN_HINT)
            return EXIT_USAGE
        args.inputs = ["-"]
    plugins = load_plugins(args.plugins, warn=_warn)  # load problems are reported once
    if args.format is not None and args.format not in plugins.formats:
        choices = ", ".join(map(repr, plugins.formats))
        args.parser.error(f"argument -f/--format: invalid choice: {args.format!r} "
                          f"(choose from {choices})")
    try:
        Segmenter(plugins, site=args.site, generic=args.generic, warn=_warn, model=args.model)
        run = _Split(args, plugins)
        run.check()
    except (UnknownSiteError, OutputError, ModelError) as exc:
        _warn(str(exc))
        return EXIT_USAGE
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        failed = run.run_reporting_failure()
    finally:
        signal.signal(signal.SIGTERM, previous)
    if failed is not None:
        return failed
    run.progress.close()
    output = run.output
    kept = "" if output.keep or output.path is None else f"; {args.output} left as it was"
    broken = f", {len(plugins.errors)} plugin problem(s) reported above" if plugins.errors else ""
    if not args.quiet:
        _warn(run.tally.summary() + broken + kept)
    if plugins.errors:
        return EXIT_PLUGIN_ERRORS
    return EXIT_RECORD_ERRORS if run.tally.errors else 0


class _Split:
    """One ``segkit split`` run: its settings, its output, its counts."""

    def __init__(self, args: argparse.Namespace, plugins: Plugins) -> None:
        self.args, self.plugins = args, plugins
        tty = sys.stdout.isatty() and args.output in (None, "-")
        self.fmt = args.format or ("text" if tty else "jsonl")
        self.colour = args.colour == "always" or (args.colour == "auto" and tty
                                                  and not os.environ.get("NO_COLOR"))
        fields = JsonFields(args.id_field, args.url_field, args.text_field, args.html_field)
        self.settings = Settings(
            fmt=self.fmt, only=args.only, colour=self.colour, evidence=args.evidence,
            plugin_dirs=tuple(str(d) for d in [*env_plugin_dirs(), *args.plugins]),
            site=args.site, generic=args.generic, url=args.url, fields=fields,
            max_bytes=args.max_bytes, model=args.model or os.environ.get(MODEL_ENV) or None,
            spool=args.engine != "dask")
        self.reading = ReadOptions(args.input_format, args.glob, args.max_bytes, fields,
                                   follow_links=args.follow_links)
        self.jobs = args.jobs or default_jobs()
        # What shapes the output: a --resume must match it (--jobs and --progress do not).
        shape = {"inputs": [os.path.abspath(i) if i != "-" else i for i in args.inputs],
                 "settings": repr(self.settings), "reading": repr(self.reading),
                 "engine": args.engine}
        self.output = Output(args.output, run=shape, resume=args.resume)
        self.tally = Tally()
        self.progress = self._progress()

    def _progress(self) -> Progress:
        """A bar over the inputs' bytes where they are known (local engine, files), else a
        counter; shown on a terminal unless --quiet, or wherever --progress asks."""
        args = self.args
        shown = args.progress if args.progress is not None else (
            sys.stderr.isatty() and not args.quiet)
        known = shown and args.engine == "local"
        total = input_bytes(args.inputs, self.reading) if known else None
        return Progress(self.tally, enabled=shown, total=total)

    def check(self) -> None:
        """Refuse, before any work, what cannot run (OutputError)."""
        args = self.args
        self.output.check()
        if self.output.path is not None:  # what --resume checks: the inputs as they were
            self.output.inputs = fingerprint(args.inputs, self.reading, skip=self.output.own)
        if args.resume and not self.plugins.formats[self.fmt].resumable:
            raise OutputError(f"--format {self.fmt} cannot be resumed: its end holds what "
                              "came before (an index, a footer)")
        if args.evidence and not self.plugins.formats[self.fmt].shows_evidence:
            shown = [n for n, f in self.plugins.formats.items() if f.shows_evidence]
            _warn(f"--evidence: --format {self.fmt} does not show the markup evidence "
                  f"(the formats that do: {', '.join(shown)}); the run goes on without it")
        if args.scheduler and args.engine != "dask":
            raise OutputError("--scheduler is the address of a Dask cluster: it needs "
                              "--engine dask")
        if args.engine == "dask" and "-" in args.inputs:
            raise OutputError("--engine dask reads files, not stdin")
        if args.engine == "dask" and not all(
                importlib.util.find_spec(m) for m in ("dask", "distributed")):
            raise OutputError("--engine dask needs Dask: pip install 'segkit-web[dask]'")

    def warn(self, message: str) -> None:
        self.progress.clear()
        _warn(message)

    def run_reporting_failure(self) -> int | None:
        """Write the output; the exit code of a run that failed, None if it went to the end."""
        try:
            self.write()
        except OutputError as exc:
            self.warn(str(exc))
            return EXIT_USAGE
        except WorkersFailed as exc:
            self.warn(f"{exc}; stopped after {self.tally.records} record(s), output not "
                      "written (a plugin that fails in a new process? --jobs 1 runs without "
                      "them)")
            return EXIT_FAILED
        except RuntimeError as exc:
            if not getattr(exc, "resumable", False):  # the Dask engine's ClusterLost
                raise
            self.warn(f"{exc}; stopped after {self.tally.records} record(s)"
                      + self.output.kept_for_resume("run the same command with --resume "
                                                    "once the cluster is back"))
            return EXIT_FAILED
        except KeyboardInterrupt:
            self.progress.clear()
            output = self.output
            if output.path is not None and output.part.exists():
                _warn(f"interrupted after {self.tally.records} record(s); {output.part} keeps "
                      "them: run the same command with --resume to go on")
            raise
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise
            self.warn(f"{self.args.output or '<stdout>'}: cannot write: {exc.strerror or exc}"
                      + self.output.kept_for_resume())
            return EXIT_USAGE
        return None

    def write(self) -> None:
        """Every record's result, in input order, to the output; a checkpoint after each."""
        args, output, tally = self.args, self.output, self.tally
        with output.open() as out:
            if output.discarded:
                self.warn(f"started {output.part} afresh; pass --resume to go on with an "
                          "unfinished run instead")
            writer = Writer(out, self.fmt, only=args.only, colour=self.colour,
                            evidence=args.evidence, formats=self.plugins.formats)
            done = output.resumed or Checkpoint()
            writer.count = done.written
            tally.documents, tally.errors, tally.resumed = (done.documents, done.errors,
                                                            done.records)
            stats = ReadStats()
            records = done.records
            for result in self.results(done, stats):
                records += 1
                self.report(result)
                writer.write_rendered(result.rendered)
                output.checkpoint(Checkpoint(records, writer.count, tally.documents,
                                             tally.errors, last=result.name))
                self.progress.update(stats.bytes_read)
            tally.skipped, tally.links = stats.skipped, stats.links
            writer.close()
            # Every record failed: keep the previous output file rather than empty it.
            output.keep = tally.documents > 0 or not tally.errors

    def report(self, result: Result) -> None:
        """Count a result; say what went wrong with it."""
        for message in result.warnings:
            self.warn(message)
        if result.ok:
            self.tally.documents += 1
        else:
            self.tally.errors += 1
            self.warn(f"{result.name}: {result.error}")

    def results(self, done: Checkpoint, stats: ReadStats) -> Iterator[Result]:
        """The Result of every record not done before, in input order, from the engine."""
        args = self.args
        if args.engine == "dask":
            from segkit.corpus.dask import results_in_order

            return results_in_order(args.inputs, self.settings, self.reading,
                                    scheduler=args.scheduler, jobs=self.jobs, done=done,
                                    stats=stats, timeout=args.timeout)
        items: Iterable[Source | InputError] = iter_sources(args.inputs, self.reading, stats)
        if done.records:
            items = skip_done(items, done, name=lambda item: item.name)
        return segment_all(items, self.settings, jobs=self.jobs, plugins=self.plugins,
                           timeout=args.timeout, max_memory=args.max_memory,
                           warn=self.warn)


def cmd_plugins(args: argparse.Namespace) -> int:
    plugins = load_plugins(args.plugins, warn=_warn)
    rows: list[dict[str, Any]] = []
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


def _predictions(path: str) -> Iterator[dict]:
    """The records of segkit's JSONL, read as they come (a corpus's need not fit in
    memory), or of its ``--format json`` (one array of them)."""
    fh: IO[str] = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    with fh:
        first = fh.readline()
        if first.lstrip().startswith("["):
            yield from _read_array(path, first + fh.read())
            return
        for number, raw in enumerate(itertools.chain([first], fh), start=1):
            if raw.strip():
                try:
                    doc = json.loads(raw)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}", f"not JSON: {exc}") from exc
                if not isinstance(doc, dict):
                    raise InputError(f"{path}:{number}", "not a record of segkit's JSONL")
                yield doc


def _read_array(path: str, text: str) -> list[dict]:
    try:
        docs = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(path, f"not JSON: {exc}") from exc
    for number, doc in enumerate(docs, start=1):
        if not isinstance(doc, dict):
            raise InputError(path, f"item {number} of the array is not a record of segkit's "
                             "JSON")
    return docs


class _Unscorable:
    """Passes on the records that can be scored: with ``lines`` (``--format jsonl``) or,
    unless ``with_lines``, with the article's ``text`` (``--format article``). The others,
    a failed input's error entry among them, are named once, at the end."""

    def __init__(self, with_lines: bool) -> None:
        self.with_lines = with_lines
        self.names: list[str] = []

    def kept(self, docs: Iterable[dict]) -> Iterator[dict]:
        for doc in docs:
            if "lines" in doc or (not self.with_lines and "text" in doc):
                yield doc
            else:
                self.names.append(str(doc.get("source") or doc.get("id")))

    def report(self) -> None:
        if self.names:
            what = "lines (error entries or --format article records)" if self.with_lines \
                else "lines or text (error entries)"
            _warn(f"{len(self.names)} record(s) without {what}, not scored: "
                  f"{_names_shown(self.names)}")


def _names_shown(names: list[str]) -> str:
    return ", ".join(names[:NAMES_SHOWN]) + (" ..." if len(names) > NAMES_SHOWN else "")


def cmd_eval(args: argparse.Namespace) -> int:
    if args.labels and not Path(args.labels).is_dir():
        _warn(f"{args.labels}: not a folder of gold files (--labels DIR)")
        return EXIT_USAGE
    truth = None if args.labels else _read_bodies(Path(args.bodies))
    if not args.labels and truth is None:
        return EXIT_USAGE
    unscorable = _Unscorable(with_lines=truth is None)
    docs = unscorable.kept(_predictions(args.predictions))
    try:
        if truth is None:
            return _eval_labels(docs, Path(args.labels), args.json, unscorable)
        return _eval_bodies(docs, truth, args.json, unscorable)
    except (OSError, InputError) as exc:
        _warn(str(exc))
        return EXIT_USAGE


def _doc_key(doc: dict) -> str:
    return Path(str(doc.get("id") or "")).name


def _eval_labels(docs: Iterable[dict], folder: Path, as_json: bool,
                 unscorable: _Unscorable) -> int:
    """Line scores over the documents with gold in ``folder``: overall, per page, and the
    confusion matrix; the documents without gold are named once, at the end."""
    scores = LineScores()
    pages: list[dict] = []
    no_gold: list[str] = []
    seen = 0
    for doc in docs:
        seen += 1
        name = str(doc.get("source") or doc.get("id"))
        path = gold.gold_path(folder, _doc_key(doc))
        if path is None:
            no_gold.append(name)
            continue
        try:
            want = gold.read_for(path, [ln["text"] for ln in doc["lines"]])
        except (OSError, gold.GoldError) as exc:
            _warn(f"{exc}; skipped")
            continue
        page = LineScores()
        page.add(want, [ln["label"] for ln in doc["lines"]])
        scores.confusion.update(page.confusion)
        pages.append({"document": name, "accuracy": page.accuracy, "lines": page.total})
    unscorable.report()
    skipped = seen + len(unscorable.names) - len(pages)
    if as_json:
        _print_json_scores(scores, pages, no_gold)
    else:
        _print_scores(scores, pages, skipped)
    if no_gold:
        _warn(f"no gold in {folder} for {len(no_gold)} document(s), not scored: "
              f"{_names_shown(no_gold)}")
    return 0 if scores.total else EXIT_INPUT_ERRORS


def _print_scores(scores: LineScores, pages: list[dict], skipped: int) -> None:
    print(scores.table())
    print("\nconfusion (lines; rows: gold, columns: segkit)")
    print(scores.confusion_table())
    print("\naccuracy per document")
    for page in pages:
        print(f"{page['accuracy']:.4f} {page['lines']:>6}  {page['document']}")
    print(f"{len(pages)} document(s) scored, {skipped} skipped")


def _print_json_scores(scores: LineScores, pages: list[dict], no_gold: list[str]) -> None:
    print(json.dumps({"accuracy": scores.accuracy, "macro_f1": scores.macro_f1,
                      "lines": scores.total, "documents": len(pages),
                      "labels": {lab: dict(zip(("precision", "recall", "f1", "support"),
                                               scores.prf(lab), strict=True))
                                 for lab in scores.present()},
                      "confusion": scores.confusion_dict(), "pages": pages,
                      "no_gold": no_gold}, indent=2))


def _read_bodies(path: Path) -> dict[str, str] | None:
    """The ground truth's bodies by id; None (the error said) where it cannot be read."""
    try:
        return {key: page.body for key, page in read_truth(path).items()}
    except OSError as exc:
        _warn(f"{path}: {exc.strerror or exc}")
    except ValueError as exc:  # names the file and what is wrong in it
        _warn(str(exc))
    return None


def _eval_bodies(docs: Iterable[dict], truth: dict[str, str], as_json: bool,
                 unscorable: _Unscorable) -> int:
    pred: dict[str, str] = {}
    unknown: set[str] = set()
    for doc in docs:
        key = _doc_key(doc).split(".")[0]
        if key not in truth:
            unknown.add(key)
            continue
        pred[key] = doc["text"] if "lines" not in doc else "\n".join(
            ln["text"] for ln in doc["lines"] if ln["label"] == "body")
    unscorable.report()
    ids = [i for i in truth if i in pred]
    if not ids:
        _warn("no predicted document matches an id of the ground truth")
        return EXIT_INPUT_ERRORS
    if unknown:
        _warn(f"{len(unknown)} predicted document(s) not in the ground truth, not scored: "
              f"{_names_shown(sorted(unknown))}")
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
        segmenter = Segmenter(load_plugins(args.plugins, warn=_warn), site=args.site,
                              generic=args.generic, warn=_warn, model=args.model)
    except (UnknownSiteError, ModelError) as exc:
        _warn(str(exc))
        return EXIT_USAGE
    # The first record: the file itself, or the first of a JSONL or WARC file.
    item = next(iter(iter_sources([args.input])))
    try:
        if isinstance(item, InputError):
            raise item
        rec = decode_record(item, JsonFields())
    except InputError as exc:
        _warn(str(exc))
        return EXIT_INPUT_ERRORS
    expl = explain(segmenter, rec.text, id=rec.id, source=item.name, url=args.url or rec.url,
                   html=rec.html)
    if args.json:
        sys.stdout.write(format_json(expl))
    else:
        width = shutil.get_terminal_size().columns if sys.stdout.isatty() else None
        sys.stdout.write(format_text(expl, width))
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    try:
        from segkit.learn.fit import TREES
        from segkit.learn.train import Sources, train
    except ImportError as exc:
        _warn(f"segkit train needs the train extra (pip install 'segkit-web[train]'): {exc}")
        return EXIT_USAGE
    sources = Sources.shared(Path(args.shared)) if args.shared else Sources()
    sources.truth += [Path(p) for p in args.truth]
    sources.labels += [Path(p) for p in args.labels]
    sources.devset += [Path(p) for p in args.devset]
    if not sources.truth and not sources.labels:
        _warn("segkit train: no gold: give --shared DIR, --truth JSON or --labels DIR")
        return EXIT_USAGE
    try:  # before the training, which can take most of an hour
        Output(args.output).check()
    except OutputError as exc:
        _warn(str(exc))
        return EXIT_USAGE
    try:
        train(sources, Path(args.output), args.trees or TREES, args.threads, log=_warn,
              seed=args.seed)
    except (FileNotFoundError, ValueError) as exc:
        _warn(str(exc))
        return EXIT_INPUT_ERRORS
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
    print(f"  4. {scaffold.TEST_DEPENDENCIES}; pytest {test} --snapshot-update")
    print("  5. review the snapshot against the label rules (docs/labels.md); commit")
    return 0


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to here when it is below here."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
