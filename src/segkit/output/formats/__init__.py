"""The output formats, by name: the built-in ones, registered as segkit's default plugin.

A format is a :class:`~segkit.output.formats.base.Format` subclass in a module of its own;
a plugin adds one by implementing the ``register_formats`` hook, as this module does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from segkit.hookspecs import hookimpl
from segkit.output.formats.article import Article
from segkit.output.formats.base import Format
from segkit.output.formats.html import Html
from segkit.output.formats.json import Json
from segkit.output.formats.jsonl import Jsonl
from segkit.output.formats.md import Markdown
from segkit.output.formats.parquet import Parquet
from segkit.output.formats.text import Text
from segkit.output.formats.tsv import Tsv

__all__ = ["BUILTIN", "FORMATS", "Format", "register_formats"]

# The built-in formats, in the order ``--format`` lists them.
BUILTIN: dict[str, type[Format]] = {
    f.name: f for f in (Jsonl, Json, Tsv, Markdown, Text, Html, Parquet, Article)}
FORMATS = tuple(BUILTIN)


@hookimpl
def register_formats(register: Callable[[type[Format]], Any]) -> None:
    """The built-in formats."""
    for fmt in BUILTIN.values():
        register(fmt)
