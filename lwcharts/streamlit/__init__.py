"""Streamlit host: ``lwcharts.streamlit.chart(chart, key=...)``.

A components-v2 component whose JavaScript ships as a package asset (``lwcharts/static``, declared
in ``lwcharts/pyproject.toml``): no iframe, no inline script. The chart travels as the binary
envelope in the component's ``data`` (Streamlit forwards ``bytes`` to the browser untouched).
"""

from __future__ import annotations

from functools import cache
from typing import Any

import streamlit as st

from lwcharts.chart import Chart


@cache
def _component() -> Any:
    # Created on first use, inside the Streamlit runtime: the runtime's manifest scan is what
    # finds the package's asset dir, so creating it at import time fails outside `streamlit run`.
    return st.components.v2.component("lwcharts.chart", js="streamlit.js")


def chart(chart: Chart, *, key: str | None = None) -> Any:
    """Render ``chart`` in the app. ``key`` also serves as the chart id when none was given."""
    if key is not None and chart._chart_id is None:
        chart._chart_id = key
    return _component()(data=chart.to_envelope(), key=key, height="content")
