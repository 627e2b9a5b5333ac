"""Gold files in the forms the review page saves: the TSV and the hashed form."""

from __future__ import annotations

import hashlib
import re

import pytest

from segkit.tools.gold import (
    HASHED_HEADER,
    GoldError,
    gold_path,
    hashed_text,
    is_hashed,
    line_hash,
    read_hashed,
    read_tsv,
    tsv_text,
)

TEXTS = ["A title", "", "Body text, with “quotes” and a tab\there."]
LABELS = ["headline", None, "body"]


def test_the_hash_is_the_start_of_the_sha256_of_the_utf8_text():
    text = TEXTS[2]
    assert line_hash(text) == hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    assert line_hash("a") != line_hash("a ")


def test_tsv_and_hashed_forms_are_one_row_per_line():
    assert tsv_text(TEXTS, LABELS) == "headline\tA title\n\t\nbody\t" + TEXTS[2] + "\n"
    rows = hashed_text(TEXTS, LABELS).split("\n")
    assert rows[0] == HASHED_HEADER and rows[-1] == ""
    assert rows[1:-1] == [f"1\theadline\t{line_hash('A title')}", f"2\t\t{line_hash('')}",
                          f"3\tbody\t{line_hash(TEXTS[2])}"]


def test_hashed_gold_reads_back_against_the_same_lines(tmp_path):
    path = tmp_path / "doc.hashed.tsv"
    path.write_text(hashed_text(TEXTS, LABELS), encoding="utf-8")
    assert is_hashed(path) and read_hashed(path, TEXTS) == LABELS
    assert gold_path(tmp_path, "doc") == path and gold_path(tmp_path, "other") is None
    (tmp_path / "doc.labels.tsv").write_text(tsv_text(TEXTS, LABELS), encoding="utf-8")
    assert gold_path(tmp_path, "doc") == tmp_path / "doc.labels.tsv"  # the TSV first
    assert not is_hashed(tmp_path / "doc.labels.tsv")


@pytest.mark.parametrize(("texts", "content", "message"), [
    (TEXTS[:2], None, "3 lines of gold, but the document has 2"),
    ([TEXTS[0], "", "Body text changed"], None, ":4: line 3 of the document does not hash"),
    (TEXTS, "headline\tA title\n", "not a hashed gold file"),
    (TEXTS, hashed_text(TEXTS, LABELS).replace("\tbody\t", "\tbogus\t"), "unknown label"),
    (TEXTS, hashed_text(TEXTS, LABELS).replace("\n3\t", "\n4\t"), ":4: not 'line<TAB>"),
])
def test_hashed_gold_that_does_not_fit_is_an_error_naming_the_row(tmp_path, texts, content,
                                                                   message):
    path = tmp_path / "doc.hashed.tsv"
    path.write_text(content or hashed_text(TEXTS, LABELS), encoding="utf-8")
    with pytest.raises(GoldError, match=message.replace("(", r"\(")) as caught:
        read_hashed(path, texts)
    assert str(path) in str(caught.value)


def test_a_tsv_may_stop_before_the_blank_lines_that_end_the_document(tmp_path):
    # A file ending in a newline renders a last, empty line; gold written by hand stops
    # at the last line with text. Before, that gold "differed from the document".
    path = tmp_path / "doc.labels.tsv"
    path.write_text(tsv_text(TEXTS, LABELS), encoding="utf-8")
    assert read_tsv(path, [*TEXTS, "", "  "]) == [*LABELS, None, None]
    with pytest.raises(GoldError, match="3 lines of gold, but the document has 5"):
        read_tsv(path, [*TEXTS, "", "More text"])


@pytest.mark.parametrize(("content", "message"), [
    ("headline\tA title\n\t\nbody\tOther text\n",
     "line 3 differs from the segmented document's: 'Other text' in the gold, 'Body text"),
    ("headline\tA title\n\t\nbody\tBody text, with “quotes” and a tab here.\n",
     "line 3 differs from the segmented document's: '...“quotes” and a tab here.' in the gold, "
     "'...“quotes” and a tab\\there.' in the document"),
    ("headline\tA title\n\t\n", "2 lines of gold, but the document has 3"),
    (tsv_text(TEXTS, LABELS) + "body\tMore\n", "4 lines of gold, but the document has 3"),
    (tsv_text(TEXTS, ["headlin", None, "body"]), "line 1: unknown label 'headlin'"),
])
def test_a_tsv_that_does_not_fit_names_the_file_and_the_line(tmp_path, content, message):
    path = tmp_path / "doc.labels.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GoldError, match=re.escape(message)) as caught:
        read_tsv(path, TEXTS)
    assert str(caught.value).startswith(f"{path}: ")
