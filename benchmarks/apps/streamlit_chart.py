"""The Streamlit app of the browser benchmarks: one candlestick chart of `LWCHARTS_BENCH_BARS`
bars and a button that only reruns the script.

`LWCHARTS_BENCH_SHOW=on-click` shows the chart only after "Show chart" is clicked (first paint:
that rerun mounts the chart); otherwise it shows at once (reruns that leave it unchanged).
"""

from __future__ import annotations

import os

import pandas as pd
import streamlit as st

import lwcharts
import lwcharts.streamlit as lst
from benchmarks.encode import OHLC, make_frame

SIZE = int(os.environ["LWCHARTS_BENCH_BARS"])
ON_CLICK = os.environ.get("LWCHARTS_BENCH_SHOW") == "on-click"


@st.cache_resource
def bars(size: int) -> pd.DataFrame:
    return make_frame(size)[list(OHLC)]


frame = bars(SIZE)
if ON_CLICK and st.button("Show chart"):
    st.session_state["show"] = True
if not ON_CLICK or st.session_state.get("show"):
    lst.chart(lwcharts.Chart(frame, height=420), key="bench")
st.button("Other widget")
