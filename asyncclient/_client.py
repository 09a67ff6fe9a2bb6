"""The client: composes the catalogue, signing, limiter, clock, retry policy and transport behind ``request()``."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Protocol, Self
from urllib.parse import urlsplit

import anyio
import httpx
from anyio.abc import TaskGroup

from ._attempt import PreparedCall
from ._body import DEFAULT_MAX_RESPONSE_SIZE
from ._call_checks import check_locale, check_path, check_timeout, credentials_or_refusal, server_ms
from ._catalogue import Catalogue, Endpoint, RateLimit, default_catalogue
from ._clock import ClockStats, ServerClock
from ._envelope import DEFAULT_MAX_RETRY_AFTER, decode_envelope
from ._errors import AccountModeError, InputError, InputTypeError, MissingCredentialsError, RateLimitError, shown
from ._fast_transport import AiohttpSender
from ._headers import SignedHeaders
from ._lifecycle import ClientState, ClientStateError, not_open_error
from ._limiter import LimiterStats, StrictWindowLimiter
from ._order_safety import step_for
from ._retry import Retrier, RetryBudget, RetryPolicy, RetryStats
from ._signing import Credentials, Signer, build_array_body, build_body, build_queries, prehash
from ._transport import HttpSender

if TYPE_CHECKING:  # the typed groups and models load on first use: request() alone never needs them
    from .api import AccountAPI, CommonAPI, FuturesAPI, MarginAPI, SpotAPI, UtaAPI, WalletAPI
    from .models import AccountMode, ProductType

__all__ = ["DEFAULT_BASE_URL", "Client", "PreparedCall"]

DEFAULT_BASE_URL = "https://api.bitget.com"
_METHODS = frozenset({"GET", "POST"})


class RateLimiter(Protocol):
    """What the client needs of a limiter: wait for every scope's budget, and learn from a 429."""

    async def acquire(self, scopes: Sequence[str], *, urgent: bool = False) -> None: ...

    def penalize(self, scopes: Sequence[str], retry_after: float | None) -> None: ...


class Clock(Protocol):
    """What the client needs of a clock: the server's time in ms, and a way to resync it."""

    async def ready(self) -> None: ...

    def now_ms(self) -> int: ...

    async def resync(self) -> None: ...


def _check_items(method: str, items: Sequence[Any]) -> tuple[Mapping[str, Any], ...]:
    """The items of a JSON-array body (v3 batch endpoints take one): POST only, each a mapping."""
    if method != "POST":
        raise InputTypeError(f"only a POST body may be a list, got a list for {method}")
    if not all(isinstance(item, Mapping) for item in items):
        raise InputTypeError("a list body must hold mappings (one per order)")
    return tuple(_check_params(method, item) for item in items)


def _check_params(method: str, params: Mapping[str, Any] | None) -> Mapping[str, Any]:
    if params is None:
        return {}
    if not isinstance(params, Mapping):
        raise InputTypeError(f"params must be a mapping, got {type(params).__name__}")
    for key, value in params.items():
        if not isinstance(key, str) or not key:
            raise InputTypeError(f"parameter names must be non-empty strings, got {shown(key)}")
        if type(value) is str:  # the common case skips the isinstance check against Mapping below
            continue
        if method == "GET" and isinstance(value, Mapping | list | tuple):
            raise InputTypeError(f"GET parameter {shown(key)} must be a scalar, got {type(value).__name__}")
    return params


def _check_base_url_root(base_url: str) -> None:
    """Refuse a base_url with a path, query or fragment: paths like ``/api/v2/...`` are added to it per call."""
    parts = urlsplit(base_url)
    if parts.path.rstrip("/") or parts.query or parts.fragment or not parts.netloc:
        root = f"{parts.scheme}://{parts.netloc}" if parts.netloc else DEFAULT_BASE_URL
        raise InputError(
            f"base_url must be the exchange's root, scheme and host only (like {root}), got {base_url!r}: "
            "every call adds its own path (/api/v2/...), so a path here would be sent twice and answer 404"
        )


