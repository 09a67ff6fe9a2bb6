"""The login frame (passphrase and signature) never shows in a repr or a traceback when sending it fails."""

from __future__ import annotations

import traceback
from collections.abc import Sequence
from typing import Any, cast

import pytest

from asyncclient._limiter import NO_GRANT
from asyncclient.streams._connection import Connection, _LoginFrame
from asyncclient.streams._errors import StreamError

pytestmark = pytest.mark.anyio
SECRET_FRAME = '{"op":"login","args":[{"apiKey":"k","passphrase":"PASS-123-secret","sign":"SIGN-456-secret"}]}'


class _Limiter:
    async def acquire(self, scopes: Sequence[str], *, urgent: bool = False) -> Any:
        return NO_GRANT


class _Streams:
    limiter = _Limiter()
    sent = 0


class _BrokenSocket:
    async def send_text(self, text: str) -> None:
        raise RuntimeError(f"socket gone while sending {text!r}")  # a library that echoes what it was given


def test_the_login_frame_repr_names_it_and_shows_nothing() -> None:
    frame = _LoginFrame(SECRET_FRAME)
    assert frame == SECRET_FRAME  # the text itself is what goes on the wire
    assert "secret" not in repr(frame) and "secret" not in f"{frame!r}"


async def test_a_failed_login_send_leaves_no_secret_in_the_error_or_its_chain() -> None:
    connection = Connection(cast(Any, _Streams()), 0, "ws://127.0.0.1:1/v2/ws/private", private=True)
    with pytest.raises(StreamError) as info:
        await connection._send_login(cast(Any, _BrokenSocket()), _LoginFrame(SECRET_FRAME))
    error = info.value
    assert error.__cause__ is None and error.__context__ is None  # raised afresh, outside the handler
    rendered = "".join(traceback.TracebackException.from_exception(error, capture_locals=True).format())
    assert "RuntimeError" in str(error)
    assert "PASS-123-secret" not in rendered and "SIGN-456-secret" not in rendered
