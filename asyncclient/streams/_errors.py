"""Errors of the streams, under the library's one root :class:`asyncclient.Error` (defined in ``_errors``, with
every other error class)."""

from __future__ import annotations

from .._errors import (
    StreamAuthError,
    StreamClosedError,
    StreamError,
    StreamFormatError,
    StreamMessageTooLargeError,
    StreamRefusedError,
)

__all__ = [
    "StreamAuthError",
    "StreamClosedError",
    "StreamError",
    "StreamFormatError",
    "StreamMessageTooLargeError",
    "StreamRefusedError",
]