class Client:
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
        limiter: RateLimiter | None = None,
        clock: Clock | None = None,
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
        if not isinstance(base_url, str) or not base_url.startswith(("http://", "https://")):
            raise InputError(f"base_url must be an http(s) URL, got {shown(base_url)}")
        _check_base_url_root(base_url)
        timeout = check_timeout(timeout)
        self._max_retry_after = check_timeout(max_retry_after, "max_retry_after")
        if isinstance(max_response_size, bool) or not isinstance(max_response_size, int) or max_response_size < 1:
            raise InputError(f"max_response_size must be a positive int (bytes), got {shown(max_response_size)}")
        locale = check_locale(locale)
        self._signer: Signer | None = self._credentials.signer() if self._credentials else None
        self.base_url = base_url.rstrip("/")
        catalogue = catalogue or default_catalogue()
        self.catalogue = catalogue.with_limits(limits) if limits else catalogue
        self._limiter: RateLimiter = limiter if limiter is not None else StrictWindowLimiter(self.catalogue.scope_limit)
        # A limiter that can count a slot from the answer rather than the send says so with settle(); looked up once.
        self._settle: Callable[[], None] | None = getattr(self._limiter, "settle", None)
        # By default the server's clock times every signed request (turn off with sync_clock=False).
        self._clock: Clock = (
            clock
            if clock is not None
            else ServerClock(self._fetch_server_ms, sync_interval=clock_sync_interval, enabled=sync_clock)
        )
        # A clock that can tell which sync timed a request (ServerClock) resyncs again on a second rejection.
        self._stamp_ms: Callable[[], int] = getattr(self._clock, "stamp_ms", self._clock.now_ms)
        self._task_group: TaskGroup | None = None
        # Retries: one policy (replaceable per call), one budget shared by every call of this client.
        self._retrier = Retrier(
            retry, budget=retry_budget, resync=self._clock.resync if self._clock is not None else None
        )
        self._headers: dict[str, str] = {"Content-Type": "application/json"}
        if locale:
            self._headers["locale"] = locale
        if demo_trading:
            self._headers["paptrading"] = "1"
        self._signed_headers = SignedHeaders(self._headers)
        if self._credentials is not None:
            self._signed_headers["ACCESS-KEY"] = self._credentials.api_key
            self._signed_headers["ACCESS-PASSPHRASE"] = self._credentials.passphrase
        self._sender: HttpSender | AiohttpSender
        if fast_transport and transport is None:
            # asyncio only: requests go to aiohttp directly, without httpx's objects (see _fast_transport).
            self._sender = AiohttpSender(self.base_url, timeout, max_response_size=max_response_size)
        else:
            self._sender = HttpSender(self.base_url, transport, timeout, max_response_size=max_response_size)
        self._scopes: dict[str, tuple[str, ...]] = {}  # scope names per endpoint, built once
        self._state = ClientState.UNOPENED

    def __repr__(self) -> str:
        key = repr(self._credentials) if self._credentials else "no credentials"
        return f"Client(base_url={self.base_url!r}, {key})"

    @property
    def limiter_stats(self) -> LimiterStats | None:
        """Per-scope figures of the rate limiter (sent, waits, 429s, fill); None for a limiter without them."""
        stats = getattr(self._limiter, "stats", None)
        return stats if isinstance(stats, LimiterStats) else None

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
        return self._clock

    @property
    def clock_stats(self) -> ClockStats | None:
        """Offset from the server's clock, uncertainty, last sync age and drift; None for a custom clock."""
        return self._clock.stats if isinstance(self._clock, ServerClock) else None

    async def sync_clock(self) -> ClockStats | None:
        """Sync with the server's clock now (the next signed request uses it); returns the stats after it."""
        if isinstance(self._clock, ServerClock):
            return await self._clock.sync()
        await self._clock.resync()
        return None

    async def server_time(self) -> int:
        """The exchange's clock in epoch milliseconds (``GET /api/v2/public/time``)."""
        return server_ms(await self.request("GET", "/api/v2/public/time"))

    @functools.cached_property
    def spot(self) -> SpotAPI:
        """Spot market data, trading and account endpoints as typed methods (thin layers over request())."""
        from .api import SpotAPI

        return SpotAPI(self)

    @functools.cached_property
    def futures(self) -> FuturesAPI:
        """USDT-M futures endpoints as typed methods; see :meth:`futures_for` for COIN-M and USDC-M."""
        from .api import FuturesAPI
        from .models import ProductType

        return FuturesAPI(self, ProductType.USDT_FUTURES)

    @functools.cached_property
    def uta(self) -> UtaAPI:
        """The unified trading account's v3 endpoints (every category) as typed methods."""
        from .api import UtaAPI

        return UtaAPI(self)

    async def account_mode(self) -> AccountMode:
        """Whether this key's account is classic (use ``spot``/``futures``) or unified (use ``uta``).

        Probes ``GET /api/v3/account/settings``: a unified account answers it, a classic one gets 40084.
        """
        from .models import AccountMode

        try:
            await self.request("GET", "/api/v3/account/settings")
        except AccountModeError as exc:
            if exc.account_mode == "classic":
                return AccountMode.CLASSIC
            raise
        return AccountMode.UNIFIED

    @functools.cached_property
    def wallet(self) -> WalletAPI:
        """Transfers between accounts, deposits and withdrawals as typed methods."""
        from .api import WalletAPI

        return WalletAPI(self)

    @functools.cached_property
    def margin(self) -> MarginAPI:
        """The crossed-margin account (assets, limits, borrowing, repayment, interest) as typed methods."""
        from .api import MarginAPI

        return MarginAPI(self)

    @functools.cached_property
    def account(self) -> AccountAPI:
        """The account as a whole (info, balances per account type, funding and sub-account assets)."""
        from .api import AccountAPI

        return AccountAPI(self)

    @functools.cached_property
    def common(self) -> CommonAPI:
        """Fee rates and announcements as typed methods."""
        from .api import CommonAPI

        return CommonAPI(self)

    def futures_for(self, product_type: ProductType | str) -> FuturesAPI:
        """Futures endpoints of another product line: ``client.futures_for(ProductType.COIN_FUTURES)``."""
        from .api import FuturesAPI

        return FuturesAPI(self, product_type)

    async def _fetch_server_ms(self) -> int:
        """The server's clock in ms. Polls take from the public budget, ahead of waiting market calls."""
        return server_ms(await self.request("GET", "/api/v2/public/time", urgent=True))

    @property
    def has_credentials(self) -> bool:
        return self._credentials is not None

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
        await self._sender.__aenter__()
        self._state = ClientState.OPEN
        if isinstance(self._clock, ServerClock) and self._clock.enabled:
            # The client's task group owns the background resync; leaving the block cancels it.
            task_group = anyio.create_task_group()
            await task_group.__aenter__()
            self._task_group = task_group
            try:
                await task_group.start(self._clock.run)
            except BaseException as exc:
                # Cancelled (or failed) while starting: unwind the task group and the pool before re-raising,
                # or the task's cancel-scope stack is left corrupted.
                self._state = ClientState.CLOSED
                try:
                    await self._stop_background(type(exc), exc, exc.__traceback__)
                finally:
                    await self._sender.aclose()
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
            await self._sender.aclose()

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
        if not isinstance(method, str) or method.upper() not in _METHODS:
            raise InputError(f"method must be GET or POST, got {method!r}")
        method = method.upper()
        path = check_path(path)
        if timeout is not None:
            timeout = check_timeout(timeout)
        items = _check_items(method, params) if isinstance(params, list | tuple) else None
        params = {} if items is not None else _check_params(method, params)  # type: ignore[arg-type]
        endpoint = self.catalogue.lookup(method, path)
        if endpoint.signed and self._credentials is None:
            raise MissingCredentialsError(
                f"{method} {path} is a signed endpoint: pass api_key, api_secret and passphrase "
                "(or set BITGET_API_KEY, BITGET_API_SECRET, BITGET_PASSPHRASE)"
            )
        scopes = self._scopes.get(endpoint.key)
        if scopes is None:
            scopes = self._scopes[endpoint.key] = self._scopes_of(endpoint)
        if method == "GET":
            (query, escaped), body = build_queries(params), None
            url = f"{self.base_url}{path}?{escaped}" if escaped else f"{self.base_url}{path}"
        else:
            body = build_body(params) if items is None else build_array_body(items)
            query, escaped, url = "", "", f"{self.base_url}{path}"
        return PreparedCall(endpoint, scopes, params, query, url, body, urgent, timeout, escaped, items)

    def _scopes_of(self, endpoint: Endpoint) -> tuple[str, ...]:
        """The budgets a call takes from; a signed endpoint's own budget is named after this API key."""
        if not endpoint.signed or self._credentials is None:
            return endpoint.scopes
        key_scope = f"key:{self._credentials.key_id}:"
        return tuple(scope.replace("key:", key_scope, 1) for scope in endpoint.scopes)

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
        call = self.prepare(method, path, params, urgent=urgent, timeout=timeout)
        return await self._retrier.run(step_for(call, self, self._retrier.stats), retry)

    async def send(self, call: PreparedCall, *, on_send: Callable[[], None] | None = None) -> Any:
        """One attempt: take a token from every scope, sign with a fresh timestamp, send, decode.

        ``on_send`` is called once the request is handed to the transport (after the clock and the limiter):
        from then on, and only then, it may reach the exchange.
        """
        endpoint = call.endpoint
        if endpoint.signed:
            # Before taking a slot: a first sync sends requests of its own from this task, and must neither hold
            # this call's slot meanwhile nor take the limiter's note of which slot this task is using.
            await self._clock.ready()
        await self._limiter.acquire(call.scopes, urgent=call.urgent)
        headers: Mapping[str, str] = self._headers
        if endpoint.signed:
            timestamp = str(self._stamp_ms())  # after the wait: the freshest timestamp
            assert self._signer is not None  # prepare() refused signed calls without credentials
            headers = signed = SignedHeaders(self._signed_headers)  # its repr hides key, passphrase and signature
            signed["ACCESS-TIMESTAMP"] = timestamp
            signed["ACCESS-SIGN"] = self._signer.sign(
                prehash(timestamp, endpoint.method, endpoint.path, call.query, call.body or "")
            )
        if on_send is not None:
            on_send()
        try:
            status, response_headers, body = await self._sender.send(
                endpoint.method,
                endpoint.path,
                call.escaped_query,
                headers=headers,
                content=call.body,
                timeout=call.timeout,
            )
        finally:
            # The server counted the request somewhere before now: a limiter that can, counts its slot from now.
            if self._settle is not None:
                self._settle()
        try:
            return decode_envelope(
                status,
                response_headers,
                body,
                method=endpoint.method,
                path=endpoint.path,
                max_retry_after=self._max_retry_after,
            )
        except RateLimitError as exc:
            self._limiter.penalize(call.scopes, exc.retry_after)
            raise
