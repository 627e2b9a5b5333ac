"""Hand-made lines for the classifier's stage tests: Features and evidence by keyword."""

from __future__ import annotations

from segkit.classify.features import Features
from segkit.evidence import LineEvidence


def feat(text: str = "x", **fields: object) -> Features:
    """A line's features: a plain short line unless ``fields`` say otherwise."""
    values: dict[str, object] = dict(
        text=text, chars=len(text), words=len(text.split()), stop_share=-1.0, terminal=False,
        lower_share=-1.0, repeats=1, date=False, byline=False, caption=False, nav=False,
        related=False, comments=False, copyright=False, read_more=False, bullet=False,
        link=False,
    )
    values.update(fields)
    return Features(**values)  # type: ignore[arg-type]


def paragraph(words: int = 30) -> Features:
    """A paragraph of running text, ``words`` long."""
    text = " ".join(["word"] * (words - 1)) + " end."
    return feat(text, terminal=True, lower_share=1.0, stop_share=0.4)


def ev(tokens: tuple[str, ...] = (), flags: int = 0, link_density: float = 0.0,
       heading: int | None = None) -> LineEvidence:
    return LineEvidence("p", heading, flags, 0, link_density, tokens)
