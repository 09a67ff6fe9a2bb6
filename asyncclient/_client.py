"""The client: composes the catalogue, signing, limiter, clock, retry policy and transport behind ``request()``.

(Over 300 lines: some 25 keyword options with their checks and docstrings, the lifecycle, the clock and limiter
figures, uid and views; a request's work lies in the pipeline and the retry layer, the typed groups in _groups.)
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self
from urllib.parse import urlsplit

import anyio
import httpx
from anyio.abc import TaskGroup

from ._attempt import PreparedCall
from ._body import DEFAULT_MAX_RESPONSE_SIZE
from ._call_checks import check_locale, check_timeout, check_uid, credentials_or_refusal, server_ms
from ._call_step import ResendStep
from ._catalogue import Catalogue, RateLimit, default_catalogue
from ._clock import ClockStats, ClockSyncError, FetchServerMs, ServerClock
from ._envelope import DEFAULT_MAX_RETRY_AFTER
from ._errors import InputError, shown
from ._fast_transport import AiohttpSender
from ._groups import TypedGroups
from ._lifecycle import ClientState, ClientStateError, not_open_error
from ._limiter import LimiterStats, StrictWindowLimiter
from ._options_view import ClientView
from ._order_safety import step_for
from ._pipeline import Pipeline
from ._protocols import BasicClock, BasicLimiter, Clock, RateLimiter, Sender, full_clock, measured_limiter
from ._retry import Retrier, RetryBudget, RetryPolicy, RetryStats
from ._signing import Credentials
from ._transport import HttpSender
from .streams._budgets import with_stream_limits

if TYPE_CHECKING:  # the typed groups and models load on first use: request() alone never needs them
    from ._limiter import SharedWindowLimiter
    from .streams import Streams

__all__ = ["DEFAULT_BASE_URL", "Client", "Clock", "PreparedCall", "RateLimiter"]

DEFAULT_BASE_URL = "https://api.bitget.com"


def _sender(
    base_url: str, transport: httpx.AsyncBaseTransport | None, timeout: float, max_response_size: int, *, fast: bool
) -> Sender:
    """The transport: httpx (or the given httpx transport), or with ``fast`` aiohttp directly (asyncio only)."""
    if isinstance(max_response_size, bool) or not isinstance(max_response_size, int) or max_response_size < 1:
        raise InputError(f"max_response_size must be a positive int (bytes), got {shown(max_response_size)}")
    if fast and transport is None:
        # asyncio only: requests go to aiohttp directly, without httpx's objects (see _fast_transport).
        return AiohttpSender(base_url, timeout, max_response_size=max_response_size)
    return HttpSender(base_url, transport, timeout, max_response_size=max_response_size)


def _limiter_of(
    limiter: BasicLimiter | None, redis_url: str | None, catalogue: Catalogue
) -> tuple[SharedWindowLimiter | None, RateLimiter]:
    """The client's limiter, and the one it owns (built from ``redis_url``: its connection pool is the client's).

    One limiter serves REST and the WebSocket streams: the "ws:" scopes get the exchange's stream budgets.
    """
    if limiter is not None and redis_url is not None:
        raise InputError("give limiter= or redis_url=, not both")
    if limiter is not None:
        return None, measured_limiter(limiter)
    budgets = with_stream_limits(catalogue.scope_limit)
    if redis_url is None:
        return None, StrictWindowLimiter(budgets)
    from ._limiter import RedisBackend, SharedWindowLimiter  # loaded only for a shared budget

    shared = SharedWindowLimiter(RedisBackend(redis_url), budgets)
    return shared, shared


def _clock_of(clock: BasicClock | None, fetch: FetchServerMs, interval: float, *, enabled: bool) -> Clock:
    """The given clock (seen as a whole :class:`Clock`), or the server's clock read through ``fetch``."""
    if clock is None:
        return ServerClock(fetch, sync_interval=interval, enabled=enabled)
    return full_clock(clock)


def _headers(locale: str | None, demo_trading: bool) -> dict[str, str]:
    """The headers every request carries."""
    headers = {"Content-Type": "application/json"}
    if locale:
        headers["locale"] = locale
    if demo_trading:
        headers["paptrading"] = "1"
    return headers


