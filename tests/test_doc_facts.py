"""Facts the docs state that the code decides: exit statuses, formats, benchmark costs."""

from __future__ import annotations

import re
from pathlib import Path

from segkit import cli
from segkit.inputs.formats import INPUT_FORMATS
from segkit.output.formats import FORMATS

ROOT = Path(__file__).resolve().parents[1]
FORMAT_DOC = (ROOT / "docs" / "format.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")


def exit_table() -> dict[int, str]:
    section = FORMAT_DOC[FORMAT_DOC.index("## Errors and exit status"):]
    return {int(m[1]): m[2] for m in re.finditer(r"^\| (\d+) \| (.+) \|$", section, re.M)}


def test_the_exit_status_table_says_what_split_returns():
    table = exit_table()
    assert "input failed" in table[cli.EXIT_RECORD_ERRORS]
    assert "usage" in table[cli.EXIT_USAGE]
    assert "stopped part way" in table[cli.EXIT_FAILED]
    assert "interrupted" in table[cli.EXIT_INTERRUPTED]
    assert "plugin failed to load" in table[cli.EXIT_PLUGIN_ERRORS]
    for page in ("scale.md", "reliability.md"):
        text = (ROOT / "docs" / page).read_text(encoding="utf-8")
        assert f"| {cli.EXIT_PLUGIN_ERRORS} | the run finished, but a plugin failed" in text


def test_every_format_is_described():
    for name in FORMATS:
        assert f"## `{name}`" in FORMAT_DOC, name
    scale = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    assert "|".join(INPUT_FORMATS[1:]) in scale


def test_the_readme_says_how_long_each_benchmark_takes_and_its_disk():
    section = README[README.index("## Measuring"):]
    section = section[:section.index("\n## ", 1)]
    scripts = [*sorted((ROOT / "benchmarks").glob("bench_*.py")),
               ROOT / "benchmarks" / "same_labels.py"]
    for script in scripts:
        row = next((ln for ln in section.splitlines() if f"`{script.name}`" in ln
                    and ln.startswith("|")), None)
        assert row is not None, f"README's Measuring has no row for {script.name}"
        _, time, disk = (cell.strip() for cell in row.strip("|").split("|")[:3])
        assert "minute" in time or "second" in time, row
        assert disk, row
