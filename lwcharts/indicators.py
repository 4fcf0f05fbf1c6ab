"""Public path of computed-series inputs (defined in ``lwcharts.model.indicators``)."""

from lwcharts.model.indicators import Input, InputSpec, InputWarning, declare

__all__ = ["Input", "InputSpec", "InputWarning", "declare"]
