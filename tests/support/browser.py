"""Debian's chromium (never a Playwright download), headless, and the pages the browser tests
and benchmarks open in it: a fresh context, 1280×900, light colour scheme."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, ViewportSize, sync_playwright

VIEWPORT: ViewportSize = {"width": 1280, "height": 900}
NO_CHROMIUM = (
    "no `chromium` on PATH: apt-get install -y chromium "
    "(these tests use Debian's chromium, never Playwright's downloaded browsers)"
)


def chromium_path() -> str | None:
    return shutil.which("chromium")


@contextmanager
def chromium(home: Path) -> Iterator[Browser]:
    """Debian's chromium, headless, with `home` as its $HOME (it writes crash reports and dconf
    caches there); yields the Browser and closes it."""
    executable = chromium_path()
    if executable is None:
        raise RuntimeError(NO_CHROMIUM)
    home.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, env={**os.environ, "HOME": str(home)}
        )
        try:
            yield browser
        finally:
            browser.close()


def new_page(browser: Browser, console: list[str] | None = None) -> Page:
    """A page in a new browser context (empty localStorage, no state shared with other pages);
    its console messages and page errors are appended to `console` when given."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    page = context.new_page()
    if console is not None:
        page.on("console", lambda msg: console.append(f"[{msg.type}] {msg.text}"))
        page.on("pageerror", lambda err: console.append(f"[pageerror] {err}"))
    return page


@contextmanager
def fresh_page(browser: Browser, artifacts: Path, name: str) -> Iterator[Page]:
    """A new page that leaves `<name>.png` (full page) and `<name>.console.log` in `artifacts`
    when it closes."""
    console: list[str] = []
    page = new_page(browser, console)
    try:
        yield page
    finally:
        try:
            page.screenshot(path=artifacts / f"{name}.png", full_page=True)
        finally:
            (artifacts / f"{name}.console.log").write_text("\n".join(console) + "\n")
            page.context.close()
