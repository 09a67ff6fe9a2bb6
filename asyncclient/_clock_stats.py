"""The clock tracker's arithmetic: readings of the server's time, the offset-and-drift model, the stats.

Pure functions of numbers (no I/O, no clock of its own), so every rule here is testable on made-up instants.
"""

from __future__ import annotations

import collections
import enum

import attrs

__all__ = ["ClockModel", "ClockStats", "Reading", "SyncOutcome"]

#: The server reports whole milliseconds (truncated), so a reading is on average half a millisecond low; it is
#: centred by adding half, and half a millisecond stays in its uncertainty.
_HALF_TICK_MS = 0.5


@attrs.frozen
class Reading:
    """One poll of the server-time endpoint: monotonic instants (s) around it, what the server said (ms)."""

    sent: float
    received: float
    server_ms: int

    @property
    def round_trip_ms(self) -> float:
        return (self.received - self.sent) * 1000.0

    @property
    def uncertainty_ms(self) -> float:
        """The server read its clock somewhere inside the round trip: the midpoint is off by half at most."""
        return self.round_trip_ms / 2 + _HALF_TICK_MS


@attrs.frozen
class _Point:
    """The server's time (ms) at one monotonic instant (s), and how far off it may be (ms)."""

    mono: float
    server_ms: float
    uncertainty_ms: float
    round_trip_ms: float

    @classmethod
    def from_reading(cls, reading: Reading) -> _Point:
        return cls(
            mono=(reading.sent + reading.received) / 2,
            server_ms=reading.server_ms + _HALF_TICK_MS,
            uncertainty_ms=reading.uncertainty_ms,
            round_trip_ms=reading.round_trip_ms,
        )


class SyncOutcome(enum.StrEnum):
    """What one sync taught the model."""

    FIRST = "first"  # the first anchor
    STEADY = "steady"  # agreed with the prediction (within the uncertainties)
    DRIFT_CHANGED = "drift_changed"  # disagreed by less than the largest believable drift: a new rate
    STEP = "step"  # disagreed by more: the server's clock (or ours) stepped


