"""How lwcharts reports a value it dropped: a warning whose text stays short whatever the value.

Host- and engine-free, so both the model (computed-series inputs) and the settings store use it.
"""

from __future__ import annotations

import warnings


class SettingsWarning(UserWarning):
    """A saved or received series setting was dropped, or the settings file could not be used."""


def short(value: object) -> str:
    """A repr fit for a warning: a hostile 1 MB value must not become a 1 MB log line."""
    return clip(repr(value), 60)


def clip(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def warn(message: str, category: type[Warning] = SettingsWarning) -> None:
    """Warn as ``warnings.warn`` would from the caller of the function that dropped the value."""
    warnings.warn(message, category, stacklevel=3)
