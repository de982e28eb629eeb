"""Drive Debian's headless Chromium over the DevTools protocol on a pipe: no websocket library, no download.

Chromium started with ``--remote-debugging-pipe`` reads protocol messages on fd 3 and writes on fd 4, each
message a JSON object followed by a NUL byte.  :class:`Browser` opens pages from ``file://`` with the
network emulated offline (and, underneath, every host name unresolvable and a dead proxy), and records
what a test needs to assert: console messages, uncaught exceptions, log entries (CSP violations among
them) and every request the page made.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import select
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
WIDTH, HEIGHT = 1440, 900
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-extensions",
    "--disable-default-apps", "--mute-audio", "--hide-scrollbars", "--disable-dev-shm-usage",
    # no network underneath the offline emulation: no name resolves, and any proxy use goes nowhere
    "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=127.0.0.1:9",
    f"--window-size={WIDTH},{HEIGHT}", "--remote-debugging-pipe",
)


class BrowserError(RuntimeError):
    pass


@dataclass
class PageLog:
    """What happened while one page was open."""

    console: list[tuple[str, str]] = field(default_factory=list)  # (type, text)
    exceptions: list[str] = field(default_factory=list)
    log: list[tuple[str, str]] = field(default_factory=list)  # (level, text)
    requests: list[str] = field(default_factory=list)

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and error-level log entries (e.g. CSP violations)."""
        return ([f"console.{t}: {m}" for t, m in self.console if t in ("error", "assert")]
                + [f"exception: {e}" for e in self.exceptions]
                + [f"log.{lvl}: {m}" for lvl, m in self.log if lvl == "error"])

    def network_requests(self) -> list[str]:
        """Requests for anything but the page's own file and inline data."""
        return [u for u in self.requests if not u.startswith(("file://", "data:", "about:"))]


