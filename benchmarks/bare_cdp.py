"""A Chromium page driven over the DevTools protocol with `Runtime.evaluate` only, for first paints.

Why not Playwright here: it enables the Network domain on every page, and Chromium then copies
every websocket frame, base64-encoded, into Playwright's driver. A chart's frame pays for that
(a 352 MB frame took 7.35 s under Playwright against 1.07 s without; one of 360 MB kills the
driver), and a user's browser pays nothing of it. So the first-paint timings run on this bare
page; what needs the real mouse (pan, zoom) and the heap figures stay on Playwright.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import websocket

from tests.support.browser import chromium_path
from tests.support.servers import free_port, stop_process

START_TIMEOUT_S = 30.0
STOP_GRACE_S = 10.0


class BarePage:
    """One page target: protocol calls by id, and functions evaluated in the page."""

    def __init__(self, connection: websocket.WebSocket) -> None:
        self._connection = connection
        self._id = 0

    def call(self, method: str, **params: Any) -> dict[str, Any]:
        self._id += 1
        self._connection.send(json.dumps({"id": self._id, "method": method, "params": params}))
        while True:  # events of the domains Chromium enables by itself are skipped
            message = json.loads(self._connection.recv())
            if message.get("id") == self._id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message["result"]
                return result

    def evaluate(self, function: str, arg: Any = None) -> Any:
        """`function` (a JS function expression) called with `arg`, its promise awaited."""
        expression = f"({function})({json.dumps(arg)})"
        result = self.call(
            "Runtime.evaluate", expression=expression, awaitPromise=True, returnByValue=True
        )
        if "exceptionDetails" in result:
            raise RuntimeError(f"in the page: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, function: str, arg: Any = None, timeout_s: float = 120.0) -> None:
        deadline = time.monotonic() + timeout_s
        while not self.evaluate(function, arg):
            if time.monotonic() > deadline:
                raise TimeoutError(f"not true within {timeout_s:.0f} s: {function[:200]}")
            time.sleep(0.2)


@contextmanager
def bare_page(scratch: Path, url: str) -> Iterator[BarePage]:
    """A headless Chromium (its $HOME in `scratch`) showing `url`, driven over bare CDP."""
    executable = chromium_path()
    if executable is None:
        raise RuntimeError("Debian's chromium is needed (apt-get install chromium)")
    port = free_port()
    home = scratch / "bare-chromium-home"
    home.mkdir(exist_ok=True)
    command = [executable, "--headless=new", "--no-sandbox", f"--remote-debugging-port={port}"]
    command += [f"--user-data-dir={home / 'profile'}", "--window-size=1280,900", "about:blank"]
    process = subprocess.Popen(
        command,
        env={**os.environ, "HOME": str(home)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    connection = None
    try:
        connection = websocket.create_connection(
            _page_socket(port, process), timeout=600, suppress_origin=True
        )
        page = BarePage(connection)
        page.call("Emulation.setFocusEmulationEnabled", enabled=True)  # frames run unfocused
        page.call("Page.navigate", url=url)
        yield page
    finally:
        if connection is not None:
            connection.close()
        stop_process(process, STOP_GRACE_S)


def _page_socket(port: int, process: subprocess.Popen[bytes]) -> str:
    """The page target's debugger websocket URL, once Chromium listens."""
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"chromium exited with {process.returncode} before listening")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as answer:
                targets = json.load(answer)
        except OSError:
            time.sleep(0.1)
            continue
        for target in targets:
            if target.get("type") == "page":
                return str(target["webSocketDebuggerUrl"])
        time.sleep(0.1)
    raise TimeoutError(f"chromium did not listen on port {port} within {START_TIMEOUT_S:.0f} s")
