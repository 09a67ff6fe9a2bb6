"""The simulator's WebSocket streams: the exchange's channels, login, limits and faults (see :class:`StreamHub`)."""

from ._checksum import book_checksum
from ._hub import STREAM_PATHS, StreamHub, StreamSettings
from ._limits import StreamLimits, StreamStats

__all__ = ["STREAM_PATHS", "StreamHub", "StreamLimits", "StreamSettings", "StreamStats", "book_checksum"]
