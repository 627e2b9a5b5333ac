"""Links in an input folder: none followed out of it by default, no directory read twice."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from segkit.cli import main
from segkit.inputs.files import iter_records
from segkit.inputs.options import ReadOptions, ReadStats

PAGE = "A title\n\nThe harbour reopened on Monday, officials said.\n"


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """in/a.txt, in/sub/b.txt, in/sub/up -> .., in/out -> ../outside, in/c.txt -> outside."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Not for reading.\n", encoding="utf-8")
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "a.txt").write_text(PAGE, encoding="utf-8")
    (root / "sub" / "b.txt").write_text(PAGE, encoding="utf-8")
    (root / "sub" / "up").symlink_to("..")
    (root / "out").symlink_to(outside)
    (root / "c.txt").symlink_to(outside / "secret.txt")
    return root


def _names(root: Path, follow: bool) -> tuple[list[str], ReadStats]:
    stats = ReadStats()
    records = list(iter_records([str(root)], ReadOptions(follow_links=follow), stats))
    return [r.id for r in records], stats


def test_by_default_no_link_leads_out_and_none_loops(tree):
    ids, stats = _names(tree, follow=False)
    assert ids == ["a", "sub/b"]
    assert any("out (a link out of" in s for s in stats.links)
    assert any("c.txt (a link out of" in s for s in stats.links)
    assert any("up (a directory already read)" in s for s in stats.links)


def test_follow_links_reads_outside_but_never_loops(tree):
    ids, stats = _names(tree, follow=True)
    assert ids == ["a", "c", "out/secret", "sub/b"]
    assert any("up (a directory already read)" in s for s in stats.links)


def test_the_run_says_what_it_did_not_follow(capsys, tree):
    assert main(["split", "--generic", str(tree)]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["a", "sub/b"]
    assert "not followed" in err and "--follow-links" in err
