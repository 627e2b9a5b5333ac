"""Gold labels on disk, in the two forms the review page saves (``segkit split --format html``).

- A gold TSV, ``NAME.labels.tsv``: per line of the document, its label, a tab and the
  line as it is (an empty label for a blank line), each row ended by ``\\n``.
- A hashed gold file, ``NAME.hashed.tsv``: a header row, then per line its number, its
  label and :func:`line_hash` of its text, so gold for a page can be kept without its
  text; it is read against the lines segkit renders, and a line that no longer hashes the
  same is an error naming the file and line, not a silent shift.

The page's script computes the same hash (a test checks they agree); this module is the
one definition of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from segkit.labels import LABELS
from segkit.tools.evaluate import read_gold

TSV_SUFFIX: Final = ".labels.tsv"
HASHED_SUFFIX: Final = ".hashed.tsv"
# Hex digits kept of the SHA-256 of a line's UTF-8 text: 48 bits, enough that two lines
# of one page never share a hash by chance, short enough to read in a diff.
HASH_HEX: Final = 12
# Characters of a line shown in an error: enough to find it in the file.
SHOWN_CHARS: Final = 40
HASHED_HEADER: Final = "# segkit hashed gold: line, label, sha256-12 of the line's text"


class GoldError(ValueError):
    """A gold file that cannot be read, or does not fit the document it is read against."""


def line_hash(text: str) -> str:
    """The short hash of one line: the first ``HASH_HEX`` hex digits of its SHA-256."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:HASH_HEX]


def tsv_text(texts: Sequence[str], labels: Sequence[str | None]) -> str:
    """A gold TSV: ``label<TAB>text`` per line, each row ended by a newline."""
    return "".join(f"{label or ''}\t{text}\n" for text, label in zip(texts, labels,
                                                                      strict=True))


def hashed_text(texts: Sequence[str], labels: Sequence[str | None]) -> str:
    """A hashed gold file: the header, then ``n<TAB>label<TAB>hash`` per line."""
    rows = [HASHED_HEADER] + [f"{n}\t{label or ''}\t{line_hash(text)}" for n, (text, label)
                              in enumerate(zip(texts, labels, strict=True), start=1)]
    return "\n".join(rows) + "\n"


def is_hashed(path: Path) -> bool:
    """Whether ``path`` is a hashed gold file (by its first row, whatever its name)."""
    with path.open("rb") as fh:
        return fh.read(len(HASHED_HEADER)).decode("utf-8", "replace") == HASHED_HEADER


def read_hashed(path: Path, texts: Sequence[str]) -> list[str | None]:
    """The labels of a hashed gold file for the document whose lines are ``texts``.

    Raises :class:`GoldError` naming the file and row when it is not one, when its line
    count differs from the document's, or when a line's hash does not match.
    """
    rows = path.read_text(encoding="utf-8").split("\n")
    if rows[0] != HASHED_HEADER:
        raise GoldError(f"{path}: not a hashed gold file (its first row is not the header)")
    rows = rows[1:-1] if rows[-1] == "" else rows[1:]
    if len(rows) != len(texts):
        raise GoldError(f"{path}: {len(rows)} lines of gold, but the document has {len(texts)}")
    labels: list[str | None] = []
    for k, (row, text) in enumerate(zip(rows, texts, strict=True), start=1):
        fields = row.split("\t")
        if len(fields) != 3 or fields[0] != str(k):
            raise GoldError(f"{path}:{k + 1}: not 'line<TAB>label<TAB>hash' for line {k}")
        if fields[1] and fields[1] not in LABELS:
            raise GoldError(f"{path}:{k + 1}: unknown label {fields[1]!r}")
        if fields[2] != line_hash(text):
            raise GoldError(f"{path}:{k + 1}: line {k} of the document does not hash to "
                            f"{fields[2]}: its text changed ({text[:SHOWN_CHARS]!r})")
        labels.append(fields[1] or None)
    return labels


def gold_path(folder: Path, key: str) -> Path | None:
    """The gold file of document ``key`` in ``folder``: its TSV, else its hashed form."""
    for suffix in (TSV_SUFFIX, HASHED_SUFFIX):
        path = folder / f"{key}{suffix}"
        if path.exists():
            return path
    return None


def read_for(path: Path, texts: Sequence[str]) -> list[str | None]:
    """The labels of a gold file of either form for the document whose lines are ``texts``;
    :class:`GoldError` when the file's lines (or their hashes) are not the document's."""
    if is_hashed(path):
        return read_hashed(path, texts)
    return read_tsv(path, texts)


def read_tsv(path: Path, texts: Sequence[str]) -> list[str | None]:
    """The labels of a gold TSV for the document whose lines are ``texts``.

    A file written by hand often stops at the last line with text, where the document
    goes on with blank lines (the newline that ends the file makes one); those blank
    lines carry no label, so they are taken as given. Anything else that does not fit is
    a :class:`GoldError` naming the file and the first line that differs.
    """
    try:
        rows = read_gold(path)
    except ValueError as exc:
        raise GoldError(str(exc)) from exc
    tail = texts[len(rows):]
    if all(not text.strip() for text in tail):
        rows += [(None, text) for text in tail]
    for k, ((label, text), want) in enumerate(zip(rows, texts, strict=False), start=1):
        if text != want:
            gold_part, doc_part = _where_they_differ(text, want)
            raise GoldError(f"{path}: line {k} differs from the segmented document's: "
                            f"{gold_part!r} in the gold, {doc_part!r} in the document")
        if label and label not in LABELS:
            raise GoldError(f"{path}: line {k}: unknown label {label!r}")
    if len(rows) != len(texts):
        raise GoldError(f"{path}: {len(rows)} lines of gold, but the document has {len(texts)}")
    return [label for label, _ in rows]


def _where_they_differ(one: str, other: str) -> tuple[str, str]:
    """Both texts from a little before their first difference, ``SHOWN_CHARS`` long."""
    same = next((i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b),
                min(len(one), len(other)))
    start = max(0, same - SHOWN_CHARS // 4)
    start = one.rfind(" ", 0, start) + 1 if start else 0  # at the start of a word
    lead = "..." if start else ""
    return (lead + one[start:start + SHOWN_CHARS], lead + other[start:start + SHOWN_CHARS])
