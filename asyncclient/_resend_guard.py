"""The two judgements exactly-once placement rests on: "may I re-send now?" and "is this order ours?".

After an attempt went unanswered, a lookup that does not find the order proves nothing while the exchange may
still process that attempt (a slow queue): the order could land after the lookup, and once it filled, its
clientOid is free again and a re-send would open a second order. The exchange refuses a request whose
``ACCESS-TIMESTAMP`` is more than 30 s from its clock; assuming it checks that when it processes the request,
an attempt cannot land once 30 s plus the error of our clock have passed since it was signed. So
:meth:`ResendGuard.may_resend` allows a re-send only once a lookup *started* after that horizon found nothing.

A lookup by clientOid may also find an older order of the caller's that reused the clientOid after it was
filled or cancelled. :meth:`ResendGuard.is_ours` counts an order as this call's only if the exchange created it
no earlier than this call's first attempt was signed (less the clock's uncertainty and a margin).
"""

from __future__ import annotations

import math
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import anyio

from ._protocols import ClockReading

__all__ = [
    "CLOCK_MARGIN_S",
    "TIMESTAMP_WINDOW_S",
    "UNKNOWN_CLOCK_ERROR_S",
    "ClockReading",
    "ResendGuard",
    "created_ms",
    "look_until_resend",
]

#: How far (s) a request's ACCESS-TIMESTAMP may be from the exchange's clock and still be accepted.
TIMESTAMP_WINDOW_S = 30.0
#: The error assumed for a clock that does not know its own (unsynced, disabled or custom): a larger one would
#: have the exchange refuse every signed request, the lookups that just answered among them.
UNKNOWN_CLOCK_ERROR_S = 30.0
#: Added to every bound: drift since the estimate, the exchange's own clock granularity.
CLOCK_MARGIN_S = 1.0
#: Where an order's creation time (exchange clock, ms) is kept: v2 ``cTime``, v3 ``createdTime``.
_CREATED_KEYS = ("cTime", "createdTime", "ctime")


def created_ms(order: Mapping[str, Any]) -> int | None:
    """When the exchange created ``order`` (ms, its clock), or None if the answer does not say."""
    for key in _CREATED_KEYS:
        value = order.get(key)
        if isinstance(value, int | str) and str(value).isdigit():
            return int(value)
    return None


class ResendGuard:
    """What one placement knows about its attempts' send times; told by :meth:`sent` when each one leaves.

    ``resend_after`` (seconds since the latest attempt left) replaces the safe horizon when given.
    """

    def __init__(
        self,
        reading: ClockReading,
        *,
        resend_after: float | None = None,
        lookup_interval: float = 0.5,
        now: Callable[[], float] = time.monotonic,
    ) -> None:
        self._reading = reading
        self._resend_after = resend_after
        self.lookup_interval = lookup_interval
        #: The local clock horizons are measured on (seconds; only durations from it reach ``anyio.sleep``).
        self.now = now
        #: The earliest server time (ms) an order of this call can carry as its creation time.
        self._oldest_ours_ms: float | None = None
        #: Local time (``now``) after which no attempt sent so far can be processed any more.
        self._horizon = -math.inf

    def sent(self) -> None:
        """An attempt is being handed to the transport, signed just now."""
        stamp_ms, uncertainty_ms = self._reading()
        error_s = UNKNOWN_CLOCK_ERROR_S if uncertainty_ms is None else uncertainty_ms / 1000.0
        if self._oldest_ours_ms is None:
            self._oldest_ours_ms = stamp_ms - (error_s + CLOCK_MARGIN_S) * 1000.0
        wait = TIMESTAMP_WINDOW_S + error_s + CLOCK_MARGIN_S if self._resend_after is None else self._resend_after
        self._horizon = max(self._horizon, self.now() + wait)

    def may_resend(self, looked_at: float) -> bool:
        """Whether a lookup started at ``looked_at`` (local ``now``) that found nothing permits a re-send."""
        return looked_at >= self._horizon

    def pause(self) -> float:
        """Seconds to wait before the next lookup: the interval, or less to look right at the horizon."""
        return max(0.0, min(self.lookup_interval, self._horizon - self.now()))

    def is_ours(self, order: Mapping[str, Any]) -> bool:
        """Whether ``order`` (found by this call's clientOid) was created by this call, not an earlier one.

        An answer without a creation time cannot be told apart and counts as this call's.
        """
        created = created_ms(order)
        if created is None or self._oldest_ours_ms is None:
            return True
        return created >= self._oldest_ours_ms


async def look_until_resend(guard: ResendGuard, look: Callable[[], Awaitable[bool]]) -> bool:
    """Run ``look`` (True: every order is found) until it is, or until a re-send is safe (then False).

    Only a lookup started after the horizon counts as "not there": one started before it could be overtaken
    by the attempt it is looking for.
    """
    while True:
        started = guard.now()
        if await look():
            return True
        if guard.may_resend(started):
            return False
        await anyio.sleep(guard.pause())
