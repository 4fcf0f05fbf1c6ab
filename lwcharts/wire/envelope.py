"""The binary envelope that carries a chart to the browser (see docs/wire-format.md).

One ``bytes`` object: magic, a JSON header describing the chart, then column buffers. Columns
are stored in the smallest dtype that holds every value exactly (prices quoted in cents travel
as int32 hundredths), so nothing is rounded and typical price data travels at well under half
the size of row-wise JSON.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

MAGIC = b"LWC1"
VERSION = 1
_ALIGN = 8
_U32_MAX = 2**32 - 1
I32_NAN = -(2**31)
"""The int32 that stands for NaN (a gap) in an ``i32`` column; values use the rest of the range."""
_I32_MAX = 2**31 - 1
_MAX_SCALE = 8
# Exact powers of ten (int -> float is exact up to 10**22), the same table as
# js/src/wire/envelope.ts.
_POW10 = tuple(float(10**d) for d in range(_MAX_SCALE + 1))
_SAMPLE = 256


def _smallest_exact(
    values: np.ndarray, *, allow_u32: bool
) -> tuple[str, np.ndarray, dict[str, Any]]:
    """Pick the smallest dtype that holds every value exactly: u32 (whole seconds, times only),
    f32, i32 with a decimal ``scale``, or f64. Returns the dtype, the array to send and the
    header keys it needs besides ``dtype`` (``{"scale": d}`` for i32)."""
    if allow_u32 and len(values) and values.min() >= 0 and values.max() <= _U32_MAX:
        as_u32 = values.astype("<u4")
        if np.array_equal(as_u32, values):
            return "u32", as_u32, {}
    if _round_trips_f32(values[:_SAMPLE]):
        as_f32 = values.astype("<f4")
        if _round_trips_f32(values, as_f32):
            return "f32", as_f32, {}
    scaled = _scaled_i32(values)
    if scaled is not None:
        return "i32", scaled[1], {"scale": scaled[0]}
    return "f64", values.astype("<f8", copy=False), {}


def _round_trips_f32(values: np.ndarray, as_f32: np.ndarray | None = None) -> bool:
    """Whether every value is exactly a float32. Tried on a short sample first: raw float prices
    fail there, sparing the full conversion and comparison (a fifth of a 10M-bar encode)."""
    narrowed = values.astype("<f4") if as_f32 is None else as_f32
    return bool(np.array_equal(narrowed.astype("float64"), values, equal_nan=True))


def _scaled_i32(values: np.ndarray) -> tuple[int, np.ndarray] | None:
    """``(d, ints)`` for the smallest ``d`` in 0..8 with ``ints / 10**d`` (float64 division, NaN
    for :data:`I32_NAN`) equal bit for bit to ``values``, or None.

    The browser decodes with the same correctly rounded division, so it gets the very doubles
    Python holds. A first pass over a short sample rules out the scales that cannot work, so data
    with no short decimal form (raw float prices) costs a few microseconds, not nine full passes.
    """
    values = np.asarray(values, dtype="float64")
    finite = np.isfinite(values)
    all_finite = bool(finite.all())
    if not all_finite and not np.all(finite | np.isnan(values)):
        return None  # ±inf has no int32 form
    numbers = values if all_finite else values[finite]
    largest = float(np.abs(numbers).max()) if len(numbers) else 0.0
    for scale in _sample_scales(numbers[:_SAMPLE]):
        if largest * _POW10[scale] > _I32_MAX:
            return None  # every larger scale overflows too
        ints = _exact_ints(numbers, scale)
        if ints is None:
            continue
        if all_finite:
            return scale, ints
        out = np.full(len(values), I32_NAN, dtype="<i4")
        out[finite] = ints
        return scale, out
    return None


_POW10_ARRAY = np.array(_POW10)


def _sample_scales(sample: np.ndarray) -> list[int]:
    """The scales, smallest first, under which every value of ``sample`` round-trips: all nine
    tried in one vectorised pass (a per-scale loop cost more than the rest of a 10k encode)."""
    scaled = np.round(sample[:, None] * _POW10_ARRAY)
    back = scaled / _POW10_ARRAY
    exact = (back.view("<i8") == sample[:, None].view("<i8")).all(axis=0)
    return [int(d) for d in np.flatnonzero(exact)]


def decimal_scale(values: np.ndarray) -> int | None:
    """The fewest decimals (0-8) that write every finite value of ``values`` exactly (1.07219 →
    5), found as the i32 column finds its scale but with no int32 bound; None when 8 are not
    enough (computed floats)."""
    numbers = values[np.isfinite(values)]
    for scale in _sample_scales(numbers[:_SAMPLE]):
        power = _POW10[scale]
        if np.array_equal((np.round(numbers * power) / power).view("<i8"), numbers.view("<i8")):
            return scale
    return None


def _exact_ints(values: np.ndarray, scale: int) -> np.ndarray | None:
    """``values * 10**scale`` as int32 when dividing back gives ``values`` bit for bit."""
    power = _POW10[scale]
    rounded = np.round(values * power)
    if len(rounded) and np.abs(rounded).max() > _I32_MAX:
        return None
    ints = rounded.astype("<i4")
    # What the decoders compute, compared bit for bit (-0.0 would come back as +0.0).
    if not np.array_equal((ints / power).view("<i8"), values.view("<i8")):
        return None
    return ints


class EnvelopeWriter:
    """Collects column buffers while the header is built, then writes the envelope."""

    def __init__(self) -> None:
        # Views of the column arrays: finish() copies each byte once, into the envelope.
        self._chunks: list[bytes | memoryview] = []
        self._size = 0
        # Time columns written so far, with their entries: series of one chart mostly share times.
        self._times: list[tuple[dict[str, Any], np.ndarray]] = []

    def column(self, values: np.ndarray, *, is_time: bool = False) -> dict[str, Any]:
        """Add one column; return its header entry ``{dtype, offset, length}`` (+ ``scale``).

        A time column equal to one already written is not written again: its entry points at
        the same bytes."""
        dtype, array, extra = _smallest_exact(values, allow_u32=is_time)
        entry = {"dtype": dtype, **extra, "offset": self._size, "length": len(array)}
        if is_time:
            for written, data in self._times:
                same_kind = {**written, "offset": entry["offset"]} == entry
                if same_kind and np.array_equal(data, array):
                    return dict(written)
            self._times.append((entry, array))
        padding = -array.nbytes % _ALIGN
        self._chunks += [np.ascontiguousarray(array).data.cast("B"), b"\0" * padding]
        self._size += array.nbytes + padding
        return dict(entry)

    def finish(self, header: Mapping[str, Any]) -> bytes:
        return _assemble({"version": VERSION, **header}, self._chunks)


def _preamble(envelope: bytes) -> tuple[int, int]:
    """The header's length and where the column buffers start (after the header's padding)."""
    if envelope[:4] != MAGIC:
        raise ValueError("not an lwcharts envelope (bad magic)")
    (length,) = struct.unpack_from("<I", envelope, 4)
    return length, 8 + length + (-(8 + length) % _ALIGN)


def _assemble(header: Mapping[str, Any], body: Sequence[bytes | memoryview]) -> bytes:
    head = json.dumps(header, separators=(",", ":"), allow_nan=False).encode("utf-8")
    padding = -(len(MAGIC) + 4 + len(head)) % _ALIGN
    return b"".join([MAGIC, struct.pack("<I", len(head)), head, b"\0" * padding, *body])


def decode_header(envelope: bytes) -> dict[str, Any]:
    """Read the JSON header back (tests and tools; the browser has its own decoder)."""
    length, _ = _preamble(envelope)
    header: dict[str, Any] = json.loads(envelope[8 : 8 + length].decode("utf-8"))
    return header


def with_header(envelope: bytes, extra: Mapping[str, Any]) -> bytes:
    """``envelope`` with ``extra`` keys added to its header (a host's own keys, e.g. the event
    kinds the Streamlit host wants); the body is moved as is, column offsets stay valid."""
    _, body = _preamble(envelope)
    return _assemble({**decode_header(envelope), **extra}, [envelope[body:]])


def decode_column(envelope: bytes, entry: Mapping[str, Any]) -> np.ndarray:
    """Read one column back as float64 (tests and tools)."""
    _, body = _preamble(envelope)
    dtype = {"u32": "<u4", "f32": "<f4", "i32": "<i4", "f64": "<f8"}[entry["dtype"]]
    start = body + entry["offset"]
    raw = np.frombuffer(envelope, dtype=dtype, count=entry["length"], offset=start)
    values = raw.astype("float64")
    if entry["dtype"] == "i32":
        values /= _POW10[entry["scale"]]
        values[raw == I32_NAN] = np.nan
    return values
