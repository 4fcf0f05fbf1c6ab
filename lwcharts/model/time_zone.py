"""The chart's display time zone: an IANA name, checked here, applied only by the front end."""

from __future__ import annotations

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

IANA_LIST = "https://en.wikipedia.org/wiki/List_of_tz_database_time_zones"


def check_time_zone(name: object) -> str:
    """Return ``name`` when it is an IANA time zone (``"America/New_York"``, ``"UTC"``), or raise
    ``ValueError`` naming it and pointing at the list."""
    if isinstance(name, str) and 0 < len(name) <= 64 and not name.startswith(("/", ".")):
        try:
            ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
        else:
            return name
    raise ValueError(
        f"time_zone {name!r} is not an IANA time zone name; use one such as "
        f'"America/New_York", "Europe/London" or "UTC" (the list: {IANA_LIST})'
    )
