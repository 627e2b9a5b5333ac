"""The hooks a segkit plugin can implement."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from collections.abc import Callable

    from segkit.document import Document
    from segkit.output.formats.base import Format
    from segkit.sites.site import Site

hookspec = pluggy.HookspecMarker("segkit")
hookimpl = pluggy.HookimplMarker("segkit")


@hookspec
def register_sites(register: Callable[[Site], Any]) -> None:
    """Register site definitions by calling ``register(site)`` for each."""


@hookspec
def register_formats(register: Callable[[type[Format]], Any]) -> None:
    """Register output formats by calling ``register(cls)`` for each ``Format`` subclass."""


@hookspec(firstresult=True)
def classify(doc: Document, trace: Callable[..., object] | None, model: Any
             ) -> list[str | None] | None:
    """Label each line, site unknown; ``model`` the run's learned model (None: rules only),
    ``trace`` (explain only, else None) hears each step."""
