"""A Streamlit app to run as several replicas that share one settings database.

    export LWCHARTS_STORE_URL=postgresql+psycopg://lw@db.internal:5432/lwcharts
    streamlit run examples/replicas_app.py --server.port 8501 &
    streamlit run examples/replicas_app.py --server.port 8502 &

Open http://localhost:8501/?user=alice, change a style in the settings dialog (the gear in the
legend), then open http://localhost:8502/?user=alice: the other replica draws it. Who the user
is, is the app's decision: here a query parameter, for the demonstration only; a real app passes
the id its login gives it (or lets lwcharts use ``st.user``). docs/deploying.md explains the
store and how a notebook reaches the same user's settings.

Without ``LWCHARTS_STORE_URL`` the app can name its store itself, for example Streamlit's own
connection (``[connections.settings] url = "postgresql+psycopg://..."`` in secrets.toml):

    lst.chart(chart, key="replicas", user_id=user, store=st.connection("settings", type="sql"))
"""

from __future__ import annotations

import streamlit as st

import lwcharts.streamlit as lst
from lwcharts import Chart
from lwcharts.demo import ohlcv

user = st.query_params.get("user")
st.write(f"Settings of user: {user}" if user else "Add ?user=<name> to the address.")

df = ohlcv(300)
chart = Chart(height=400, chart_id="replicas")
chart.candlestick(df, name="Price", id="price")
chart.line(df["close"].rolling(20).mean(), name="SMA 20", id="sma-20", color="#f5a623")
lst.chart(chart, key="replicas", user_id=user)
