"""A text run loads only what text needs: no HTML parser, archive reader, Parquet, charset
detection or report page (each costs start-up time, paid by every short run)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

# Modules a `segkit split` of UTF-8 text (and its worker) never needs.
UNNEEDED = ("selectolax", "segkit.html", "fastwarc", "pyarrow", "chardetng_py",
            "segkit.output.report", "segkit.learn", "lightgbm", "numpy", "ftfy")

# Runs a text split in this process (the main process's imports), then what a worker
# does with one record (a forked worker inherits those and adds its own).
CODE = """
import json, sys
from segkit.cli import main
main(["split", "--generic", "--jobs", "1", "-o", sys.argv[2], sys.argv[1]])
from segkit.corpus.worker import Settings, Worker
from segkit.inputs.decode import Source
result = Worker(Settings(generic=True))(Source("a.txt", "a", "Caf\\u00e9 line\\nBy Jane".encode()))
assert result.ok, result.error
print(json.dumps(sorted(sys.modules)))
"""


def test_text_run_leaves_unneeded_modules_unimported(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("A headline\n\nBy Jane Doe\n\nThe body, a sentence or two long.\n")
    out = subprocess.run([sys.executable, "-c", CODE, str(page), str(tmp_path / "out.jsonl")],
                         capture_output=True, text=True, check=True).stdout
    loaded = set(json.loads(out))
    assert (tmp_path / "out.jsonl").read_text().count("\n") == 1
    found = sorted(m for m in loaded if m.split(".")[0] in UNNEEDED or m.startswith(UNNEEDED))
    assert found == []


def test_non_utf8_text_still_decodes() -> None:
    """chardetng_py, never imported up front, is loaded where it is needed."""
    from segkit.inputs.decode import decode

    assert decode("caf\xe9 cr\xe8me br\xfbl\xe9e".encode("cp1252"), "x.txt").startswith("café")
