"""The exchange's order-book checksum: crc32 over the top 25 levels, bid and ask interleaved, as signed int32."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

__all__ = ["book_checksum"]

_DEPTH = 25


def book_checksum(bids: Sequence[Sequence[str]], asks: Sequence[Sequence[str]]) -> int:
    """``crc32("bid1p:bid1s:ask1p:ask1s:bid2p:...")`` over up to 25 levels a side, prices and sizes as sent."""
    parts: list[str] = []
    for i in range(_DEPTH):
        if i < len(bids):
            parts += (bids[i][0], bids[i][1])
        if i < len(asks):
            parts += (asks[i][0], asks[i][1])
    value = zlib.crc32(":".join(parts).encode())
    return value - (1 << 32) if value >= 1 << 31 else value
