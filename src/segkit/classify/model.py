"""The learned model: which lines are the page's own content, from the rows of vector.py.

A model file is JSON: ``{"format": "segkit-model", "version": 1, "modes": {"html": ...,
"text": ...}, "trained": {...}}``, each mode a forest (:mod:`segkit.classify.trees`) with
its feature names and its decision thresholds, and optionally a ``"labeller"`` (with, as
``"gives_body"``, where it may make a line body, and as ``"scope"`` which lines it may
rename and to what) and a ``"context"`` forest (the context
pass, :mod:`segkit.classify.context`, with its own thresholds; absent, the content forest
decides). ``segkit train`` writes it; the model shipped inside segkit was written by that
command from ``../shared`` (README). A file that is missing, not JSON, of another format
or version, or whose features are not the ones this segkit computes is a
:class:`ModelError` naming the file: never a silent fallback to the rules.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any, Final

import orjson

from segkit.classify import context, vector
from segkit.classify.features import opens_comments, tells_time_of_day
from segkit.classify.labelling import dice, label_names, word_set
from segkit.classify.page_kind import KindModel, kind_from_json
from segkit.classify.revise import LIVE_MIN_TIMES
from segkit.classify.trees import (
    Forest,
    Labeller,
    ModelError,
    forest_from_json,
    labeller_from_json,
)
from segkit.classify.wordlists import READ_MORE_STARTS
from segkit.labels import BODY, BYLINE, CAPTION, HEADLINE, LABELS, NAV, RELATED, TIMESTAMP

FORMAT: Final = "segkit-model"
VERSION: Final = 1
MODEL_ENV: Final = "SEGKIT_MODEL"  # a model file to use instead of the shipped one
NO_MODEL: Final = "none"           # --model none: the rule stages alone
SHIPPED: Final = Path(__file__).resolve().parent / "model.json"
# Where no line reaches the threshold, the lines within this share of the page's best
# probability are its content: a page with text never comes out with no body. A page
# whose every line has probability 0 has no text of its own: its lines are all kept out
# (``pipeline.first_line_kept``: a page that renders as its <title> alone), and it has
# no body.
FALLBACK_SHARE: Final = 0.8
# Pages with more lines than this keep the rule labels: the model's rows cost a few KB a
# line, and no real page comes near (the longest of the WCXB and article pages has a few
# thousand lines); a million-line dump must not take gigabytes.
MODEL_MAX_LINES: Final = 20_000
# Labels the rule stages give with cues the model does not weigh (a byline, a date, a
# caption, the title) stay when the model takes their line for content.
KEEP_RULE_LABELS: Final = frozenset((HEADLINE, BYLINE, TIMESTAMP, CAPTION))
# ...and so does the rules' `related` on a one-line link to another article, its cue then
# at least this many words of title ("Related: <title>", "Read more: <title>"; LABELS.md
# names them `related`). With fewer words it is a button, which the model judges. Held out
# on the labelled pages (bench_labels.py, seed 1), the content decision's related F1 0.450
# -> 0.454 in text (34 fewer of its 1,244 related lines made body), 0.361 -> 0.367 in HTML.
READ_MORE_TITLE_WORDS: Final = 2
# An article's bounds (bounded): where the rule stages found an article's head, a headline
# with its byline or date at most this many lines after it (not tuned: 1 to 5 lines score
# within 0.0004 of each other held out)...
ARTICLE_HEAD_SPAN: Final = 3
_HEAD_MATES: Final = frozenset((BYLINE, TIMESTAMP))
# Text: a headline whose words are less like the page's headline than this (Dice of their
# word sets) is a subheading or a teaser's title (LABELS.md: one headline a page). Held out
# on the development set's text pages (docs/results.md), macro-F1 0.6373 without the
# stage, 0.6434 at 0.2 and at most 0.6450 (at 0.6) on a grid of 0.2 to 0.8; but the text
# title's chooser reads the headlines, and its exact titles fall from 0.2 on (0.755,
# 0.755, 0.754, 0.752, 0.746 at 0, 0.2, 0.3, 0.4, 0.6). So the lowest of the grid.
HEADLINE_LIKE_MIN: Final = 0.2
# ...the model makes no line above that headline body (LABELS.md: kickers, menus and
# teasers above the title are the site's), and from the first related line after the
# article, or the line that opens a blog's reader comments ("Leave a Reply"; LABELS.md:
# comments are nav), on only lines of at least this probability: what follows either is
# seldom the article. Chosen held out (bench_stack.py, 5 folds by domain, each fold's value
# chosen on the other folds' WCXB pages: 0.7 in four folds, 0.8 in one).
AFTER_RELATED_PROMOTE: Final = 0.7
# The modes whose content is read at each page's own cut (page_cut) rather than at the
# model's one threshold. Held out (bench_stack.py, nested), it gains in both: WCXB HTML
# 0.8632 -> 0.8680 (every page type up, the 181 articles 0.9629 -> 0.9658), text 0.8227 ->
# 0.8269. But in text the lines it adds are mostly short ones the rules called nav, on
# pages the model is unsure of: line accuracy on the labelled pages falls (bench_labels.py,
# 0.824 -> 0.820, the seeds 0.919 -> 0.867, a section front's menus turned body); in HTML
# it rises (0.880 -> 0.881). Text keeps the one threshold. The whole pipeline held out
# (bench_wcxb.py --cv 5), where the labeller already gave listings' entries body: HTML
# 0.8678 -> 0.8689.
PAGE_CUT_MODES: Final = ("html",)


class ContextPass:
    """The context forest of a mode and the thresholds its probabilities are read at."""

    __slots__ = ("demote_below", "forest", "threshold")

    def __init__(self, forest: Forest, threshold: float, demote_below: float) -> None:
        self.forest = forest
        self.threshold = threshold
        self.demote_below = demote_below


# The labels the labeller may turn into body (GivesBody): the ones that say "not this
# page's content". A line it names a headline, byline, date or caption keeps that label.
GIVES_FROM: Final = frozenset((NAV, RELATED))


# A body line the labeller may rename (``Scope.from_body``) has at most this many words:
# bylines and dates are short, and a labeller that scored every body line cost text mode a
# sixth of its time.
FROM_BODY_MAX_WORDS: Final = 12
# ...and one it names `nav` (a menu entry, a button, "Video", "Key events" that the content
# decision took in) at most this many: longer, it stays body, as a listing's entries and a
# collection's product names read like menu entries to the text labeller. Held out on the
# same fold models (docs/results.md, 6 December 2026): text labels 0.8384 / 0.6434 ->
# 0.8446 / 0.6479 at 3, 0.8466 / 0.6484 at 12; WCXB text 0.8234 -> 0.8237 at 3, 0.8222
# at 12 (listing 0.662 -> 0.634).
FROM_BODY_NAV_MAX_WORDS: Final = 3
# What a scoped labeller may turn a line into whose label it checks (``Scope.checks``): a
# date or byline the rules found may be a listing's entry, a menu's line or a teaser's.
CHECKED_TO: Final = frozenset((BODY, NAV, RELATED))


class Scope:
    """The lines a labeller may rename, those the content decision labelled one of
    ``takes``, and the labels it may give them, ``gives``; a line decided body it may name
    one of ``from_body`` instead (or leave body); a line decided one of ``checks`` it may
    turn to one of :data:`CHECKED_TO` (or leave as it is); every other line keeps the
    decided label. A text labeller is scoped: the rules, tuned on articles, name headlines
    and captions better than it does, but not the bylines and dates they left in nav or in
    the body, such as a forum post's author line, and they take a listing's dates and a
    teaser's for the article's own (``learn.fit.LABELLER_SCOPE``)."""

    __slots__ = ("checks", "from_body", "gives", "takes")

    def __init__(self, takes: frozenset[str], gives: frozenset[str],
                 from_body: frozenset[str] = frozenset(),
                 checks: frozenset[str] = frozenset()) -> None:
        self.takes = takes
        self.gives = gives
        self.from_body = from_body
        self.checks = checks

    def names(self, label: str) -> bool:
        """Whether the labeller names a line the content decision labelled ``label``."""
        return label in self.takes or label in self.checks or (
            label == BODY and bool(self.from_body))

    def allowed(self, classes: list[str]) -> list[bool]:
        """For each of a labeller's ``classes``, whether this scope may give it (body
        where a body line may stay body, to weigh it against ``from_body``)."""
        body = {BODY, *self.from_body} if self.from_body else set()
        return [c in self.gives or c in body for c in classes]

    def may_give(self, label: str, classes: list[str]) -> list[bool]:
        """For each of ``classes``, whether a line decided ``label`` may be given it."""
        if label in self.takes:
            return [c in self.gives for c in classes]
        if label in self.checks:
            return [c == label or c in CHECKED_TO for c in classes]
        return [c == BODY or c in self.from_body for c in classes]


class GivesBody:
    """Where the labeller makes body of a line that the content decision left out and that
    it would otherwise call nav or related: its own body probability at least
    ``labelled``, and the content probability (the context pass's, else the content
    forest's) at least ``content``. The content models learnt WCXB's main content; the
    labeller learnt LABELS.md's body, which also holds a collection's or listing's
    entries."""

    __slots__ = ("content", "labelled")

    def __init__(self, labelled: float, content: float) -> None:
        self.labelled = labelled
        self.content = content


class ModeModel:
    """The forest of one input mode (``html`` or ``text``) and its two thresholds: a line
    the rules did not call body becomes body at ``threshold``; a rule ``body`` line stays
    body down to ``demote_below`` (the rules are good at articles, so the model overrules
    their body only when it is quite sure). With a ``context`` pass, its forest's
    probabilities and thresholds decide in place of the content forest's."""

    __slots__ = ("context", "demote_below", "forest", "gives_body", "kind", "labeller",
                 "scope", "threshold")

    def __init__(self, forest: Forest, threshold: float, demote_below: float,
                 labeller: Labeller | None = None, context: ContextPass | None = None,
                 gives_body: GivesBody | None = None, scope: Scope | None = None,
                 kind: KindModel | None = None) -> None:
        self.forest = forest
        self.threshold = threshold
        self.demote_below = demote_below
        self.labeller = labeller
        self.context = context
        self.gives_body = gives_body  # None: the labeller never makes a line body
        self.scope = scope  # None: the labeller may rename every line, to any label
        self.kind = kind  # the page-kind model whose probabilities the labeller reads


class Model:
    """A loaded model file: a forest per mode; a mode it lacks keeps the rule labels."""

    def __init__(self, modes: dict[str, ModeModel], path: str, trained: dict[str, Any]
                 ) -> None:
        self.modes = modes
        self.path = path
        self.trained = trained

    def mode(self, html: bool) -> ModeModel | None:
        return self.modes.get("html" if html else "text")


def model_from_json(data: Any, where: str) -> Model:
    """A :class:`Model` from a model file's JSON, checked against this segkit's features."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ModelError(f"{where}: not a segkit model file (no \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise ModelError(f"{where}: model version {data.get('version')!r}; this segkit "
                         f"reads version {VERSION}: train the model again (segkit train)")
    modes = data.get("modes")
    if not isinstance(modes, dict) or not modes:
        raise ModelError(f"{where}: 'modes' must map html/text to forests")
    out: dict[str, ModeModel] = {}
    for name, spec in modes.items():
        if name not in ("html", "text") or not isinstance(spec, dict):
            raise ModelError(f"{where}: unknown mode {name!r}")
        forest = forest_from_json(spec, f"{where} ({name})")
        if forest.features != vector.names(name == "html"):
            raise ModelError(f"{where} ({name}): trained on other features than this segkit "
                             f"computes: train the model again (segkit train)")
        threshold = _probability(spec, "threshold", f"{where} ({name})")
        demote = _probability(spec, "demote_below", f"{where} ({name})")
        out[name] = ModeModel(forest, threshold, demote,
                              _labeller(spec, name, f"{where} ({name})"),
                              _context(spec, name, f"{where} ({name})"),
                              _gives_body(spec, f"{where} ({name}) labeller"),
                              _scope(spec, f"{where} ({name}) labeller"),
                              _kind(spec, f"{where} ({name}) labeller"))
    trained = data.get("trained")
    return Model(out, where, trained if isinstance(trained, dict) else {})


def _labeller(spec: dict[str, Any], mode: str, where: str) -> Labeller | None:
    data = spec.get("labeller")
    if data is None:
        return None
    labeller = labeller_from_json(data, f"{where} labeller")
    if labeller.features != label_names(mode == "html"):
        raise ModelError(f"{where}: its labeller was trained on other features than this "
                         f"segkit computes: train the model again (segkit train)")
    if set(labeller.classes) != set(LABELS):
        raise ModelError(f"{where}: its labeller's classes are not the seven labels")
    return labeller


def _kind(spec: dict[str, Any], where: str) -> KindModel | None:
    """The page-kind model a labeller reads (classify.page_kind); None where its gold gave
    no page types to learn one from (its kind columns were then unknown in training too)."""
    data = spec.get("labeller")
    if not isinstance(data, dict) or data.get("kind") is None:
        return None
    try:
        return kind_from_json(data["kind"], where)
    except ValueError as exc:
        raise ModelError(str(exc)) from None


def _gives_body(spec: dict[str, Any], where: str) -> GivesBody | None:
    data = spec.get("labeller")
    return gives_body_from_json(data, where) if isinstance(data, dict) else None


def _scope(spec: dict[str, Any], where: str) -> Scope | None:
    data = spec.get("labeller")
    return scope_from_json(data, where) if isinstance(data, dict) else None


def scope_from_json(labeller: dict[str, Any], where: str) -> Scope | None:
    """A labeller's :class:`Scope` from its JSON form (absent: None, every line)."""
    scope = labeller.get("scope")
    if scope is None:
        return None
    sets = [scope.get(k) if isinstance(scope, dict) else None for k in ("takes", "gives")]
    if not all(isinstance(s, list) and s and all(x in LABELS for x in s) for s in sets):
        raise ModelError(f"{where}: 'scope' must hold 'takes' and 'gives', each a list of "
                         f"labels")
    from_body, checks = (scope.get(k, []) for k in ("from_body", "checks"))
    for key, value in (("from_body", from_body), ("checks", checks)):
        if not isinstance(value, list) or not all(x in LABELS and x != BODY for x in value):
            raise ModelError(f"{where}: the scope's '{key}' must be a list of labels other "
                             "than body")
    if set(checks) & set(sets[0]):
        raise ModelError(f"{where}: the scope's 'checks' and 'takes' must not share a label")
    return Scope(frozenset(sets[0]), frozenset(sets[1]), frozenset(from_body),
                 frozenset(checks))


def gives_body_from_json(labeller: dict[str, Any], where: str) -> GivesBody | None:
    """A labeller's :class:`GivesBody` from its JSON form (None: it never gives body)."""
    given = labeller.get("gives_body")
    if given is None:
        return None
    if not isinstance(given, dict):
        raise ModelError(f"{where}: 'gives_body' must be an object")
    return GivesBody(_probability(given, "labelled", f"{where} gives_body"),
                     _probability(given, "content", f"{where} gives_body"))


def _context(spec: dict[str, Any], mode: str, where: str) -> ContextPass | None:
    data = spec.get("context")
    if data is None:
        return None
    forest = forest_from_json(data, f"{where} context")
    if forest.features != context.names(mode == "html"):
        raise ModelError(f"{where}: its context forest was trained on other features than "
                         f"this segkit computes: train the model again (segkit train)")
    return ContextPass(forest, _probability(data, "threshold", f"{where} context"),
                       _probability(data, "demote_below", f"{where} context"))


def _probability(spec: dict[str, Any], key: str, where: str) -> float:
    value = spec.get(key)
    if not isinstance(value, int | float) or not 0.0 < value < 1.0:
        raise ModelError(f"{where}: {key!r} must be a number in (0, 1)")
    return float(value)


def load_model(path: str | Path) -> Model:
    """Read a model file, or raise a :class:`ModelError` saying what is wrong with it."""
    where = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(f"{where}: cannot read the model: {exc.strerror or exc}") from None
    except UnicodeDecodeError:
        raise ModelError(f"{where}: not a model file (not UTF-8 text)") from None
    try:
        data = orjson.loads(text)  # under a third of json's time, the same floats
    except orjson.JSONDecodeError:
        try:  # json's own message; and it reads what orjson refuses, such as Infinity
            data = json.loads(text)
        except ValueError as exc:
            raise ModelError(f"{where}: not a model file (bad JSON: {exc})") from None
    return model_from_json(data, where)


@cache
def _cached(path: str) -> Model:
    return load_model(path)


def resolve_model(spec: str | Model | None = None) -> Model | None:
    """The model a run uses: ``spec`` (a path, or ``none``), else ``$SEGKIT_MODEL``, else the
    shipped one; None for the rules alone. Each file is read once per process."""
    if isinstance(spec, Model):
        return spec
    chosen = spec if spec is not None else os.environ.get(MODEL_ENV) or None
    if chosen is None:
        return _cached(str(SHIPPED)) if SHIPPED.exists() else None
    if chosen.strip().lower() == NO_MODEL:
        return None
    return _cached(str(Path(chosen).expanduser().resolve()))


def content_probabilities(mode: ModeModel, page: vector.Page,
                          rows: list[list[float]] | None = None) -> list[float]:
    """The probability that each line is the page's own content (``rows``: the page's,
    when already computed)."""
    return mode.forest.probabilities([vector.rows(page) if rows is None else rows])


def context_probabilities(ctx: ContextPass, page: vector.Page, rows: list[list[float]],
                          probs: list[float]) -> list[float]:
    """The context forest's probability that each line is content, from the content
    forest's ``probs`` over the page and the page's ``rows``."""
    own = context.own_rows(context.layout(page), probs, page.evidence is not None)
    return ctx.forest.probabilities([own, rows])


def named_labels(decided: list[str], scores: list[list[float]], classes: list[str],
                 content: list[float] | None = None, gives: GivesBody | None = None,
                 scope: Scope | None = None, spared: frozenset[int] = frozenset()
                 ) -> list[str]:
    """Each line's label by the labeller. It may take ``body`` from a line, but give it
    only where ``gives`` allows (a line it would call nav or related, its body
    probability and the line's ``content`` probability high enough); elsewhere a line is
    body only where ``decided`` (the labels after :func:`relabel`) calls it so: the
    content forest learnt what is content from 1,700 pages, the labeller from the 640
    labelled ones. Where the labeller would leave a page with text no body at all, the
    lines ``decided`` calls body keep it. With a ``scope``, it names only the lines in it,
    and only with the labels it allows, and a line it would check that is ``spared``
    (:func:`spared_from_checks`) keeps its label; the scores of the other lines are not
    read."""
    body = classes.index(BODY)
    allowed = [True] * len(classes) if scope is None else scope.allowed(classes)
    may = {} if scope is None else {lab: scope.may_give(lab, classes) for lab in LABELS
                                    if scope.names(lab)}
    checked = frozenset() if scope is None else scope.checks
    out: list[str] = []
    for i, (label, probs) in enumerate(zip(decided, scores, strict=True)):
        if scope is not None and (label not in may or (label in checked and i in spared)):
            out.append(label)
            continue
        ok = may.get(label, allowed)
        to_body = label == BODY or label in checked
        best, chosen = -1, -1.0
        for k, p in enumerate(probs):
            if p > chosen and ok[k] and (k != body or to_body):
                best, chosen = k, p
        out.append(classes[best] if best >= 0 else label)
    if BODY not in out and BODY in decided:
        out = [BODY if d == BODY else o for d, o in zip(decided, out, strict=True)]
    if gives is None or content is None or not allowed[body]:
        return out
    return [BODY if (scope is None or d in scope.takes) and o in GIVES_FROM
            and s[body] >= gives.labelled and c >= gives.content else o
            for d, o, s, c in zip(decided, out, scores, content, strict=True)]


def short_nav_only(decided: list[str], named: list[str], words: Iterable[int],
                   scope: Scope | None) -> list[str]:
    """``named``, but a line ``decided`` body that a scoped labeller named `nav` stays
    body where it has more than ``FROM_BODY_NAV_MAX_WORDS`` words."""
    if scope is None or NAV not in scope.from_body or BODY in scope.takes:
        return named
    return [BODY if d == BODY and o == NAV and w > FROM_BODY_NAV_MAX_WORDS else o
            for d, o, w in zip(decided, named, words, strict=True)]


def spared_from_checks(decided: list[str], texts: list[str], scope: Scope | None
                       ) -> frozenset[int]:
    """The lines decided one of ``scope.checks`` that keep their label: the page's first of
    each (an article's own date and byline, under its headline) and, where
    ``LIVE_MIN_TIMES`` dates tell the time of day, those (a live blog's entry times). The
    labeller learnt dates from pages with one live blog among them, and checked, those
    lines go to body, against LABELS.md (``learn.fit.LABELLER_SCOPE``)."""
    if scope is None or not scope.checks:
        return frozenset()
    spared = {decided.index(label) for label in scope.checks if label in decided}
    times = _times_of_day(decided, texts)
    if len(times) >= LIVE_MIN_TIMES:
        spared.update(times)
    return frozenset(spared)


def _times_of_day(labels: list[str], texts: list[str]) -> list[int]:
    """The dates that tell the time of day: a live blog's entry times, at
    ``LIVE_MIN_TIMES`` or more."""
    return [i for i, (label, text) in enumerate(zip(labels, texts, strict=True))
            if label == TIMESTAMP and tells_time_of_day(text)]


def one_headline(labels: list[str], texts: list[str], probs: list[float], cut: float
                 ) -> list[str]:
    """``labels`` with one headline a page, as LABELS.md has it (shown once or repeated):
    a headline line whose words are less than ``HEADLINE_LIKE_MIN`` like the page's
    headline (the one likest the first line, a text's <title>) is a subheading or a
    teaser's title, and becomes body where its probability reaches ``cut``, else nav. A
    live blog (``LIVE_MIN_TIMES`` dates that tell the time of day) keeps its entries'."""
    heads = [i for i, label in enumerate(labels) if label == HEADLINE]
    if len(heads) < 2 or len(_times_of_day(labels, texts)) >= LIVE_MIN_TIMES:
        return labels
    words = {i: word_set(texts[i]) for i in heads}
    first = word_set(texts[0]) if texts else set()
    main = max(heads, key=lambda i: (dice(words[i], first), -i))
    out = list(labels)
    for i in heads:
        if i != main and dice(words[i], words[main]) < HEADLINE_LIKE_MIN:
            out[i] = BODY if probs[i] >= cut else NAV
    return out


def article_bounds(rule: list[str], texts: list[str] | None = None
                   ) -> tuple[int, int] | None:
    """Where the rule stages' article starts and where what follows it turns away: its
    headline (the first one with a byline or date within ``ARTICLE_HEAD_SPAN`` lines
    after it), and the first ``related`` line past the last rule body line or, where the
    lines' ``texts`` are given, the first line that opens a blog's reader comments past
    the article's first body line ("34 responses to <title>", "Leave a Reply"), whichever
    comes first (the page's length when none). None when the page shows no article head."""
    head = next((i for i, label in enumerate(rule) if label == HEADLINE and any(
        x in _HEAD_MATES for x in rule[i + 1:i + 1 + ARTICLE_HEAD_SPAN])), None)
    if head is None:
        return None
    last = max((i for i, label in enumerate(rule) if label == BODY), default=len(rule))
    end = next((i for i in range(last + 1, len(rule)) if rule[i] == RELATED), len(rule))
    if texts is not None:
        first = next((i for i in range(head, end) if rule[i] == BODY), end)
        end = next((i for i in range(first + 1, end) if opens_comments(texts[i])), end)
    return head, end


def bounded(rule: list[str], labels: list[str], probs: list[float],
            texts: list[str] | None = None) -> list[str]:
    """``labels`` (after :func:`relabel`) with the model's promotions outside the
    article's bounds (:func:`article_bounds`) undone: none above its headline, and from
    its related block or reader comments on only those at ``AFTER_RELATED_PROMOTE`` or
    more. A line the rules themselves called body is left as the model decided."""
    bounds = article_bounds(rule, texts)
    if bounds is None:
        return labels
    head, end = bounds
    return [r if label == BODY and r != BODY and (
        i < head or (i >= end and p < AFTER_RELATED_PROMOTE)) else label
        for i, (r, label, p) in enumerate(zip(rule, labels, probs, strict=True))]


def content_labels(rule: list[str], probs: list[float], words: list[int], threshold: float,
                   demote_below: float, html: bool, texts: list[str] | None = None
                   ) -> list[str]:
    """The content decision as the pipeline makes it (``pipeline.model_labels``, for the
    benchmarks): :func:`relabel` at :func:`content_cut`, then in text :func:`bounded`.
    HTML is not bounded: its markup already tells the model where the article is, and
    bounding it gained nothing held out (WCXB 0.8632 -> 0.8629). ``texts``, the lines,
    let the reader comments bound the article too."""
    labels = relabel(rule, probs, content_cut(probs, words, threshold, html), demote_below)
    if texts is not None:
        labels = links_kept(rule, labels, texts)
    return labels if html else bounded(rule, labels, probs, texts)


def content_cut(probs: list[float], words: list[int], threshold: float, html: bool) -> float:
    """The probability from which a line is content: the page's own (:func:`page_cut`) in
    the modes of ``PAGE_CUT_MODES``, else the model's ``threshold``."""
    return page_cut(probs, words, threshold) if cut_per_page(html) else threshold


def cut_per_page(html: bool) -> bool:
    """Whether the mode reads each page at its own cut (``PAGE_CUT_MODES``)."""
    return ("html" if html else "text") in PAGE_CUT_MODES


def word_counts(texts: list[str]) -> list[int]:
    """Each line's words as :func:`page_cut` weighs them (``Features.words``: split on
    white space), for callers that hold the texts, not the features."""
    return [len(t.split()) for t in texts]


def page_cut(probs: list[float], words: list[int], fallback: float) -> float:
    """The probability from which a line of this page is content: the cut at which the
    page's expected word F1 is highest, reading each line's probability as the chance
    that its ``words`` are content (``fallback`` where no line has a chance).

    One cut for every page is too high where content is uncertain and too low where it is
    plain: the best cut for F1 is about half the F1 a page can reach (Lipton et al., 2014,
    "Optimal thresholding of classifiers to maximize F1"). So the lines are taken from the
    likeliest down for as long as the expected F1, 2 * (expected content words kept) /
    (words kept + expected content words of the page), grows (``PAGE_CUT_MODES``: where,
    and what it gained held out)."""
    expected = sum(p * w for p, w in zip(probs, words, strict=True))
    if expected <= 0.0:
        return fallback
    best, cut = -1.0, fallback
    kept = kept_expected = 0.0
    for i in sorted(range(len(probs)), key=probs.__getitem__, reverse=True):
        kept += words[i]
        kept_expected += probs[i] * words[i]
        score = 2.0 * kept_expected / (kept + expected)
        if score > best:
            best, cut = score, probs[i]
    return cut


def links_kept(rule: list[str], labels: list[str], texts: list[str]) -> list[str]:
    """``labels`` with the rules' ``related`` back on the one-line links to another
    article (:func:`is_title_link`) that the model took for content."""
    return [r if r == RELATED and label == BODY and is_title_link(text) else label
            for r, label, text in zip(rule, labels, texts, strict=True)]


def is_title_link(text: str) -> bool:
    """Whether the line is a cue of ``READ_MORE_STARTS`` and then a title of at least
    ``READ_MORE_TITLE_WORDS`` words."""
    low = text.lower()
    if not low.startswith(READ_MORE_STARTS):
        return False
    cue = max((c for c in READ_MORE_STARTS if low.startswith(c)), key=len)
    return len(text[len(cue):].split()) >= READ_MORE_TITLE_WORDS


def relabel(labels: list[str], probs: list[float], threshold: float,
            demote_below: float) -> list[str]:
    """The rule labels, corrected where the model disagrees about what is content."""
    if not probs:
        return labels
    cut = threshold
    top = max(probs)
    if 0.0 < top < threshold:
        cut = FALLBACK_SHARE * top
    out: list[str] = []
    for label, p in zip(labels, probs, strict=True):
        if label == BODY:
            out.append(BODY if p >= min(demote_below, cut) else NAV)
        elif p >= cut and label not in KEEP_RULE_LABELS:
            out.append(BODY)
        else:
            out.append(label)
    return out

