"""The shipped JSON Schema describes what ``segkit split`` really writes."""

from __future__ import annotations

import copy
import importlib.metadata
import io
import json
from importlib.resources import files
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import segkit
from segkit import LABELS
from segkit.cli import main
from segkit.output.writers import Writer

# Any str, even one split refuses (empty, binary): segkit.segment would raise on those.
from segkit.pipeline import segment

SCHEMA_RESOURCE = "schema/document.schema.json"

SITE_PLUGIN = '''
import segkit
from segkit import Site


@segkit.hookimpl
def register_sites(register):
    register(Site(name="schemasite", domains=("schema.test",),
                  rules={r"^# ": "headline", r"^> ": "caption", r"^- ": "nav"}))
'''

PAGES = {
    "lf.txt": "# A headline\n\nBy Jane Doe\nA paragraph of text, long enough for body.\n- Home\n",
    "crlf.txt": "# Another one\r\n\r\n> A caption under a photo\r\nSome more text here.\r\n",
    "unicode.txt": "Überschrift für heute\n\n日本語の段落です。\n  \t \nemoji 🙂 and “quotes”",
    "sub/nested.txt": "only one line",
    "tabs.txt": "col\tcol\tcol\n\f\nend",
}


@pytest.fixture(autouse=True)
def _no_env_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEGKIT_PLUGINS", raising=False)


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(files(segkit).joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.fixture
def corpus(tmp_path: Path) -> tuple[Path, Path]:
    pages = tmp_path / "pages"
    for name, text in PAGES.items():
        (pages / name).parent.mkdir(parents=True, exist_ok=True)
        (pages / name).write_bytes(text.encode("utf-8"))
    (pages / "latin.txt").write_bytes("Ça coûte très cher à Montréal, déjà.\n".encode("cp1252"))
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "schemasite.py").write_text(SITE_PLUGIN, encoding="utf-8")
    return pages, plugins


def split(capsys, *argv: str) -> list[dict]:
    assert main(["split", *argv]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def assert_valid(validator: Draft202012Validator, record: dict) -> None:
    errors = sorted(validator.iter_errors(record), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


@pytest.mark.parametrize("extra", [
    [],
    ["--generic"],
    ["--only", "body"],
    ["--only", "headline,caption,nav"],
    ["--url", "https://schema.test/a"],
    ["--site", "schemasite", "--only", "headline"],
])
def test_split_output_of_several_documents_is_valid(capsys, validator, corpus, extra):
    pages, plugins = corpus
    records = split(capsys, "--plugins", str(plugins), *extra, str(pages))
    assert len(records) == len(PAGES) + 1
    for record in records:
        assert_valid(validator, record)
    if "--only" not in extra:
        for record in records:
            assert [ln["n"] for ln in record["lines"]] == list(
                range(1, len(record["lines"]) + 1))


def test_forced_site_records_are_valid_and_name_the_site(capsys, validator, corpus):
    pages, plugins = corpus
    records = split(capsys, "--plugins", str(plugins), "--site", "schemasite", str(pages))
    assert {r["site"] for r in records} == {"schemasite"}
    for record in records:
        assert_valid(validator, record)


def test_json_format_is_an_array_of_valid_records(capsys, validator, corpus):
    pages, _ = corpus
    assert main(["split", "--format", "json", str(pages)]) == 0
    records = json.loads(capsys.readouterr().out)
    assert len(records) == len(PAGES) + 1
    for record in records:
        assert_valid(validator, record)


@settings(max_examples=150, deadline=None)
@given(text=st.text(), only=st.sets(st.sampled_from(LABELS)))
def test_records_of_any_text_are_valid(validator, text, only):
    out = io.StringIO()
    Writer(out, "jsonl", only=frozenset(only) or None).write(segment(text, url="x.test"))
    assert_valid(validator, json.loads(out.getvalue()))


BASE = {"id": "p", "source": None, "url": None, "site": None, "title": None, "author": None,
        "date": None, "language": None, "page_type": None,
        "lines": [{"n": 1, "text": "Title", "label": "headline"},
                  {"n": 2, "text": " ", "label": None}]}


@pytest.mark.parametrize(("change", "why"), [
    (lambda r: r.pop("site"), "a key is missing"),
    (lambda r: r.update(extra=1), "an unknown key"),
    (lambda r: r.update(id=""), "an empty id"),
    (lambda r: r["lines"][0].update(label="footer"), "not one of the seven labels"),
    (lambda r: r["lines"][0].update(label=None), "a non-blank line without a label"),
    (lambda r: r["lines"][1].update(label="body"), "a blank line with a label"),
    (lambda r: r["lines"][0].update(n=0), "line numbers start at 1"),
    (lambda r: r["lines"][0].update(n="1"), "n is an integer"),
    (lambda r: r["lines"][0].update(text="two\nlines"), "a line holds no newline"),
    (lambda r: r["lines"][0].pop("label"), "label is required, null or not"),
])
def test_schema_rejects_what_segkit_never_writes(validator, change, why):
    assert_valid(validator, BASE)
    record = copy.deepcopy(BASE)
    change(record)
    assert not validator.is_valid(record), why


def test_schema_ships_in_the_installed_package():
    """In a wheel install (as CI does) the schema must be among the installed files."""
    dist_files = importlib.metadata.files("segkit-web") or []
    installed = {str(f).replace("\\", "/") for f in dist_files}
    if "segkit/__init__.py" not in installed:
        pytest.skip("segkit is installed in editable mode: no wheel file list to check")
    assert f"segkit/{SCHEMA_RESOURCE}" in installed


def test_the_schema_names_every_evidence_flag() -> None:
    """``--evidence`` writes each flag by name: a flag added to ``Flag`` but not to the
    schema would make segkit's own output fail validation."""
    from segkit.evidence import Flag

    schema = json.loads(files("segkit").joinpath(SCHEMA_RESOURCE).read_text(encoding="utf-8"))
    found: list[list[str]] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            enum = node.get("enum")
            if isinstance(enum, list) and "one_link" in enum:
                found.append(enum)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert len(found) == 1
    assert set(found[0]) == {str(f.name).lower() for f in Flag}
