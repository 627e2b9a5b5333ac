"""Every pattern of every shipped site stays fast on long and odd lines.

A pattern that backtracks without end, or quadratically (an unanchored ``\\S.{18,}\\.$``
is tried from every position of a line), times out on a page with one long line and
costs that page its site's labels. The lines here are long enough for a quadratic
pattern to pass the rule timeout by far, and short enough for a linear one to take
a millisecond.
"""

from __future__ import annotations

import pytest

from segkit import Document
from segkit.sites.loading import load_plugins

N = 20_000
LINES = {
    "letters": "a" * N,
    "words": "a " * (N // 2),
    "clauses": "Word, " * (N // 6),
    "dots": "." * N,
    "digits": "1" * N,
    "slashes": "x/" * (N // 2),
    "indented": " " * 100 + "b" * N,
    "dashed": "- " + "a" * N,
    "capitals": "Ab Cd " * (N // 6),
    "times": "09:05 AM BST " * (N // 13),
}
SITES = load_plugins(env=False, entry_points=False).sites


@pytest.mark.parametrize("site", SITES, ids=lambda s: s.name)
@pytest.mark.parametrize("kind", LINES)
def test_rules_and_signature_finish_on_long_lines(site, kind):
    text = f"A title\n{LINES[kind]}\nA last line."
    doc = Document.from_text(text, id=kind)
    for line in doc.lines:
        line.label = "body"
    site.apply(doc)  # a pattern that times out raises RuleError, naming itself
    site.matches_text(text)
