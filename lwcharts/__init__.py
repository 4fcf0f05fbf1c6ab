"""lwcharts: TradingView Lightweight Charts for Python, in Jupyter and Streamlit."""

from lwcharts._sync import sync
from lwcharts.chart import Chart, Series
from lwcharts.indicators import Input

__all__ = ["Chart", "Input", "Series", "sync"]
__version__ = "0.1.0"
