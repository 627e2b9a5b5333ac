"""A plugin for a new site, written from docs/plugins.md alone, in at most 30 lines,
fixes every line of the site's sample page that the generic classifier gets wrong.

The site (Kestrel Valley Radio, ``kestrelradio.example``) and its page are invented for
this project; the gold labels beside the sample in ``seeds/`` were set line by line from
the label rules, not from any output.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from segkit import Document, Segmenter
from segkit.sites.loading import load_plugins
from segkit.testing import wrong_lines

ROOT = Path(__file__).resolve().parents[2]
PLUGIN = ROOT / "tests" / "fixtures" / "plugins" / "kestrelradio.py"
SAMPLE = ROOT / "seeds" / "kestrelradio.txt"
GOLD = ROOT / "seeds" / "kestrelradio.labels.tsv"
URL = "https://www.kestrelradio.example/news/environment/otters-return"
MAX_LINES = 30


@pytest.fixture(scope="module")
def plugins():
    # The tutorial site ships with the tests, not with segkit: loaded as --plugins would.
    return load_plugins([str(PLUGIN.parent)], env=False, entry_points=False)


def wrong(doc: Document) -> list[str]:
    return wrong_lines(doc, GOLD)


def test_the_plugin_is_at_most_30_lines():
    assert len(PLUGIN.read_text(encoding="utf-8").splitlines()) <= MAX_LINES


def test_the_generic_classifier_gets_lines_of_the_sample_wrong(plugins):
    doc = Segmenter(plugins, generic=True).segment(SAMPLE.read_text(encoding="utf-8"))
    assert len(wrong(doc)) >= 1, "the sample no longer shows what the plugin is for"


@pytest.mark.parametrize("url", [URL, None], ids=["by-domain", "by-signature"])
def test_the_plugin_fixes_every_line_the_generic_classifier_got_wrong(plugins, url):
    doc = Segmenter(plugins).segment(SAMPLE.read_text(encoding="utf-8"), url=url)
    assert doc.site == "kestrelradio"
    assert wrong(doc) == []


def test_the_plugin_uses_only_what_the_docs_teach():
    docs = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    calls = [node for node in ast.walk(ast.parse(PLUGIN.read_text(encoding="utf-8")))
             if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Site"]
    keywords = {kw.arg for call in calls for kw in call.keywords}
    assert keywords and all(f"`{kw}" in docs or f"{kw}=" in docs for kw in keywords)
