"""lwcharts: TradingView Lightweight Charts for Python, in Jupyter and Streamlit."""

from lwcharts.chart import Chart, Series

__all__ = ["Chart", "Series"]
__version__ = "0.1.0"
