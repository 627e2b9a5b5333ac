"""The seven line labels (see LABELS.md in the shared data for the rules)."""

HEADLINE = "headline"
BYLINE = "byline"
TIMESTAMP = "timestamp"
BODY = "body"
CAPTION = "caption"
NAV = "nav"
RELATED = "related"

LABELS: tuple[str, ...] = (HEADLINE, BYLINE, TIMESTAMP, BODY, CAPTION, NAV, RELATED)


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
