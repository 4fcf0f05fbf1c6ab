"""PNG screenshots of a displayed chart, asked of the browser and waited for in the kernel.

A comm reply is a shell message, which the kernel normally takes on the thread that runs the
cell: a cell that blocked waiting for it would wait for a reply that cannot arrive. ipykernel
7.4+ routes a comm reply by its request id to a subshell (a thread of its own), so
``chart.screenshot()`` routes it there and blocks. ``png = await chart.screenshot_async()``
needs instead a kernel that takes comm messages while a cell awaits (ipykernel 7.4 does too).

marimo does neither: it hands the browser's reply to Python only once the cell that asked has
finished, so no cell can wait for its own screenshot. There the request is made in one cell and
read in a later one (``MARIMO_SCREENSHOTS``), and the errors say so.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import sys
import threading
import uuid
from collections.abc import Generator
from typing import Any

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# How long to wait for a reply when no view of the chart has said it is on screen.
_NO_VIEW_WAIT_S = 2.0

MARIMO_SCREENSHOTS = (
    "marimo hands the browser's reply to Python only after the cell that asked has finished, "
    "so a cell cannot wait for its own screenshot: ask in one cell, "
    "`pending = chart.screenshot_async()`, and read it in a cell you run after that one, "
    "`png = pending.result()`"
)


def in_marimo() -> bool:
    """Whether this runs in a marimo notebook: marimo imported, and its kernel running."""
    marimo = sys.modules.get("marimo")
    running = getattr(marimo, "running_in_notebook", None)
    return callable(running) and bool(running())


class PendingScreenshot:
    """The PNG a view will send: ``await`` it in a notebook cell, or ``result()``."""

    def __init__(
        self,
        future: concurrent.futures.Future[bytes],
        *,
        timeout: float,
        views: int,
        marimo: bool = False,
    ) -> None:
        self._future = future
        self._timeout = timeout if views > 0 else min(timeout, _NO_VIEW_WAIT_S)
        self._views = views
        self._marimo = marimo

    def __await__(self) -> Generator[Any, None, bytes]:
        return self._wait().__await__()

    async def _wait(self) -> bytes:
        try:
            return await asyncio.wait_for(asyncio.wrap_future(self._future), self._timeout)
        except asyncio.TimeoutError:
            raise self._no_reply() from None

    def done(self) -> bool:
        return self._future.done()

    def result(self, timeout: float | None = None) -> bytes:
        """The PNG once it arrived. In the cell that asked, use ``await`` instead: a cell that
        blocks here keeps the kernel from taking the reply."""
        try:
            return self._future.result(self._timeout if timeout is None else timeout)
        except concurrent.futures.TimeoutError:
            raise self._no_reply() from None

    def _no_reply(self) -> Exception:
        if self._views == 0:
            return RuntimeError(
                "chart.screenshot(): no view of the chart is displayed; show the chart "
                "(chart.show(), or the chart as a cell's last expression) and take the "
                "screenshot in a later cell"
            )
        if self._marimo:
            return TimeoutError(
                f"chart.screenshot(): no reply within {self._timeout:g} s; {MARIMO_SCREENSHOTS}"
            )
        return TimeoutError(
            f"chart.screenshot(): no view replied within {self._timeout:g} s; where a blocked "
            "cell cannot get the reply, write `png = await chart.screenshot_async()`"
        )


class ScreenshotRequests:
    """Open requests by id; the first view to reply wins, later replies are dropped."""

    def __init__(self) -> None:
        self._open: dict[str, concurrent.futures.Future[bytes]] = {}
        self._lock = threading.Lock()

    def start(
        self, *, timeout: float, views: int, marimo: bool = False
    ) -> tuple[str, PendingScreenshot]:
        request_id = uuid.uuid4().hex
        future: concurrent.futures.Future[bytes] = concurrent.futures.Future()
        with self._lock:
            self._open[request_id] = future
        future.add_done_callback(lambda _: self._forget(request_id))
        return request_id, PendingScreenshot(future, timeout=timeout, views=views, marimo=marimo)

    def _forget(self, request_id: str) -> None:
        with self._lock:
            self._open.pop(request_id, None)

    def reply(self, content: dict[str, Any], buffers: list[Any]) -> None:
        with self._lock:
            future = self._open.pop(str(content.get("id")), None)
        if future is None or future.done():
            return
        if content.get("error"):
            future.set_exception(RuntimeError(f"chart.screenshot() failed: {content['error']}"))
            return
        png = bytes(buffers[0]) if buffers else b""
        if not png.startswith(PNG_SIGNATURE):
            future.set_exception(RuntimeError("chart.screenshot(): the view sent no PNG"))
            return
        future.set_result(png)


def reply_subshell(comm: Any) -> str | None:
    """A kernel subshell (a thread of its own) to take replies on, so a cell blocked waiting
    for one does not block its delivery; None where the kernel cannot route a comm reply by its
    request id (``BaseComm._reply_subshell_for``, ipykernel 7.4+)."""
    kernel = getattr(comm, "kernel", None)
    channel = getattr(kernel, "shell_channel_thread", None)
    if kernel is None or channel is None:
        return None
    if not isinstance(getattr(comm, "_reply_subshell_ids", None), dict):
        return None
    cached: str | None = getattr(kernel, "_lwcharts_reply_subshell", None)
    if cached is not None:
        return cached
    try:
        manager = channel.manager
        created: concurrent.futures.Future[str] = concurrent.futures.Future()

        def create() -> None:  # the subshell manager runs in the shell channel thread only
            try:
                created.set_result(manager._create_subshell())
            except BaseException as error:
                created.set_exception(error)

        channel.io_loop.add_callback(create)
        subshell_id = created.result(5)
    except Exception:
        return None
    kernel._lwcharts_reply_subshell = subshell_id
    return subshell_id


def route_reply(comm: Any, request_id: str, subshell_id: str) -> None:
    """Send the reply to ``request_id`` to ``subshell_id``. Called right after the request was
    published, which recorded the sending cell's own (blocked) shell for it."""
    with comm._reply_subshell_lock:
        comm._reply_subshell_ids[request_id] = subshell_id
