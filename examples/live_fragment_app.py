"""Live data in Streamlit: a fragment that appends bars and redraws only itself.

Run: ``streamlit run examples/live_fragment_app.py`` (``?rows=N``: bars per update, default 1).

``@st.fragment(run_every=...)`` reruns only the fragment: the chart keeps its zoom and its
component (it is not mounted again), and because the chart has a ``key`` the browser reports
which data it holds, so each update sends only the new bars (``lwcharts/wire/held.py``), not
the history. See docs/performance.md, "Live data".
"""

import numpy as np
import pandas as pd
import streamlit as st

import lwcharts
import lwcharts.streamlit as lst

START = pd.Timestamp("2024-01-01", tz="UTC")
STEP = pd.Timedelta(minutes=1)


def bars(first: int, count: int) -> pd.DataFrame:
    """``count`` one-minute bars from number ``first`` of a deterministic walk."""
    number = np.arange(first, first + count)
    close = 100.0 + np.sin(number / 25.0) * 5 + number * 0.01
    return pd.DataFrame(
        {"open": close - 0.2, "high": close + 0.5, "low": close - 0.5, "close": close},
        index=START + STEP * number,
    )


st.title("Live bars in a fragment")
rows = max(1, min(1000, int(st.query_params.get("rows", "1"))))
if "live_frame" not in st.session_state:
    st.session_state.live_frame = bars(0, 2000)
running = st.toggle("Running", value=True)


@st.fragment(run_every=1.0 if running else None)
def live_chart() -> None:
    frame: pd.DataFrame = st.session_state.live_frame
    if running:
        frame = pd.concat([frame, bars(len(frame), rows)])
        st.session_state.live_frame = frame
    chart = lwcharts.Chart(frame, chart_id="live-fragment", height=400)
    lst.chart(chart, key="live-fragment")
    st.caption(f"BARS={len(frame)}")


live_chart()
