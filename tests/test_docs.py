"""Every code block of docs/plugins.md is run, in order, in one fresh folder.

How a block is run depends on what comes before and in it:

- a block right after ``<!-- file: PATH -->`` is written to PATH;
- a ``console`` block is a session: each ``$ `` line is a command for bash, the lines
  below it what it prints. Each shown line must be found, in order, among the lines it
  printed (whitespace runs compared as one space; ``...`` stands for any text, and a
  line of only ``...`` for any lines). ``<!-- exit: N -->`` before the block expects
  that exit status (else 0); ``<!-- output: sample -->`` shows output that is only an
  example, not compared;
- any other ``python`` block is run as a script, and must exit 0;
- any other block fails the test: the page shows nothing that is not run.

``pip install DIR`` installs into a folder of this test (``--target``, offline, with
the build backend of the test environment) that the later commands see on PYTHONPATH,
so the test environment itself is left as it was.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

DOC = Path(__file__).resolve().parents[1] / "docs" / "plugins.md"
_DIRECTIVE = re.compile(r"^<!--\s*(file|exit|output):\s*(.+?)\s*-->$")
_FENCE = re.compile(r"^```(\S*)\s*$")


@dataclass
class Block:
    """One fenced block, with the directives written just above it."""

    line: int  # where the block starts in the page, for messages
    info: str
    text: str
    directives: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        if "file" in self.directives:
            return "file"
        if self.info in ("console", "python"):
            return self.info
        return "unrun"


def blocks(page: str) -> list[Block]:
    found: list[Block] = []
    directives: dict[str, str] = {}
    lines = page.split("\n")
    i = 0
    while i < len(lines):
        if m := _DIRECTIVE.match(lines[i].strip()):
            directives[m.group(1)] = m.group(2)
        elif m := _FENCE.match(lines[i]):
            end = lines.index("```", i + 1)
            found.append(Block(i + 1, m.group(1), "\n".join(lines[i + 1:end]) + "\n",
                               directives))
            directives = {}
            i = end
        elif lines[i].strip():
            directives = {}  # a directive belongs to the block right below it
        i += 1
    return found


def _norm(text: str) -> str:
    return " ".join(text.split())


def _line_matches(expected: str, actual: str) -> bool:
    pos = 0
    for part in _norm(expected).split("..."):
        found = actual.find(part, pos)
        if found < 0:
            return False
        pos = found + len(part)
    return True


def missing_output(expected: list[str], output: str) -> str | None:
    """The first shown line not found, in order, in ``output``; None when all are."""
    actual = [_norm(line) for line in output.splitlines()]
    k = 0
    for want in expected:
        if _norm(want) in ("", "..."):
            continue
        while k < len(actual) and not _line_matches(want, actual[k]):
            k += 1
        if k == len(actual):
            return want
        k += 1
    return None


def commands(block: Block) -> list[tuple[str, list[str]]]:
    session: list[tuple[str, list[str]]] = []
    for line in block.text.rstrip("\n").split("\n"):
        if line.startswith("$ "):
            session.append((line[2:], []))
        else:
            assert session, f"docs line {block.line}: output before any command"
            session[-1][1].append(line)
    return session


class Session:
    """The reader's shell: one folder, segkit and pytest of this environment on PATH."""

    def __init__(self, root: Path, page: str = "docs/plugins.md") -> None:
        self.page = page  # named in failure messages
        self.root = root / "work"
        self.root.mkdir()
        self.site = root / "site-packages"  # where `pip install` puts packages
        self.site.mkdir()
        env = {k: v for k, v in os.environ.items()
               if not k.startswith(("PYTEST_", "SEGKIT_", "PIP_"))}
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        env["PYTHONPATH"] = str(self.site)
        env["NO_COLOR"] = "1"
        self.env = env

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        if command.startswith("pip install "):
            target = command.removeprefix("pip install ")
            command = (f"{sys.executable} -m pip install --quiet --no-build-isolation "
                       f"--no-deps --no-index --target {self.site} {target}")
        return subprocess.run(["bash", "-c", command], cwd=self.root, env=self.env,
                              capture_output=True, text=True, timeout=600, check=False)

    def run_block(self, block: Block) -> None:
        where = f"{self.page} line {block.line}"
        if block.kind == "file":
            path = self.root / block.directives["file"]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(block.text, encoding="utf-8")
        elif block.kind == "python":
            script = self.root.parent / f"block_{block.line}.py"
            script.write_text(block.text, encoding="utf-8")
            done = self.run(f"{sys.executable} {script}")
            assert done.returncode == 0, f"{where}: the script failed:\n{done.stderr}"
        elif block.kind == "console":
            status = int(block.directives.get("exit", "0"))
            for command, expected in commands(block):
                done = self.run(command)
                output = done.stdout + done.stderr
                assert done.returncode == status, (
                    f"{where}: `{command}` exited {done.returncode}, not {status}:\n{output}")
                if block.directives.get("output") != "sample":
                    lost = missing_output(expected, output)
                    assert lost is None, (
                        f"{where}: `{command}` did not print {lost!r}; it printed:\n{output}")
        else:
            pytest.fail(f"{where}: a {block.info or 'plain'} block that no test runs")


PAGE = DOC.read_text(encoding="utf-8")


def test_every_block_of_the_page_is_runnable():
    found = blocks(PAGE)
    assert len(found) >= 15
    unrun = [b.line for b in found if b.kind == "unrun"]
    assert unrun == [], f"blocks at docs/plugins.md lines {unrun} are not run by any test"


def test_the_tutorial_runs_as_written(tmp_path):
    pytest.importorskip("hatchling", reason="the doc builds a package with hatchling")
    session = Session(tmp_path)
    for block in blocks(PAGE):
        session.run_block(block)
    snapshot = session.root / "snapshots" / "test_site_harbourgazette"
    assert (snapshot / "test_harbourgazette_sample.txt").is_file()


@pytest.mark.parametrize("topic", [
    "segkit new-plugin", "segkit explain", "register_sites", "classify(doc)", "rules=",
    "after=", "Block(start=", "refine", "signature", "--site", "--generic", "SEGKIT_PLUGINS",
    "[project.entry-points.segkit]", "--snapshot-update", "RULE_TIMEOUT",
])
def test_the_page_covers(topic):
    assert topic in PAGE


# --- the checker itself ------------------------------------------------------------

def test_output_lines_are_found_in_order_with_ellipses():
    out = "a first line\n  12  byline   x   rule WRITTEN_BY   nav +0.00  Ada Quill\nlast\n"
    assert missing_output(["a first line", "...", "12 byline ...Ada Quill", "last"], out) is None
    assert missing_output(["last", "a first line"], out) == "a first line"
    assert missing_output(["12 byline ...Someone Else"], out) == "12 byline ...Someone Else"


def test_directives_attach_to_the_next_block_only():
    page = ("<!-- exit: 1 -->\n```console\n$ false\n```\n\ntext\n<!-- file: a.txt -->\n\n"
            "```text\nA\n```\n```text\nB\n```\n")
    first, second, third = blocks(page)
    assert first.directives == {"exit": "1"} and first.kind == "console"
    assert second.directives == {"file": "a.txt"} and second.text == "A\n"
    assert third.kind == "unrun"
