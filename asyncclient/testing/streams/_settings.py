"""Timing of the simulated streams, settable at run time."""

from __future__ import annotations

import attrs

__all__ = ["StreamSettings"]


@attrs.define
class StreamSettings:
    """Timing of the simulated streams (settable at run time)."""

    #: Seconds between pushes on a connection (real time).
    push_interval: float = 0.1
    #: A connection that sent nothing for this long is closed (the exchange: 2 minutes), on ``monotonic``.
    ping_timeout: float = 120.0
    #: Every connection is closed at this age (the exchange: 24 hours), on ``monotonic``.
    max_lifetime: float = 86_400.0
    #: When set, every connection is dropped (close 1011, no notice) at this age: a flaky network.
    drop_every: float | None = None
    #: Levels per side of the ``books`` channel.
    book_depth: int = 50
    #: False: connections keep their limits, pings and ages but push no channel data (tests of limits alone).
    publish: bool = True
    #: How many of the next ``books`` updates carry a wrong checksum (a fault: the client must resync).
    corrupt_checksums: int = 0
