"""The clock-skew tracker: the server's time for ``ACCESS-TIMESTAMP``, whatever the local clock does.

The exchange rejects a signed request whose timestamp is more than 30 s from *its* clock (40008). The
tracker reads the server-time endpoint NTP-style (``offset = server - (send + receive) / 2``, keeping the
reading with the smallest round trip), then counts from that reading on the local *monotonic* clock, so a step
of the wall clock moves no timestamp; the two local clocks parting (an NTP step, a VM pause, a laptop waking
up) only prompts a resync. Drift between the clocks is measured from successive syncs and corrected for in
between. It knows nothing of HTTP: only a function that returns the server's time.

(Over 300 lines: the sync protocol (shared syncs, resync on rejection, background run, readings from answers)
works on one state; the estimate's arithmetic is in _clock_stats.)
"""

from __future__ import annotations

import contextvars
import logging
import math
import time
from collections.abc import Awaitable, Callable

import anyio
from anyio.abc import TaskStatus

from ._clock_stats import ClockModel, ClockStats, Reading, SyncOutcome
from ._errors import ClockSyncError

__all__ = ["ClockStats", "ClockSyncError", "FetchServerMs", "ServerClock"]

logger = logging.getLogger("asyncclient.clock")

#: Returns the server's clock in milliseconds since the epoch (``GET /api/v2/public/time`` -> ``serverTime``).
FetchServerMs = Callable[[], Awaitable[int]]


#: A sync that moved the estimate by this much (ms) explains the rejection of a request signed before it.
_CORRECTION_MS = 1000.0

#: While the clock reads the server's time itself, the send and answer instants of that request as the request
#: path saw them (see :meth:`ServerClock.observe`): the request may wait for the rate limiter before it leaves,
#: and that wait is no part of the round trip.
_OWN_FETCH: contextvars.ContextVar[list[tuple[float, float]] | None] = contextvars.ContextVar(
    "asyncclient_own_fetch", default=None
)

#: The sync that timed the last request this task signed (see :meth:`ServerClock.stamp_ms`): a rejection of a
#: request timed by a sync is not explained by that sync (the server's clock stepped again after it).
_STAMPED_BY: contextvars.ContextVar[_SyncRound | None] = contextvars.ContextVar("asyncclient_stamped_by", default=None)


def _sync_error(cause: Exception) -> ClockSyncError:
    error = ClockSyncError(f"could not read the server's time: {type(cause).__name__}: {cause}")
    error.__cause__ = cause
    return error


class _SyncRound:
    """One sync, shared by every caller that asks while it runs."""

    def __init__(self, started: float) -> None:
        self.started = started
        self.finished = math.inf
        self.done = anyio.Event()
        self.succeeded = False
        self.error: Exception | None = None
        #: How far the sync moved the estimate (ms); 0 for the first.
        self.correction_ms = 0.0


