"""The time budget of one document: a plugin that never returns costs its record only.

In a worker process each record is segmented under a timer (``SIGALRM``): when it rings,
the code running is interrupted with :class:`DocumentTimeout`, which names the plugin
whose code was running, so the record becomes an error entry that says whom to blame.
Code that does not return to Python (a C loop) cannot be interrupted so; the main
process then stops the worker itself (``pool.py``), a little later.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from segkit.sites.loading import Plugins

# Seconds one document may take by default. The slowest of the bench pages takes well
# under a second, a 50 MB one-paragraph page a few seconds: only code that never returns
# reaches this.
DEFAULT_TIMEOUT = 60.0


class DocumentTimeout(BaseException):
    """A record took longer than its budget; a BaseException, so that a plugin's
    ``except Exception`` does not swallow it."""

    def __init__(self, plugin: str | None) -> None:
        super().__init__(plugin)
        self.plugin = plugin

    def reason(self, seconds: float) -> str:
        who = f"in plugin {self.plugin!r}" if self.plugin else "in segkit itself"
        return f"took longer than --timeout {seconds:g} s ({who}); stopped"


class Budget:
    """Times records in this process; knows the plugins' files to name the one to blame."""

    def __init__(self, seconds: float | None, plugins: Callable[[], Plugins]) -> None:
        self.seconds = seconds or None  # 0: no limit
        self.plugins = plugins
        self._files: dict[str, str] | None = None

    @contextmanager
    def timed(self) -> Iterator[None]:
        """Run the block under the budget; DocumentTimeout if it runs over."""
        if self.seconds is None:
            yield
            return
        previous = signal.signal(signal.SIGALRM, self._ring)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    def _ring(self, signum: int, frame: FrameType | None) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        raise DocumentTimeout(self.plugin_in(frame))

    def plugin_in(self, frame: FrameType | None) -> str | None:
        """The plugin whose code is innermost in the stack ending at ``frame``."""
        files = self._plugin_files()
        while frame is not None:
            name = files.get(frame.f_code.co_filename)
            if name is not None:
                return name
            frame = frame.f_back
        return None

    def _plugin_files(self) -> dict[str, str]:
        if self._files is None:
            self._files = {}
            for name, plugin in self.plugins().pm.list_name_plugin():
                path = getattr(plugin, "__file__", None)
                if path and not Path(path).is_relative_to(_PACKAGE):
                    self._files[path] = name
        return self._files


# segkit's own modules: the generic classifier is a plugin too, but never the one to blame
# (its regexes have their own timeouts).
_PACKAGE = Path(__file__).resolve().parent.parent
