"""The binary envelope that carries a chart to the browser (see docs/wire-format.md).

One ``bytes`` object: magic, a JSON header describing the chart, then column buffers. Columns
are stored in the smallest dtype that holds every value exactly, so nothing is rounded and
typical price data travels at well under half the size of row-wise JSON.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping
from typing import Any

import numpy as np

MAGIC = b"LWC1"
VERSION = 1
_ALIGN = 8
_U32_MAX = 2**32 - 1


def _smallest_exact(values: np.ndarray, *, allow_u32: bool) -> tuple[str, np.ndarray]:
    """Pick u32 (whole seconds), f32 (exact in float32) or f64 for ``values``."""
    if allow_u32 and len(values) and values.min() >= 0 and values.max() <= _U32_MAX:
        as_u32 = values.astype("<u4")
        if np.array_equal(as_u32, values):
            return "u32", as_u32
    as_f32 = values.astype("<f4")
    if np.array_equal(as_f32.astype("float64"), values, equal_nan=True):
        return "f32", as_f32
    return "f64", values.astype("<f8", copy=False)


class EnvelopeWriter:
    """Collects column buffers while the header is built, then writes the envelope."""

    def __init__(self) -> None:
        # Views of the column arrays: finish() copies each byte once, into the envelope.
        self._chunks: list[bytes | memoryview] = []
        self._size = 0

    def column(self, values: np.ndarray, *, is_time: bool = False) -> dict[str, Any]:
        """Add one column; return its header entry ``{dtype, offset, length}``."""
        dtype, array = _smallest_exact(values, allow_u32=is_time)
        entry = {"dtype": dtype, "offset": self._size, "length": len(array)}
        padding = -array.nbytes % _ALIGN
        self._chunks += [np.ascontiguousarray(array).data.cast("B"), b"\0" * padding]
        self._size += array.nbytes + padding
        return entry

    def finish(self, header: Mapping[str, Any]) -> bytes:
        text = json.dumps({"version": VERSION, **header}, separators=(",", ":"), allow_nan=False)
        head = text.encode("utf-8")
        padding = -(len(MAGIC) + 4 + len(head)) % _ALIGN
        return b"".join([MAGIC, struct.pack("<I", len(head)), head, b"\0" * padding, *self._chunks])


def decode_header(envelope: bytes) -> dict[str, Any]:
    """Read the JSON header back (tests and tools; the browser has its own decoder)."""
    if envelope[:4] != MAGIC:
        raise ValueError("not an lwcharts envelope (bad magic)")
    (length,) = struct.unpack_from("<I", envelope, 4)
    header: dict[str, Any] = json.loads(envelope[8 : 8 + length].decode("utf-8"))
    return header


def with_header(envelope: bytes, extra: Mapping[str, Any]) -> bytes:
    """``envelope`` with ``extra`` keys added to its header (a host's own keys, e.g. the event
    kinds the Streamlit host wants); the body is moved as is, column offsets stay valid."""
    if envelope[:4] != MAGIC:
        raise ValueError("not an lwcharts envelope (bad magic)")
    (length,) = struct.unpack_from("<I", envelope, 4)
    body = envelope[8 + length + (-(8 + length) % _ALIGN) :]
    header = {**decode_header(envelope), **extra}
    head = json.dumps(header, separators=(",", ":"), allow_nan=False).encode("utf-8")
    padding = -(len(MAGIC) + 4 + len(head)) % _ALIGN
    return b"".join([MAGIC, struct.pack("<I", len(head)), head, b"\0" * padding, body])


def decode_column(envelope: bytes, entry: Mapping[str, Any]) -> np.ndarray:
    """Read one column back as float64 (tests and tools)."""
    (length,) = struct.unpack_from("<I", envelope, 4)
    body = 8 + length + (-(8 + length) % _ALIGN)
    dtype = {"u32": "<u4", "f32": "<f4", "f64": "<f8"}[entry["dtype"]]
    start = body + entry["offset"]
    return np.frombuffer(envelope, dtype=dtype, count=entry["length"], offset=start).astype(
        "float64"
    )
