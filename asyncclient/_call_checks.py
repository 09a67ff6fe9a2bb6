"""The client's own checks: timeouts, paths, locale and credentials at construction, and the server-time answer.

Each raises :class:`InputError` (or :class:`DecodeError` for an answer) before anything is sent; none shows a
credential.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from ._errors import DecodeError, InputError, InputTypeError, shown
from ._signing import Credentials

__all__ = ["check_locale", "check_path", "check_timeout", "check_uid", "credentials_or_refusal", "server_ms"]

#: What real paths are made of: ``/api/`` then letters, digits, ``/``, ``-`` and ``_`` (so no dot segment, no
#: ``%``, ``#``, ``?``, space, non-ASCII or control character can reach the URL), never an empty segment.
_PATH = re.compile(r"/api(?:/[A-Za-z0-9_-]+)+").fullmatch
_LOCALE = re.compile(r"[A-Za-z0-9_-]{1,32}").fullmatch


def check_timeout(value: object, name: str = "timeout") -> float:
    """A finite, positive number of seconds; anything else is an :class:`InputError` before anything is sent."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InputTypeError(f"{name} must be a number of seconds, got {type(value).__name__}")
    if not (math.isfinite(value) and value > 0):
        raise InputError(f"{name} must be a finite number of seconds above 0, got {shown(value)}")
    return float(value)


def credentials_or_refusal(
    api_key: str | None, api_secret: str | None, passphrase: str | None, private_key: str | None, from_env: bool
) -> tuple[Credentials | None, InputError | None]:
    """The credentials given (or from the environment), or the InputError that refuses them, without traceback.

    The error is returned, not raised, so the frames that hold the secrets as arguments never appear in its
    traceback (pytest's long tracebacks print every frame's arguments).
    """
    try:
        if api_key or api_secret or passphrase or private_key:
            return Credentials(
                api_key=api_key or "",
                api_secret=api_secret or "",
                passphrase=passphrase or "",
                private_key=private_key or "",
            ), None
        return (Credentials.from_env() if from_env else None), None
    except InputError as exc:
        return None, exc.with_traceback(None)


def check_path(path: object) -> str:
    """A path as real Bitget paths are written; anything else (``..``, ``%2e``, ``#``, CR/LF) is refused."""
    if not isinstance(path, str) or len(path) > 200 or not _PATH(path):
        raise InputError(
            "path must look like '/api/v2/spot/market/tickers' (letters, digits, '/', '-', '_'; no query, "
            f"no '.', '%' or '#'), got {shown(path)}"
        )
    return path


def check_uid(uid: object) -> None:
    """Refuse a ``uid`` that is not the account's numeric user id as a string (None: not known yet)."""
    if uid is not None and (not isinstance(uid, str) or not uid.isdigit()):
        raise InputError(f"uid must be the account's numeric user id as a string, got {uid!r}")


def check_locale(locale: object) -> str | None:
    """The ``locale`` header's value: a language tag such as ``en-US``, or None."""
    if locale is not None and (not isinstance(locale, str) or not _LOCALE(locale)):
        raise InputError(f"locale must be a tag such as 'en-US' (letters, digits, '-', '_'), got {shown(locale)}")
    return locale


def server_ms(data: Any) -> int:
    """``serverTime`` of the server-time answer, or a :class:`DecodeError` for an answer that has none."""
    server_ms = data.get("serverTime") if isinstance(data, Mapping) else None
    if isinstance(server_ms, str) and server_ms.isdigit() and len(server_ms) <= 16:
        return int(server_ms)
    if isinstance(server_ms, int) and not isinstance(server_ms, bool) and 0 <= server_ms < 10**16:
        return server_ms
    raise DecodeError(
        f"the server-time answer has no serverTime in epoch ms (got {shown(server_ms)})",
        http_status=200,
        code="00000",
        method="GET",
        path="/api/v2/public/time",
    )
