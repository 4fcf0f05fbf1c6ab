"""The Streamlit demo app: ``python -m lwcharts demo`` serves it."""

import streamlit as st

import lwcharts.streamlit as lst
from lwcharts.demo import demo_chart

st.set_page_config(page_title="lwcharts demo", layout="wide")
st.title("lwcharts demo")
st.caption("TradingView Lightweight Charts for Python: one front end for Jupyter and Streamlit.")
lst.chart(demo_chart(500), key="demo")
