"""Whose settings a visitor gets when a real nginx sits in front of `streamlit run`.

The app runs with the OS-user opt-in (`LWCHARTS_STREAMLIT_OS_USER=1`), the configuration that
would leak if anything did: behind nginx with Streamlit's documented forwarding headers, behind a
plain `proxy_pass` (what a TCP tunnel looks like), and with client-forged `X-Forwarded-For`,
`Forwarded` and `X-Real-IP`, two browsers set different styles in the real dialog, neither sees
the other's after a reload, and the OS user's settings file is never written. Opened directly on
127.0.0.1 the opt-in does share the OS user's file. A trusted identity header gives each
identity its own scope, only when the operator names the header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Locator, Page

from lwcharts.streamlit._scope import IDENTITY_HEADER_ENV
from tests.support.browser import VIEWPORT
from tests.support.nginx import NO_NGINX, STREAMLIT_DOCS_HEADERS, nginx, nginx_path
from tests.support.servers import Server
from tests.support.settings_dialog import (
    OS_USER_SCOPE,
    close_settings,
    drawn_style,
    open_settings,
    poll,
    read_store,
    rgba,
    set_color,
    stored_config,
    wait_for_stored,
    wait_for_style,
)
from tests.support.streamlit import SCRIPT_IDLE, SCRIPT_IDLE_TIMEOUT_MS, SHARE_OS_USER, open_app

pytestmark = [pytest.mark.browser, pytest.mark.deploy]

SERIES_ID = "sma-20"
CODE_COLOR, CODE_LINE_WIDTH = "#f5a623", 2
COLORS = ("#ff0000", "#0000ff")
STORE_WRITE_TIMEOUT_S = 5.0

# Each run shows its number, so a test knows the rerun that stored a change has finished.
APP = """\
import streamlit as st

import lwcharts.streamlit as lst
from lwcharts.demo import demo_chart

st.session_state["runs"] = st.session_state.get("runs", 0) + 1
lst.chart(demo_chart(200), key="demo")
st.write(f"runs={st.session_state['runs']}")
"""

POLICY_LOG = "lwcharts: settings scope policy: "
FORGED = {
    "X-Forwarded-For": {"X-Forwarded-For": "127.0.0.1"},
    "Forwarded": {"Forwarded": "for=127.0.0.1"},
    "X-Real-IP": {"X-Real-IP": "127.0.0.1"},
}


@pytest.fixture(autouse=True)
def _needs_nginx() -> None:
    if nginx_path() is None:
        pytest.skip(NO_NGINX)


@contextmanager
def visitor(browser: Browser, headers: Mapping[str, str] | None = None) -> Iterator[Page]:
    """A browser of its own (new context: its own localStorage), sending `headers` with every
    request, websockets included."""
    context = browser.new_context(
        viewport=VIEWPORT, color_scheme="light", extra_http_headers=dict(headers or {})
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def run_number(page: Page) -> int:
    """The number of the app's last finished run."""
    page.locator(SCRIPT_IDLE).wait_for(timeout=SCRIPT_IDLE_TIMEOUT_MS)
    text = page.get_by_text("runs=").inner_text()
    return int(text.split("=")[1])


def set_style(page: Page, chart: Locator, color: str) -> None:
    """Pick `color` for the SMA in the dialog and wait for the app's rerun that stores it."""
    runs = run_number(page)
    dialog = open_settings(chart, SERIES_ID)
    set_color(dialog, "color", color)
    wait_for_style(chart, SERIES_ID, color, CODE_LINE_WIDTH, timeout_s=5)
    close_settings(dialog)
    # A picked colour may send more than one change (input, then change): each reruns the app.
    poll(lambda: run_number(page), lambda number: number > runs, 30, "the app's rerun")
    page.locator(SCRIPT_IDLE).wait_for(timeout=SCRIPT_IDLE_TIMEOUT_MS)


def two_visitors_keep_their_own_styles(
    browser: Browser, url: str, headers: Mapping[str, str] | None = None
) -> None:
    with visitor(browser, headers) as first, visitor(browser, headers) as second:
        charts = [open_app(first, url), open_app(second, url)]
        set_style(first, charts[0], COLORS[0])
        set_style(second, charts[1], COLORS[1])
        for page, color in ((first, COLORS[0]), (second, COLORS[1])):
            page.reload()
            chart = open_app(page, url)
            # Their own style, from their browser's storage; never the other's.
            wait_for_style(chart, SERIES_ID, color, CODE_LINE_WIDTH, timeout_s=5)
    with visitor(browser, headers) as third:
        # A third browser gets the code's style: nothing reached a shared scope.
        chart = open_app(third, url)
        assert drawn_style(chart, SERIES_ID) == (rgba(CODE_COLOR), CODE_LINE_WIDTH)


