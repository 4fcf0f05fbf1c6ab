"""The Streamlit host under AppTest (no browser needed): whose settings a session draws."""

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from lwcharts.settings.link import os_user_scope
from lwcharts.store import ConfigStore
from lwcharts.streamlit._scope import (
    IDENTITY_HEADER_ENV,
    OS_USER_ENV,
    configured_identity_header,
    looks_local,
    os_user_opted_in,
)
from lwcharts.wire.envelope import decode_header

APP = """
import lwcharts.streamlit as lst
from lwcharts.demo import demo_chart
lst.chart(demo_chart(50), key="demo", user_id={user_id!r})
"""


def saved_entry(color: str) -> dict[str, Any]:
    return {"config": {"color": color}, "seriesType": "line", "lastModified": 1_700_000_000_000}


def payload(color: str) -> dict[str, Any]:
    state = {"demo": {"0": {"sma-20": saved_entry(color)}}}
    return {
        "type": "series_config_changes",
        "changes": [],
        "completeState": state,
        "timestamp": 1_700_000_000_000,
    }


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ConfigStore:
    monkeypatch.setenv("LWCHARTS_CONFIG_DIR", str(tmp_path))
    return ConfigStore()


def drawn_settings(at: AppTest) -> dict[str, Any]:
    """The saved settings the page received in the chart's envelope."""
    (component,) = at.get("bidi_component")
    header = decode_header(component.proto.bytes)
    state: dict[str, Any] = header["seriesConfigBackendData"]["completeState"]
    return state


def run(user: dict[str, Any] | None = None, user_id: str | None = None) -> AppTest:
    at = AppTest.from_string(APP.format(user_id=user_id))
    if user is not None:
        at.user = user
    at.run(timeout=30)
    assert not at.exception
    return at


def test_two_logged_in_users_never_see_each_others_settings(store: ConfigStore) -> None:
    store.apply_payload("st:alice@example.com", payload("#ff0000"))
    store.apply_payload("st:bob@example.com", payload("#0000ff"))
    alice = drawn_settings(run({"is_logged_in": True, "email": "alice@example.com"}))
    bob = drawn_settings(run({"is_logged_in": True, "email": "bob@example.com"}))
    assert alice["demo"]["0"]["sma-20"]["config"] == {"color": "#ff0000"}
    assert bob["demo"]["0"]["sma-20"]["config"] == {"color": "#0000ff"}


def test_anonymous_remote_visitor_sees_only_their_own_session(store: ConfigStore) -> None:
    # AppTest's connection is not from localhost (it reports an IP address), like a visitor
    # on another machine: the OS user's saved settings must not reach them.
    store.apply_payload(os_user_scope(), payload("#00ff00"))
    state = drawn_settings(run({"is_logged_in": False}))
    assert state == {"demo": {}}


def test_an_app_given_user_id_is_its_own_scope(store: ConfigStore) -> None:
    store.apply_payload("app:u-42", payload("#123456"))
    store.apply_payload(os_user_scope(), payload("#00ff00"))
    state = drawn_settings(run(user_id="u-42"))
    assert state["demo"]["0"]["sma-20"]["config"] == {"color": "#123456"}


SEED_APP = """
from lwcharts.streamlit import st_lightweight_charts
data = [{{"time": 1_672_531_200 + n * 86_400, "value": float(n)}} for n in range(50)]
config = {{"charts": [{{"series": [{{"type": "Line", "data": data, "name": "SMA 20"}}]}}]}}
st_lightweight_charts(config, key="demo", user_id={user_id!r})
"""


def test_the_seed_api_given_user_id_draws_that_users_settings(store: ConfigStore) -> None:
    store.apply_payload("app:u-7", payload("#654321"))
    store.apply_payload("app:u-8", payload("#00ff00"))
    at = AppTest.from_string(SEED_APP.format(user_id="u-7"))
    at.run(timeout=30)
    assert not at.exception
    assert drawn_settings(at)["demo"]["0"]["sma-20"]["config"] == {"color": "#654321"}


def test_the_os_user_scope_needs_the_opt_in_even_for_a_remote_looking_session(
    store: ConfigStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # AppTest reports an IP address, like a visitor on another machine: the opt-in does not
    # hand them the OS user's settings.
    monkeypatch.setenv(OS_USER_ENV, "1")
    store.apply_payload(os_user_scope(), payload("#00ff00"))
    assert drawn_settings(run({"is_logged_in": False})) == {"demo": {}}


LOCAL = {"Host": "127.0.0.1:8501", "Origin": "http://127.0.0.1:8501"}


@pytest.mark.parametrize(
    ("ip_address", "headers"),
    [
        ("10.0.0.7", LOCAL),  # a peer that is not loopback
        (None, {**LOCAL, "X-Forwarded-For": "127.0.0.1"}),  # forged or added by a proxy
        (None, {**LOCAL, "x-real-ip": "127.0.0.1"}),  # header names are case-insensitive
        (None, {**LOCAL, "Forwarded": "for=127.0.0.1"}),
        (None, {**LOCAL, "Via": "1.1 proxy"}),
        (None, {**LOCAL, "X-Forwarded-Host": "example.com"}),
        (None, {"Host": "example.com", "Origin": "http://example.com"}),  # proxy kept Host
        # nginx with a plain proxy_pass: Host is the upstream, Origin the page the browser opened.
        (None, {"Host": "127.0.0.1:8501", "Origin": "http://127.0.0.1:9000"}),
        (None, {"Host": "localhost:8501", "Origin": "http://127.0.0.1:8501"}),
        (None, {"Host": "127.0.0.1:8501"}),  # no Origin: not a browser's websocket
        (None, {"Host": "127.0.0.1:x", "Origin": "http://127.0.0.1:8501"}),
        (None, {}),
    ],
)
def test_a_request_that_may_have_crossed_a_proxy_is_not_local(
    ip_address: str | None, headers: dict[str, str]
) -> None:
    assert not looks_local(ip_address, headers)


@pytest.mark.parametrize(
    "headers",
    [
        LOCAL,
        {"host": "localhost:8501", "origin": "http://localhost:8501"},
        {"Host": "[::1]:8501", "Origin": "http://[::1]:8501"},
        {"Host": "localhost", "Origin": "http://localhost"},
    ],
)
def test_a_browser_on_this_machine_opening_the_app_directly_is_local(
    headers: dict[str, str],
) -> None:
    assert looks_local(None, headers)


def test_the_opt_in_and_the_identity_header_come_from_parameter_or_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(OS_USER_ENV, raising=False)
    monkeypatch.delenv(IDENTITY_HEADER_ENV, raising=False)
    assert not os_user_opted_in(None)
    assert configured_identity_header(None) is None
    monkeypatch.setenv(OS_USER_ENV, "1")
    monkeypatch.setenv(IDENTITY_HEADER_ENV, "X-Forwarded-Email")
    assert os_user_opted_in(None)
    assert not os_user_opted_in(False)  # the parameter wins
    assert configured_identity_header(None) == "X-Forwarded-Email"
    assert configured_identity_header("X-Auth-User") == "X-Auth-User"
    with pytest.raises(ValueError, match="identity header must be an HTTP header name"):
        configured_identity_header("X-Email: forged")
