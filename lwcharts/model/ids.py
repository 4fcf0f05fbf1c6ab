"""Chart and series ids: they key saved settings, so they are checked the same everywhere."""

from __future__ import annotations

import re

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}")


def check_id(value: object, what: str) -> str:
    """Return ``value`` when it is a valid id, else raise ``ValueError`` saying what is allowed."""
    if not isinstance(value, str) or not ID_PATTERN.fullmatch(value):
        shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
        raise ValueError(
            f"{what} {shown} must be 1-100 characters of letters, digits, '_', '.', ':' or '-', "
            "starting with a letter or digit"
        )
    return value


def slug(text: str) -> str:
    """An id derived from a display name: ``"SMA 20"`` → ``"sma-20"``."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:100]
