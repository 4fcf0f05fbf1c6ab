"""An envelope sent as several messages of bounded size ("parts"; docs/wire-format.md, "Parts").

Why: one message per envelope means one websocket frame, and every hop holds all of it at once:
at 10M bars that is 360 MB in ZMQ, in jupyter_server (which copies it into its frame), in the
browser's websocket and in JupyterLab's deserialiser, and a frame that large kills a Playwright
driver outright. Above ``part_bytes`` the host therefore syncs a small :class:`PartsReference`
instead, and sends the envelope as parts of at most ``part_bytes`` bytes, each a slice (a
``memoryview``, not a copy) of the one ``bytes`` object. ``js/src/wire/parts.ts`` reassembles
them, checking each against the reference.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from lwcharts.settings.schema import MAX_ENVELOPE_BYTES, MAX_PART_BYTES

PART_BYTES = 32 << 20
"""The default part size: small enough for every hop, large enough that 10M bars are 11 parts."""


class EnvelopeTooLargeForBrowserError(ValueError):
    """The chart's data is more than the browser accepts in one envelope."""


@dataclass(frozen=True)
class PartsReference:
    """What the browser needs to reassemble an envelope: its id, size and part size."""

    id: str
    bytes: int
    part_bytes: int

    @property
    def count(self) -> int:
        return -(-self.bytes // self.part_bytes)

    def to_json(self) -> dict[str, object]:
        """The synced form (``_parts`` trait): the same keys ``parts.ts`` reads."""
        return {
            "id": self.id,
            "bytes": self.bytes,
            "partBytes": self.part_bytes,
            "count": self.count,
        }


def needs_parts(envelope: bytes, part_bytes: int) -> bool:
    """Whether ``envelope`` is too large to travel as one message of ``part_bytes``."""
    return len(envelope) > part_bytes


def reference_for(envelope: bytes, part_bytes: int = PART_BYTES) -> PartsReference:
    """A new reference for sending ``envelope`` in parts of ``part_bytes``. Raises ``ValueError``
    naming the bound a size breaks."""
    if not 1 <= part_bytes <= MAX_PART_BYTES:
        raise ValueError(
            f"lwcharts: part_bytes is {part_bytes}, expected 1 to {MAX_PART_BYTES} bytes"
        )
    if len(envelope) > MAX_ENVELOPE_BYTES:
        raise EnvelopeTooLargeForBrowserError(
            f"lwcharts: this chart's data is {len(envelope) / 1e6:,.0f} MB, more than the "
            f"{MAX_ENVELOPE_BYTES / 1e6:,.0f} MB a browser accepts in one chart; send fewer bars "
            "(e.g. resample the DataFrame in Python) or split the series over several charts"
        )
    return PartsReference(uuid.uuid4().hex, len(envelope), part_bytes)


def split(envelope: bytes, reference: PartsReference) -> list[memoryview]:
    """The parts of ``envelope``, in order: each ``reference.part_bytes`` long except the last
    (the rest); slices of ``envelope``, not copies."""
    if len(envelope) != reference.bytes:
        raise ValueError(
            f"lwcharts: envelope of {len(envelope)} bytes, its reference says {reference.bytes}"
        )
    whole = memoryview(envelope)
    size = reference.part_bytes
    return [whole[start : start + size] for start in range(0, len(envelope), size)]
