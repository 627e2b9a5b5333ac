"""The budget of one document, in time and memory: a plugin that never returns, or that
allocates without bound, costs its record only.

In a worker process each record is segmented under a timer (``SIGALRM``): when it rings,
the code running is interrupted with :class:`DocumentTimeout`, which names the plugin
whose code was running, so the record becomes an error entry that says whom to blame.
Code that does not return to Python (a C loop) cannot be interrupted so; the main
process then stops the worker itself (``pool.py``), a little later.

Outside the main thread (a Dask worker runs its tasks in threads) there is no
``SIGALRM``: a timer thread then raises the exception in the record's thread
(``PyThreadState_SetAsyncExc``), which Python code notices within a few bytecodes.

Memory: a worker process limits its own data segment (``RLIMIT_DATA``, see
:func:`limit_memory`), so an allocation past the limit fails with ``MemoryError`` in the
code that asked for it, which then names the plugin as a timeout does.
"""

from __future__ import annotations

import ctypes
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from segkit.sites.loading import Plugins

# Seconds one document may take by default. The slowest of the bench pages takes well
# under a second, a 50 MB one-paragraph page a few seconds: only code that never returns
# reaches this.
DEFAULT_TIMEOUT = 60.0
# Bytes of data (heap and private mappings) a worker process may hold by default: a
# page up to the --max-bytes default peaks under 1 GB, so only code that allocates
# without bound reaches this, and it fails before the machine runs out.
DEFAULT_MAX_MEMORY = 4 << 30


class OverBudget(BaseException):
    """A record ran over its budget; a BaseException, so that a plugin's
    ``except Exception`` does not swallow it."""

    def __init__(self, plugin: str | None) -> None:
        super().__init__(plugin)
        self.plugin = plugin

    @property
    def who(self) -> str:
        return f"in plugin {self.plugin!r}" if self.plugin else "in segkit itself"

    def reason(self, budget: Budget) -> str:
        raise NotImplementedError


class DocumentTimeout(OverBudget):
    """A record took longer than its time budget."""

    def reason(self, budget: Budget) -> str:
        return f"took longer than --timeout {budget.seconds or 0:g} s ({self.who}); stopped"


class DocumentOverMemory(OverBudget):
    """A record's segmenting asked for more memory than the worker may hold."""

    def reason(self, budget: Budget) -> str:
        limit = f"over --max-memory {budget.memory >> 20} MiB" if budget.memory else "none left"
        return f"ran out of memory ({limit}, {self.who}); stopped"


class _Rung(BaseException):
    """Raised in a thread whose record ran over its budget (an exception raised in another
    thread carries no arguments: the timer keeps the plugin's name)."""


class Budget:
    """Times records in this process; knows the plugins' files to name the one to blame."""

    def __init__(self, seconds: float | None, plugins: Callable[[], Plugins],
                 memory: int | None = None) -> None:
        self.seconds = seconds or None  # 0: no limit
        self.memory = memory or None  # the worker's limit, for the message (limit_memory)
        self.plugins = plugins
        self._files: dict[str, str] | None = None

    @contextmanager
    def timed(self) -> Iterator[None]:
        """Run the block under the budget; DocumentTimeout if it runs over its time,
        DocumentOverMemory if it runs out of memory."""
        try:
            with self._timer():
                yield
        except MemoryError as exc:
            raise DocumentOverMemory(self.plugin_in(_innermost(exc))) from None

    @contextmanager
    def _timer(self) -> Iterator[None]:
        if self.seconds is None:
            yield
            return
        if threading.current_thread() is not threading.main_thread():
            with self._timed_thread():
                yield
            return
        previous = signal.signal(signal.SIGALRM, self._ring)
        signal.setitimer(signal.ITIMER_REAL, self.seconds)
        try:
            yield
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)

    @contextmanager
    def _timed_thread(self) -> Iterator[None]:
        """The budget in a thread other than the main one: a timer thread interrupts it."""
        target = ctypes.c_ulong(threading.get_ident())
        blamed: list[str | None] = []
        lock = threading.Lock()
        active = [True]

        def ring() -> None:
            with lock:
                if active[0]:
                    blamed.append(self.plugin_in(sys._current_frames().get(target.value)))
                    _set_async_exc(target, ctypes.py_object(_Rung))

        timer = threading.Timer(self.seconds or 0, ring)
        timer.daemon = True
        timer.start()
        try:
            try:
                yield
            finally:
                with lock:
                    active[0] = False
                    if blamed:  # rang as the block ended: take back what may be pending
                        _set_async_exc(target, None)
                timer.cancel()
        except _Rung:
            raise DocumentTimeout(blamed[0] if blamed else None) from None

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


def _innermost(exc: BaseException) -> FrameType | None:
    """The frame where ``exc`` was raised."""
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    return None if tb is None else tb.tb_frame


def limit_memory(size: int | None) -> None:
    """Limit this process's data (heap and private mappings) to ``size`` bytes (None or 0:
    no limit), so that code allocating without bound gets MemoryError, not the machine's
    out-of-memory killer. Where the system has no such limit, nothing is limited."""
    if not size:
        return
    try:
        import resource

        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        soft = size if hard == resource.RLIM_INFINITY else min(size, hard)
        resource.setrlimit(resource.RLIMIT_DATA, (soft, hard))
    except (ImportError, AttributeError, ValueError, OSError):  # not on this system
        pass


def _set_async_exc(thread: ctypes.c_ulong, exc: ctypes.py_object | None) -> None:
    """Raise ``exc`` in ``thread`` at its next bytecode (None: clear what is pending)."""
    ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, exc)


# segkit's own modules: the generic classifier is a plugin too, but never the one to blame
# (its regexes have their own timeouts).
_PACKAGE = Path(__file__).resolve().parent.parent
