"""The hooks a segkit plugin can implement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from collections.abc import Callable

    from segkit.document import Document
    from segkit.sites.site import Site

hookspec = pluggy.HookspecMarker("segkit")
hookimpl = pluggy.HookimplMarker("segkit")


@hookspec
def register_sites(register: Callable[[Site], Any]) -> None:
    """Register site definitions by calling ``register(site)`` for each."""


@hookspec(firstresult=True)
def classify(doc: Document) -> list[str | None] | None:
    """Label every line of a document without knowing its site; return one label per line."""
