"""The simulator's ASGI app: the exchange's protocol rules in front of the exchange state's handlers.

Raw ASGI, no framework, so one core serves thousands of requests a second. For each request, in order:
faults drawn before the handler, route lookup (404), rate limits (429), ``Content-Type`` (40007), signature
checks (``_auth``), JSON body (40017) and empty parameters (40019), the handler, then faults drawn after it.

The ASGI plumbing (envelope, body, answer, dropped connections) is ``_asgi``'s.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import anyio
import anyio.to_thread
import attrs

from .._catalogue import OVERALL_SCOPE, Endpoint
from . import _json
from ._asgi import Answer, Receive, Scope, Send, drop, drop_start, envelope, faulted, lifespan, read_body, respond
from ._auth import KeyRegistry, authenticate, decode_query
from ._clock import SimClock
from ._faults import Fault, Faults
from ._limits import RateLimits, retry_after_seconds
from ._records import DROPPED, RecordedRequest, Records
from ._routing import Handler, OffLoop, SimError, SimRequest

__all__ = ["Receive", "Scope", "Send", "Served", "SimulatorApp"]

_OVERALL_ONLY = (OVERALL_SCOPE,)


@attrs.frozen
class Served:
    """An endpoint the app serves: its catalogue row (budgets, signed or not) and its handler."""

    endpoint: Endpoint
    handler: Handler


class _Refused(Exception):
    """A request turned away by a rate limit, with the seconds until it would be admitted."""

    def __init__(self, wait: float) -> None:
        self.wait = wait


def _check_not_empty(params: Mapping[str, Any]) -> None:
    for name, value in params.items():
        if value == "":
            raise SimError("40019", f"Parameter {name} cannot be empty")


class SimulatorApp:
    """The ASGI callable. Built by :class:`~asyncclient.testing.Simulator`, which owns every part it uses."""

    def __init__(
        self,
        *,
        routes: Mapping[tuple[str, str], Served],
        keys: KeyRegistry,
        clock: SimClock,
        limits: RateLimits,
        faults: Faults,
        records: Records,
        retry_after_header: bool = True,
    ) -> None:
        self.routes = dict(routes)
        self._keys = keys
        self._clock = clock
        self._limits = limits
        self._faults = faults
        self._records = records
        self.retry_after_header = retry_after_header
        #: Serves WebSocket connections (the simulator's streams); None closes them.
        self.websocket: Callable[[Scope, Receive, Send], Awaitable[None]] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            await self._http(scope, receive, send)
        elif scope["type"] == "websocket":
            if self.websocket is not None:
                await self.websocket(scope, receive, send)
            else:
                await send({"type": "websocket.close", "code": 1008})
        elif scope["type"] == "lifespan":
            await lifespan(receive, send)

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        body = await read_body(receive)
        method: str = scope["method"]
        path: str = scope["path"]
        raw_query: bytes = scope.get("query_string", b"")
        client = scope.get("client")
        client_ip = str(client[0]) if client else "unknown"
        faults = self._faults
        latency = answer_latency = 0.0
        fault: Fault | None = None
        if faults.active:
            settings = faults.settings_for(path)
            # Half the latency before the work and half after, so the round trip stays symmetric.
            latency = settings.latency / 2 if settings is not None else 0.0
            answer_latency = settings.answer_latency if settings is not None else 0.0
            if latency:
                await anyio.sleep(latency)
            fault = faults.before(path)
        if fault is Fault.LATE:
            await self._late(scope, method, path, raw_query, body, client_ip, send)
            return
        # Stamped here, and counted by the rate limits in the same step (no await between): the envelope's
        # requestTime is the instant the request was counted, as the exchange's is.
        now_ms = self._clock.now_ms()
        if fault is None:
            answer = await self._answer(
                scope,
                method=method,
                path=path,
                raw_query=raw_query,
                body=body,
                client_ip=client_ip,
                now_ms=now_ms,
            )
            if faults.active:
                fault = faults.after(path)
        elif fault is Fault.RATE_LIMIT:
            answer = self._too_many(now_ms, 1.0)
        else:
            answer = Answer(0, b"")
        if latency or answer_latency:
            await anyio.sleep(latency + answer_latency)
        answer, fault = faulted(answer, fault, now_ms)
        dropped = fault is Fault.DROP or fault is Fault.DROP_AFTER_ACCEPT
        self._record(
            method, path, raw_query, DROPPED if dropped else answer.status, client_ip, answer.uid, now_ms, fault
        )
        if dropped:
            await drop(send)
        else:
            # The v3 API also says when it took the request in a header; the stamp is the instant it was counted.
            await respond(send, answer, now_ms if path.startswith("/api/v3/") else None)

    async def _late(
        self, scope: Scope, method: str, path: str, raw_query: bytes, body: bytes, client_ip: str, send: Send
    ) -> None:
        """A queued request: the answer never comes; the exchange acts on it (timestamp checked then) later."""
        settings = self._faults.settings_for(path)
        await drop_start(send)
        await anyio.sleep(settings.late_by if settings is not None else 0.0)
        now_ms = self._clock.now_ms()
        answer = await self._answer(
            scope, method=method, path=path, raw_query=raw_query, body=body, client_ip=client_ip, now_ms=now_ms
        )
        self._record(method, path, raw_query, DROPPED, client_ip, answer.uid, now_ms, Fault.LATE)

    def _record(
        self,
        method: str,
        path: str,
        raw_query: bytes,
        status: int,
        client_ip: str,
        uid: str | None,
        now_ms: int,
        fault: Fault | None,
    ) -> None:
        query = raw_query.decode("latin-1")
        value = fault.value if fault is not None else None
        self._records.add(RecordedRequest(method, path, query, status, client_ip, uid, now_ms, value))

    async def _answer(
        self,
        scope: Scope,
        *,
        method: str,
        path: str,
        raw_query: bytes,
        body: bytes,
        client_ip: str,
        now_ms: int,
    ) -> Answer:
        uid: str | None = None
        try:
            route = self.routes.get((method, path))
            if route is None:
                self._admit(_OVERALL_ONLY, client_ip)
                return Answer(404, envelope("40404", "Request URL NOT FOUND", now_ms), None)
            endpoint = route.endpoint
            headers: Mapping[str, str] = {}
            if endpoint.signed or method == "POST":
                headers = {name.decode("latin-1"): value.decode("latin-1") for name, value in scope["headers"]}
            if endpoint.signed:
                try:
                    if method == "POST":
                        _check_content_type(headers)
                    key = authenticate(
                        self._keys,
                        headers,
                        method=method,
                        path=path,
                        raw_query=raw_query,
                        body=body,
                        now_ms=now_ms,
                    )
                except SimError:
                    self._admit(_OVERALL_ONLY, client_ip)
                    raise
                uid = key.uid
                self._admit(endpoint.scopes, client_ip, key.api_key, uid)
            else:
                self._admit(endpoint.scopes, client_ip)
                if method == "POST":
                    _check_content_type(headers)
            params, items = _parse_params(method, raw_query, body, arrays=path.startswith("/api/v3/"))
            request = SimRequest(method=method, path=path, params=params, uid=uid, now_ms=now_ms, items=items)
            handler = route.handler
            if isinstance(handler, OffLoop):  # stamped and counted above; built while the loop serves others
                result = await anyio.to_thread.run_sync(handler, request)
            else:
                result = handler(request)
            if inspect.isawaitable(result):
                result = await result
            return Answer(200, envelope("00000", "success", now_ms, result), uid)
        except SimError as exc:
            return Answer(exc.http_status, envelope(exc.code, exc.msg, now_ms), uid)
        except _Refused as refused:
            return self._too_many(now_ms, refused.wait, uid)

    def _admit(
        self, scopes: tuple[str, ...], client_ip: str, api_key: str | None = None, uid: str | None = None
    ) -> None:
        wait = self._limits.admit(scopes, client_ip, api_key, uid)
        if wait > 0:
            raise _Refused(wait)

    def _too_many(self, now_ms: int, wait: float, uid: str | None = None) -> Answer:
        retry_after = retry_after_seconds(wait) if self.retry_after_header else None
        return Answer(429, envelope("429", "Too Many Requests", now_ms), uid, retry_after)


def _check_content_type(headers: Mapping[str, str]) -> None:
    if not headers.get("content-type", "").lower().startswith("application/json"):
        raise SimError("40007", "Invalid Content_Type, please use application/json")


def _parse_params(
    method: str, raw_query: bytes, body: bytes, *, arrays: bool = False
) -> tuple[dict[str, Any], tuple[Any, ...] | None]:
    """GET parameters from the query (the first value of a name wins); POST parameters from the JSON body.

    With ``arrays`` (the v3 paths, whose batch endpoints take one), a body that is a JSON array comes back as
    items, with no parameters; elsewhere it is 40017 like any body that is not an object.
    """
    if method == "GET":
        params: dict[str, Any] = {}
        for name, value in decode_query(raw_query):
            params.setdefault(name, value)
    elif body.strip():
        try:
            decoded = _json.loads(body)
        except _json.DECODE_ERRORS:
            raise SimError("40017", "Parameter verification failed: the body is not valid JSON") from None
        if arrays and isinstance(decoded, list):
            return {}, tuple(decoded)
        if not isinstance(decoded, dict):
            raise SimError("40017", "Parameter verification failed: the body must be a JSON object")
        params = decoded
    else:
        params = {}
    _check_not_empty(params)
    return params, None
