"""Errors of the streams, under the library's one root :class:`asyncclient.Error`."""

from __future__ import annotations

from .._errors import Error

__all__ = ["StreamAuthError", "StreamClosedError", "StreamError", "StreamFormatError", "StreamRefusedError"]


class StreamError(Error):
    """Something went wrong on a stream."""


class StreamRefusedError(StreamError):
    """The exchange refused a request (an ``{"event": "error"}`` answer): its code (30001-30016) and text."""

    def __init__(self, code: int, msg: str, channel: str | None = None) -> None:
        super().__init__(f"{code} {msg}" + (f" ({channel})" if channel else ""))
        self.code = code
        self.msg = msg
        self.channel = channel


class StreamAuthError(StreamRefusedError):
    """Login was refused (30005, 30011-30015): retrying will not help."""


class StreamFormatError(StreamError, ValueError):
    """A pushed message could not be read as the channel's model."""


class StreamClosedError(StreamError):
    """The streams were closed while a subscription was still being read."""