class ClockModel:
    """The server's clock as a line over the local monotonic clock: an anchor (the latest sync) and a rate.

    ``server(mono) = anchor.server + (mono - anchor.mono) * (1 + rate)``. The rate (drift) is measured between
    the oldest and newest syncs since the model last broke; it is used once its error bound (the two
    readings' uncertainties over the baseline) is below ``max_rate_error``, or once the rate is clearly larger
    than that bound. A sync that disagrees with the prediction by more than the uncertainties allow breaks
    the model: the history restarts from that sync.
    """

    def __init__(
        self,
        *,
        max_drift: float = 0.05,
        assumed_drift: float = 1e-4,
        max_rate_error: float = 1e-4,
        history: int = 16,
    ) -> None:
        #: The largest rate (s per s) believed to be drift; a larger disagreement is a step.
        self.max_drift = max_drift
        #: The drift assumed in the reported uncertainty until one is measured (quartz keeps within 100 ppm).
        self.assumed_drift = assumed_drift
        self.max_rate_error = max_rate_error
        self._history: collections.deque[_Point] = collections.deque(maxlen=max(2, history))
        self._anchor: _Point | None = None
        self.rate = 0.0
        #: Error bound of ``rate``; None while it is not measured (since the start or the last break).
        self.rate_error: float | None = None
        self.steps = 0

    @property
    def anchored(self) -> bool:
        return self._anchor is not None

    @property
    def anchor_mono(self) -> float | None:
        return None if self._anchor is None else self._anchor.mono

    @property
    def round_trip_ms(self) -> float | None:
        return None if self._anchor is None else self._anchor.round_trip_ms

    def server_ms_at(self, mono: float) -> float:
        """The server's time at monotonic instant ``mono``, drift corrected."""
        anchor = self._anchor
        if anchor is None:
            raise RuntimeError("the clock model has no anchor yet")
        return anchor.server_ms + (mono - anchor.mono) * 1000.0 * (1.0 + self.rate)

    def mono_at(self, server_ms: float) -> float:
        """The monotonic instant at which the server's clock reads ``server_ms`` (the inverse of
        :meth:`server_ms_at`)."""
        anchor = self._anchor
        if anchor is None:
            raise RuntimeError("the clock model has no anchor yet")
        return anchor.mono + (server_ms - anchor.server_ms) / (1000.0 * (1.0 + self.rate))

    def uncertainty_ms_at(self, mono: float) -> float:
        """The anchor's uncertainty plus what the rate's error adds since (an assumed drift if unmeasured)."""
        anchor = self._anchor
        if anchor is None:
            raise RuntimeError("the clock model has no anchor yet")
        return self._carried_ms(anchor, mono)

    def update(self, reading: Reading) -> tuple[SyncOutcome, float]:
        """Take the best reading of a sync as the new anchor (unless it agrees with the current one and is less
        precise than it, carried forward); return what it taught and its surprise (ms)."""
        point = _Point.from_reading(reading)
        anchor = self._anchor
        self._anchor = point
        if anchor is None:
            self._history.append(point)
            return SyncOutcome.FIRST, 0.0
        elapsed_ms = abs(point.mono - anchor.mono) * 1000.0
        predicted = anchor.server_ms + (point.mono - anchor.mono) * 1000.0 * (1.0 + self.rate)
        surprise = point.server_ms - predicted
        both = anchor.uncertainty_ms + point.uncertainty_ms
        rate_error = self.max_drift if self.rate_error is None else self.rate_error
        if abs(surprise) > both + rate_error * elapsed_ms:
            # The line no longer fits. Keep the rate in use (a step does not change it; a new rate is measured
            # from the next sync) but drop its standing, so the next sync is judged against the largest drift.
            step = abs(surprise) > both + self.max_drift * elapsed_ms
            self.steps += step
            self._history.clear()
            self._history.append(point)
            self.rate_error = None
            return (SyncOutcome.STEP if step else SyncOutcome.DRIFT_CHANGED), surprise
        self._history.append(point)
        if point.uncertainty_ms > self._carried_ms(anchor, point.mono):
            # Agrees, but is less precise than the anchor carried forward (a round trip slowed by a busy server
            # or a busy event loop): the anchor stays, and the reading only lengthens the rate's baseline.
            self._anchor = anchor
        self._measure_rate()
        return SyncOutcome.STEADY, surprise

    def tighten(self, sent: float, received: float, server_ms: int) -> bool:
        """Take the reading of an ordinary answer (sent and received on the monotonic clock, the server's stamp in
        ms) as the anchor only if its interval (estimate ± uncertainty) lies inside the current anchor's, carried
        forward: more precise, and agreeing. Returns whether it did. The rate and its history stay the syncs' own.
        Given by its parts: every answer makes one, and no object is built unless it is taken."""
        anchor = self._anchor
        if anchor is None:
            return False
        round_trip_ms = (received - sent) * 1000.0
        uncertainty_ms = round_trip_ms / 2 + _HALF_TICK_MS
        mono = (sent + received) / 2
        carried = self._carried_ms(anchor, mono)
        if uncertainty_ms > carried:
            return False  # less precise than the model already is: nothing to learn
        stamp_ms = server_ms + _HALF_TICK_MS
        surprise = stamp_ms - (anchor.server_ms + (mono - anchor.mono) * 1000.0 * (1.0 + self.rate))
        if abs(surprise) + uncertainty_ms > carried:
            # Not inside what the model already allows: no tighter, or a step, a stale stamp, another clock. Only
            # a sync may move the model; this way a tightened estimate never claims what the last one excluded.
            return False
        self._anchor = _Point(mono, stamp_ms, uncertainty_ms, round_trip_ms)
        return True

    def _carried_ms(self, anchor: _Point, mono: float) -> float:
        rate_error = self.assumed_drift if self.rate_error is None else self.rate_error
        return anchor.uncertainty_ms + abs(mono - anchor.mono) * 1000.0 * rate_error

    def _measure_rate(self) -> None:
        oldest, newest = self._history[0], self._history[-1]
        baseline_ms = (newest.mono - oldest.mono) * 1000.0
        if baseline_ms <= 0:
            return
        error = (oldest.uncertainty_ms + newest.uncertainty_ms) / baseline_ms
        rate = (newest.server_ms - oldest.server_ms) / baseline_ms - 1.0
        # Precise enough to correct with, or a drift plainly bigger than the noise (then even a rough rate
        # beats none).
        if error <= self.max_rate_error or abs(rate) >= 3 * error:
            self.rate = rate
            self.rate_error = error


@attrs.frozen
class ClockStats:
    """A snapshot of the tracker: how far the server's clock is from the local wall clock, and how sure."""

    #: False when the tracker is turned off and timestamps come from the local wall clock.
    enabled: bool
    #: True once at least one sync has succeeded.
    synced: bool
    #: Server time minus local wall time, now (ms); positive when the server is ahead.
    offset_ms: float
    #: How far ``offset_ms`` may be from the truth (ms): half the best round trip, plus drift error since.
    uncertainty_ms: float
    #: The round trip of the reading the last sync kept (ms); None before the first sync.
    round_trip_ms: float | None
    #: Seconds since the last successful sync; None before the first.
    last_sync_age_s: float | None
    #: The server's clock gains this many parts per million over the local monotonic clock (negative: loses).
    drift_ppm: float
    #: True once the drift has been measured (its error bound is small enough to use).
    drift_measured: bool
    syncs: int
    failures: int
    #: Syncs that found the server's clock (or the local one) had stepped.
    steps: int

    @property
    def drift_ms_per_s(self) -> float:
        """The drift as milliseconds gained per second."""
        return self.drift_ppm / 1000.0