StartApp = Callable[..., Server]


def upstream_port(app: Server) -> int:
    return int(app.url.rsplit(":", 1)[1])


@pytest.mark.parametrize(
    ("proxy_headers", "forged"),
    [
        pytest.param(STREAMLIT_DOCS_HEADERS, {}, id="docs-headers"),
        pytest.param({}, {}, id="plain-proxy_pass"),
        *(
            pytest.param(STREAMLIT_DOCS_HEADERS, headers, id=f"docs-headers-forged-{name}")
            for name, headers in FORGED.items()
        ),
        *(
            pytest.param({}, headers, id=f"plain-proxy_pass-forged-{name}")
            for name, headers in FORGED.items()
        ),
    ],
)
def test_visitors_behind_nginx_never_share_the_os_users_settings(
    start_app: StartApp,
    tmp_path: Path,
    browser: Browser,
    proxy_headers: Mapping[str, str],
    forged: Mapping[str, str],
) -> None:
    app = start_app("app.py", APP, env=SHARE_OS_USER)
    with nginx(tmp_path / "nginx", upstream_port(app), proxy_headers) as proxy:
        two_visitors_keep_their_own_styles(browser, proxy.url, forged)
    assert read_store(tmp_path / "lwcharts-config") is None


def test_a_browser_on_this_machine_shares_the_os_users_file_only_with_the_opt_in(
    start_app: StartApp, tmp_path: Path, browser: Browser
) -> None:
    config_dir = tmp_path / "lwcharts-config"
    without = start_app("app.py", APP)
    with visitor(browser) as page:
        set_style(page, open_app(page, without.url), COLORS[0])
    assert read_store(config_dir) is None

    opted_in = start_app("app.py", APP, env=SHARE_OS_USER)
    with visitor(browser) as page:
        set_style(page, open_app(page, opted_in.url), COLORS[1])
    wait_for_stored(config_dir, "demo", "0", SERIES_ID, {"color": COLORS[1]}, STORE_WRITE_TIMEOUT_S)
    assert set((read_store(config_dir) or {})["scopes"]) == {OS_USER_SCOPE}
    # Each app logged its policy once, however many runs and sessions it served.
    for app, shares in ((without, False), (opted_in, True)):
        lines = [line for line in app.log_path.read_text().splitlines() if POLICY_LOG in line]
        assert len(lines) == 1, lines
        assert ("the OS user" in lines[0]) is shares


@pytest.mark.parametrize("configured", [True, False], ids=["configured", "not-configured"])
def test_a_trusted_identity_header_gives_each_identity_its_own_scope(
    start_app: StartApp,
    tmp_path: Path,
    browser: Browser,
    configured: bool,
) -> None:
    env = {**SHARE_OS_USER, **({IDENTITY_HEADER_ENV: "X-Forwarded-Email"} if configured else {})}
    app = start_app("app.py", APP, env=env)
    config_dir = tmp_path / "lwcharts-config"
    users = ("alice@example.com", "bob@example.com")
    for user, color in zip(users, COLORS, strict=True):
        # One authenticating proxy per user: it sets the header whatever the browser sent.
        headers = {**STREAMLIT_DOCS_HEADERS, "X-Forwarded-Email": f'"{user}"'}
        forged = {"X-Forwarded-Email": "mallory@example.com"}
        with (
            nginx(tmp_path / f"nginx-{user}", upstream_port(app), headers) as proxy,
            visitor(browser, forged) as page,
        ):
            set_style(page, open_app(page, proxy.url), color)
    if not configured:
        # The header is ignored: both stayed in their own browser sessions.
        assert read_store(config_dir) is None
        return
    for user, color in zip(users, COLORS, strict=True):
        config = stored_config(config_dir, "demo", "0", SERIES_ID, f"header:{user}")
        assert config is not None
        assert rgba(config["color"]) == rgba(color)
    assert set((read_store(config_dir) or {})["scopes"]) == {f"header:{u}" for u in users}
