"""The WebSocket error codes the exchange documents (30001-30016) and the messages that carry them."""

from __future__ import annotations

from typing import Any

__all__ = ["MESSAGES", "error_message"]

#: Code -> the exchange's text for it.
MESSAGES: dict[int, str] = {
    30001: "channel does not exist",
    30002: "illegal request",
    30003: "invalid op",
    30004: "user needs to log in",
    30005: "login failed",
    30006: "request too many",
    30007: "request over limit, connection close",
    30008: "server busy",
    30009: "connection count over limit",
    30010: "connection attempts over limit",
    30011: "invalid ACCESS_KEY",
    30012: "invalid ACCESS_PASSPHRASE",
    30013: "invalid ACCESS_TIMESTAMP",
    30014: "Request timestamp expired",
    30015: "Invalid sign",
    30016: "Param error",
}


def error_message(code: int, msg: str | None = None, arg: dict[str, Any] | None = None) -> dict[str, Any]:
    """``{"event": "error", "code": ..., "msg": ...}`` with the argument it concerns, if any."""
    message: dict[str, Any] = {"event": "error", "code": code, "msg": msg or MESSAGES[code]}
    if arg is not None:
        message["arg"] = arg
    return message
