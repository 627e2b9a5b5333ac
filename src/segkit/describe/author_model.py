"""The author chooser's model: its features and the weights it was fitted to.

Kept apart from the candidates and their features (``author_chooser``, compiled where
mypyc is) so that this file's class stays a plain Python subclass of the shared chooser.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Final

from segkit.describe.chooser import LinearChooser
from segkit.describe.page_type import PAGE_TYPES
from segkit.labels import LABELS

AUTHOR_MODEL_PATH: Final = Path(__file__).with_name("author_model_text.json")
# HTML mode's chooser, for the pages whose markup names no author.
HTML_AUTHOR_MODEL_PATH: Final = Path(__file__).with_name("author_model.json")
AUTHOR_MODEL_KIND: Final = "segkit-author-chooser"
# How a line gives the names: a thread starter's header, a line opening "By", a "by" after
# a date or separator (people.by_names), a short line read as names, or a part of a
# dateline ("May 3, 2021 · Ann Lee").
KINDS: Final = ("starter", "by", "midby", "short", "dated")

BASE_FEATURES: Final = (
    "rule", "occurrences",
    *(f"kind:{k}" for k in KINDS),
    *(f"label:{lb}" for lb in LABELS), *(f"first:{lb}" for lb in LABELS),
    "whole_line", "date_on_line", "name_line", "author_header", "after_headline",
    "marked", "in_menu", "person_link", "one_link",
    "date_before", "date_after", "body_after",
    *(f"words:{n}" for n in range(1, 6)), *(f"names:{n}" for n in range(1, 4)),
    "given", "any_given", "capitalised", "lower_token", "digits", "team",
    "lower_share", "never_lower", "person", "in_title", "site_like", "bio",
    *(f"headline:{b}" for b in ("before", "at", "3", "8", "20", "far", "none")),
    "before_body", "after_body", "position",
)
# "none" is the candidate that says the page names no author.
FEATURES: Final = ("none", *BASE_FEATURES, *(f"type:{t}" for t in PAGE_TYPES),
                   *(f"{f}@{t}" for t in PAGE_TYPES for f in ("none", *BASE_FEATURES)))


class AuthorModel(LinearChooser):
    """The author chooser's weights over :data:`FEATURES`."""

    KIND = AUTHOR_MODEL_KIND
    FEATURES = FEATURES
    WHAT = "author"
    TRAINER = "benchmarks/train_author.py"
    __slots__ = ()


def author_model_path(html: bool = False) -> Path:
    """Where the shipped chooser of text or ``html`` mode lies."""
    return HTML_AUTHOR_MODEL_PATH if html else AUTHOR_MODEL_PATH


@cache
def shipped_model(html: bool = False) -> AuthorModel:
    """The chooser shipped with segkit for text or ``html`` (each read once per process)."""
    return AuthorModel.read(author_model_path(html))
