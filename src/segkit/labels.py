"""The seven line labels (docs/labels.md says which line gets which)."""

from typing import Final

HEADLINE: Final = "headline"
BYLINE: Final = "byline"
TIMESTAMP: Final = "timestamp"
BODY: Final = "body"
CAPTION: Final = "caption"
NAV: Final = "nav"
RELATED: Final = "related"

LABELS: Final[tuple[str, ...]] = (HEADLINE, BYLINE, TIMESTAMP, BODY, CAPTION, NAV, RELATED)


def parse_labels(spec: str) -> frozenset[str]:
    """Parse a comma-separated label list such as ``body,headline``; unknown names raise."""
    wanted = frozenset(part.strip() for part in spec.split(",") if part.strip())
    unknown = wanted - set(LABELS)
    if unknown or not wanted:
        raise ValueError(
            f"unknown label(s) {', '.join(sorted(unknown)) or '(none given)'}; "
            f"choose from {', '.join(LABELS)}"
        )
    return wanted
