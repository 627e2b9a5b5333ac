"""Plugins: where they load from, how a site is chosen, and what happens when one fails.

Every test plugin is written into tmp_path here; none of the shipped ones is relied on.
"""

from __future__ import annotations

import json
import os
import sys
import textwrap
import time
from pathlib import Path

import pytest

import segkit.sites.site
from segkit import Document, Segmenter, Site
from segkit.cli import EXIT_PLUGIN_ERRORS, main
from segkit.sites.loading import load_plugins
from segkit.sites.site import RuleError

PAGE = (
    "NAVLINE Home | World\n"
    "A headline about something that happened\n"
    "\n"
    "A paragraph of running text that tells the story, with a comma and a full stop.\n"
    "Another paragraph follows here, and it ends like a sentence does.\n"
)


@pytest.fixture(autouse=True)
def _no_env_plugins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SEGKIT_PLUGINS", raising=False)


def site_plugin(folder: Path, name: str, *, site: str | None = None,
                domains: tuple[str, ...] = (),
                signature: str | None = None, rules: dict[str, str] | None = None,
                extra: str = "", refine: str | None = None) -> Path:
    """Write plugin ``name``.py registering one site (named ``site``, else ``name``).

    ``refine`` names a function defined in the module code ``extra``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rules = rules if rules is not None else {"^NAVLINE ": "nav"}
    path = folder / f"{name}.py"
    source = (
        "import segkit\nfrom segkit import Site\n\n"
        + textwrap.dedent(extra)
        + "\n\n@segkit.hookimpl\ndef register_sites(register):\n"
        + f"    register(Site(name={site or name!r}, domains={domains!r}, "
        + f"signature={signature!r}, rules={rules!r}, refine={refine or 'None'}))\n"
    )
    path.write_text(source, encoding="utf-8")
    return path


def write_page(tmp_path: Path, text: str = PAGE, name: str = "page.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def split(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    code = main(["split", *argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def labels(record: dict) -> list[str | None]:
    return [ln["label"] for ln in record["lines"]]


# --- where plugins come from -------------------------------------------------------

def test_plugins_flag_is_repeatable(capsys, tmp_path):
    site_plugin(tmp_path / "one", "alpha", domains=("alpha.test",))
    site_plugin(tmp_path / "two", "beta", domains=("beta.test", "beta.example"))
    code = main(["plugins", "--json", "--plugins", str(tmp_path / "one"),
                 "--plugins", str(tmp_path / "two")])
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    assert code == 0
    assert rows["alpha"]["origin"] == str(tmp_path / "one" / "alpha.py")
    assert rows["beta"]["sites"] == [
        {"name": "beta", "domains": ["beta.test", "beta.example"], "signature": None}]
    assert rows["segkit.sites.generic"]["origin"] == "built-in"


def test_env_var_adds_folders_separated_like_path(monkeypatch, tmp_path):
    site_plugin(tmp_path / "one", "gamma", domains=("gamma.test",))
    site_plugin(tmp_path / "two", "delta", domains=("delta.test",))
    monkeypatch.setenv("SEGKIT_PLUGINS",
                       os.pathsep.join([str(tmp_path / "one"), "", str(tmp_path / "two")]))
    plugins = load_plugins(shipped=False, entry_points=False)
    assert [s.name for s in plugins.sites] == ["gamma", "delta"]
    assert plugins.errors == []
    assert load_plugins(shipped=False, entry_points=False, env=False).sites == []


def test_env_var_plugins_are_used_by_split(capsys, monkeypatch, tmp_path):
    site_plugin(tmp_path / "env", "envsite", domains=("env.test",))
    monkeypatch.setenv("SEGKIT_PLUGINS", str(tmp_path / "env"))
    code, [record], _ = split(capsys, "--url", "https://env.test/a", str(write_page(tmp_path)))
    assert code == 0
    assert record["site"] == "envsite"
    assert labels(record)[0] == "nav"


def test_the_same_folder_named_twice_loads_once(monkeypatch, tmp_path):
    site_plugin(tmp_path / "p", "once", domains=("once.test",))
    monkeypatch.setenv("SEGKIT_PLUGINS", str(tmp_path / "p"))
    plugins = load_plugins([tmp_path / "p", str(tmp_path / "p") + "/"], shipped=False,
                           entry_points=False)
    assert [s.name for s in plugins.sites] == ["once"]
    assert plugins.errors == []


def test_a_missing_plugin_folder_is_reported(tmp_path):
    messages: list[str] = []
    plugins = load_plugins([tmp_path / "nowhere"], shipped=False, entry_points=False,
                           env=False, warn=messages.append)
    assert messages == [f"plugin folder {tmp_path / 'nowhere'}: not a directory"]
    assert plugins.errors == messages


def _fake_distribution(root: Path, dist: str, entry_points: dict[str, str]) -> None:
    info = root / f"{dist}-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {dist}\nVersion: 1.0\n", encoding="utf-8")
    lines = "".join(f"{name} = {target}\n" for name, target in entry_points.items())
    (info / "entry_points.txt").write_text(f"[segkit]\n{lines}", encoding="utf-8")


@pytest.fixture
def installed(monkeypatch, tmp_path) -> str:
    """A fake installed distribution with a broken segkit entry point and two good ones."""
    root = tmp_path / "site-packages"
    prefix = f"segkit_ep_{tmp_path.name.replace('-', '_')}"
    for mod, site in (("first", "epsite1"), ("second", "epsite2")):
        site_plugin(root, f"{prefix}_{mod}", site=site, domains=(f"{site}.test",))
    (root / f"{prefix}_broken.py").write_text("raise ImportError('missing dependency xyz')\n")
    # the broken one first: loading must go on past it
    _fake_distribution(root, "segkit-fake-sites", {
        "epbroken": f"{prefix}_broken",
        "epone": f"{prefix}_first", "eptwo": f"{prefix}_second"})
    monkeypatch.syspath_prepend(str(root))
    for mod in ("first", "second", "broken"):
        monkeypatch.delitem(sys.modules, f"{prefix}_{mod}", raising=False)
    return prefix


def test_entry_points_load_and_a_broken_one_spoils_no_other(installed):
    messages: list[str] = []
    plugins = load_plugins(shipped=False, env=False, warn=messages.append)
    assert {s.name for s in plugins.sites} == {"epsite1", "epsite2"}
    assert plugins.origins["epone"] == (
        f"entry point epone = {installed}_first of segkit-fake-sites")
    [message] = messages
    assert "epbroken" in message and "missing dependency xyz" in message
    assert load_plugins(shipped=False, env=False, entry_points=False).sites == []


def test_an_entry_point_whose_hook_lacks_its_marker_is_reported(monkeypatch, tmp_path):
    root = tmp_path / "site-packages"
    root.mkdir()
    module = f"segkit_ep_unmarked_{tmp_path.name.replace('-', '_')}"
    (root / f"{module}.py").write_text(
        "def register_sites(register):\n    raise AssertionError('never called')\n",
        encoding="utf-8")
    _fake_distribution(root, "segkit-unmarked", {"epunmarked": module})
    monkeypatch.syspath_prepend(str(root))
    messages: list[str] = []
    plugins = load_plugins(shipped=False, env=False, warn=messages.append)
    assert messages == [f"entry point epunmarked = {module} of segkit-unmarked: "
                        "register_sites() is not marked @segkit.hookimpl, so segkit never "
                        "calls it"]
    assert plugins.errors == messages and plugins.sites == []


def test_plugins_command_lists_each_site_under_its_own_plugin(capsys, installed):
    assert main(["plugins", "--json"]) == 1  # the broken entry point is an error
    captured = capsys.readouterr()
    rows = {row["name"]: row for row in json.loads(captured.out)}
    assert [s["name"] for s in rows["epone"]["sites"]] == ["epsite1"]
    assert [s["name"] for s in rows["eptwo"]["sites"]] == ["epsite2"]
    assert "segkit-fake-sites" in rows["eptwo"]["origin"]
    assert "epbroken" not in rows
    assert "epbroken" in captured.err


def test_plugins_command_text_shows_name_domains_and_origin(capsys, tmp_path):
    site_plugin(tmp_path / "p", "listed", domains=("listed.test", "listed.example"),
                signature="LISTED-SIG")
    assert main(["plugins", "--plugins", str(tmp_path / "p")]) == 0
    out = capsys.readouterr().out
    assert f"listed  ({tmp_path / 'p' / 'listed.py'})" in out
    assert "    site listed: listed.test, listed.example; signature 'LISTED-SIG'" in out


def test_a_plugin_file_that_fails_to_import_is_reported_and_skipped(capsys, tmp_path):
    folder = tmp_path / "p"
    site_plugin(folder, "fine", domains=("fine.test",))
    (folder / "broken.py").write_text("import segkit\ndef oops(:\n", encoding="utf-8")
    (folder / "raising.py").write_text("raise RuntimeError('no config')\n", encoding="utf-8")
    (folder / "_helper.py").write_text("raise RuntimeError('never imported')\n")
    code = main(["plugins", "--json", "--plugins", str(folder)])
    captured = capsys.readouterr()
    assert code == 1
    names = [row["name"] for row in json.loads(captured.out)]
    assert "fine" in names and "broken" not in names and "raising" not in names
    assert f"plugin {folder / 'broken.py'}: SyntaxError" in captured.err
    assert f"plugin {folder / 'raising.py'}: RuntimeError: no config" in captured.err
    assert "never imported" not in captured.err
    # and split still works, with the plugin that loaded, but its status says one failed
    code, [record], err = split(capsys, "--plugins", str(folder), "--url", "http://fine.test",
                                str(write_page(tmp_path)))
    assert code == EXIT_PLUGIN_ERRORS and record["site"] == "fine"
    assert err.count(f"plugin {folder / 'broken.py'}:") == 1
    assert "2 plugin problem(s) reported above" in err


def test_a_hook_left_without_its_marker_is_reported_not_passed_over(capsys, tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "unmarked.py").write_text(textwrap.dedent("""\
        from segkit import Site

        def register_sites(register):  # no @segkit.hookimpl: pluggy never calls it
            register(Site(name="unmarked", domains=("unmarked.test",)))

        def helper():
            return 1
        """), encoding="utf-8")
    site_plugin(folder, "marked", domains=("marked.test",))
    code = main(["plugins", "--json", "--plugins", str(folder)])
    captured = capsys.readouterr()
    assert code == 1
    assert (f"plugin {folder / 'unmarked.py'}: register_sites() is not marked "
            "@segkit.hookimpl, so segkit never calls it") in captured.err
    assert captured.err.count("is not marked") == 1 and "helper()" not in captured.err
    sites = [site["name"] for row in json.loads(captured.out) for site in row["sites"]]
    assert "marked" in sites and "unmarked" not in sites


def test_a_plugin_that_fails_to_load_is_reported_once_and_changes_split_status(
        capsys, tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "gazette.py").write_text("raise ImportError('no module named lxmlx')\n")
    pages = [write_page(tmp_path, name=f"page{i}.txt") for i in range(3)]
    for jobs in ("1", "2"):
        code, records, err = split(capsys, "--jobs", jobs, "--plugins", str(folder),
                                   *map(str, pages))
        assert code == EXIT_PLUGIN_ERRORS == 4
        assert len(records) == 3 and all(r["site"] is None for r in records)
        assert err.count("no module named lxmlx") == 1, err
    # without the broken plugin the same run is clean
    code, _, _ = split(capsys, "--jobs", "1", *map(str, pages))
    assert code == 0


def test_bad_site_definitions_are_reported_and_skipped(tmp_path):
    folder = tmp_path / "p"
    site_plugin(folder, "badlabel", rules={"^x": "footer"})
    site_plugin(folder, "badregex", rules={"(unclosed": "nav"})
    site_plugin(folder, "good", domains=("good.test",))
    (folder / "zdupe.py").write_text(textwrap.dedent("""\
        import segkit
        from segkit import Site

        @segkit.hookimpl
        def register_sites(register):
            register(Site(name="good"))
        """), encoding="utf-8")
    messages: list[str] = []
    plugins = load_plugins([folder], shipped=False, entry_points=False, env=False,
                           warn=messages.append)
    assert [s.name for s in plugins.sites] == ["good"]
    assert plugins.sites[0].domains == ("good.test",)
    text = "\n".join(messages)
    assert "unknown label 'footer'" in text
    assert "bad pattern '(unclosed'" in text
    assert "site 'good' from" in text and "zdupe.py" in text


def test_a_value_registered_that_is_not_a_site_is_named_and_the_rest_load(tmp_path):
    folder = tmp_path / "p"
    folder.mkdir()
    (folder / "mixed.py").write_text(textwrap.dedent("""\
        import segkit
        from segkit import Site

        @segkit.hookimpl
        def register_sites(register):
            register("x" * 200)
            register(Site(name="after", domains=("after.test",)))
        """), encoding="utf-8")
    messages: list[str] = []
    plugins = load_plugins([folder], shipped=False, entry_points=False, env=False,
                           warn=messages.append)
    assert [s.name for s in plugins.sites] == ["after"]
    # Before, an AttributeError ("'str' object has no attribute 'name'") ended the hook.
    assert messages == ["plugin mixed: register_sites was given '" + "x" * 59 + "..., not "
                        "a segkit.Site; skipped"]


# --- choosing the site -------------------------------------------------------------

@pytest.fixture
def two_sites(tmp_path) -> Path:
    folder = tmp_path / "sites"
    site_plugin(folder, "bydomain", domains=("news.test",))
    site_plugin(folder, "bysignature", signature=r"(?m)^NAVLINE Home \| World$")
    return folder


@pytest.mark.parametrize(("url", "expected"), [
    ("https://news.test/story", "bydomain"),  # domain first, though the signature fits too
    ("https://m.news.test/story", "bydomain"),
    ("https://other.test/story", "bysignature"),
    (None, "bysignature"),
    ("http://[::1", "bysignature"),  # an unparseable URL has no domain
])
def test_site_is_chosen_by_domain_then_signature(two_sites, url, expected):
    plugins = load_plugins([two_sites], shipped=False, entry_points=False, env=False)
    assert plugins.choose_site(url, PAGE).name == expected
    doc = Segmenter(plugins).segment(PAGE, url=url)
    assert doc.site == expected


def test_no_domain_and_no_signature_means_no_site(capsys, two_sites, tmp_path):
    page = write_page(tmp_path, PAGE.replace("NAVLINE", "Menu"))
    plugins = load_plugins([two_sites], shipped=False, entry_points=False, env=False)
    assert plugins.choose_site("https://other.test/", page.read_text()) is None
    code, [record], _ = split(capsys, "--plugins", str(two_sites), "--url",
                              "https://other.test/", str(page))
    assert code == 0 and record["site"] is None


def test_forced_site_overrides_the_choice(two_sites):
    plugins = load_plugins([two_sites], shipped=False, entry_points=False, env=False)
    doc = Segmenter(plugins, site="bydomain").segment(PAGE, url="https://other.test/")
    assert doc.site == "bydomain"


# --- failing sites fall back to generic labels ------------------------------------

def _generic_labels(capsys, page: Path, url: str | None = None) -> list[str | None]:
    """The generic classifier's labels of ``page`` read at ``url``: the URL is one of its
    inputs (its path tells an article from a listing), so a fallback is compared with
    the same page at the same address."""
    address = ("--url", url) if url else ()
    code, [record], _ = split(capsys, "--generic", *address, str(page))
    assert code == 0
    return labels(record)


@pytest.mark.parametrize(("extra", "complaint"), [
    ("def refine(doc):\n    raise RuntimeError('refine exploded')\n",
     "RuntimeError: refine exploded"),
    ("def refine(doc):\n    doc.lines[0].label = 'footer'\n",
     "ValueError: line 1 got label 'footer'"),
    ("def refine(doc):\n    doc.lines[0].label = 'body'\n    del doc.lines[1]\n",
     "ValueError: the site changed the lines themselves"),
    ("def refine(doc):\n    doc.lines[0].text = 'rewritten'\n",
     "ValueError: the site changed the lines themselves"),
])
def test_a_site_that_fails_is_reported_and_generic_labels_kept(capsys, tmp_path, extra,
                                                                complaint):
    folder = tmp_path / "p"
    site_plugin(folder, "boom", domains=("boom.test",), rules={"^A ": "related"},
                extra=extra, refine="refine")
    page = write_page(tmp_path)
    generic = _generic_labels(capsys, page, "https://boom.test/x")
    other = write_page(tmp_path, "A second page about nothing much at all, really.\n",
                       name="other.txt")
    code, records, err = split(capsys, "--plugins", str(folder), "--url",
                               "https://boom.test/x", str(page), str(other))
    assert code == 0  # a failing site is not a failed input
    assert [r["site"] for r in records] == [None, None]
    assert labels(records[0]) == generic
    assert "\n".join(ln["text"] for ln in records[0]["lines"]) == PAGE
    assert f"site plugin 'boom' ({folder / 'boom.py'}) failed on {page}: {complaint}" in err
    assert f"failed on {other}" in err  # every document is reported by name
    assert "using generic labels" in err


# a rule that backtracks catastrophically (the regex module defuses the classic
# ``(a+)+$``, so the alternation ``(a|aa)+$`` is used) on a line of a's ending in b
EVIL = r"(a|aa)+$"
EVIL_LINE = "a" * 60 + "b"


def test_a_rule_that_times_out_names_site_and_pattern(monkeypatch):
    monkeypatch.setattr(segkit.sites.site, "RULE_TIMEOUT", 0.05)
    site = Site(name="slow", rules={EVIL: "nav"})
    doc = Document.from_text(f"fine line\n{EVIL_LINE}\n", id="d")
    started = time.monotonic()
    with pytest.raises(RuleError) as exc:
        site.apply(doc)
    assert time.monotonic() - started < 10
    assert "site 'slow'" in str(exc.value)
    assert repr(EVIL) in str(exc.value)
    assert "timed out" in str(exc.value)


def test_a_timing_out_rule_falls_back_to_generic_in_split(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(segkit.sites.site, "RULE_TIMEOUT", 0.05)
    folder = tmp_path / "p"
    site_plugin(folder, "slow", domains=("slow.test",), rules={EVIL: "nav", "^A ": "related"})
    page = write_page(tmp_path, PAGE + EVIL_LINE + "\n")
    generic = _generic_labels(capsys, page, "https://slow.test/")
    code, [record], err = split(capsys, "--plugins", str(folder), "--url",
                                "https://slow.test/", str(page))
    assert code == 0
    assert record["site"] is None
    assert labels(record) == generic
    assert f"site plugin 'slow' ({folder / 'slow.py'}) failed on {page}: RuleError" in err
    assert repr(EVIL) in err


def test_a_timing_out_signature_is_reported_and_leaves_generic(capsys, monkeypatch,
                                                               tmp_path):
    monkeypatch.setattr(segkit.sites.site, "RULE_TIMEOUT", 0.05)
    folder = tmp_path / "p"
    site_plugin(folder, "slowsig", signature=EVIL)
    page = write_page(tmp_path, PAGE + EVIL_LINE)
    generic = _generic_labels(capsys, page)
    code, [record], err = split(capsys, "--plugins", str(folder), str(page))
    assert code == 0
    assert record["site"] is None and labels(record) == generic
    assert f"choosing a site for {page} failed" in err
    assert "site 'slowsig'" in err and repr(EVIL) in err


def test_a_timing_out_rule_names_its_plugin_rule_and_label(capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(segkit.sites.site, "RULE_TIMEOUT", 0.05)
    folder = tmp_path / "p"
    site_plugin(folder, "slowfile", site="slowsite", domains=("slow.test",),
                rules={"^A ": "related", EVIL: "nav"})
    page = write_page(tmp_path, PAGE + EVIL_LINE + "\n")
    code, [record], err = split(capsys, "--plugins", str(folder), "--url",
                                "https://slow.test/", str(page))
    assert code == 0 and record["site"] is None
    assert f"plugin 'slowfile', site 'slowsite': rule {EVIL!r} -> nav timed out" in err


class FakeClock:
    """``time.monotonic`` for the site module: only the slow pattern makes time pass."""

    def __init__(self) -> None:
        self.now = 0.0

    def monotonic(self) -> float:
        return self.now


class SlowPattern:
    """A compiled pattern that matches nothing and costs ``cost`` seconds per line."""

    def __init__(self, pattern: str, clock: FakeClock, cost: float) -> None:
        self.pattern, self.clock, self.cost = pattern, clock, cost
        self.timeouts: list[float] = []

    def search(self, text: str, timeout: float) -> None:
        self.timeouts.append(timeout)
        self.clock.now += self.cost
        return None


def test_a_rule_slow_on_every_line_is_stopped_by_the_document_budget(monkeypatch):
    """0.2 s a line is under the line's limit, but over 2,000 lines would be 400 s."""
    clock = FakeClock()
    monkeypatch.setattr(segkit.sites.site, "time", clock)
    site = Site(name="plodding", rules={"^fast": "nav", "^slow": "nav"})
    slow = SlowPattern("^slow", clock, cost=0.2)
    site._rules[1] = ("^slow", slow, "nav")  # type: ignore[call-overload]
    doc = Document.from_text("\n".join(f"line {k}" for k in range(2000)), id="d")
    with pytest.raises(RuleError) as exc:
        site.apply(doc)
    message = str(exc.value)
    assert message.startswith("site 'plodding': the rules took more than 5s on one document")
    assert "rule '^slow' -> nav took 5.00s of it" in message
    assert len(slow.timeouts) == 25  # 25 lines use up the 5 s; no 26th search starts
    assert all(t <= segkit.sites.site.RULE_TIMEOUT for t in slow.timeouts)


