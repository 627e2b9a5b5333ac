"""``segkit new-plugin``: a site plugin, a sample placeholder and a snapshot test to start from.

The files go where the project keeps its own: ``plugins/<name>.py``, ``seeds/<name>.txt``
and ``tests/test_site_<name>.py`` under one folder (a segkit checkout, or a user's own).
The test fails, saying so, until the placeholder is replaced by the text of a real page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import regex

# segkit's name on PyPI (``segkit`` there is an unrelated package): what a plugin
# package depends on.
DISTRIBUTION = "segkit-web"
# What the generated snapshot test needs beside segkit.
TEST_DEPENDENCIES = "pip install pytest syrupy"
# The first line of a sample placeholder; segkit.testing refuses to snapshot it.
PLACEHOLDER = "segkit new-plugin placeholder:"

# Second-level labels of country domains (bbc.co.uk, abc.net.au): not the site's name.
_SECOND_LEVEL = frozenset(("co", "com", "net", "org", "gov", "ac", "edu", "ne", "or", "go",
                           "gob", "nic", "ltd", "plc", "sch", "nom", "info", "biz"))
# Host prefixes that are not part of the site's name.
_PREFIXES = frozenset(("www", "m", "amp", "mobile"))
_LABEL = regex.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
NAME = regex.compile(r"^[a-z0-9_]{1,40}$")


class ScaffoldError(ValueError):
    """A domain or name that cannot make a plugin, or a file that would be overwritten."""


def domain_of(spec: str) -> str:
    """The host of a domain or URL, lower case, IDNA-encoded: ``www.example.com``."""
    raw = spec.strip()
    try:
        host = urlsplit(raw if "//" in raw else "//" + raw).hostname or ""
    except ValueError:
        host = ""
    try:
        host = host.rstrip(".").encode("idna").decode("ascii")
    except UnicodeError:
        host = ""
    labels = host.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise ScaffoldError(f"{spec!r} is not a domain such as example.com")
    return host


def site_name(domain: str) -> str:
    """A plugin name from a domain: ``www.bbc.co.uk`` -> ``bbc``, ``news.example.com`` ->
    ``news_example``; what ``--site`` takes and the files are named after."""
    labels = domain.split(".")
    while len(labels) > 2 and labels[0] in _PREFIXES:
        labels = labels[1:]
    labels = labels[:-1]  # the top-level domain
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels = labels[:-1]
    return "_".join(labels).replace("-", "_")


@dataclass(frozen=True)
class Scaffold:
    """The three files of a new plugin, by path, and what to put in them."""

    name: str
    domain: str
    files: dict[Path, str]


def plan(spec: str, root: Path, name: str | None = None) -> Scaffold:
    """The files ``new-plugin`` writes under ``root`` for the site at ``spec``."""
    domain = domain_of(spec)
    if domain.startswith("www."):
        domain = domain[4:]
    name = name or site_name(domain)
    if not NAME.match(name):
        raise ScaffoldError(
            f"plugin name {name!r}: use up to 40 lower-case letters, digits and _")
    values = {"name": name, "domain": domain, "placeholder": PLACEHOLDER,
              "dist": DISTRIBUTION, "test_deps": TEST_DEPENDENCIES}
    files = {
        root / "plugins" / f"{name}.py": PLUGIN.format(**values),
        root / "seeds" / f"{name}.txt": SAMPLE.format(**values),
        root / "tests" / f"test_site_{name}.py": TEST.format(**values),
    }
    return Scaffold(name, domain, files)


def write(scaffold: Scaffold, *, force: bool = False) -> list[Path]:
    """Write the files; an existing one is an error unless ``force``."""
    existing = [p for p in scaffold.files if p.exists()]
    if existing and not force:
        raise ScaffoldError(
            "would overwrite " + ", ".join(map(str, existing)) + " (use --force to replace)")
    for path, text in scaffold.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return list(scaffold.files)


PLUGIN = '''\
"""A segkit site plugin for {domain}.

Say here what the site's pages look like and which lines the generic
classifier gets wrong on them: ``segkit explain`` shows both. Patterns use the
``regex`` module; docs/plugins.md describes every kind of rule, docs/labels.md
which label each kind of line gets. Shipped as its own package, the plugin
depends on ``{dist}`` (segkit's name on PyPI; ``segkit`` there is another project).
"""

from __future__ import annotations

from collections.abc import Callable

import segkit
from segkit import Block, Site  # noqa: F401  (Block: for blocks=, below)

# A pattern for each kind of line to fix, named for what it finds, e.g.:
# LISTEN = r"^Listen to this article"


def site() -> Site:
    """The site, chosen by its domain (or by --site)."""
    return Site(
        name="{name}",
        domains=("{domain}",),
        # signature=r"...",  # found only on this site's pages: for pages without a URL
        rules={{
            # LISTEN: "nav",  # a line matching the pattern gets the label
        }},
        after={{
            # r"^By ": "timestamp",  # the next non-blank line after a match gets the label
        }},
        blocks=(
            # Block(start=r"^Most read$", label="related", end=r"^Newsletter$"),
        ),
    )


@segkit.hookimpl
def register_sites(register: Callable[[Site], object]) -> None:
    """Give segkit this site; called once when the plugins load."""
    register(site())
'''

SAMPLE = '''\
{placeholder} replace this file with the text of a real page
of {domain}, as segkit would get it (one line of the page per line);
then run pytest on tests/test_site_{name}.py with --snapshot-update and review
the snapshot it writes.
'''

TEST = '''\
"""The sample page of {domain}, segmented with its plugin.

Written by ``segkit new-plugin``: the test fails until the sample,
seeds/{name}.txt,
holds the text of a real page of the site. It needs pytest and syrupy
({test_deps}). Then run pytest with
--snapshot-update, check every row of the snapshot it writes (under
snapshots/) against the label rules of segkit's docs/labels.md, and commit
the plugin, the sample, this test and the snapshot together.
"""

from __future__ import annotations

from pathlib import Path

from syrupy.assertion import SnapshotAssertion

from segkit.testing import SegmentationSnapshotExtension, segment_sample

ROOT = Path(__file__).resolve().parents[1]
NAME = "{name}"
URL = "https://{domain}/"


def test_{name}_sample(snapshot: SnapshotAssertion) -> None:
    sample = ROOT / "seeds" / f"{{NAME}}.txt"
    doc = segment_sample(sample, plugins=ROOT / "plugins", url=URL)
    assert doc.site == NAME
    assert doc == snapshot.use_extension(SegmentationSnapshotExtension)
'''
