"""Sync groups and pane collapse reach the envelope header, from the API and the seed's dict."""

from __future__ import annotations

import pandas as pd
import pytest

import lwcharts
from lwcharts import Chart
from lwcharts.compat.dict_api import charts_from_config
from lwcharts.wire.envelope import decode_header


def small_chart(**kwargs: object) -> Chart:
    chart = Chart(**kwargs)  # type: ignore[arg-type]
    chart.line(pd.Series([1.0, 2.0], index=pd.date_range("2024-01-01", periods=2)), name="L")
    return chart


def test_charts_are_not_synced_and_panes_not_collapsible_by_default() -> None:
    header = decode_header(small_chart().to_envelope())
    assert header["sync"] is None
    assert header["paneCollapse"] == {"enabled": False, "showTooltip": True}


def test_sync_links_charts_in_one_group() -> None:
    a, b = small_chart(), small_chart()
    group = lwcharts.sync(a, b, time_range=False)
    for chart in (a, b):
        assert decode_header(chart.to_envelope())["sync"] == {
            "group": group,
            "crosshair": True,
            "timeRange": False,
        }
    assert lwcharts.sync(a, b, group="prices") == "prices"


def test_sync_group_can_be_given_to_the_chart() -> None:
    header = decode_header(small_chart(sync_group="g1").to_envelope())
    assert header["sync"]["group"] == "g1"


def test_sync_refuses_one_chart_and_non_charts() -> None:
    with pytest.raises(ValueError, match="at least two charts"):
        lwcharts.sync(small_chart())
    with pytest.raises(TypeError, match=r"lwcharts\.Chart"):
        lwcharts.sync(small_chart(), "not a chart")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="sync_group"):
        small_chart(sync_group="bad group!")


def test_pane_collapse_option_reaches_the_header() -> None:
    header = decode_header(small_chart(pane_collapse=True).to_envelope())
    assert header["paneCollapse"] == {"enabled": True, "showTooltip": True}


SEED_SERIES = [{"type": "line", "data": [{"time": "2024-01-01", "value": 1.0}]}]


def test_seed_sync_config_and_pane_collapse_map_to_the_header() -> None:
    config = {
        "charts": [
            {"chartId": "a", "series": SEED_SERIES, "paneCollapse": {"enabled": True}},
            {
                "chartId": "b",
                "series": SEED_SERIES,
                "paneCollapse": {"enabled": True, "showTooltip": False},
            },
        ],
        "syncConfig": {"enabled": True, "crosshair": True, "timeRange": False},
    }
    a, b = (decode_header(c.to_envelope()) for c in charts_from_config(config, sync_group="s1"))
    assert a["sync"] == b["sync"] == {"group": "s1", "crosshair": True, "timeRange": False}
    assert a["paneCollapse"] == {"enabled": True, "showTooltip": True}
    assert b["paneCollapse"] == {"enabled": True, "showTooltip": False}


def test_seed_sync_disabled_leaves_charts_apart() -> None:
    config = {"charts": [{"series": SEED_SERIES}], "syncConfig": {"enabled": False}}
    (chart,) = charts_from_config(config)
    assert decode_header(chart.to_envelope())["sync"] is None


def test_seed_refuses_unknown_sync_and_collapse_keys() -> None:
    with pytest.raises(ValueError, match="syncConfig"):
        charts_from_config({"charts": [{"series": SEED_SERIES}], "syncConfig": {"enable": True}})
    with pytest.raises(ValueError, match="paneCollapse"):
        charts_from_config({"charts": [{"series": SEED_SERIES, "paneCollapse": {"on": True}}]})
