"""Streamlit's message size limit, checked before an envelope is sent.

Why: Streamlit drops a websocket message larger than ``server.maxMessageSize`` (200 MB by
default) and the browser only shows a generic connection error. 10M OHLC bars are about 200 MB
in the envelope, so a chart that large gets a clear error here instead, naming its size, the
limit and the setting to change.
"""

from __future__ import annotations

import streamlit as st

# Streamlit's websocket limit is ``server.maxMessageSize`` × 10**6 bytes; the envelope travels in
# a protobuf message with the component's other fields, which this headroom covers.
_BYTES_PER_MB = 1_000_000
_FRAMING_HEADROOM = 64 * 1024


class EnvelopeTooLargeError(ValueError):
    """The chart's data does not fit in one Streamlit message."""


def check_message_size(envelope: bytes, limit_mb: float | None = None) -> None:
    """Raise ``EnvelopeTooLargeError`` when ``envelope`` would exceed Streamlit's message size limit
    (``limit_mb``, default: the running app's ``server.maxMessageSize``)."""
    limit = float(st.get_option("server.maxMessageSize")) if limit_mb is None else limit_mb
    allowed = int(limit * _BYTES_PER_MB) - _FRAMING_HEADROOM
    if len(envelope) <= allowed:
        return
    needed_mb = -(-(len(envelope) + _FRAMING_HEADROOM) // _BYTES_PER_MB)
    raise EnvelopeTooLargeError(
        f"lwcharts: this chart's data is {len(envelope) / _BYTES_PER_MB:.1f} MB, more than "
        f"Streamlit's server.maxMessageSize of {limit:g} MB allows in one message. Raise the "
        f"limit to at least {needed_mb} in .streamlit/config.toml ([server] maxMessageSize = "
        f"{needed_mb}) or with `streamlit run --server.maxMessageSize {needed_mb}`, or send fewer "
        "bars (e.g. resample the DataFrame in Python)."
    )
