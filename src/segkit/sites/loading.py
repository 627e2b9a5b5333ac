"""Find and load plugins: built-in ones, the shipped site folder, plugin folders, entry points.

Folders come from ``--plugins DIR`` and the ``SEGKIT_PLUGINS`` environment variable
(separated like ``PATH``); every ``*.py`` file not starting with ``_`` in them is a plugin.
Installed packages add plugins through the ``segkit`` entry point group.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

from segkit import hookspecs
from segkit.sites.site import Site

if TYPE_CHECKING:
    from segkit.output.formats.base import Format

ENTRY_POINT_GROUP = "segkit"
ENV_VAR = "SEGKIT_PLUGINS"
BUILTIN_MODULES = ("segkit.sites.generic",)
# Built-in plugins of other families (the output formats): loaded like the above, but
# not listed by ``segkit plugins``, which shows where labels come from.
BUILTIN_FAMILIES = ("segkit.output.formats",)
# A bad value a plugin registers is shown in its error up to this many characters.
SHOWN_CHARS = 60


@dataclass
class Plugins:
    """A loaded plugin manager with the sites its plugins registered."""

    pm: pluggy.PluginManager
    sites: list[Site] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    formats: dict[str, type[Format]] = field(default_factory=dict)  # by name, for --format

    def site_named(self, name: str) -> Site | None:
        """The site registered under ``name`` (for ``--site``), if any."""
        return next((s for s in self.sites if s.name == name), None)

    def choose_site(self, url: str | None, text: str) -> Site | None:
        """The site for a document: by URL domain, else by content signature, else none."""
        if url:
            for site in self.sites:
                if site.matches_url(url):
                    return site
        for site in self.sites:
            if site.matches_text(text):
                return site
        return None


def shipped_plugin_dir() -> Path | None:
    """The ``plugins/`` folder: inside the installed package, or beside ``src/`` in a checkout."""
    here = Path(__file__).resolve().parent.parent  # the segkit package
    for candidate in (here / "site_plugins", here.parents[1] / "plugins"):
        if candidate.is_dir():
            return candidate
    return None


def env_plugin_dirs() -> list[Path]:
    """Folders named in ``SEGKIT_PLUGINS``, so plugins can be added without a flag."""
    value = os.environ.get(ENV_VAR, "")
    return [Path(p) for p in value.split(os.pathsep) if p]


def load_plugins(
    plugin_dirs: Iterable[str | Path] = (),
    *,
    shipped: bool = True,
    entry_points: bool = True,
    env: bool = True,
    warn: Callable[[str], None] | None = None,
) -> Plugins:
    """Build a plugin manager; a plugin that fails to load is reported and skipped."""
    pm = pluggy.PluginManager("segkit")
    pm.add_hookspecs(hookspecs)
    plugins = Plugins(pm)

    def fail(message: str) -> None:
        plugins.errors.append(message)
        if warn is not None:
            warn(message)

    for name in BUILTIN_MODULES:
        pm.register(importlib.import_module(name), name=name)
        plugins.origins[name] = "built-in"
    for name in BUILTIN_FAMILIES:
        pm.register(importlib.import_module(name), name=name)

    dirs: list[Path] = []
    if shipped and (folder := shipped_plugin_dir()):
        dirs.append(folder)
    if env:
        dirs.extend(env_plugin_dirs())
    dirs.extend(Path(d) for d in plugin_dirs)
    _load_folders(plugins, dirs, fail)
    if entry_points:
        _load_entry_points(plugins, fail)

    _collect_sites(plugins, fail)
    _collect_formats(plugins, fail)
    return plugins


def _load_folders(plugins: Plugins, dirs: list[Path], fail: Callable[[str], None]) -> None:
    """Every ``*.py`` not starting with ``_`` in each folder; a folder named twice loads once."""
    seen: set[Path] = set()
    for folder in dirs:
        if folder.resolve() in seen:
            continue
        seen.add(folder.resolve())
        if not folder.is_dir():
            fail(f"plugin folder {folder}: not a directory")
            continue
        for path in sorted(folder.glob("*.py")):
            if not path.name.startswith("_"):
                _load_file(plugins, path, fail)


def _load_entry_points(plugins: Plugins, fail: Callable[[str], None]) -> None:
    """Load each ``segkit`` entry point on its own, so one broken package spoils no other."""
    seen: set[tuple[str, str]] = set()
    for dist in importlib.metadata.distributions():
        for ep in dist.entry_points.select(group=ENTRY_POINT_GROUP):
            if (ep.name, ep.value) in seen:  # one distribution found twice on sys.path
                continue
            seen.add((ep.name, ep.value))
            where = f"entry point {ep.name} = {ep.value} of {dist.metadata['Name']}"
            if plugins.pm.has_plugin(ep.name):
                fail(f"{where}: a plugin named {ep.name!r} is already loaded; skipped")
                continue
            try:
                plugin = ep.load()
                plugins.pm.register(plugin, name=ep.name)
            except Exception as exc:
                fail(f"{where}: {type(exc).__name__}: {exc}")
                continue
            plugins.origins[ep.name] = where
            _report_unmarked(plugins, plugin, where, fail)


def _load_file(plugins: Plugins, path: Path, fail: Callable[[str], None]) -> None:
    name = path.stem
    if plugins.pm.has_plugin(name):
        fail(f"plugin {path}: a plugin named {name!r} is already loaded; skipped")
        return
    module_name = f"segkit_plugin_{name}"
    try:
        spec = importlib.util.spec_from_file_location(module_name, path)
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        spec.loader.exec_module(module)
        plugins.pm.register(module, name=name)
    except Exception as exc:
        sys.modules.pop(module_name, None)
        fail(f"plugin {path}: {type(exc).__name__}: {exc}")
        return
    plugins.origins[name] = str(path)
    _report_unmarked(plugins, module, f"plugin {path}", fail)


def _report_unmarked(plugins: Plugins, module: object, where: str,
                     fail: Callable[[str], None]) -> None:
    for hook in _unmarked_hooks(plugins.pm, module):
        fail(f"{where}: {hook}() is not marked @segkit.hookimpl, so segkit never calls it")


def _unmarked_hooks(pm: pluggy.PluginManager, module: object) -> list[str]:
    """The functions of ``module`` named as a hook but left without ``@hookimpl``: pluggy
    passes over them without a word, and the plugin's sites never load."""
    return [name for name in sorted(vars(module)) if not name.startswith("_")
            and hasattr(pm.hook, name)
            and callable(getattr(module, name))
            and pm.parse_hookimpl_opts(module, name) is None]


