"""The deadline of the call a task is running, so the waits inside one attempt can keep it without a cancel scope.

:meth:`~asyncclient._retry.Retrier.run` makes a call's first attempt without a cancel scope (entering one costs
as much as a fifth of our own work per request) and publishes the call's deadline here instead. Every wait of
that attempt keeps it where it happens: the pipeline cuts the transport's timeout to what is left, and enters a
cancel scope only when it must wait for the clock or the limiter. A call made inside another one (the clock's
sync inside a signed call) keeps the nearer of the two deadlines. Retries run under a real cancel scope.
"""

from __future__ import annotations

import math
import time
from contextvars import ContextVar

import anyio

__all__ = ["CALL_DEADLINE", "EARLY", "anyio_deadline", "passed"]

#: The running call's deadline on the monotonic clock (``time.monotonic()``), or inf outside any call.
CALL_DEADLINE: ContextVar[float] = ContextVar("asyncclient_call_deadline", default=math.inf)

#: A timer may fire this much (s) before the instant it was set for and still count as the deadline's.
EARLY = 0.001


def passed(deadline: float) -> bool:
    """Whether ``deadline`` (monotonic) has come, within :data:`EARLY`."""
    return time.monotonic() >= deadline - EARLY


def anyio_deadline(deadline: float) -> float:
    """``deadline`` (monotonic) on anyio's clock, for a cancel scope (inf stays inf)."""
    if deadline == math.inf:
        return math.inf
    return anyio.current_time() + (deadline - time.monotonic())
