"""The shipped site plugins label every line of their real seed page as the gold does.

The seeds live in the read-only ``shared/`` folder beside the project; they are not
copied here. The generic classifier is tuned separately, so the plugins are also run
over a classifier that gives every line the same label: they must not depend on it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import segkit
from segkit import LABELS, Document, Segmenter
from segkit.sites.loading import Plugins, load_plugins
from segkit.tools.evaluate import read_gold

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "seeds"

# seed file prefix -> (site name, a plausible page URL on that site)
CASES = {
    "000_": ("telegraph", "https://www.telegraph.co.uk/world-news/2025/07/04/ukraine-russia-live/"),
    "004_": ("daily8", "https://www.daily8.com/en/article/0123456789abcdef"),
}

pytestmark = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"real seed pages not available: {SEEDS} is missing"
)


def _seed(prefix: str) -> tuple[str, list[tuple[str | None, str]]]:
    matches = sorted(SEEDS.glob(f"{prefix}*.txt"))
    if not matches:
        pytest.skip(f"no seed {prefix}*.txt in {SEEDS}")
    path = matches[0]
    return path.read_text(encoding="utf-8"), read_gold(path.with_suffix(".labels.tsv"))


def _mismatches(doc: Document, gold: list[tuple[str | None, str]]) -> list[str]:
    assert [text for _, text in gold] == [line.text for line in doc.lines]
    return [
        f"line {line.n}: gold {want} got {line.label}: {line.text[:70]!r}"
        for (want, _), line in zip(gold, doc.lines, strict=True)
        if want != line.label
    ]


class ConstantClassifier:
    """A stand-in for the generic classifier that gives every line one label."""

    def __init__(self, label: str) -> None:
        self.label = label

    @segkit.hookimpl(tryfirst=True)
    def classify(self, doc: Document) -> list[str | None]:
        return [self.label for _ in doc.lines]


def _plugins_with(classifier: object | None = None) -> Plugins:
    plugins = load_plugins(entry_points=False, env=False)
    assert not plugins.errors, plugins.errors
    if classifier is not None:
        plugins.pm.register(classifier)
    return plugins


@pytest.mark.parametrize("prefix", CASES)
@pytest.mark.parametrize("with_url", [False, True], ids=["signature", "url"])
def test_plugin_matches_gold(prefix: str, with_url: bool) -> None:
    site, url = CASES[prefix]
    text, gold = _seed(prefix)
    doc = Segmenter().segment(text, id=prefix, url=url if with_url else None)
    assert doc.site == site
    assert _mismatches(doc, gold) == []


@pytest.mark.parametrize("prefix", CASES)
@pytest.mark.parametrize("label", LABELS)
def test_plugin_does_not_depend_on_generic_labels(prefix: str, label: str) -> None:
    site, _ = CASES[prefix]
    text, gold = _seed(prefix)
    doc = Segmenter(_plugins_with(ConstantClassifier(label))).segment(text, id=prefix)
    assert doc.site == site
    assert _mismatches(doc, gold) == []


@pytest.mark.parametrize("prefix", CASES)
def test_generic_does_not_use_the_plugin(prefix: str) -> None:
    _, url = CASES[prefix]
    text, _ = _seed(prefix)
    plugins = _plugins_with(ConstantClassifier("related"))
    doc = Segmenter(plugins, generic=True).segment(text, id=prefix, url=url)
    assert doc.site is None
    assert {line.label for line in doc.lines if not line.blank} == {"related"}


def test_cli_generic_does_not_use_the_plugin(capsys: pytest.CaptureFixture[str]) -> None:
    from segkit.cli import main

    path = sorted(SEEDS.glob("000_*.txt"))[0]
    assert main(["split", "--generic", "-f", "jsonl", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["site"] is None
