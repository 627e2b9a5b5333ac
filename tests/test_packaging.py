"""segkit's name on PyPI, the extras its messages name, and the label rules it ships.

``segkit`` on PyPI is an unrelated package, so every install command segkit prints or
documents, and every plugin package it generates, must name the distribution
``segkit-web`` (the module and the command stay ``segkit``).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from shared_data import SHARED

from segkit.cli import main
from segkit.labels import LABELS
from segkit.tools import scaffold

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
DIST = PYPROJECT["project"]["name"]
# `pip install 'NAME[extra]'` or `pip install NAME` wherever segkit says how to install it.
_INSTALL = re.compile(r"pip install '?\"?(segkit[\w-]*)(?:\[(\w+)\])?")
# Words in a row that, found in both texts, would be a copied sentence.
SHINGLE = 8


def _texts() -> dict[str, str]:
    paths = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md")),
             *sorted((ROOT / "src" / "segkit").rglob("*.py"))]
    return {str(p.relative_to(ROOT)): p.read_text(encoding="utf-8") for p in paths}


def test_the_distribution_is_not_the_taken_name():
    assert DIST == scaffold.DISTRIBUTION == "segkit-web"
    assert PYPROJECT["project"]["scripts"] == {"segkit": "segkit.cli:main"}


def test_every_install_command_names_the_distribution_and_a_real_extra():
    extras = set(PYPROJECT["project"]["optional-dependencies"])
    found = []
    for where, text in _texts().items():
        for match in _INSTALL.finditer(text):
            name, extra = match.groups()
            if name.startswith("segkit-") and name != DIST:  # a plugin package of the docs
                continue
            found.append(match.group())
            assert name == DIST, f"{where}: {match.group()!r} installs another package"
            assert extra is None or extra in extras, f"{where}: no extra {extra!r}"
    assert len(found) >= 6


def test_a_generated_plugin_names_the_distribution_its_test_needs_and_the_rules(tmp_path):
    files = scaffold.plan("harbourgazette.example", tmp_path).files
    plugin, _sample, test = files.values()
    assert "segkit-web" in plugin
    assert "pip install pytest syrupy" in test and "docs/labels.md" in test


def test_new_plugin_points_to_the_label_rules(tmp_path, capsys):
    assert main(["new-plugin", "harbourgazette.example", "--dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "docs/labels.md" in out and "pip install pytest syrupy" in out


def test_the_plugin_guide_says_what_to_install_and_links_the_rules():
    page = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert "pip install pytest syrupy" in page and "pip install segkit-web" in page
    assert "(labels.md)" in page and "LABELS.md" not in page
    assert 'dependencies = ["segkit-web"]' in page


def test_the_label_rules_cover_every_label():
    page = (ROOT / "docs" / "labels.md").read_text(encoding="utf-8")
    rows = {m.group(1) for m in re.finditer(r"^\| `(\w+)` \|", page, re.M)}
    assert rows == set(LABELS)


def _shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.lower())
    return {tuple(words[i:i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def test_the_label_rules_are_written_anew():
    source = SHARED / "LABELS.md"
    if not source.is_file():
        pytest.skip(f"{source} is absent: nothing to compare docs/labels.md with")
    ours = (ROOT / "docs" / "labels.md").read_text(encoding="utf-8")
    copied = _shingles(ours) & _shingles(source.read_text(encoding="utf-8"))
    assert not copied, f"docs/labels.md repeats {SHINGLE} words in a row: {sorted(copied)[:3]}"