class ServerClock:
    """The server's time from a monotonic clock anchored at the last sync; implements the client's ``Clock``.

    - :meth:`ready` syncs lazily, once: concurrent first callers share one sync.
    - :meth:`now_ms` is the timestamp to sign with.
    - :meth:`resync` is called after a timestamp error; requests arriving together share one sync.
    - :meth:`run` resyncs every ``sync_interval`` seconds; the client runs it in its task group.

    ``fetch_server_ms`` reads the server's clock; ``monotonic`` and ``wall`` (seconds) replace the local
    clocks (tests, or a better time source). With ``enabled=False`` nothing is fetched and timestamps are the
    local wall clock.
    ``samples`` readings at most make a sync: it stops at the first whose round trip is within
    ``good_round_trip`` seconds (more could gain a fraction of that, and each costs a request of the public
    budget); ``max_drift`` is the largest rate (seconds gained per second) believed
    to be drift rather than a step; ``jump_tolerance`` is how far (s) the local wall and monotonic clocks may
    part before the next signed request resyncs first.
    """

    def __init__(
        self,
        fetch_server_ms: FetchServerMs | None = None,
        *,
        samples: int = 3,
        good_round_trip: float = 0.002,
        sync_interval: float = 60.0,
        enabled: bool = True,
        max_drift: float = 0.05,
        resync_cooldown: float = 1.0,
        jump_tolerance: float = 5.0,
        monotonic: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
    ) -> None:
        if enabled and fetch_server_ms is None:
            raise ValueError("an enabled ServerClock needs fetch_server_ms (or pass enabled=False)")
        if samples < 1:
            raise ValueError(f"samples must be at least 1, got {samples}")
        if not good_round_trip >= 0:
            raise ValueError(f"good_round_trip must be >= 0 seconds, got {good_round_trip}")
        if not sync_interval > 0:
            raise ValueError(f"sync_interval must be positive, got {sync_interval}")
        self._fetch = fetch_server_ms
        self.samples = samples
        self.good_round_trip = good_round_trip
        self.sync_interval = sync_interval
        self.enabled = enabled
        #: A sync that moved the estimate less than this many seconds ago explains a rejection (see resync).
        self.resync_cooldown = resync_cooldown
        self._monotonic = monotonic
        self._wall = wall
        self._model = ClockModel(max_drift=max_drift)
        self._round: _SyncRound | None = None
        self._last_sync: float | None = None
        #: A sleep, a VM pause or a wall clock step shows as the local clocks parting by this many seconds.
        self.jump_tolerance = jump_tolerance
        #: (monotonic, wall) when the local clocks were last compared: at each sync.
        self._reference: tuple[float, float] | None = None
        self._syncs = 0
        self._failures = 0

    def __repr__(self) -> str:
        if not self.enabled:
            return "ServerClock(enabled=False)"
        stats = self.stats
        if not stats.synced:
            return "ServerClock(not synced)"
        return f"ServerClock(offset_ms={stats.offset_ms:.1f}, uncertainty_ms={stats.uncertainty_ms:.1f})"

    # -- the client's Clock protocol ---------------------------------------------------------------------

    async def ready(self) -> None:
        """Return once the clock has been synced at least once (syncing now if nobody has).

        Also resyncs first when the local clocks parted since the last sync: Linux's monotonic clock stands
        still while the machine sleeps, and a wall clock step may mean the same. Timestamps never follow the
        wall clock; it only raises the suspicion.
        """
        if not self.enabled:
            return
        if not self._model.anchored:
            await self._shared_sync(lambda _: True)
        elif self._local_clocks_parted() is not None:
            await self._resync_after_local_jump()

    def ready_now(self) -> bool:
        """Whether :meth:`ready` would return at once (synced, the local clocks together, or disabled)."""
        return not self.enabled or (self._model.anchored and self._local_clocks_parted() is None)

    def now_ms(self) -> int:
        """The server's time now, in ms: the last sync's reading carried forward on the monotonic clock.

        Before the first sync (or when disabled) this is the local wall clock.
        """
        if not self.enabled or not self._model.anchored:
            return int(self._wall() * 1000)
        return int(self._model.server_ms_at(self._monotonic()))

    def reading(self) -> tuple[int, float | None]:
        """:meth:`now_ms` and its uncertainty (ms) at one instant; None before the first sync or when disabled.

        What :meth:`local_instant` of that reading tells (less the half millisecond it adds for truncation), read
        once: order safety reads the clock as each order leaves.
        """
        model = self._model
        if not self.enabled or not model.anchored:
            return int(self._wall() * 1000), None
        mono = self._monotonic()
        uncertainty = model.uncertainty_ms_at(mono)
        return int(model.server_ms_at(mono)), (uncertainty if uncertainty < math.inf else None)

    def local_instant(self, server_ms: int) -> tuple[float, float] | None:
        """When, on the local monotonic clock, the server's clock read ``server_ms`` (a stamp it wrote, in whole
        ms), and how far off that may be (s); None before the first sync or when disabled.

        The stamp is truncated to the millisecond, so the instant is the middle of that millisecond and half a
        millisecond is added to the uncertainty.
        """
        model = self._model
        if not self.enabled or not model.anchored:
            return None
        mono = model.mono_at(server_ms + 0.5)
        return mono, (model.uncertainty_ms_at(mono) + 0.5) / 1000.0

    def observe(self, sent: float, received: float, server_ms: int | None) -> bool:
        """An answer's send and arrival instants (local monotonic s) and the server's stamp on it (ms, if any).

        During the clock's own read of the server's time, this narrows that reading to the request's own round
        trip. Otherwise the stamp is a reading like a sync's, used only to tighten: its interval (estimate ±
        half its round trip) must lie inside the current one, carried forward, so an answer from a cache, a
        proxy or another clock cannot move the estimate outside what it already allowed. Returns whether the
        anchor moved.
        """
        own = _OWN_FETCH.get()
        if own is not None:
            own.append((sent, received))
            return False
        if server_ms is None or not self.enabled or not self._model.anchored:
            return False
        return self._model.tighten(sent, received, server_ms)

    @property
    def synced(self) -> bool:
        """Whether a sync has succeeded (so server stamps can be mapped to local time)."""
        return self.enabled and self._model.anchored

    def stamp_ms(self) -> int:
        """:meth:`now_ms` for a request about to be signed; remembers (for this task) which sync timed it.

        If the exchange rejects that request's timestamp, :meth:`resync` then knows the last sync does not
        explain it, and syncs again: the server's clock moved again since (two steps a second apart).
        """
        current = self._round
        # While a sync runs, timestamps still come from the one before it, which the running one may explain.
        _STAMPED_BY.set(current if current is not None and current.done.is_set() else None)
        return self.now_ms()

    async def resync(self) -> None:
        """Sync after the server rejected a timestamp; requests rejected together share one sync.

        A sync that moved the estimate (by a second or more) less than ``resync_cooldown`` s ago, or while the
        rejected requests were in flight, already explains their rejection and is reused; after one that moved
        nothing, or one that finished before the rejected request was signed, a rejection means the server's clock
        moved since, so a new sync runs.
        """
        if self.enabled:
            await self._shared_sync(self._explains_rejection)

    # -- control -------------------------------------------------------------------------------------------

    async def sync(self) -> ClockStats:
        """Force a fresh sync (shared with callers who ask meanwhile) and return the stats after it."""
        if self.enabled:
            await self._shared_sync(lambda _: False)
        return self.stats

    @property
    def runs_in_background(self) -> bool:
        """Whether :meth:`run` has work to do: an enabled clock resyncs every ``sync_interval`` seconds."""
        return self.enabled

    async def run(self, *, task_status: TaskStatus[None] = anyio.TASK_STATUS_IGNORED) -> None:
        """Resync every ``sync_interval`` seconds, forever; the first sync stays lazy. Failures are logged."""
        task_status.started()
        if not self.enabled:
            await anyio.sleep_forever()
        while True:
            await anyio.sleep(self.sync_interval)
            if self._last_sync is None:
                continue  # nobody signed anything yet: no reason to poll the server
            age = self._monotonic() - self._last_sync
            if age < self.sync_interval / 2:
                continue  # a resync on error (or a forced one) just happened
            try:
                await self._shared_sync(lambda _: False)
            except ClockSyncError as exc:
                logger.warning("background clock sync failed (%s); the last sync stays in use", exc.__cause__)

    @property
    def stats(self) -> ClockStats:
        """Offset, uncertainty, last sync age and drift, as of now."""
        model = self._model
        mono = self._monotonic()
        if self.enabled and model.anchored:
            offset = model.server_ms_at(mono) - self._wall() * 1000.0
            uncertainty = model.uncertainty_ms_at(mono)
        else:
            offset, uncertainty = 0.0, math.inf if self.enabled else 0.0
        return ClockStats(
            enabled=self.enabled,
            synced=model.anchored,
            offset_ms=offset,
            uncertainty_ms=uncertainty,
            round_trip_ms=model.round_trip_ms,
            last_sync_age_s=None if self._last_sync is None else mono - self._last_sync,
            drift_ppm=model.rate * 1e6,
            drift_measured=model.rate_error is not None,
            syncs=self._syncs,
            failures=self._failures,
            steps=model.steps,
        )

    # -- local clock jumps -------------------------------------------------------------------------------

    def _local_clocks_parted(self) -> float | None:
        """How far (s) the wall clock moved beyond the monotonic one since the last sync, if too far."""
        if self._reference is None:
            return None
        mono_then, wall_then = self._reference
        parted = (self._wall() - wall_then) - (self._monotonic() - mono_then)
        return parted if abs(parted) > self.jump_tolerance else None

    async def _resync_after_local_jump(self) -> None:
        parted = self._local_clocks_parted()
        if parted is not None:
            logger.warning(
                "the local wall clock moved %+.1f s against the monotonic clock since the last sync "
                "(sleep, VM pause or clock step): resyncing",
                parted,
            )
        try:
            await self._shared_sync(lambda _: self._local_clocks_parted() is None)
        except ClockSyncError as exc:
            # Keep the last sync; a rejected request will resync again. Do not ask on every request meanwhile.
            self._reference = (self._monotonic(), self._wall())
            logger.warning("clock resync after a local clock jump failed (%s)", exc.__cause__)

    # -- syncing -------------------------------------------------------------------------------------------

    def _explains_rejection(self, sync_round: _SyncRound) -> bool:
        if _STAMPED_BY.get() is sync_round:
            return False  # the rejected request was timed by this sync already
        recent = self._monotonic() - sync_round.finished < self.resync_cooldown
        return recent and abs(sync_round.correction_ms) >= _CORRECTION_MS

    async def _shared_sync(self, enough: Callable[[_SyncRound], bool]) -> None:
        """Make sure a sync that satisfies the caller has happened: one at a time, shared by all who ask.

        A sync running when the caller asks is joined (its failure is the caller's); a finished one counts if
        ``enough`` accepts it; otherwise the caller runs one (or joins one started after it asked).
        """
        asked = self._monotonic()
        while True:
            current = self._round
            if current is None:
                break
            if current.done.is_set():
                if current.succeeded and enough(current):
                    return
                break
            await current.done.wait()
            if current.error is not None:
                raise _sync_error(current.error)
            if current.succeeded and (current.started > asked or enough(current)):
                return
            # It was cancelled, or it began before the caller asked and does not do: look again.
        sync_round = _SyncRound(self._monotonic())
        self._round = sync_round
        try:
            sync_round.correction_ms = await self._sync_now()
            sync_round.succeeded = True
        except Exception as exc:
            sync_round.error = exc
            self._failures += 1
            raise _sync_error(exc) from exc
        finally:
            sync_round.finished = self._monotonic()
            sync_round.done.set()

    async def _sync_now(self) -> float:
        """Read the server's clock up to ``samples`` times (fewer once a reading is good enough) and anchor at the
        best reading; return the correction."""
        assert self._fetch is not None  # __init__ refuses an enabled clock without one
        best: Reading | None = None
        for _ in range(self.samples):
            seen: list[tuple[float, float]] = []
            token = _OWN_FETCH.set(seen)
            try:
                sent = self._monotonic()
                server_ms = await self._fetch()
                received = self._monotonic()
            finally:
                _OWN_FETCH.reset(token)
            if seen and sent <= seen[-1][0] <= seen[-1][1] <= received:
                # The request path saw the answer's own send and arrival: the round trip without the wait for a
                # slot (the last one seen is the attempt that answered).
                sent, received = seen[-1]
            reading = Reading(sent, received, int(server_ms))
            if best is None or reading.round_trip_ms < best.round_trip_ms:
                best = reading
            if best.round_trip_ms <= self.good_round_trip * 1000.0:
                break
        assert best is not None
        outcome, surprise = self._model.update(best)
        self._syncs += 1
        self._last_sync = self._monotonic()
        self._reference = (self._last_sync, self._wall())
        self._log(outcome, surprise)
        return surprise

    def _log(self, outcome: SyncOutcome, surprise: float) -> None:
        stats = self.stats
        level = logging.DEBUG if outcome is SyncOutcome.STEADY else logging.INFO
        if outcome is SyncOutcome.STEP:
            level = logging.WARNING
        logger.log(
            level,
            "clock sync (%s): server %+.1f ms from local wall clock, ±%.1f ms (round trip %.1f ms), "
            "drift %+.1f ppm%s, %+.1f ms from prediction",
            outcome.value,
            stats.offset_ms,
            stats.uncertainty_ms,
            stats.round_trip_ms,
            stats.drift_ppm,
            "" if stats.drift_measured else " (not yet measured)",
            surprise,
        )
