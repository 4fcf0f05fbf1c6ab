"""The Streamlit host under AppTest (no browser needed): whose settings a session draws."""

from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from lwcharts.settings.link import os_user_scope
from lwcharts.store import ConfigStore
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
