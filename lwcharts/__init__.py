"""lwcharts: TradingView Lightweight Charts for Python, in Jupyter and Streamlit."""

from lwcharts.model.chart import Chart, Series
from lwcharts.model.indicators import Input
from lwcharts.model.sync import sync

__all__ = ["Chart", "Input", "Series", "sync"]
__version__ = "0.1.0"
