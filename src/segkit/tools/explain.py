"""Why each line got its label: ``segkit explain``.

A document is segmented as ``split`` does, with a tracer listening: the generic
classifier reports each step of its context revision, a site each rule that set a
label. A line's label is decided by the last of them that set it; its runner-up is the
label it held before that (or, when nothing else touched it, the other side of the
article-run decision). ``score`` is the line's weight in the run search: what it adds to
the article's points (a paragraph up to +4, a menu entry -0.4, a related header -3).
The runner-up is shown with its own score, from whichever decided the line: the model's
probability for that side (``body`` p, any other label 1 - p), else the run search's
points for it (``body`` the weight, ``nav`` minus the weight; other labels none).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from segkit.classify import classes as c
from segkit.classify.model import AFTER_RELATED_PROMOTE
from segkit.document import Document, Line
from segkit.labels import BODY, NAV
from segkit.pipeline import Segmenter
from segkit.sites.loading import BUILTIN_MODULES
from segkit.sites.site import Site

GENERIC = "generic"
# Characters of a page's line kept, at least, when the table is cut to the terminal.
MIN_TEXT = 20

# What each context-free class of the generic classifier says about a line.
CLASSES = {
    c.GOOD: "paragraph",
    c.NEAR: "short sentence",
    c.SHORT: "short line",
    c.DATE: "date or time only",
    c.BYLINE_CUE: "byline cue",
    c.CAPTION_CUE: "caption or credit cue",
    c.NAV_CUE: "site-furniture cue",
    c.RELATED_HEAD: "related-block header",
    c.READ_MORE: "'Read more' link",
    c.COMMENTS_HEAD: "comments header",
    c.INVISIBLE: "invisible characters",
    c.FURNITURE: "in nav/header/footer/aside",
    c.LINK_LINE: "mostly a link",
    c.BOXED: "in a furniture element",
}
# The steps of the learned model (the rest are the rule stages').
_MODEL_STEPS = ("model", "bounds", "labeller")
# The rule steps: ``classify.revise``'s after the article run is found, and the title line's
# after the model.
STEPS = {
    "head": "between the headline and the article",
    "title": "shows the page title",
    "above title": "a date or byline just above the title",
    "tail": "a byline cue just after the article",
    "related": "in a related-articles block",
    "captions": "a short line above a picture credit",
    "live blog": "a live-blog entry's time, title or caption",
    "title line": "the browser title: nav with the site's name in it, else headline",
    "one headline": "a headline unlike the page's own: a subheading or a teaser's title",
}


@dataclass(slots=True)
class Reason:
    """One line, its label, and what decided it."""

    n: int
    text: str
    label: str | None
    by: str | None = None          # "generic", a site's name, or a classify plugin's name
    rule: str | None = None        # the rule, step or feature that set the label
    patterns: list[str] = field(default_factory=list)  # a site rule's patterns
    runner_up: str | None = None
    score: float | None = None     # the line's weight in the article-run search
    runner_up_score: float | None = None  # the runner-up's own score (module docstring)
    runner_up_scale: str | None = None    # "p": the model's probability; "points": the run's


@dataclass
class Explanation:
    """A segmented document with a reason for every line."""

    doc: Document
    classifier: str | None
    site: Site | None
    site_error: str | None
    lines: list[Reason]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.doc.id, "source": self.doc.source, "url": self.doc.url,
            "site": self.doc.site,
            "origin": self.site.origin if self.site is not None else None,
            "site_error": self.site_error, "classifier": self.classifier,
            "lines": [asdict(r) for r in self.lines],
        }


class _Recorder:
    """The tracer: keeps, per line, the steps and rules that set its label."""

    def __init__(self) -> None:
        self.classifier: str | None = None
        self.facts: dict[str, Any] = {}
        self.generic: dict[int, list[tuple[str, str]]] = {}  # non-blank index -> events
        self.last: list[str] = []
        self.rules: dict[int, list[tuple[str, tuple[str, ...], str | None]]] = {}
        self.site_obj: Site | None = None
        self.error: str | None = None

    def classified_by(self, plugin: str | None) -> None:
        self.classifier = plugin

    def step(self, step: str, labels: list[str], **facts: object) -> None:
        self.facts.update(facts)
        first = not self.last
        for i, label in enumerate(labels):
            if first or label != self.last[i]:
                self.generic.setdefault(i, []).append((step, label))
        self.last = list(labels)

    def rule(self, line: Line, kind: str, patterns: tuple[str, ...]) -> None:
        self.rules.setdefault(line.n, []).append((kind, patterns, line.label))

    def site(self, site: Site | None, error: str | None) -> None:
        self.site_obj, self.error = site, error
        if error is not None:
            self.rules.clear()  # the document keeps the generic labels


def explain(segmenter: Segmenter, text: str, *, id: str = "doc", source: str | None = None,
            url: str | None = None, html: bool = False) -> Explanation:
    """Segment ``text`` (a page's HTML when ``html``) as ``split`` would, and say why each
    line got its label."""
    rec = _Recorder()
    segment = segmenter.segment_html if html else segmenter.segment
    doc = segment(text, id=id, source=source, url=url, trace=rec)
    names = _pattern_names(segmenter, rec.site_obj)
    numbers = [ln.n for ln in doc.lines if not ln.blank]
    if len(rec.last) != len(numbers):  # not one traced label per non-blank line: unusable
        rec.generic.clear()
        rec.facts.clear()
    generic_by = GENERIC if rec.generic else rec.classifier
    reasons = []
    for i, line in enumerate(ln for ln in doc.lines if not ln.blank):
        reason = Reason(line.n, line.text, line.label, by=generic_by,
                        rule=None if rec.generic else "its classify hook")
        chain = [(label, step) for step, label in rec.generic.get(i, [])]
        if chain:
            reason.rule = _generic_why(rec.facts, chain[-1][1], i, numbers, chain[-1][0])
        if "weights" in rec.facts:
            reason.score = round(rec.facts["weights"][i], 2)
        site_events = rec.rules.get(line.n, [])
        chain.extend((label or "", kind) for kind, _, label in site_events)
        if site_events and rec.site_obj is not None:
            kind, patterns, _ = site_events[-1]
            reason.by = rec.site_obj.name
            reason.rule = _rule_why(kind, patterns, names)
            reason.patterns = list(patterns)
        by_model = bool(chain) and chain[-1][1] in _MODEL_STEPS and not site_events
        reason.runner_up = _runner_up(line.label, [label for label, _ in chain[:-1]],
                                      _inside(rec.facts, i))
        if by_model and _named(rec.facts, i):
            reason.runner_up = next(c for c, _ in _ranked(rec.facts, i) if c != line.label)
        reason.runner_up_score, reason.runner_up_scale = _label_score(
            reason.runner_up, rec.facts, i, by_model)
        reasons.append(reason)
    by_n = {r.n: r for r in reasons}
    lines = [by_n.get(ln.n) or Reason(ln.n, ln.text, None) for ln in doc.lines]
    return Explanation(doc, rec.classifier, rec.site_obj, rec.error, lines)


def _label_score(label: str | None, facts: dict[str, Any], i: int,
                 by_model: bool) -> tuple[float | None, str | None]:
    """What the decider of line ``i`` gave ``label`` itself, and on which scale: the
    model scores content (body) against the rest; the run search body against nav."""
    if label is None:
        return None, None
    if by_model and _named(facts, i):
        return round(dict(_ranked(facts, i)).get(label, 0.0), 2), "p"
    if by_model and "probabilities" in facts:
        p = _content_q(facts, i)
        return round(p if label == BODY else 1.0 - p, 2), "p"
    if label in (BODY, NAV) and "weights" in facts:
        weight = facts["weights"][i]
        return round(weight if label == BODY else -weight, 2) + 0.0, "points"
    return None, None


def _content_q(facts: dict[str, Any], i: int) -> float:
    """The probability that decided whether line ``i`` is content: the context pass's,
    else the content forest's."""
    return float(facts.get("context", facts["probabilities"])[i])


def _named(facts: dict[str, Any], i: int) -> bool:
    """Whether the labeller named line ``i``: a scoped one (text) leaves the lines out of
    its scope as the content decision labelled them."""
    in_scope = facts.get("in_scope")
    return "label_scores" in facts and (in_scope is None or in_scope[i])


def _ranked(facts: dict[str, Any], i: int) -> list[tuple[str, float]]:
    """The labeller's labels for line ``i``, most probable first."""
    pairs = zip(facts["label_classes"], facts["label_scores"][i], strict=True)
    return sorted(pairs, key=lambda pair: -pair[1])


def _inside(facts: dict[str, Any], i: int) -> bool | None:
    if "start" not in facts:
        return None
    return facts["start"] <= i < facts["end"]


def _runner_up(label: str | None, earlier: list[str], inside: bool | None) -> str | None:
    """The last other label the line held; else the other side of the article run."""
    for other in reversed(earlier):
        if other != label:
            return other
    if inside is None:
        return None
    if inside:
        return NAV if label != NAV else BODY
    return BODY if label != BODY else NAV


def _generic_why(facts: dict[str, Any], step: str, i: int, numbers: list[int],
                 label: str) -> str:
    """A generic step as words (``label``: what it gave line ``i``); the run step with the
    line's class (its features)."""
    if step in ("model", "labeller") and _named(facts, i):
        ranked = _ranked(facts, i)
        p = dict(ranked).get(label, 0.0)
        gives = facts.get("gives_body")
        q = _content_q(facts, i)
        if step == "labeller" and label == BODY and gives is not None:  # it made it body
            return (f"the labeller gives body: p={p:.2f} (at least {gives.labelled:.2f}), "
                    f"content q={q:.2f} (at least {gives.content:.2f})")
        seen = f"content p={facts['probabilities'][i]:.2f}"
        if "context" in facts:
            seen += f", q={q:.2f}"
        return f"the labeller: {label} at p={p:.2f} ({seen}, {_read_at(facts)})"
    if step == "bounds" and facts.get("bounds") is not None:
        head, end = facts["bounds"]
        if i < head:
            return f"kept out: above the article's headline (line {numbers[head]})"
        q = _content_q(facts, i)
        after = "the reader comments" if facts.get("comments") else "the related block"
        return (f"kept out: in or past {after} after the article (line {numbers[end]}), "
                f"q={q:.2f} (under {AFTER_RELATED_PROMOTE:.2f})")
    if step == "model" and "context" in facts:
        return (f"the context pass: p={facts['probabilities'][i]:.2f} -> "
                f"q={facts['context'][i]:.2f} ({_read_at(facts)})")
    if step == "model" and "probabilities" in facts:
        return (f"the model: content at p={facts['probabilities'][i]:.2f} "
                f"({_read_at(facts)})")
    if step != "article" or "classes" not in facts:
        return STEPS.get(step, step)
    cls = CLASSES.get(facts["classes"][i], facts["classes"][i])
    start, end = facts["start"], facts["end"]
    if start >= end:
        return f"no article run: {cls}"
    where = "in" if start <= i < end else "outside"
    inside = facts.get("inside")
    if where == "in" and inside is not None and not inside[i]:
        where = "outside the container of"  # HTML input: the article's element
    return f"{where} run {numbers[start]}-{numbers[end - 1]}: {cls}"


def _read_at(facts: dict[str, Any]) -> str:
    """The cut the model's decision was read at, and whose it is."""
    whose = "the page's cut" if facts.get("page_cut") else "threshold"
    return f"{whose} {facts['threshold']:.2f}"


def _rule_why(kind: str, patterns: tuple[str, ...], names: dict[str, str]) -> str:
    shown = [names.get(p) or repr(p) for p in patterns]
    if kind == "rule":
        return f"rule {shown[0]}"
    if kind == "after":
        return f"line after {shown[0]}"
    if kind == "block":
        return "block " + "..".join(shown)
    return "refine hook"


def _pattern_names(segmenter: Segmenter, site: Site | None) -> dict[str, str]:
    """Pattern -> the name of the plugin constant holding it, so rules read as names."""
    if site is None:
        return {}
    plugin = segmenter.plugins.pm.get_plugin(site.plugin) if site.plugin else None
    names = {}
    for name in dir(plugin) if plugin is not None else ():
        value = getattr(plugin, name, None)
        if name.isupper() and isinstance(value, str):
            names.setdefault(value, name)
    return names


def format_text(expl: Explanation, width: int | None = None) -> str:
    """A table, one row per non-blank line: label, who decided, why, runner-up, text.

    The columns that name a cause (who, why) are as wide as their longest entry, never
    cut: on a narrow terminal only the page's text is shortened.
    """
    doc = expl.doc
    rows = [f"{doc.source or doc.id}: {_where(expl)}"]
    shown = [r for r in expl.lines if r.label is not None]
    by_w = max([len("by"), *(len(r.by or "-") for r in shown)])
    rule_w = max([len("rule"), *(len(r.rule or "-") for r in shown)])
    runners = [_runner_cell(r) for r in shown]
    run_w = max([len("runner-up"), *map(len, runners)])
    rows.append(f"{'line':>5}  {'label':<9}  {'by':<{by_w}}  {'rule':<{rule_w}}  "
                f"{'runner-up':<{run_w}}  text")
    for r, runner in zip(shown, runners, strict=True):
        row = (f"{r.n:>5}  {r.label:<9}  {r.by or '-':<{by_w}}  {r.rule or '-':<{rule_w}}  "
               f"{runner:<{run_w}}  ")
        text = r.text.strip()
        if width is not None:
            text = _cut(text, max(MIN_TEXT, width - len(row)))
        rows.append(row + text)
    return "\n".join(rows) + "\n"


def _where(expl: Explanation) -> str:
    """The table's first line: the site that labelled the page and the classifier."""
    if expl.site is not None and expl.site_error is None:
        where = f"site {expl.site.name} ({expl.site.origin})"
    elif expl.site_error is not None:
        name = f"site {expl.site.name} " if expl.site is not None else ""
        where = f"{name}failed, generic labels kept: {expl.site_error}"
    else:
        where = "no site plugin"
    classifier = GENERIC if expl.classifier in BUILTIN_MODULES else expl.classifier
    return f"{where}; classifier {classifier}"


def _runner_cell(r: Reason) -> str:
    """The runner-up and its own score: ``nav -1.59`` (run points), ``body p=0.31``."""
    if r.runner_up is None:
        return "-"
    if r.runner_up_score is None:
        return r.runner_up
    if r.runner_up_scale == "p":
        return f"{r.runner_up:<9} p={r.runner_up_score:.2f}"
    return f"{r.runner_up:<9} {r.runner_up_score:+.2f}"


def format_json(expl: Explanation) -> str:
    return json.dumps(expl.to_dict(), ensure_ascii=False, indent=2) + "\n"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
