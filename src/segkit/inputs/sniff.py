"""Tell HTML from other bytes by name or content."""

from __future__ import annotations

from typing import Final

import regex

from segkit.inputs.decode import BOMS

_SNIFF_START: Final = regex.compile(
    r"""<(?:!doctype\s+html|html|head|body|meta|title|link|script|style|div|p|span|a|table
        |article|section|header|nav|main|h[1-6]|ul|ol|li|br|img|form|iframe|noscript)[\s/>]""",
    regex.IGNORECASE | regex.VERBOSE,
)
_SNIFF_PROLOGUE: Final = regex.compile(r"<(?:\?xml\b|!--)", regex.IGNORECASE)
_SNIFF_ANYWHERE: Final = regex.compile(
    r"<(?:!doctype\s+html|html|head|body)[\s/>]", regex.IGNORECASE
)


# Names that say a file is HTML (after any .gz); other inputs are sniffed.
HTML_SUFFIXES: Final = (".html", ".htm", ".xhtml", ".shtml")


def is_html(data: bytes, name: str) -> bool:
    """HTML by its name or, for any other name, by its first bytes."""
    return name.lower().removesuffix(".gz").endswith(HTML_SUFFIXES) or looks_like_html(data)


def looks_like_html(data: bytes) -> bool:
    """Whether bytes are HTML by their content, so inputs need not be recognised by name.

    True when, after a BOM and white space, the first KB starts with a doctype or a common
    tag, or with an XML declaration or comment followed by ``<html``/``<head``/``<body``.
    """
    head = data[:1024]
    for bom, encoding in BOMS:
        if head.startswith(bom):
            text = head.decode(encoding, "ignore")
            break
    else:
        text = head.decode("latin-1")
    text = text.lstrip()
    if _SNIFF_START.match(text):
        return True
    return bool(_SNIFF_PROLOGUE.match(text) and _SNIFF_ANYWHERE.search(text))
