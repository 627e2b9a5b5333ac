"""Kestrel Valley Radio (kestrelradio.example): captions and credits follow "Image
caption," and "Image source,"; the author follows "Reporting by", their role below.
"""

from __future__ import annotations

from collections.abc import Callable

import segkit
from segkit import Site

IMAGE = r"^Image (?:caption|source),$"
REPORTING_BY = r"^Reporting by$"
ROLE = r"^[\p{L} ]{0,40}\b(?:correspondent|reporter|editor)$"
SENTENCE = r"^\s*\S.{18,}[.!?]['\"”’)]*$"


def site() -> Site:
    """The site, chosen by its domain, or by its footer when the URL is unknown."""
    return Site(name="kestrelradio", domains=("kestrelradio.example",),
                signature=r"(?m)^© Kestrel Valley Radio \d{4}$",
                rules={IMAGE: "caption", REPORTING_BY: "byline", ROLE: "byline",
                       SENTENCE: "body"},
                after={IMAGE: "caption", REPORTING_BY: "byline"})


@segkit.hookimpl
def register_sites(register: Callable[[Site], object]) -> None:
    """Give segkit this site; called once when the plugins load."""
    register(site())
