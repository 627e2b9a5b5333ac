"""Line gold for training: which lines of a rendering are the page's own content.

Truth files give a page's main content as text, not as lines. A line is content when most
of its words can be matched, as a multiset, in that text: long lines claim their words
first, in document order, so a short menu entry early in the page cannot use up the words
a paragraph needs. Label files (``label<TAB>line``) say it line by line.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import Final

from segkit.document import METADATA_ROW
from segkit.labels import BODY, LABELS
from segkit.tools.wcxb import tokens, word_score, words

# A line is content when at least this share of its words are matched in the truth.
GOLD_MIN_SHARE: Final = 0.5
# Lines of at least this many words claim truth words before shorter ones.
ANCHOR_MIN_WORDS: Final = 8


def content_lines(lines: list[str], truth: str) -> list[bool]:
    """For each line, whether it is content of ``truth``: by words or by word pairs,
    whichever reproduces the truth better on this page.

    Words alone let a line of common words (a comment, a teaser) pass for content when
    the truth is long; word pairs miss lines whose words the truth joins differently
    (list items run together). The page's own truth decides which fits it.
    """
    by_words = _by_words(lines, truth)
    by_pairs = _by_pairs(lines, truth)
    if by_pairs == by_words:
        return by_words
    chosen = [t for t, keep in zip(lines, by_words, strict=True) if keep]
    paired = [t for t, keep in zip(lines, by_pairs, strict=True) if keep]
    if word_score("\n".join(paired), truth).f1 > word_score("\n".join(chosen), truth).f1:
        return by_pairs
    return by_words


def _by_pairs(lines: list[str], truth: str) -> list[bool]:
    """Lines of which at least half the word pairs occur in the truth (one word: in it)."""
    said = tokens(truth)
    pairs = set(pairwise(said))
    bag = set(said)
    out = []
    for line in lines:
        got = tokens(line)
        if len(got) >= 2:
            hits = sum(1 for pair in pairwise(got) if pair in pairs)
            out.append(hits >= GOLD_MIN_SHARE * (len(got) - 1))
        else:
            out.append(bool(got) and got[0] in bag)
    return out


def _by_words(lines: list[str], truth: str) -> list[bool]:
    """The greedy multiset claim of the module docstring."""
    bag = words(truth)
    bags = [words(t) for t in lines]
    out = [False] * len(lines)
    for anchors in (True, False):
        for i, need in enumerate(bags):
            size = sum(need.values())
            if not size or (size >= ANCHOR_MIN_WORDS) != anchors:
                continue
            got = sum(min(c, bag[w]) for w, c in need.items())
            if got >= GOLD_MIN_SHARE * size:
                out[i] = True
                for w, c in need.items():
                    left = bag[w] - c
                    if left > 0:
                        bag[w] = left
                    else:
                        bag.pop(w, None)
    return out


def read_labels(path: Path) -> tuple[list[str], list[str | None]]:
    """The lines and labels of a gold file (``label<TAB>line``; empty label: blank line;
    the metadata row of segkit's TSV, ``METADATA_ROW``, passed over)."""
    lines: list[str] = []
    labels: list[str | None] = []
    with path.open(encoding="utf-8", newline="") as fh:  # a line may hold a lone \r
        rows = fh.read().split("\n")
    for k, row in enumerate(rows, start=1):
        label, sep, text = row.partition("\t")
        if not sep:
            if row.strip():
                raise ValueError(f"{path}:{k}: no tab between label and line")
            label, text = "", row
        if label == METADATA_ROW:
            continue
        if label and label not in LABELS:
            raise ValueError(f"{path}:{k}: unknown label {label!r}")
        lines.append(text)
        labels.append(label or None)
    return lines, labels


def content_from_labels(labels: Sequence[str | None]) -> list[bool]:
    return [label == BODY for label in labels]

