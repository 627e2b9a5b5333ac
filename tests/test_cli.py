"""``segkit split``: formats, --only, -o, site choice, and the installed console script.

Labels from the generic classifier are being tuned elsewhere, so tests that need exact
labels force a test site (written into tmp_path) whose rules label every line by its
prefix; the others assert only structure.
"""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from segkit import LABELS
from segkit.cli import EXIT_RECORD_ERRORS, EXIT_USAGE, main
from segkit.output.writers import Writer
from segkit.pipeline import Segmenter
from segkit.tools.evaluate import read_gold

# A site whose rules give every prefixed line a known label, whatever the classifier says.
SITE_PLUGIN = '''
import segkit
from segkit import Site


@segkit.hookimpl
def register_sites(register):
    register(Site(
        name="testsite",
        domains=("example.test",),
        signature=r"(?m)^MENU SEGKIT-TEST-SIGNATURE$",
        rules={
            r"^TITLE ": "headline",
            r"^BY ": "byline",
            r"^WHEN ": "timestamp",
            r"^TEXT ": "body",
            r"^PIC ": "caption",
            r"^MENU ": "nav",
            r"^MORE ": "related",
            r"^(?:\\d+[.)]|[#>+|~-])": "body",
        },
    ))
'''

ARTICLE = (
    "MENU Home | World | Sport\n"
    "TITLE Harbour reopens after the storm\n"
    "\n"
    "BY Jane Doe\n"
    "WHEN 3 March 2024\n"
    "TEXT The harbour reopened on Monday, three days after the storm.\n"
    "\n"
    "TEXT Fishermen said the damage was *less* than feared [so far].\n"
    "PIC Boats at dawn in the harbour\n"
    "MORE Another story you may like\n"
)
ARTICLE_LABELS = [
    "nav", "headline", None, "byline", "timestamp", "body", None, "body", "caption",
    "related", None,
]
ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture(autouse=True)
def _no_env_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEGKIT_PLUGINS", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "site_plugins"
    folder.mkdir()
    (folder / "testsite.py").write_text(SITE_PLUGIN, encoding="utf-8")
    return folder


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "article.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def forced(site_dir: Path, *argv: str) -> list[str]:
    """Arguments that force the test site, so every label is known."""
    return ["split", "--plugins", str(site_dir), "--site", "testsite", *argv]


