"""What ``-o`` keeps and refuses when the disk fills or someone placed a link."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest

from segkit.cli import EXIT_USAGE, main
from segkit.output.files import Output


def _pages(tmp_path: Path, count: int) -> Path:
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(count):
        (folder / f"p{i:03}.txt").write_text(f"Page {i}\n\nThe harbour reopened, {i}.\n",
                                             encoding="utf-8")
    return folder


def test_a_part_symlink_is_not_written_through(capsys, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("keep me", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.part").symlink_to(victim)
    code = main(["split", "--generic", "-o", str(target), str(_pages(tmp_path, 2))])
    assert code == EXIT_USAGE
    assert "symbolic link" in capsys.readouterr().err
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert not target.exists()


@pytest.mark.parametrize("target", [".", "..", "/", "pages", "pages/"])
def test_a_folder_as_the_output_is_refused_by_name(capsys, monkeypatch, tmp_path, target):
    # "." and "/" have no file name to put ".part" after: that was a ValueError traceback.
    monkeypatch.chdir(tmp_path)
    pages = _pages(tmp_path, 1)
    code = main(["split", "--generic", "-o", target, str(pages)])
    err = capsys.readouterr().err
    assert code == EXIT_USAGE
    assert "is a directory, not an output file" in err and "Traceback" not in err
    assert sorted(p.name for p in pages.iterdir()) == ["p000.txt"]


def test_a_progress_tmp_symlink_is_not_written_through(capsys, tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("keep me", encoding="utf-8")
    target = tmp_path / "out.jsonl"
    (tmp_path / "out.jsonl.progress.tmp").symlink_to(victim)
    assert main(["split", "--generic", "-o", str(target), str(_pages(tmp_path, 2))]) == 0
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_full_disk_keeps_the_part_and_resume_finishes(capsys, monkeypatch, tmp_path):
    pages = _pages(tmp_path, 6)
    target = tmp_path / "out.jsonl"
    args = ["split", "--generic", "--jobs", "1", "-o", str(target), str(pages)]
    real = Output.checkpoint
    calls = []

    def full_after_three(self, point):
        calls.append(point)
        if len(calls) > 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(self, point)

    monkeypatch.setattr(Output, "checkpoint", full_after_three)
    assert main(args) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "No space left on device" in err and "--resume" in err
    assert (tmp_path / "out.jsonl.part").exists()
    monkeypatch.setattr(Output, "checkpoint", real)
    assert main([*args, "--resume"]) == 0
    ids = [json.loads(line)["id"] for line in target.read_text(encoding="utf-8").splitlines()]
    assert ids == [f"p{i:03}" for i in range(6)]


@pytest.mark.parametrize("code", [errno.EACCES, errno.EIO])
def test_other_write_errors_still_remove_the_part(capsys, monkeypatch, tmp_path, code):
    monkeypatch.setattr(Output, "checkpoint", lambda self, point: (_ for _ in ()).throw(
        OSError(code, "failed")))
    target = tmp_path / "out.jsonl"
    assert main(["split", "--generic", "-o", str(target), str(_pages(tmp_path, 2))]) == EXIT_USAGE
    assert not (tmp_path / "out.jsonl.part").exists()


HOSTILE = "evil\n# Forged heading\x1b[31m"


def test_a_hostile_file_name_cannot_forge_a_markdown_heading(capsys, tmp_path):
    page = tmp_path / f"{HOSTILE}.txt"
    page.write_text("A title\n\nThe harbour reopened on Monday.\n", encoding="utf-8")
    assert main(["split", "--generic", "-f", "md", str(page)]) == 0
    out = capsys.readouterr().out
    assert not any(line.startswith("# Forged") for line in out.splitlines())
    assert out.splitlines()[0].startswith("<!-- segkit: ") and out.splitlines()[0].endswith("-->")


def test_a_hostile_file_name_reaches_the_terminal_escaped(capsys, tmp_path):
    (tmp_path / f"{HOSTILE}.txt").write_bytes(b"")
    main(["split", "--generic", str(tmp_path / f"{HOSTILE}.txt")])
    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert all(line.startswith("segkit: ") for line in err.splitlines())
    assert "\\x1b[31m" in err