def _shown(value: object) -> str:
    """A value a plugin passed, short enough for one line of an error."""
    text = repr(value)
    return text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS] + "..."


def _collect_sites(plugins: Plugins, fail: Callable[[str], None]) -> None:
    for impl in plugins.pm.hook.register_sites.get_hookimpls():
        origin = plugins.origins.get(impl.plugin_name, impl.plugin_name)

        def register(site: Site, origin: str = origin, impl: Any = impl) -> None:
            if not isinstance(site, Site):
                fail(f"plugin {impl.plugin_name}: register_sites was given "
                     f"{_shown(site)}, not a segkit.Site; skipped")
                return
            if plugins.site_named(site.name):
                fail(f"site {site.name!r} from {origin}: a site of that name is loaded; skipped")
                return
            site.origin = origin
            site.plugin = impl.plugin_name
            plugins.sites.append(site)

        try:
            impl.function(register=register)
        except Exception as exc:
            fail(f"plugin {impl.plugin_name}: register_sites failed: {type(exc).__name__}: {exc}")


def _collect_formats(plugins: Plugins, fail: Callable[[str], None]) -> None:
    for impl in plugins.pm.hook.register_formats.get_hookimpls():
        origin = plugins.origins.get(impl.plugin_name, impl.plugin_name)

        def register(fmt: type[Format], origin: str = origin, impl: Any = impl) -> None:
            if not (isinstance(fmt, type) and isinstance(getattr(fmt, "name", None), str)):
                fail(f"plugin {impl.plugin_name}: register_formats was given "
                     f"{_shown(fmt)}, not a Format class; skipped")
                return
            if fmt.name in plugins.formats:
                fail(f"format {fmt.name!r} from {origin}: a format of that name is loaded; "
                     "skipped")
                return
            plugins.formats[fmt.name] = fmt

        try:
            impl.function(register=register)
        except Exception as exc:
            fail(f"plugin {impl.plugin_name}: register_formats failed: "
                 f"{type(exc).__name__}: {exc}")
