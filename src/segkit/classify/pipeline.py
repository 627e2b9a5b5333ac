"""The classifier's stages composed: features -> classes -> region -> revise -> labels."""

from __future__ import annotations

from typing import Final

from segkit.classify.classes import line_classes
from segkit.classify.features import line_features
from segkit.classify.region import find_region
from segkit.classify.revise import Trace, revise
from segkit.evidence import LineEvidence, PageMeta

# Zero-width characters (and the soft hyphen) stripped off each line's ends.
_INVISIBLE: Final = "\u200b\u200c\u200d\u2060\ufeff\u00ad"


def classify_lines(lines: list[str], evidence: list[LineEvidence] | None = None,
                   meta: PageMeta | None = None, trace: Trace | None = None) -> list[str | None]:
    """Label every line; blank lines get None. ``evidence`` comes with HTML input."""
    index = [i for i, t in enumerate(lines) if t.strip()]
    texts = [lines[i].strip().strip(_INVISIBLE) for i in index]
    labels = label_lines(texts, [evidence[i] for i in index] if evidence else None, meta,
                         trace)
    out: list[str | None] = [None] * len(lines)
    for i, label in zip(index, labels, strict=True):
        out[i] = label
    return out


def label_lines(texts: list[str], evidence: list[LineEvidence] | None = None,
                meta: PageMeta | None = None, trace: Trace | None = None) -> list[str]:
    """The four stages over the non-blank lines of one document."""
    feats = line_features(texts)
    if not feats:
        return []
    classes = line_classes(feats, evidence)
    region = find_region(feats, classes, evidence)
    return revise(feats, classes, region, trace)
