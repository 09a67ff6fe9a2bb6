"""A client's life, as httpx's: unopened, open (inside ``async with``), closed; a closed client stays closed."""

from __future__ import annotations

import enum

from ._errors import ClientStateError

__all__ = ["ClientState", "ClientStateError", "not_open_error"]


class ClientState(enum.Enum):
    """Where a :class:`~asyncclient.Client` is in its life."""

    #: Made, not entered yet: no connection pool, no clock resync.
    UNOPENED = "unopened"
    #: Inside ``async with`` (entered, not closed): calls are allowed.
    OPEN = "open"
    #: Left, or closed with ``aclose()``: it cannot be opened again.
    CLOSED = "closed"


_USE = "use it as `async with Client(...) as client:` and call it inside the block"


def not_open_error(state: ClientState) -> ClientStateError:
    """The error for a call made while the client is ``state`` (not open)."""
    if state is ClientState.CLOSED:
        return ClientStateError(
            f"the client is closed (its `async with` block ended or aclose() was called); a closed client cannot "
            f"be reopened: make a new Client and {_USE}"
        )
    return ClientStateError(f"the client is not open: {_USE}")