def jsonl(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


# --- jsonl (the default off a terminal) ----------------------------------------------

def test_jsonl_is_default_off_terminal_with_one_entry_per_line(capsys, article):
    code, out, err = run(capsys, "split", str(article))
    assert code == 0, err
    [record] = jsonl(out)
    assert list(record) == ["id", "source", "url", "site", "title", "author", "date", "language",
                            "page_type", "lines"]
    assert record["id"] == "article"
    assert record["source"] == str(article)
    assert [ln["n"] for ln in record["lines"]] == list(range(1, ARTICLE.count("\n") + 2))
    assert "\n".join(ln["text"] for ln in record["lines"]) == ARTICLE
    for ln in record["lines"]:
        assert list(ln) == ["n", "text", "label"]
        if ln["text"].strip():
            assert ln["label"] in LABELS
        else:
            assert ln["label"] is None


def test_jsonl_with_forced_site_gives_the_site_labels(capsys, site_dir, article):
    code, out, _ = run(capsys, *forced(site_dir, str(article)))
    assert code == 0
    [record] = jsonl(out)
    assert record["site"] == "testsite"
    assert [ln["label"] for ln in record["lines"]] == ARTICLE_LABELS


def test_jsonl_one_record_per_document_of_a_folder(capsys, tmp_path):
    folder = tmp_path / "pages"
    (folder / "sub").mkdir(parents=True)
    (folder / "b.txt").write_text("Second page\n", encoding="utf-8")
    (folder / "a.txt").write_text("First page\n\nMore text\n", encoding="utf-8")
    (folder / "sub" / "c.txt").write_text("Third page", encoding="utf-8")
    (folder / ".hidden.txt").write_text("not a page", encoding="utf-8")
    code, out, _ = run(capsys, "split", "--generic", str(folder))
    assert code == 0
    records = jsonl(out)
    assert [r["id"] for r in records] == ["a", "b", "sub/c"]
    assert [len(r["lines"]) for r in records] == [4, 2, 1]
    assert all(r["site"] is None for r in records)


def test_stdin_is_read_for_dash_and_by_default(capsys, monkeypatch):
    for argv in (["split", "-"], ["split"]):
        stdin = io.TextIOWrapper(io.BytesIO(b"Line one\r\nLine two\r\n"), "utf-8")
        monkeypatch.setattr(sys, "stdin", stdin)
        code, out, _ = run(capsys, *argv, "--generic")
        assert code == 0
        [record] = jsonl(out)
        assert (record["id"], record["source"]) == ("stdin", "<stdin>")
        assert [ln["text"] for ln in record["lines"]] == ["Line one", "Line two", ""]


# --- json, tsv, md, text -----------------------------------------------------------

def test_json_is_one_array_of_the_jsonl_records(capsys, site_dir, article, tmp_path):
    other = tmp_path / "other.txt"
    other.write_text("TEXT Only one line here.", encoding="utf-8")
    _, as_jsonl, _ = run(capsys, *forced(site_dir, str(article), str(other)))
    code, out, _ = run(capsys, *forced(site_dir, "--format", "json", str(article), str(other)))
    assert code == 0
    assert json.loads(out) == jsonl(as_jsonl)
    assert len(json.loads(out)) == 2


def test_json_with_no_documents_is_an_array_of_the_error_entries(capsys, tmp_path):
    missing = str(tmp_path / "missing.txt")
    code, out, err = run(capsys, "split", "--format", "json", missing)
    assert code == EXIT_RECORD_ERRORS
    assert json.loads(out) == [
        {"id": missing, "source": missing, "error": "no such file or directory"}]
    assert "missing.txt" in err


def test_json_with_no_records_at_all_is_an_empty_array(capsys, tmp_path):
    blank = tmp_path / "blank.jsonl"
    blank.write_text("\n\n", encoding="utf-8")
    code, out, _ = run(capsys, "split", "--format", "json", "--input-format", "jsonl",
                       str(blank))
    assert code == 0
    assert json.loads(out) == []


def test_tsv_is_id_then_label_tab_text_like_the_gold_files(capsys, site_dir, article,
                                                            tmp_path):
    code, out, _ = run(capsys, *forced(site_dir, "--format", "tsv", str(article)))
    assert code == 0
    _, record = run(capsys, *forced(site_dir, str(article)))[:2]
    meta_id, meta_label, meta = out.splitlines()[0].split("\t")
    assert (meta_id, meta_label) == ("article", "#meta")
    assert json.loads(meta) == {k: v for k, v in json.loads(record).items()
                                if k in ("title", "author", "date", "language", "page_type")}
    assert out.splitlines()[1:4] == [
        "article\tnav\tMENU Home | World | Sport",
        "article\theadline\tTITLE Harbour reopens after the storm",
        "article\t\t",
    ]
    gold = tmp_path / "out.labels.tsv"  # `cut -f2-`: the gold file, its #meta row passed over
    gold.write_text("".join(row.partition("\t")[2] + "\n" for row in out.splitlines()),
                    encoding="utf-8")
    rows = read_gold(gold)
    assert [label for label, _ in rows] == ARTICLE_LABELS
    assert "\n".join(text for _, text in rows) == ARTICLE


def test_md_renders_article_parts_and_lists_nav(capsys, site_dir, article):
    code, out, _ = run(capsys, *forced(site_dir, "--format", "md", str(article)))
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"<!-- segkit: {article}; id: article; site: testsite -->"
    assert lines[1].startswith("<!-- title: ") and " · author: Jane Doe · " in lines[1]
    assert "# TITLE Harbour reopens after the storm" in lines
    assert "*BY Jane Doe*" in lines
    assert "*WHEN 3 March 2024*" in lines
    assert "> PIC Boats at dawn in the harbour" in lines
    assert "TEXT The harbour reopened on Monday, three days after the storm." in lines
    # page text cannot turn into Markdown emphasis or links
    assert r"TEXT Fishermen said the damage was \*less\* than feared \[so far\]." in lines
    nav = lines.index("<!-- nav -->")
    assert lines[nav + 1] == "- MENU Home | World | Sport"
    related = lines.index("<!-- related -->")
    assert lines[related + 1] == "- MORE Another story you may like"


def test_md_escapes_lines_that_would_become_markdown_blocks(capsys, site_dir, tmp_path):
    page = tmp_path / "blocks.txt"
    page.write_text("1. First point\n12) Twelfth\n# Not a heading\n- Not a list\n"
                    "> Not a quote\n~~~ not a fence\n", encoding="utf-8")
    code, out, _ = run(capsys, *forced(site_dir, "--format", "md", str(page)))
    assert code == 0
    body = [line for line in out.splitlines() if line and not line.startswith("<!-- ")]
    assert body == ["1\\. First point", "12\\) Twelfth", "\\# Not a heading",
                    "\\- Not a list", "\\> Not a quote", "\\~~~ not a fence"]


def test_text_off_terminal_has_label_columns_and_no_colour(capsys, site_dir, article):
    code, out, _ = run(capsys, *forced(site_dir, "--format", "text", str(article)))
    assert code == 0
    assert not ANSI.search(out)
    header, meta, *lines = out.splitlines()
    assert header == f"==> {article} (id article) <=="  # names the document
    assert meta.startswith("# title: ") and " · author: Jane Doe · " in meta  # what it read
    assert len(lines) == ARTICLE.count("\n") + 1  # one row per line, blank ones empty
    assert lines[1].split(None, 1) == ["headline", "TITLE Harbour reopens after the storm"]
    assert lines[2] == ""


def test_text_colour_gives_each_label_its_own_colour(capsys, site_dir, tmp_path):
    page = tmp_path / "all.txt"
    page.write_text("\n".join(f"{p} line" for p in
                              ("TITLE", "BY", "WHEN", "TEXT", "PIC", "MENU", "MORE")),
                    encoding="utf-8")
    code, out, _ = run(capsys, *forced(site_dir, "--format", "text", "--colour", "always",
                                       str(page)))
    assert code == 0
    colour_of = {}
    for line in out.splitlines()[2:]:  # after the header and the metadata
        codes = ANSI.findall(line)
        assert codes, line
        label = ANSI.sub("", line).split()[0]
        colour_of[label] = codes[0]
    assert set(colour_of) == set(LABELS)
    assert len(set(colour_of.values())) == len(LABELS)


def test_colour_never_gives_plain_text(capsys, site_dir, article):
    code, out, _ = run(capsys, *forced(site_dir, "--format", "text", "--colour", "never",
                                       str(article)))
    assert code == 0 and not ANSI.search(out)
    assert out.splitlines()[2].split(None, 1) == ["nav", "MENU Home | World | Sport"]


# --- --only --------------------------------------------------------------------------

def test_only_body_text_prints_the_clean_article(capsys, site_dir, article):
    code, out, _ = run(capsys, *forced(site_dir, "--only", "body", "--format", "text",
                                       str(article)))
    assert code == 0
    assert out == (
        "TEXT The harbour reopened on Monday, three days after the storm.\n"
        "TEXT Fishermen said the damage was *less* than feared [so far].\n"
    )


def test_only_keeps_listed_labels_and_their_line_numbers(capsys, site_dir, article):
    code, out, _ = run(capsys, *forced(site_dir, "--only", "headline, body", str(article)))
    assert code == 0
    [record] = jsonl(out)
    assert [(ln["n"], ln["label"]) for ln in record["lines"]] == [
        (2, "headline"), (6, "body"), (8, "body")]


def test_only_with_generic_labels_keeps_a_subset(capsys, article):
    _, full, _ = run(capsys, "split", "--generic", str(article))
    _, only, _ = run(capsys, "split", "--generic", "--only", "body", str(article))
    expected = [ln for ln in jsonl(full)[0]["lines"] if ln["label"] == "body"]
    assert jsonl(only)[0]["lines"] == expected


def test_only_every_label_keeps_blank_lines_too(capsys, site_dir, article):
    _, out, _ = run(capsys, *forced(site_dir, "--only", ",".join(LABELS), str(article)))
    assert "\n".join(ln["text"] for ln in jsonl(out)[0]["lines"]) == ARTICLE


@pytest.mark.parametrize("spec", ["bodyy", "", "body,footer"])
def test_only_rejects_unknown_labels(capsys, article, spec):
    with pytest.raises(SystemExit) as exc:
        main(["split", "--only", spec, str(article)])
    assert exc.value.code == 2
    assert "unknown label" in capsys.readouterr().err


# --- -o PATH -----------------------------------------------------------------------

def test_output_file_gets_the_output_and_stdout_nothing(capsys, article, tmp_path):
    target = tmp_path / "out.jsonl"
    code, out, _ = run(capsys, "split", "--generic", "-o", str(target), str(article))
    assert code == 0 and out == ""
    [record] = jsonl(target.read_text(encoding="utf-8"))
    assert "\n".join(ln["text"] for ln in record["lines"]) == ARTICLE
    # an ordinary file, not the private 0600 of a temporary file
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~umask
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")] == []


def test_output_replacing_a_file_keeps_its_mode(capsys, article, tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    assert run(capsys, "split", "--generic", "-o", str(target), str(article))[0] == 0
    assert target.read_text(encoding="utf-8").startswith('{"id": "article"')
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_output_crash_mid_run_leaves_the_previous_file(capsys, monkeypatch, tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name in ("a", "b", "c"):
        (pages / f"{name}.txt").write_text(f"Page {name}\n", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    target.write_text("previous\n", encoding="utf-8")
    original = Writer.write_rendered

    def failing(self: Writer, rendered) -> None:
        if self.count == 2:
            raise OSError(28, "No space left on device")
        original(self, rendered)

    monkeypatch.setattr(Writer, "write_rendered", failing)
    code, _, err = run(capsys, "split", "--generic", "-o", str(target), str(pages))
    assert code == 2
    assert "No space left on device" in err and str(target) in err
    assert target.read_text(encoding="utf-8") == "previous\n"
    # A full disk keeps what was written, for --resume once there is room (issue 15).
    assert _leftovers(tmp_path) == ["out.jsonl.part"]
    assert "--resume" in err


def test_output_crash_without_previous_file_leaves_none(capsys, monkeypatch, article,
                                                        tmp_path):
    target = tmp_path / "new.jsonl"

    def boom(self: Writer, rendered) -> None:
        self.out.write("half a record")
        raise RuntimeError("bug in a writer")

    monkeypatch.setattr(Writer, "write_rendered", boom)
    with pytest.raises(RuntimeError):
        main(["split", "--generic", "-o", str(target), str(article)])
    assert not target.exists()
    assert _leftovers(tmp_path) == []


def test_output_interrupted_run_leaves_the_previous_file(capsys, monkeypatch, article,
                                                         tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("previous\n", encoding="utf-8")

    def interrupt(self, rendered):
        raise KeyboardInterrupt

    # Ctrl-C reaches the main process (workers ignore it): there, while writing.
    monkeypatch.setattr(Writer, "write_rendered", interrupt)
    assert main(["split", "-o", str(target), str(article)]) == 130
    assert target.read_text(encoding="utf-8") == "previous\n"
    # The unfinished output stays beside it, for --resume (tests/corpus/test_corpus.py).
    assert _leftovers(tmp_path) == ["out.jsonl.part"]
    assert "--resume" in capsys.readouterr().err


def test_output_kept_when_every_input_failed(capsys, tmp_path):
    target = tmp_path / "out.jsonl"
    target.write_text("previous\n", encoding="utf-8")
    code, _, err = run(capsys, "split", "-o", str(target), str(tmp_path / "nope.txt"))
    assert code == EXIT_RECORD_ERRORS
    assert "nope.txt" in err
    assert target.read_text(encoding="utf-8") == "previous\n"


def test_output_written_when_only_some_inputs_failed(capsys, article, tmp_path):
    target = tmp_path / "out.jsonl"
    code, _, err = run(capsys, "split", "--generic", "-o", str(target),
                       str(tmp_path / "nope.txt"), str(article))
    assert code == EXIT_RECORD_ERRORS
    assert "2 record(s) in" in err and "1 document(s), 1 error(s)" in err
    nope, article_record = jsonl(target.read_text(encoding="utf-8"))
    assert nope == {"id": str(tmp_path / "nope.txt"), "source": str(tmp_path / "nope.txt"),
                    "error": "no such file or directory"}
    assert article_record["id"] == "article"


def test_evidence_in_a_format_that_does_not_show_it_is_said_once(capsys, article):
    code, out, err = run(capsys, "split", "--evidence", "-f", "tsv", str(article))
    assert code == 0 and out.startswith("article\t#meta\t")
    assert err.count("--evidence: --format tsv does not show the markup evidence "
                     "(the formats that do: jsonl, json)") == 1
    code, out, err = run(capsys, "split", "--evidence", "-f", "jsonl", str(article))
    assert code == 0 and "--evidence" not in err


def test_a_scheduler_without_the_dask_engine_is_a_usage_error(capsys, article):
    # Before, the address was passed over and the run went on locally, without a word.
    code, out, err = run(capsys, "split", "--scheduler", "tcp://host:8786", str(article))
    assert code == EXIT_USAGE and out == ""
    assert "--scheduler is the address of a Dask cluster: it needs --engine dask" in err


@pytest.mark.parametrize("where", ["dir", "no-folder"])
def test_output_to_a_bad_place_is_a_usage_error(capsys, article, tmp_path, where):
    target = tmp_path if where == "dir" else tmp_path / "absent" / "out.jsonl"
    code, out, err = run(capsys, "split", "-o", str(target), str(article))
    assert code == 2 and out == ""
    assert str(target) in err


def test_a_crashing_document_is_reported_and_the_rest_written(capsys, monkeypatch,
                                                              tmp_path, article):
    bad = tmp_path / "bad.txt"
    bad.write_text("Trigger\n", encoding="utf-8")
    original = Segmenter.label_text  # what a worker calls for a text record

    def segment(self, text, **kwargs):
        if kwargs.get("id") == "bad":
            raise RuntimeError("classifier bug")
        return original(self, text, **kwargs)

    monkeypatch.setattr(Segmenter, "label_text", segment)
    code, out, err = run(capsys, "split", "--jobs", "1", str(bad), str(article))
    assert code == EXIT_RECORD_ERRORS
    assert [r["id"] for r in jsonl(out)] == ["bad", "article"]
    assert jsonl(out)[0] == {"id": "bad", "source": str(bad),
                             "error": "internal error: RuntimeError: classifier bug"}
    assert f"{bad}: internal error: RuntimeError: classifier bug" in err


# --- site choice -----------------------------------------------------------------

@pytest.mark.parametrize(("url", "site"), [
    ("https://example.test/news/1", "testsite"),
    ("https://www.Example.TEST/news/1", "testsite"),
    ("example.test/news/1", "testsite"),
    ("https://notexample.test/news/1", None),
    ("https://example.test.evil.org/", None),
])
def test_url_chooses_the_site_by_domain(capsys, site_dir, article, url, site):
    code, out, _ = run(capsys, "split", "--plugins", str(site_dir), "--url", url,
                       str(article))
    assert code == 0
    [record] = jsonl(out)
    assert (record["url"], record["site"]) == (url, site)
    if site:
        assert [ln["label"] for ln in record["lines"]] == ARTICLE_LABELS


def test_generic_uses_no_site_even_for_its_url(capsys, site_dir, article):
    code, out, _ = run(capsys, "split", "--plugins", str(site_dir), "--generic",
                       "--url", "https://example.test/", str(article))
    assert code == 0
    assert jsonl(out)[0]["site"] is None


def test_unknown_site_is_a_usage_error_listing_the_sites(capsys, site_dir, article):
    code, out, err = run(capsys, "split", "--plugins", str(site_dir), "--site", "nosuch",
                         str(article))
    assert code == 2 and out == ""
    assert "unknown site 'nosuch'" in err and "testsite" in err


def test_site_and_generic_exclude_each_other(capsys, article):
    with pytest.raises(SystemExit) as exc:
        main(["split", "--site", "x", "--generic", str(article)])
    assert exc.value.code == 2
    assert "not allowed with" in capsys.readouterr().err


# --- the installed console script --------------------------------------------------

def _script() -> str:
    beside = Path(sys.executable).with_name("segkit")
    found = str(beside) if beside.exists() else shutil.which("segkit")
    if not found:
        pytest.skip("the segkit console script is not installed (pip install -e .)")
    return found


def test_console_script_splits_a_file_and_reports_bad_inputs(site_dir, article, tmp_path):
    proc = subprocess.run(
        [_script(), "split", "--plugins", str(site_dir), "--site", "testsite",
         "--format", "tsv", str(article), str(tmp_path / "missing.txt")],
        capture_output=True, text=True, timeout=120, env={**os.environ, "SEGKIT_PLUGINS": ""},
    )
    assert proc.returncode == EXIT_RECORD_ERRORS
    assert proc.stdout.splitlines()[2] == ("article\theadline\t"
                                           "TITLE Harbour reopens after the storm")
    assert f"segkit: {tmp_path / 'missing.txt'}: no such file or directory" in proc.stderr


def test_console_script_reads_stdin_and_defaults_to_jsonl_in_a_pipe():
    proc = subprocess.run(
        [_script(), "split", "--generic"], input="Héllo wörld\r\n\r\nBye".encode(),
        capture_output=True, timeout=120, env={**os.environ, "SEGKIT_PLUGINS": ""},
    )
    assert proc.returncode == 0, proc.stderr
    [record] = jsonl(proc.stdout.decode("utf-8"))
    assert [ln["text"] for ln in record["lines"]] == ["Héllo wörld", "", "Bye"]
    assert [ln["label"] is None for ln in record["lines"]] == [False, True, False]


def _on_terminal(argv: list[str], env: dict[str, str]) -> str:
    """Run the script with stdout on a pseudo-terminal; what the terminal received."""
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen([_script(), *argv], stdout=slave, stderr=subprocess.PIPE,
                            env=env)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO once the child has closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(master)
    assert proc.wait(timeout=120) == 0, proc.stderr.read() if proc.stderr else ""
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
@pytest.mark.parametrize("no_color", [False, True])
def test_console_script_on_a_terminal_prints_labelled_text(site_dir, article, no_color):
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env["SEGKIT_PLUGINS"] = ""
    if no_color:
        env["NO_COLOR"] = "1"
    shown = _on_terminal(
        ["split", "--plugins", str(site_dir), "--site", "testsite", str(article)], env)
    assert bool(ANSI.search(shown)) is not no_color
    plain = ANSI.sub("", shown)
    assert not plain.lstrip().startswith("{"), "JSON on a terminal"
    assert plain.splitlines()[3].split(None, 1) == [
        "headline", "TITLE Harbour reopens after the storm"]


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pseudo-terminal")
def test_split_without_input_on_a_terminal_prints_a_hint_instead_of_waiting():
    import pty

    master, slave = pty.openpty()
    try:
        proc = subprocess.run([_script(), "split"], stdin=slave, capture_output=True,
                              text=True, timeout=60, check=False)
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == EXIT_USAGE
    assert "no input" in proc.stderr and "segkit split -h" in proc.stderr
    assert proc.stdout == ""


def test_split_without_input_reads_a_pipe(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"A title\nSome text.\n")))
    assert main(["split", "--format", "tsv"]) == 0
    assert capsys.readouterr().out.startswith("stdin\t")
