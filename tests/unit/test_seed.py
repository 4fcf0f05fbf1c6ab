"""The seed's config dict builds the same charts as the Python API, and typos are refused."""

from typing import Any

import pytest

from lwcharts.compat.dict_api import backend_state, charts_from_config

DATA = [{"time": f"2023-01-0{d}", "value": 100.0 + d} for d in range(1, 6)]


def seed_config(**series: Any) -> dict[str, Any]:
    line = {
        "type": "Line",
        "data": DATA,
        "name": "Main Line Series",
        "options": {"color": "#2196F3", "lineWidth": 2},
        **series,
    }
    return {
        "charts": [
            {
                "chartId": "persistent-chart",
                "chart": {
                    "height": 400,
                    "layout": {"background": {"color": "#ffffff"}, "textColor": "#333"},
                },
                "series": [line],
                "paneCollapse": {"enabled": True, "showTooltip": True},
            }
        ],
        "syncConfig": {"enabled": False},
        "seriesConfigBackendData": {"completeState": {}},
    }


def test_the_seed_example_config_builds_its_chart() -> None:
    (chart,) = charts_from_config(seed_config())
    assert chart.chart_id == "persistent-chart"
    assert chart.height == 400
    assert chart.options["layout"]["textColor"] == "#333"
    (series,) = chart.series
    assert (series.id, series.type, series.pane) == ("main-line-series", "line", 0)
    assert series.options == {"color": "#2196F3", "lineWidth": 2}
    assert len(series) == 5


def test_backend_state_means_the_app_owns_persistence() -> None:
    assert backend_state(seed_config()) == {}
    assert backend_state({"charts": []}) is None


def test_seed_price_format_and_scale_map_to_the_schema() -> None:
    config = seed_config(
        options={
            "priceFormat": {"type": "price", "precision": 4, "minMove": 0.0001},
            "priceScaleId": "left",
        }
    )
    (series,) = charts_from_config(config)[0].series
    assert series.options == {"priceFormat": "price", "precision": 4, "minMove": 0.0001}
    assert series.price_scale == "left"


def test_seed_volume_price_format_keeps_its_type() -> None:
    config = seed_config(options={"priceFormat": {"type": "volume"}})
    (series,) = charts_from_config(config)[0].series
    assert series.options["priceFormat"] == "volume"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"type": "Pie"}, r"type must be one of"),
        ({"colour": "red"}, r"unknown keys \['colour'\]"),
        ({"options": {"lineWidth": 12}}, r"option 'lineWidth' must be between 1 and 4"),
        ({"data": [{"time": "2023-01-01"}]}, r"missing column 'value'"),
    ],
)
def test_seed_mistakes_name_the_key(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        charts_from_config(seed_config(**change))


def test_charts_must_be_a_non_empty_list() -> None:
    with pytest.raises(ValueError, match=r"config\['charts'\] must be a non-empty list"):
        charts_from_config({"charts": []})
