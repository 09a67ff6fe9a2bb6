"""The order-book checksum the exchange sends: crc32 of the top 25 levels, bids and asks interleaved, signed."""

from __future__ import annotations

import zlib
from collections.abc import Sequence

__all__ = ["crc32_signed", "levels_checksum"]


def crc32_signed(text: str) -> int:
    value = zlib.crc32(text.encode())
    return value - 0x1_0000_0000 if value & 0x8000_0000 else value


def levels_checksum(bids: Sequence[tuple[str, str]], asks: Sequence[tuple[str, str]], depth: int = 25) -> int:
    """``bid1:size1:ask1:size1:bid2:...`` over up to ``depth`` levels a side (a shorter side just ends)."""
    parts: list[str] = []
    for i in range(depth):
        if i < len(bids):
            parts.extend(bids[i])
        if i < len(asks):
            parts.extend(asks[i])
    return crc32_signed(":".join(parts))
