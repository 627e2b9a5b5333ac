"""Declarative site definitions: what a site plugin registers.

A site sharpens the generic labels for one source. Most sites need only patterns:
``rules`` (a line matching a pattern gets a label), ``after`` (the next non-blank line
after a match gets a label) and ``blocks`` (every line from a start marker up to an end
marker gets a label). ``refine`` is the escape hatch for anything else.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import regex

from segkit.document import Document, Line
from segkit.labels import LABELS

# Seconds one pattern may run against one line before it is stopped; a catastrophic
# pattern in a plugin must not hang a run over a corpus.
RULE_TIMEOUT = 0.25
# Seconds all the rules of a site may take on one document: a pattern that is merely
# slow on every line (0.2 s on each of 2,000 lines) must not hang the run either.
DOCUMENT_TIMEOUT = 5.0

# ``segkit explain`` passes one to ``Site.apply``: it is told each line a rule labelled,
# the kind of rule ("rule", "after", "block" or "refine") and its patterns.
RuleTrace = Callable[[Line, str, tuple[str, ...]], object]


class RuleError(Exception):
    """A site rule that could not run; the message names the plugin, the site and the rule."""


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

    def _where(self) -> str:
        plugin = f"plugin {self.plugin!r}, " if self.plugin else ""
        return f"{plugin}site {self.name!r}"

    def _search(self, pattern: regex.Pattern[str], text: str, rule: Rule,
                clock: _Clock | None = None) -> bool:
        """Whether ``pattern`` is found in ``text``; a stuck pattern raises RuleError."""
        limit = RULE_TIMEOUT if clock is None else clock.limit(self, rule)
        started = time.monotonic()
        try:
            return pattern.search(text, timeout=limit) is not None
        except TimeoutError as exc:
            if clock is not None and limit < RULE_TIMEOUT:
                clock.exceeded(self, rule)
            raise RuleError(
                f"{self._where()}: {_describe(rule)} timed out after {limit:.2g}s "
                f"on a line of {len(text)} characters"
            ) from exc
        finally:
            if clock is not None:
                clock.spent(rule, time.monotonic() - started)

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
        if self._signature is None:
            return False
        return self._search(self._signature, text, ("signature", self._signature.pattern, None))

    def apply(self, doc: Document, trace: RuleTrace | None = None) -> None:
        """Rewrite the labels of ``doc`` in place: rules, then after, then blocks, then refine.

        ``trace`` (for ``segkit explain``) is told which rule set each label.
        """
        note = trace or _no_trace
        clock = _Clock()
        lines = [ln for ln in doc.lines if not ln.blank]
        for line in lines:
            for source, pattern, label in self._rules:
                if self._search(pattern, line.text, ("rule", source, label), clock):
                    line.label = label
                    note(line, "rule", (source,))
                    break
        for prev, line in itertools.pairwise(lines):
            for source, pattern, label in self._after:
                if self._search(pattern, prev.text, ("after", source, label), clock):
                    line.label = label
                    note(line, "after", (source,))
                    break
        for block, start, end in self._blocks:
            marks = (block.start,) if block.end is None else (block.start, block.end)
            inside = False
            for line in lines:
                if self._search(start, line.text, ("block start", block.start, block.label),
                                clock):
                    inside = True
                elif inside and end is not None and self._search(
                        end, line.text, ("block end", block.end or "", block.label), clock):
                    inside = False
                    if block.include_end:
                        line.label = block.label
                        note(line, "block", marks)
                    continue
                if inside:
                    line.label = block.label
                    note(line, "block", marks)
        if self.refine is not None:
            before = [ln.label for ln in doc.lines] if trace is not None else []
            self.refine(doc)
            for line, old in zip(doc.lines, before, strict=False):
                if line.label != old:  # only with a trace: ``before`` is empty otherwise
                    note(line, "refine", ())


def _no_trace(line: Line, kind: str, patterns: tuple[str, ...]) -> None:
    pass


# A rule as errors name it: its kind, its pattern and the label it gives (if any).
Rule = tuple[str, str, str | None]


def _describe(rule: Rule) -> str:
    kind, pattern, label = rule
    return f"{kind} {pattern!r}" + (f" -> {label}" if label else "")


class _Clock:
    """The time budget of one ``apply``: how long each rule took, and how much is left."""

    __slots__ = ("deadline", "used")

    def __init__(self) -> None:
        self.deadline = time.monotonic() + DOCUMENT_TIMEOUT
        self.used: dict[Rule, float] = {}

    def limit(self, site: Site, rule: Rule) -> float:
        """The timeout of the next search: a line's share, cut to what the document has left."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            self.exceeded(site, rule)
        return min(RULE_TIMEOUT, left)

    def spent(self, rule: Rule, seconds: float) -> None:
        self.used[rule] = self.used.get(rule, 0.0) + seconds

    def exceeded(self, site: Site, rule: Rule) -> None:
        """Raise RuleError naming the rule that used most of the document's time."""
        slowest, seconds = max(self.used.items(), key=lambda kv: kv[1], default=(rule, 0.0))
        raise RuleError(
            f"{site._where()}: the rules took more than {DOCUMENT_TIMEOUT:g}s on one "
            f"document; {_describe(slowest)} took {seconds:.2f}s of it"
        )
