"""One attempt of a request, and nothing more: prepare once, then per attempt clock, limiter, signer, sender, envelope.

The retry steps receive a :class:`Pipeline` (as :class:`~asyncclient._attempt.Attempts`); the client composes
one from its options and puts the retry loop on top. Nothing here retries, and nothing here knows the client.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import anyio

from ._attempt import PreparedCall
from ._call_checks import check_path, check_timeout
from ._catalogue import Catalogue, Endpoint
from ._deadline import CALL_DEADLINE, anyio_deadline, passed
from ._encoding import MAX_VALUE_LENGTH, build_array_body, build_body, build_queries
from ._envelope import decode_envelope, parse_json, server_stamp_ms
from ._errors import (
    DeadlineExceededError,
    InputError,
    InputTypeError,
    MissingCredentialsError,
    RateLimitError,
    TransportError,
    shown,
)
from ._headers import SignedHeaders
from ._limiter import NO_GRANT, Grant
from ._protocols import Clock, InstantClock, InstantLimiter, RateLimiter, Sender, clock_reading
from ._signing import Credentials, Signer, prehash
from ._stamps import StampReader

__all__ = ["Pipeline"]

_METHODS = frozenset({"GET", "POST"})
#: Routes remembered per pipeline (the catalogue has some 600 endpoints; more means invented paths).
_MAX_ROUTES = 2048


def _check_params(method: str, params: Mapping[str, Any] | None) -> tuple[Mapping[str, Any], bool]:
    """``params``, checked, and whether they are a dict of short strings: a body that is dumped as it is (the
    same loop tells both, instead of :func:`~._encoding.build_body` looking at every item again)."""
    if params is None:
        return {}, True
    if type(params) is not dict and not isinstance(params, Mapping):  # a dict skips the ABC's check
        raise InputTypeError(f"params must be a mapping, got {type(params).__name__}")
    plain = type(params) is dict
    for key, value in params.items():
        if type(key) is not str:
            if not isinstance(key, str) or not key:
                raise InputTypeError(f"parameter names must be non-empty strings, got {shown(key)}")
            plain = False  # a str subclass: converted on the way to the body
        elif not key:
            raise InputTypeError(f"parameter names must be non-empty strings, got {shown(key)}")
        if type(value) is str:  # the common case skips the isinstance check against Mapping below
            if len(value) > MAX_VALUE_LENGTH:
                plain = False
            continue
        plain = False
        if method == "GET" and isinstance(value, Mapping | list | tuple):
            raise InputTypeError(f"GET parameter {shown(key)} must be a scalar, got {type(value).__name__}")
    return params, plain


def _check_items(method: str, items: Sequence[Any]) -> tuple[Mapping[str, Any], ...]:
    """The items of a JSON-array body (v3 batch endpoints take one): POST only, each a mapping."""
    if method != "POST":
        raise InputTypeError(f"only a POST body may be a list, got a list for {method}")
    if not all(isinstance(item, Mapping) for item in items):
        raise InputTypeError("a list body must hold mappings (one per order)")
    return tuple(_check_params(method, item)[0] for item in items)


def _never() -> bool:
    return False


def _not_sent(call: PreparedCall, waiting: str) -> DeadlineExceededError:
    endpoint = call.endpoint
    where = f" while waiting {waiting}" if waiting else ""
    return DeadlineExceededError(
        f"deadline reached{where} before the request was sent",
        method=endpoint.method,
        path=endpoint.path,
        maybe_sent=False,
    )


class Pipeline:
    """Builds requests and sends each once: the layer below the retry loop."""

    def __init__(
        self,
        *,
        catalogue: Catalogue,
        credentials: Credentials | None,
        limiter: RateLimiter,
        clock: Clock,
        sender: Sender,
        headers: Mapping[str, str],
        max_retry_after: float,
        timeout: float = math.inf,
    ) -> None:
        self.catalogue = catalogue
        self.credentials = credentials
        self.signer: Signer | None = credentials.signer() if credentials else None
        self.limiter = limiter
        self.clock = clock
        #: Reads the clock with its uncertainty (see :class:`~._attempt.Attempts`).
        self.clock_reading = clock_reading(clock)
        self.sender = sender
        #: The sender's own timeout per attempt (s); a call's deadline cuts it shorter when less is left.
        self.timeout = timeout
        # The waits that may end at once do without a cancel scope (see _deadline); these tell when they can.
        self._ready_now = clock.ready_now if isinstance(clock, InstantClock) else _never
        self._try_acquire = limiter.try_acquire if isinstance(limiter, InstantLimiter) else None
        self._max_retry_after = max_retry_after
        #: Headers every request carries (content type, locale, demo trading).
        self.headers: Mapping[str, str] = dict(headers)
        self._signed_headers = SignedHeaders(self.headers)
        if credentials is not None:
            self._signed_headers["ACCESS-KEY"] = credentials.api_key
            self._signed_headers["ACCESS-PASSPHRASE"] = credentials.passphrase
        #: The account (UID) signed budgets are counted for (see :meth:`count_for_uid`).
        self.uid: str | None = None
        #: (method, path) as the caller wrote them -> the endpoint and its scope names, checked and built once.
        self._routes: dict[tuple[str, str], tuple[Endpoint, tuple[str, ...]]] = {}
        self.stamps = StampReader(clock, limiter)

    async def _acquire(self, call: PreparedCall, deadline: float) -> Grant:
        """Wait for the limiter's slots, within ``deadline``."""
        with anyio.CancelScope(deadline=anyio_deadline(deadline)):
            return await self.limiter.acquire(call.scopes, urgent=call.urgent) or NO_GRANT
        raise _not_sent(call, "for the rate limiter")

    async def _clock_ready(self, call: PreparedCall, deadline: float) -> None:
        """Wait until the clock can time a signed request (a first sync, or one after a local clock jump)."""
        with anyio.CancelScope(deadline=anyio_deadline(deadline)) as waited:
            await self.clock.ready()
        if waited.cancelled_caught:
            raise _not_sent(call, "for the clock's sync")

    def _signed(self, call: PreparedCall) -> SignedHeaders:
        """The headers of a signed call, timed now (after every wait: the freshest timestamp)."""
        endpoint = call.endpoint
        timestamp = str(self.clock.stamp_ms())
        assert self.signer is not None  # prepare() refused signed calls without credentials
        signed = SignedHeaders(self._signed_headers)  # its repr hides key, passphrase, signature
        signed["ACCESS-TIMESTAMP"] = timestamp
        signed["ACCESS-SIGN"] = self.signer.sign(
            prehash(timestamp, endpoint.method, endpoint.path, call.query, call.body or "")
        )
        return signed

    def _timeout_within(self, call: PreparedCall, deadline: float) -> float | None:
        """The transport's timeout for ``call``, cut to what is left before ``deadline``; raises if nothing is."""
        timeout = call.timeout
        left = deadline - time.monotonic()
        if left <= 0:
            raise _not_sent(call, "")
        return left if left < (self.timeout if timeout is None else timeout) else timeout

    def count_for_uid(self, uid: str | None) -> None:
        """Count signed budgets per this account from now on (every API key of one account shares them)."""
        self.uid = uid
        self._routes.clear()

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
        # The endpoint and budgets of a (method, path) already checked once are remembered: per call, only the
        # parameters are left to check and encode.
        route = self._routes.get((method, path)) if type(method) is str and type(path) is str else None
        endpoint, scopes = route or self._route(method, path)
        method = endpoint.method
        if timeout is not None:
            timeout = check_timeout(timeout)
        items = _check_items(method, params) if isinstance(params, (list, tuple)) else None  # tuple, not union: faster
        params, plain = ({}, True) if items is not None else _check_params(method, params)  # type: ignore[arg-type]
        if method == "GET":
            (query, escaped), body = build_queries(params), None
        else:
            body = build_body(params, plain=plain) if items is None else build_array_body(items)
            query = escaped = ""
        return PreparedCall(endpoint, scopes, params, query, body, urgent, timeout, escaped, items)

    def _route(self, method: object, path: object) -> tuple[Endpoint, tuple[str, ...]]:
        """The catalogue row and budget scopes of ``method path``, checked (then remembered for the next call)."""
        if not isinstance(method, str) or method.upper() not in _METHODS:
            raise InputError(f"method must be GET or POST, got {method!r}")
        checked = check_path(path)
        endpoint = self.catalogue.lookup(method.upper(), checked)
        if endpoint.signed and self.credentials is None:
            raise MissingCredentialsError(
                f"{endpoint.method} {checked} is a signed endpoint: pass api_key, api_secret and passphrase "
                "(or set BITGET_API_KEY, BITGET_API_SECRET, BITGET_PASSPHRASE)"
            )
        if len(self._routes) >= _MAX_ROUTES:  # a caller inventing paths must not grow this without end
            self._routes.clear()
        route = self._routes[method, checked] = (endpoint, self._scopes_of(endpoint))
        return route

    def _scopes_of(self, endpoint: Endpoint) -> tuple[str, ...]:
        """The budgets a call takes from. A signed call's are the account's: ``uid:<uid>:...`` once the uid is
        known, else named after this API key (``key:<key id>:...``), right only while the account uses one key."""
        if not endpoint.signed or self.credentials is None:
            return endpoint.scopes
        owner = f"uid:{self.uid}:" if self.uid is not None else f"key:{self.credentials.key_id}:"
        return tuple(
            owner + scope.removeprefix("uid:") if scope.startswith("uid:") else scope for scope in endpoint.scopes
        )

    async def send(self, call: PreparedCall, *, on_send: Callable[[], None] | None = None) -> Any:
        """One attempt: take a slot from every scope, sign with a fresh timestamp, send, decode.

        The slot is held until the attempt is over, then settled at the instant the server counted the request
        (its stamp, when the clock can map it) or at the answer; given back if the request never left.
        ``on_send`` is called once the request is handed to the transport (after the clock and the limiter):
        from then on, and only then, it may reach the exchange. The running call's deadline
        (:data:`~._deadline.CALL_DEADLINE`) bounds every wait: DeadlineExceededError when it passes.
        """
        endpoint = call.endpoint
        deadline = CALL_DEADLINE.get()
        if endpoint.signed and not self._ready_now():
            # Before taking a slot: a first sync sends requests of its own from this task, and must not hold
            # this call's slot meanwhile.
            await self._clock_ready(call, deadline)
        grant = self._try_acquire(call.scopes, urgent=call.urgent) if self._try_acquire is not None else None
        if grant is None:
            grant = await self._acquire(call, deadline)
        counted_ago = 0.0
        try:
            headers = self._signed(call) if endpoint.signed else self.headers
            timeout = call.timeout if deadline == math.inf else self._timeout_within(call, deadline)
            if on_send is not None:
                on_send()
            sent_at = time.monotonic()
            status, response_headers, body = await self.sender.send(
                endpoint.method,
                endpoint.path,
                call.escaped_query,
                headers=headers,
                content=call.body,
                timeout=timeout,
            )
            answered = time.monotonic()
            # Parsed once: for the server's stamp (which settles the slot) and for the envelope below.
            document = parse_json(body)
            stamp = server_stamp_ms(response_headers, document)
            counted_ago = self.stamps.counted_ago(status, stamp, sent_at, answered)
        except TransportError as exc:
            if not exc.maybe_sent:
                grant.give_back()  # it never left: the server counted nothing
            if deadline != math.inf and passed(deadline) and not isinstance(exc, DeadlineExceededError):
                # The transport's timeout, cut to the deadline, is the deadline's.
                raise DeadlineExceededError(
                    f"deadline reached: {exc}", method=endpoint.method, path=endpoint.path, maybe_sent=exc.maybe_sent
                ) from None
            raise
        finally:
            # Answered, failed after it left, or cancelled in flight: the server may have counted it until now.
            grant.settle(counted_ago)
        try:
            return decode_envelope(
                status,
                response_headers,
                body,
                method=endpoint.method,
                path=endpoint.path,
                max_retry_after=self._max_retry_after,
                document=document,
            )
        except RateLimitError as exc:
            self.limiter.penalize(call.scopes, exc.retry_after)
            raise
