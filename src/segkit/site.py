"""Declarative site definitions: what a site plugin registers.

A site sharpens the generic labels for one source. Most sites need only patterns:
``rules`` (a line matching a pattern gets a label), ``after`` (the next non-blank line
after a match gets a label) and ``blocks`` (every line from a start marker up to an end
marker gets a label). ``refine`` is the escape hatch for anything else.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import regex

from .document import Document
from .labels import LABELS

# Seconds one pattern may run against one line before it is stopped; a catastrophic
# pattern in a plugin must not hang a run over a corpus.
RULE_TIMEOUT = 0.25


class RuleError(Exception):
    """A site rule that could not run; the message names the site and the pattern."""


@dataclass(frozen=True, slots=True)
class Block:
    """Lines from ``start`` up to ``end`` (or the end of the document) get ``label``.

    ``end`` is not part of the block unless ``include_end``; a block never spans
    more than one occurrence of ``start``: a new start opens a new block.
    """

    start: str
    label: str
    end: str | None = None
    include_end: bool = False


@dataclass(slots=True)
class Site:
    """One source segkit knows: how to recognise it and how to fix its labels."""

    name: str
    domains: tuple[str, ...] = ()
    signature: str | None = None
    rules: Mapping[str, str] = field(default_factory=dict)
    after: Mapping[str, str] = field(default_factory=dict)
    blocks: Iterable[Block] = ()
    refine: Callable[[Document], None] | None = None
    origin: str = ""
    plugin: str = ""  # the plugin that registered it, so `segkit plugins` lists it there
    # Compiled patterns, filled in by __post_init__; declared so the slotted class has room.
    _rules: list[tuple[str, regex.Pattern[str], str]] = field(
        init=False, repr=False, compare=False, default_factory=list)
    _after: list[tuple[str, regex.Pattern[str], str]] = field(
        init=False, repr=False, compare=False, default_factory=list)
    _blocks: list[tuple[Block, regex.Pattern[str], regex.Pattern[str] | None]] = field(
        init=False, repr=False, compare=False, default_factory=list)
    _signature: regex.Pattern[str] | None = field(
        init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        self.domains = tuple(d.lower().lstrip(".") for d in self.domains)
        self.blocks = tuple(self.blocks)
        labels = [*self.rules.values(), *self.after.values(), *(b.label for b in self.blocks)]
        for label in labels:
            if label not in LABELS:
                raise ValueError(f"site {self.name!r}: unknown label {label!r}")
        self._rules = [(p, self._compile(p), lab) for p, lab in self.rules.items()]
        self._after = [(p, self._compile(p), lab) for p, lab in self.after.items()]
        self._blocks = [
            (b, self._compile(b.start), self._compile(b.end) if b.end else None)
            for b in self.blocks
        ]
        self._signature = self._compile(self.signature) if self.signature else None

    def _compile(self, pattern: str) -> regex.Pattern[str]:
        try:
            return regex.compile(pattern, regex.VERSION1)
        except regex.error as exc:
            raise ValueError(f"site {self.name!r}: bad pattern {pattern!r}: {exc}") from exc

    def _search(self, pattern: regex.Pattern[str], text: str) -> bool:
        try:
            return pattern.search(text, timeout=RULE_TIMEOUT) is not None
        except TimeoutError as exc:
            raise RuleError(
                f"site {self.name!r}: pattern {pattern.pattern!r} timed out "
                f"after {RULE_TIMEOUT}s on a line of {len(text)} characters"
            ) from exc

    def matches_url(self, url: str | None) -> bool:
        """True when the URL's host is one of ``domains`` or a subdomain of one."""
        if not url or not self.domains:
            return False
        try:
            host = urlsplit(url if "//" in url else "//" + url).hostname or ""
        except ValueError:  # e.g. an unclosed IPv6 bracket: no domain to match
            return False
        host = host.lower().rstrip(".")
        return any(host == d or host.endswith("." + d) for d in self.domains)

    def matches_text(self, text: str) -> bool:
        """True when the content signature is found: recognises pages whose URL is unknown."""
        return self._signature is not None and self._search(self._signature, text)

    def apply(self, doc: Document) -> None:
        """Rewrite the labels of ``doc`` in place: rules, then after, then blocks, then refine."""
        lines = [ln for ln in doc.lines if not ln.blank]
        for line in lines:
            for _, pattern, label in self._rules:
                if self._search(pattern, line.text):
                    line.label = label
                    break
        for prev, line in itertools.pairwise(lines):
            for _, pattern, label in self._after:
                if self._search(pattern, prev.text):
                    line.label = label
                    break
        for block, start, end in self._blocks:
            inside = False
            for line in lines:
                if self._search(start, line.text):
                    inside = True
                elif inside and end is not None and self._search(end, line.text):
                    inside = False
                    if block.include_end:
                        line.label = block.label
                    continue
                if inside:
                    line.label = block.label
        if self.refine is not None:
            self.refine(doc)
