"""A series' price format when the code gives none: precision from the data, volume by name.

lightweight-charts shows two decimals unless told otherwise, so FX quotes (1.07219) and crypto
prices (8 decimals) lose digits on the axis, the last-value label and the legend. The decimals are
read from the values; a histogram named volume gets the K/M/B volume format.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np

from lwcharts.model.data import Columns
from lwcharts.wire.envelope import decimal_scale

DEFAULT_PRECISION = 2
"""lightweight-charts' precision, and the fewest decimals an inferred format shows."""
MAX_PRECISION = 8
SIGNIFICANT_DIGITS = 6
"""Values with no short decimal form (computed ones) show this many significant digits."""
VOLUME_NAME = re.compile(r"vol(ume)?", re.IGNORECASE)


def is_volume_name(*names: str | None) -> bool:
    """Whether a series or column name says volume (``Volume``, ``vol``; case-insensitive)."""
    return any(name is not None and VOLUME_NAME.fullmatch(name.strip()) for name in names)


def inferred_format(
    series_type: str, names: tuple[str | None, ...], columns: Columns, options: dict[str, Any]
) -> dict[str, Any]:
    """The options to add to ``options`` (camelCase, as given in code) so the series shows its
    data's decimals: ``{}`` when the code chose a format or two decimals suit the data."""
    added: dict[str, Any] = {}
    if "priceFormat" not in options and series_type == "histogram" and is_volume_name(*names):
        added["priceFormat"] = "volume"
    if {**options, **added}.get("priceFormat") == "volume":
        return added
    if "precision" in options or "minMove" in options:
        return added
    precision = data_precision(columns)
    if precision != DEFAULT_PRECISION:
        added |= {"precision": precision, "minMove": min_move(precision)}
    return added


def min_move(precision: int) -> float:
    """The smallest step ``precision`` decimals show: 5 → 0.00001."""
    return round(10.0**-precision, precision)


def data_precision(columns: Columns) -> int:
    """Decimals that show every value of every field, between 2 and 8."""
    return max((_field_precision(values) for values in columns.fields.values()), default=2)


def _field_precision(values: np.ndarray) -> int:
    scale = decimal_scale(values)
    if scale is None:
        finite = np.abs(values[np.isfinite(values)])
        largest = float(finite.max()) if len(finite) else 0.0
        if largest == 0.0:
            return DEFAULT_PRECISION
        scale = SIGNIFICANT_DIGITS - (math.floor(math.log10(largest)) + 1)
    return min(max(scale, DEFAULT_PRECISION), MAX_PRECISION)
