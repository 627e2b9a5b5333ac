"""A small DevTools client over ``--remote-debugging-pipe``: real clicks, keys and downloads.

Chromium reads commands from file descriptor 3 and writes replies and events to 4, each a
JSON message ended by a NUL byte, so the tests need no WebSocket library and open no port.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import subprocess
import time
from pathlib import Path
from typing import Any

# Keys without text, by their Windows virtual key codes (what DevTools expects).
NAMED_KEYS = {"ArrowDown": 40, "ArrowUp": 38, "Escape": 27}
TIMEOUT = 60.0  # seconds for one reply or event; a loaded CI machine is slow, not stuck


class Browser:
    """One headless Chromium with one page; ``send`` a command, ``wait`` for an event."""

    def __init__(self, binary: str, profile: Path) -> None:
        to_child, self._write = os.pipe()
        self._read, from_child = os.pipe()
        # The child's ends, moved above 4 so that placing them at 3 and 4 overwrites neither.
        ends = [fcntl.fcntl(fd, fcntl.F_DUPFD, 10) for fd in (to_child, from_child)]
        for fd in (to_child, from_child):
            os.close(fd)
        flags = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", f"--user-data-dir={profile}", "--remote-debugging-pipe",
                 "--window-size=1200,900", "about:blank"]
        self._proc = subprocess.Popen(
            flags, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, close_fds=False,
            preexec_fn=lambda: (os.dup2(ends[0], 3), os.dup2(ends[1], 4)))
        for fd in ends:
            os.close(fd)
        self._buffer = b""
        self._next = 0
        self.events: list[dict[str, Any]] = []
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target,
                                 flatten=True)["sessionId"]
        self.send("Page.enable", session=True)
        self.send("Runtime.enable", session=True)

    def send(self, method: str, session: bool = False, **params: Any) -> dict[str, Any]:
        """Send a command (to the page when ``session``) and return its result."""
        self._next += 1
        message: dict[str, Any] = {"id": self._next, "method": method, "params": params}
        if session:
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        reply = self._until(lambda m: m.get("id") == self._next)
        assert "error" not in reply, f"{method}: {reply['error']}"
        return reply.get("result", {})

    def wait(self, method: str) -> dict[str, Any]:
        """The params of the first event named ``method`` not yet waited for."""
        for k, event in enumerate(self.events):
            if event.get("method") == method:
                return self.events.pop(k)["params"]
        return self._until(lambda m: m.get("method") == method, keep=False)["params"]

    def _until(self, wanted: Any, keep: bool = True) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while time.monotonic() < deadline:
            while b"\0" in self._buffer:
                raw, _, self._buffer = self._buffer.partition(b"\0")
                message = json.loads(raw)
                if wanted(message):
                    return message
                if "method" in message:
                    self.events.append(message)
            chunk = os.read(self._read, 1 << 16)
            assert chunk, "Chromium closed the DevTools pipe"
            self._buffer += chunk
        raise TimeoutError("no reply from Chromium")

    def open(self, url: str) -> None:
        self.send("Page.navigate", session=True, url=url)
        self.wait("Page.loadEventFired")

    def js(self, expression: str) -> Any:
        """The value of a JavaScript expression in the page (awaited if a promise)."""
        result = self.send("Runtime.evaluate", session=True, expression=expression,
                           returnByValue=True, awaitPromise=True)
        assert "exceptionDetails" not in result, result["exceptionDetails"]
        return result["result"].get("value")

    def click(self, selector: str, shift: bool = False) -> None:
        """A real mouse click in the middle of the element ``selector`` finds."""
        box = self.js(f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
                      "e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
                      "return [r.x + r.width / 2, r.y + r.height / 2]; })()")
        modifiers = 8 if shift else 0  # DevTools' bit for Shift
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", session=True, type=kind, x=box[0], y=box[1],
                      button="left", clickCount=1, modifiers=modifiers)

    def key(self, key: str, shift: bool = False) -> None:
        """A real key press: a printable character, or a named key of ``NAMED_KEYS``."""
        modifiers = 8 if shift else 0  # DevTools' bit for Shift
        if key in NAMED_KEYS:
            down = {"key": key, "code": key, "windowsVirtualKeyCode": NAMED_KEYS[key]}
        else:
            down = {"key": key, "code": f"Key{key.upper()}", "text": key}
        self.send("Input.dispatchKeyEvent", session=True, type="keyDown", modifiers=modifiers,
                  **down)
        down.pop("text", None)
        self.send("Input.dispatchKeyEvent", session=True, type="keyUp", modifiers=modifiers,
                  **down)

    def close(self) -> None:
        with contextlib.suppress(AssertionError, OSError, TimeoutError):
            self.send("Browser.close")
        try:
            self._proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        os.close(self._write)
        os.close(self._read)
