"""Faults a hostile page, a careless plugin or a hurried operator brings to a run.

Each test holds one promise of docs/reliability.md: a document or a named error entry,
never an internal error, nothing lost, nothing written where it should not be.
"""

from __future__ import annotations

import json

import pytest

from segkit.cli import main
from segkit.pipeline import MAX_CLASSIFIED_LINE_CHARS, segment

# Padding on each side of a padded line: together more than the classified limit.
PAD = MAX_CLASSIFIED_LINE_CHARS * 6 // 10


def split(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[dict], str]:
    code = main(["split", *argv])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


@pytest.mark.parametrize("pad", [" ", "\t", "\u00a0", "\u3000"])
def test_a_line_padded_past_the_limit_keeps_its_document(pad):
    text = f"Title\n\n{pad * PAD}some words here.{pad * PAD}\nend"
    doc = segment(text)
    assert [ln.text for ln in doc.lines] == text.split("\n")
    assert doc.lines[2].label is not None


def test_a_padded_line_is_a_document_on_the_command_line(capsys, tmp_path):
    page = tmp_path / "page.txt"
    page.write_text(f"Title\n{' ' * PAD}words.{' ' * PAD}\n", encoding="utf-8")
    code, records, err = split(capsys, str(page))
    assert code == 0, err
    assert "error" not in records[0]
