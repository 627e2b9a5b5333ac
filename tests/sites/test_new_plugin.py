"""``segkit new-plugin``: a plugin, a sample placeholder and a snapshot test that work at once.

The end-to-end tests run pytest on the generated folder in a subprocess, as a user would.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from segkit.cli import main
from segkit.testing import is_placeholder
from segkit.tools.scaffold import ScaffoldError, domain_of, site_name

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = "harbourgazette.example"

SAMPLE = """\
Ferry to keep running all winter | Harbour Gazette
Home
News

Ferry to keep running all winter
By Ada Quill
The council voted on Tuesday to keep the winter ferry running, after a long debate about what the service costs and who uses it.
Fares will rise by a tenth from January, and the timetable will be cut to four crossings a day on weekdays.
"""  # noqa: E501


@pytest.fixture(autouse=True)
def _no_env_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEGKIT_PLUGINS", raising=False)


@pytest.mark.parametrize(("spec", "domain", "name"), [
    ("harbourgazette.example", "harbourgazette.example", "harbourgazette"),
    ("www.bbc.co.uk", "www.bbc.co.uk", "bbc"),
    ("https://news.example.com/world/1?x=2", "news.example.com", "news_example"),
    ("M.Harbour-Gazette.ORG", "m.harbour-gazette.org", "harbour_gazette"),
    ("abc.net.au", "abc.net.au", "abc"),
    ("daily8.com", "daily8.com", "daily8"),
    ("bücher.example", "xn--bcher-kva.example", "xn__bcher_kva"),
])
def test_the_name_comes_from_the_domain(spec, domain, name):
    assert domain_of(spec) == domain
    assert site_name(domain) == name


@pytest.mark.parametrize("spec", ["localhost", "not a domain", "http://", "-bad-.com", "a..b"])
def test_what_is_not_a_domain_is_refused(spec):
    with pytest.raises(ScaffoldError, match="is not a domain"):
        domain_of(spec)


def new_plugin(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["new-plugin", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_writes_plugin_sample_and_test_under_dir(capsys, tmp_path):
    code, out, _ = new_plugin(capsys, f"https://www.{DOMAIN}/news/1", "--dir", str(tmp_path))
    assert code == 0
    plugin = tmp_path / "plugins" / "harbourgazette.py"
    sample = tmp_path / "seeds" / "harbourgazette.txt"
    test = tmp_path / "tests" / "test_site_harbourgazette.py"
    assert plugin.is_file() and sample.is_file() and test.is_file()
    assert is_placeholder(sample)
    assert f"wrote {plugin}, {sample} and {test}" in out
    assert f"segkit explain --plugins {tmp_path / 'plugins'} --url https://{DOMAIN}/" in out
    # the plugin loads and serves its domain
    assert main(["plugins", "--json", "--plugins", str(tmp_path / "plugins")]) == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert rows["harbourgazette"]["sites"] == [
        {"name": "harbourgazette", "domains": [DOMAIN], "signature": None}]


def test_default_dir_is_here_and_paths_are_shown_relative(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, _ = new_plugin(capsys, DOMAIN, "--name", "gazette")
    assert code == 0
    assert (tmp_path / "plugins" / "gazette.py").is_file()
    assert out.splitlines()[0] == (
        "wrote plugins/gazette.py, seeds/gazette.txt and tests/test_site_gazette.py")


def test_existing_files_are_kept_unless_forced(capsys, tmp_path):
    assert new_plugin(capsys, DOMAIN, "--dir", str(tmp_path))[0] == 0
    plugin = tmp_path / "plugins" / "harbourgazette.py"
    plugin.write_text("# my work\n", encoding="utf-8")
    code, _, err = new_plugin(capsys, DOMAIN, "--dir", str(tmp_path))
    assert code == 2 and f"would overwrite {plugin}" in err and "--force" in err
    assert plugin.read_text(encoding="utf-8") == "# my work\n"
    assert new_plugin(capsys, DOMAIN, "--dir", str(tmp_path), "--force")[0] == 0
    assert "def site() -> Site:" in plugin.read_text(encoding="utf-8")


@pytest.mark.parametrize(("argv", "complaint"), [
    (["nodots"], "'nodots' is not a domain"),
    ([DOMAIN, "--name", "Bad-Name"], "plugin name 'Bad-Name'"),
])
def test_bad_input_is_a_usage_error(capsys, tmp_path, argv, complaint):
    code, _, err = new_plugin(capsys, *argv, "--dir", str(tmp_path))
    assert code == 2 and complaint in err
    assert not (tmp_path / "plugins").exists()


@pytest.mark.parametrize("domain", [DOMAIN, "www.a-rather-long-regional-newspaper-name.co.uk"])
def test_generated_files_pass_the_projects_ruff(capsys, tmp_path, domain):
    assert new_plugin(capsys, domain, "--dir", str(tmp_path))[0] == 0
    run = subprocess.run([sys.executable, "-m", "ruff", "check", "--config",
                          str(ROOT / "pyproject.toml"), str(tmp_path)],
                         capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stdout + run.stderr


def run_pytest(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.pop("SEGKIT_PLUGINS", None)
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args,
         str(folder / "tests")], cwd=folder, env=env, capture_output=True, text=True,
        timeout=300, check=False)


def test_generated_test_fails_on_the_placeholder_then_snapshots_a_real_sample(capsys,
                                                                             tmp_path):
    assert new_plugin(capsys, DOMAIN, "--dir", str(tmp_path))[0] == 0
    sample = tmp_path / "seeds" / "harbourgazette.txt"

    placeholder = run_pytest(tmp_path)
    assert placeholder.returncode == 1, placeholder.stdout
    assert f"{sample} is still the placeholder that `segkit new-plugin` wrote" in (
        placeholder.stdout)
    assert "--snapshot-update" in placeholder.stdout

    sample.write_text(SAMPLE, encoding="utf-8")
    unreviewed = run_pytest(tmp_path)  # no snapshot yet: syrupy fails and says so
    assert unreviewed.returncode == 1 and "snapshot" in unreviewed.stdout.lower()

    update = run_pytest(tmp_path, "--snapshot-update")
    assert update.returncode == 0, update.stdout
    snapshot = tmp_path / "snapshots" / "test_site_harbourgazette" / (
        "test_harbourgazette_sample.txt")
    rows = snapshot.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "# site: harbourgazette"
    assert len(rows) == 1 + len(SAMPLE.split("\n"))
    assert run_pytest(tmp_path).returncode == 0

    # a rule that changes a label breaks the snapshot until it is reviewed
    plugin = tmp_path / "plugins" / "harbourgazette.py"
    source = plugin.read_text(encoding="utf-8")
    plugin.write_text(source.replace(
        "        rules={\n", '        rules={\n            r"^Home$": "related",\n'),
        encoding="utf-8")
    changed = run_pytest(tmp_path)
    assert changed.returncode == 1
    assert "related   | Home" in changed.stdout


def test_generated_test_fails_when_the_plugin_does_not_load(capsys, tmp_path):
    assert new_plugin(capsys, DOMAIN, "--dir", str(tmp_path))[0] == 0
    (tmp_path / "seeds" / "harbourgazette.txt").write_text(SAMPLE, encoding="utf-8")
    plugin = tmp_path / "plugins" / "harbourgazette.py"
    plugin.write_text(plugin.read_text(encoding="utf-8").replace(
        "        rules={\n", '        rules={\n            r"(unclosed": "nav",\n'),
        encoding="utf-8")
    result = run_pytest(tmp_path)
    assert result.returncode == 1
    assert "bad pattern '(unclosed'" in result.stdout


def test_the_projects_seeds_are_no_placeholders_and_are_snapshotted():
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    assert seeds and not any(is_placeholder(p) for p in seeds)