def _check_base_url_root(base_url: object) -> None:
    """Refuse a base_url with a path, query or fragment: paths like ``/api/v2/...`` are added to it per call."""
    if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
        raise InputError(f"base_url must be an http(s) URL, got {shown(base_url)}")
    parts = urlsplit(base_url)
    if parts.path.rstrip("/") or parts.query or parts.fragment or not parts.netloc:
        root = f"{parts.scheme}://{parts.netloc}" if parts.netloc else DEFAULT_BASE_URL
        raise InputError(
            f"base_url must be the exchange's root, scheme and host only (like {root}), got {base_url!r}: "
            "every call adds its own path (/api/v2/...), so a path here would be sent twice and answer 404"
        )


class Client(TypedGroups):
    """An async client for the Bitget v2 REST API.

    Use it as ``async with Client(...) as client:``; it owns the connection pool and background work. Public
    endpoints need no credentials; credentials may also come from ``BITGET_API_KEY``, ``BITGET_API_SECRET``
    (or ``BITGET_PRIVATE_KEY``) and ``BITGET_PASSPHRASE``.

    Entering it opens a task group for the clock's background resync, so enter and leave it (``aclose()``)
    in the same task, as with any anyio task group; a FastAPI lifespan does.

    Like httpx's client it is unopened, then open inside ``async with``, then closed (see :attr:`state`): a call
    outside the block raises :class:`ClientStateError`, and a closed client cannot be opened again.

    ``timeout`` bounds each attempt as a whole (connect, send, read the whole answer); ``max_retry_after`` caps
    the pause a 429's ``Retry-After`` may impose; ``max_response_size`` caps an answer, raw and decompressed.
    Credentials, ``locale`` and ``timeout`` are checked here: an :class:`InputError` never shows a credential.
    """

    def __init__(
        self,
        api_key: str | None = None,
        api_secret: str | None = None,
        passphrase: str | None = None,
        *,
        private_key: str | None = None,
        base_url: str = DEFAULT_BASE_URL,
        timeout: float = 10.0,
        max_retry_after: float = DEFAULT_MAX_RETRY_AFTER,
        max_response_size: int = DEFAULT_MAX_RESPONSE_SIZE,
        locale: str | None = None,
        demo_trading: bool = False,
        limits: Mapping[str, RateLimit] | None = None,
        catalogue: Catalogue | None = None,
        limiter: BasicLimiter | None = None,
        redis_url: str | None = None,
        uid: str | None = None,
        clock: BasicClock | None = None,
        clock_sync_interval: float = 60.0,
        sync_clock: bool = True,
        retry: RetryPolicy | None = None,
        retry_budget: RetryBudget | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        fast_transport: bool = False,
        credentials_from_env: bool = True,
    ) -> None:
        credentials, refused = credentials_or_refusal(
            api_key, api_secret, passphrase, private_key, credentials_from_env
        )
        del api_key, api_secret, passphrase, private_key  # from here on, no traceback frame shows them
        if refused is not None:
            raise refused
        self._credentials: Credentials | None = credentials
        _check_base_url_root(base_url)
        self.base_url = base_url.rstrip("/")
        catalogue = catalogue or default_catalogue()
        self.catalogue = catalogue.with_limits(limits) if limits else catalogue
        check_uid(uid)
        timeout = check_timeout(timeout)
        sender = _sender(self.base_url, transport, timeout, max_response_size, fast=fast_transport)
        self._owned_limiter, rate_limiter = _limiter_of(limiter, redis_url, self.catalogue)
        # By default the server's clock times every signed request (turn off with sync_clock=False).
        clock = _clock_of(clock, self._fetch_server_ms, clock_sync_interval, enabled=sync_clock)
        self._task_group: TaskGroup | None = None
        # Retries: one policy (replaceable per call), one budget shared by every call of this client.
        self._retrier = Retrier(retry, budget=retry_budget, resync=clock.resync)
        self._pipeline = Pipeline(
            catalogue=self.catalogue,
            credentials=credentials,
            limiter=rate_limiter,
            clock=clock,
            sender=sender,
            headers=_headers(check_locale(locale), demo_trading),
            max_retry_after=check_timeout(max_retry_after, "max_retry_after"),
            timeout=timeout,
        )
        self._pipeline.count_for_uid(uid)
        # A client that signs nothing syncs its clock in the background once stamps would help the limiter.
        self._pipeline.stamps.want_sync = self._start_stamp_sync
        self._state = ClientState.UNOPENED

    def __repr__(self) -> str:
        key = repr(self._credentials) if self._credentials else "no credentials"
        return f"Client(base_url={self.base_url!r}, {key})"

    @property
    def limiter_stats(self) -> LimiterStats | None:
        """Per-scope figures of the rate limiter (sent, waits, 429s, fill); None for a limiter without them."""
        return self._pipeline.limiter.stats

    @property
    def retry_stats(self) -> RetryStats:
        """Attempts per call, retries by reason, budget exhaustions, lookups: a :class:`RetryStats`."""
        return self._retrier.stats

    @property
    def retry_policy(self) -> RetryPolicy:
        """The policy every call uses unless ``request(..., retry=...)`` gives another."""
        return self._retrier.policy

    @property
    def clock(self) -> Clock:
        """The clock that times signed requests (a :class:`ServerClock` unless another was given)."""
        return self._pipeline.clock

    @property
    def clock_stats(self) -> ClockStats | None:
        """Offset from the server's clock, uncertainty, last sync age and drift; None for a clock without them."""
        return self._pipeline.clock.stats

    async def sync_clock(self) -> ClockStats | None:
        """Sync with the server's clock now (the next signed request uses it); returns the stats after it."""
        return await self._pipeline.clock.sync()

    async def server_time(self) -> int:
        """The exchange's clock in epoch milliseconds (``GET /api/v2/public/time``)."""
        return server_ms(await self.request("GET", "/api/v2/public/time"))

    def streams(self, **options: Any) -> Streams:
        """WebSocket streams on this client's limiter, clock and credentials: ``async with client.streams() as s:``.

        Options are :class:`~asyncclient.streams.Streams`'s (``unified=True`` for the v3 URLs, ...).
        """
        from .streams import Streams

        return Streams(self, **options)

    async def _fetch_server_ms(self) -> int:
        """The server's clock in ms. Polls take from the public budget, ahead of waiting market calls."""
        call = self._pipeline.prepare("GET", "/api/v2/public/time", urgent=True)
        return server_ms(await self._retrier.run(ResendStep(call, self._pipeline.send), bounded=True))

    def with_options(
        self, *, timeout: float | None = None, retry: RetryPolicy | None = None, urgent: bool | None = None
    ) -> ClientView:
        """This client under other defaults per call: ``client.with_options(timeout=2.0).spot.ticker(...)``.

        The view shares the connection pool, limiter, clock, retry budget and lifecycle; only the options a call
        leaves out come from it.
        """
        return ClientView(self, timeout=timeout, retry=retry, urgent=urgent)

    @property
    def uid(self) -> str | None:
        """The account (UID) signed budgets are counted for: every API key of one account shares them."""
        return self._pipeline.uid

    async def learn_uid(self) -> str:
        """Ask the exchange which account this API key belongs to (``GET /api/v2/spot/account/info``,
        ``userId``) and count signed budgets per that account from now on; returns the uid."""
        data = await self.request("GET", "/api/v2/spot/account/info")
        uid = str(data["userId"])
        if not uid.isdigit():
            raise InputError(f"the exchange gave a user id that is not numeric: {uid!r}")
        self._pipeline.count_for_uid(uid)
        return uid

    def _start_stamp_sync(self) -> None:
        """Sync the clock once in the background so stamps can be mapped (a client that signs nothing would
        otherwise never sync); the periodic resync then keeps it."""
        clock, task_group = self._pipeline.clock, self._task_group
        if task_group is None or clock.synced:
            return

        async def sync() -> None:
            # A failed sync only means stamps stay unused (slots count from the answers); the periodic resync
            # does not run before a first success, so this is tried once.
            with contextlib.suppress(ClockSyncError):
                await clock.ready()

        task_group.start_soon(sync)

    @property
    def has_credentials(self) -> bool:
        return self._credentials is not None

    @property
    def pipeline(self) -> Pipeline:
        """The one-attempt layer below the retries (prepare, then clock, limiter, signer, sender, envelope)."""
        return self._pipeline

    @property
    def state(self) -> ClientState:
        """``UNOPENED`` until ``async with`` enters it, ``OPEN`` inside, ``CLOSED`` after (for good)."""
        return self._state

    @property
    def is_closed(self) -> bool:
        """Whether the client was closed (it cannot be used or opened again)."""
        return self._state is ClientState.CLOSED

    async def __aenter__(self) -> Self:
        if self._state is ClientState.OPEN:
            raise ClientStateError("the client is already open: enter `async with` once per Client")
        if self._state is ClientState.CLOSED:
            raise not_open_error(self._state)
        sender, clock = self._pipeline.sender, self._pipeline.clock
        await sender.__aenter__()
        self._state = ClientState.OPEN
        if clock.runs_in_background:
            # The client's task group owns the background resync; leaving the block cancels it.
            task_group = anyio.create_task_group()
            await task_group.__aenter__()
            self._task_group = task_group
            try:
                await task_group.start(clock.run)
            except BaseException as exc:
                # Cancelled (or failed) while starting: unwind the task group and the pool before re-raising,
                # or the task's cancel-scope stack is left corrupted.
                self._state = ClientState.CLOSED
                try:
                    await self._stop_background(type(exc), exc, exc.__traceback__)
                finally:
                    await sender.aclose()
                raise
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        try:
            await self._stop_background(exc_type, exc, tb)
        finally:
            await self.aclose()

    async def _stop_background(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        """Cancel the background work and wait for it; must run in the task that entered the client."""
        task_group, self._task_group = self._task_group, None
        if task_group is not None:
            task_group.cancel_scope.cancel()
            # Only a cancellation goes through the group; the caller's own error must reach the caller as
            # itself, not wrapped in an ExceptionGroup.
            if not isinstance(exc, anyio.get_cancelled_exc_class()):
                exc_type, exc, tb = None, None, None
            await task_group.__aexit__(exc_type, exc, tb)

    async def aclose(self) -> None:
        """Close the connection pool and stop the background work, for good; safe to call twice."""
        if self._state is ClientState.CLOSED:
            return
        self._state = ClientState.CLOSED
        try:
            await self._stop_background(None, None, None)
        finally:
            try:
                await self._pipeline.sender.aclose()
            finally:
                if self._owned_limiter is not None:  # built from redis_url: its connection pool is ours
                    await self._owned_limiter.aclose()

    def prepare(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        *,
        urgent: bool = False,
        timeout: float | None = None,
    ) -> PreparedCall:
        """Validate and build a request once; raises :class:`InputError` before anything is sent."""
        return self._pipeline.prepare(method, path, params, urgent=urgent, timeout=timeout)

    async def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        *,
        urgent: bool = False,
        timeout: float | None = None,
        retry: RetryPolicy | None = None,
    ) -> Any:
        """Send one call, retrying as the policy and the endpoint allow, and return the envelope's ``data``.

        ``params`` go into the query string for GET and into the JSON body for POST (a list of mappings for
        the v3 batch endpoints, whose body is a JSON array). ``urgent`` puts the call
        ahead of others waiting on the same budget; ``retry`` replaces the client's policy for this call.
        Order placements get a ``clientOid`` when they have none and are never placed twice.
        Raises :class:`ClientStateError` outside ``async with`` (see :attr:`state`).
        """
        if self._state is not ClientState.OPEN:
            raise not_open_error(self._state)
        call = self._pipeline.prepare(method, path, params, urgent=urgent, timeout=timeout)
        step = step_for(call, self._pipeline, self._retrier.stats, retry or self._retrier.policy)
        return await self._retrier.run(step, retry, bounded=True)

    async def send(self, call: PreparedCall, *, on_send: Callable[[], None] | None = None) -> Any:
        """One attempt, no retry (see :class:`~asyncclient._pipeline.Pipeline`)."""
        return await self._pipeline.send(call, on_send=on_send)