class Browser:
    """One headless Chromium process; use as a context manager."""

    def __init__(self, profile: Path, timeout: float = 30.0) -> None:
        self.timeout = timeout
        to_chrome_r, self._to_chrome = os.pipe()
        self._from_chrome, from_chrome_w = os.pipe()

        def wire_fds() -> None:  # runs in the child before exec: put the pipe ends on fds 3 and 4
            r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self._stderr = open(profile.parent / "chromium-stderr.log", "wb")  # noqa: SIM115 - lives as long as the process
        self.proc = subprocess.Popen(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._stderr,
            close_fds=False, preexec_fn=wire_fds,  # noqa: PLW1509 - tests start Chromium from the main thread
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self._buf = b""
        self._next_id = 0
        self._events: list[dict[str, Any]] = []

    # -- protocol ---------------------------------------------------------------------------------

    def _read_message(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise BrowserError("timed out waiting for Chromium")
            ready, _, _ = select.select([self._from_chrome], [], [], left)
            if ready:
                chunk = os.read(self._from_chrome, 1 << 20)
                if not chunk:
                    raise BrowserError(f"Chromium exited (code {self.proc.poll()}); see chromium-stderr.log")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def call(self, method: str, params: dict[str, Any] | None = None, session: str | None = None) -> dict[str, Any]:
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_chrome, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + self.timeout
        while True:
            m = self._read_message(deadline)
            if m.get("id") == self._next_id:
                if "error" in m:
                    raise BrowserError(f"{method}: {m['error']}")
                return m.get("result", {})
            if "method" in m:
                self._events.append(m)

    def pump(self, seconds: float) -> None:
        """Collect events for ``seconds``."""
        deadline = time.monotonic() + seconds
        try:
            while True:
                self._events.append(self._read_message(deadline))
        except BrowserError:
            if self.proc.poll() is not None:
                raise

    def wait_event(self, method: str, session: str, seconds: float) -> dict[str, Any]:
        deadline = time.monotonic() + seconds
        for e in self._events:
            if e.get("method") == method and e.get("sessionId") == session:
                return e
        while True:
            m = self._read_message(deadline)
            if "method" in m:
                self._events.append(m)
                if m["method"] == method and m.get("sessionId") == session:
                    return m

    # -- pages ------------------------------------------------------------------------------------

    def open(self, path: Path, ready: str = "document.body && document.body.getAttribute('data-drawn')",
             settle: float = 0.5) -> Page:
        """Open a file offline and wait until ``ready`` (a JS expression) is truthy."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        for method, params in (
            ("Page.enable", {}), ("Runtime.enable", {}), ("Log.enable", {}), ("Network.enable", {}),
            ("Network.emulateNetworkConditions", {"offline": True, "latency": 0, "downloadThroughput": -1,
                                                  "uploadThroughput": -1}),
            ("Emulation.setDeviceMetricsOverride", {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1,
                                                    "mobile": False}),
        ):
            self.call(method, params, session)
        page = Page(self, target, session)
        self.call("Page.navigate", {"url": path.resolve().as_uri()}, session)
        self.wait_event("Page.loadEventFired", session, self.timeout)
        deadline = time.monotonic() + self.timeout
        while not page.evaluate(ready):
            if time.monotonic() > deadline:
                raise BrowserError(f"page never became ready ({ready}); errors: {page.log().errors()}")
            self.pump(0.1)
        self.pump(settle)
        return page

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                self.call("Browser.close")
        except (BrowserError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_chrome, self._from_chrome):
            try:
                os.close(fd)
            except OSError:
                pass
        self._stderr.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class Page:
    """One open tab."""

    def __init__(self, browser: Browser, target: str, session: str) -> None:
        self.b, self.target, self.session = browser, target, session

    def evaluate(self, expression: str) -> Any:
        res = self.b.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                               "awaitPromise": True}, self.session)
        if "exceptionDetails" in res:
            raise BrowserError(f"{expression[:80]}: {res['exceptionDetails'].get('text')} "
                               f"{res['exceptionDetails'].get('exception', {}).get('description', '')}")
        return res["result"].get("value")

    def mouse_move(self, x: float, y: float) -> None:
        self.b.call("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y}, self.session)

    def click(self, x: float, y: float) -> None:
        for kind in ("mousePressed", "mouseReleased"):
            self.b.call("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left",
                                                     "clickCount": 1}, self.session)

    def screenshot(self, path: Path, full_page: bool = False) -> Path:
        """Save a PNG of the viewport, or of the whole page."""
        params: dict[str, Any] = {"format": "png"}
        if full_page:
            height = self.evaluate("document.documentElement.scrollHeight")
            params |= {"captureBeyondViewport": True, "clip": {"x": 0, "y": 0, "width": WIDTH, "height": height, "scale": 1}}
        data = self.b.call("Page.captureScreenshot", params, self.session)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def pdf(self, path: Path) -> Path:
        """Print the page to PDF (A4, with backgrounds), as a reader printing the report would."""
        data = self.b.call("Page.printToPDF", {"printBackground": True, "paperWidth": 8.27, "paperHeight": 11.69},
                           self.session)["data"]
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(data))
        return path

    def log(self) -> PageLog:
        out = PageLog()
        for e in self.b._events:
            if e.get("sessionId") != self.session:
                continue
            p = e.get("params", {})
            m = e["method"]
            if m == "Runtime.consoleAPICalled":
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
                out.console.append((p.get("type", ""), text))
            elif m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                out.exceptions.append(f"{d.get('text')} {d.get('exception', {}).get('description', '')}")
            elif m == "Log.entryAdded":
                entry = p.get("entry", {})
                out.log.append((entry.get("level", ""), f"{entry.get('text')} {entry.get('url', '')}"))
            elif m == "Network.requestWillBeSent":
                out.requests.append(p.get("request", {}).get("url", ""))
        return out

    def close(self) -> None:
        self.b.call("Target.closeTarget", {"targetId": self.target})