def test_the_last_search_gets_only_the_time_the_document_has_left(monkeypatch):
    clock = FakeClock()
    monkeypatch.setattr(segkit.sites.site, "time", clock)
    monkeypatch.setattr(segkit.sites.site, "DOCUMENT_TIMEOUT", 1.0)
    site = Site(name="plodding", rules={"^slow": "nav"})
    slow = SlowPattern("^slow", clock, cost=0.15)
    site._rules[0] = ("^slow", slow, "nav")  # type: ignore[call-overload]
    doc = Document.from_text("\n".join(f"line {k}" for k in range(10)), id="d")
    with pytest.raises(RuleError):
        site.apply(doc)
    assert slow.timeouts[:6] == [segkit.sites.site.RULE_TIMEOUT] * 6
    assert slow.timeouts[6] == pytest.approx(0.1)  # 1.0 - 6 * 0.15


def test_site_apply_tells_the_trace_which_rule_set_each_label():
    def refine(doc: Document) -> None:
        doc.lines[-1].label = "nav"

    site = Site(name="traced", rules={"^R ": "byline"}, after={"^A ": "headline"},
                blocks=[segkit.Block(start="^B ", end="^E ", label="related")], refine=refine)
    text = "R one\nA two\nafter\n\nB three\ninside\nE four\nlast"
    seen: list[tuple[int, str, tuple[str, ...], str | None]] = []
    traced = Document.from_text(text, id="t")
    site.apply(traced, lambda line, kind, patterns: seen.append(
        (line.n, kind, patterns, line.label)))
    plain = Document.from_text(text, id="t")
    site.apply(plain)
    assert traced.labels == plain.labels
    assert seen == [
        (1, "rule", ("^R ",), "byline"),
        (3, "after", ("^A ",), "headline"),
        (5, "block", ("^B ", "^E "), "related"),
        (6, "block", ("^B ", "^E "), "related"),
        (8, "refine", (), "nav"),
    ]
