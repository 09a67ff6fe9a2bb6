"""A FastAPI service sharing one asyncclient ``Client``: opened in the lifespan, used by every request.

Run it with ``uvicorn --factory docs.examples.fastapi_service:create_app`` (set ``ASYNCCLIENT_BASE_URL`` to
point it at ``asyncclient sim``). Tests build it with ``create_app(client_factory=...)`` around a simulator.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import anyio
from fastapi import FastAPI, HTTPException, Query, Request

from asyncclient import Client, ExchangeError, TransportError

TICKERS = "/api/v2/spot/market/tickers"
ORDER_BOOK = "/api/v2/spot/market/orderbook"


def default_client() -> Client:
    return Client(base_url=os.environ.get("ASYNCCLIENT_BASE_URL", "https://api.bitget.com"))


def create_app(client_factory: Callable[[], Client] = default_client) -> FastAPI:
    """The service; ``client_factory`` builds the one client it shares (tests pass a simulator's)."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        # One client for the whole service: one connection pool, one limiter that sees all traffic, one clock.
        async with client_factory() as client:
            app.state.client = client
            yield

    app = FastAPI(title="market service", lifespan=lifespan)

    def client_of(request: Request) -> Client:
        client: Client = request.app.state.client
        return client

    async def call(client: Client, path: str, params: dict[str, Any]) -> Any:
        try:
            return await client.request("GET", path, params)
        except ExchangeError as exc:
            raise HTTPException(status_code=502, detail=f"exchange error {exc.code}: {exc.message}") from exc
        except TransportError as exc:
            raise HTTPException(status_code=504, detail="exchange unreachable") from exc

    @app.get("/ticker/{symbol}")
    async def ticker(symbol: str, request: Request) -> dict[str, Any]:
        data = await call(client_of(request), TICKERS, {"symbol": symbol.upper()})
        if not data:
            raise HTTPException(status_code=404, detail=f"no ticker for {symbol}")
        first: dict[str, Any] = data[0]
        return {
            "symbol": first["symbol"],
            "last": first["lastPr"],
            "bid": first["bidPr"],
            "ask": first["askPr"],
        }

    @app.get("/overview")
    async def overview(request: Request, symbols: str = Query(..., description="comma-separated")) -> dict[str, Any]:
        """Best bid and ask of several symbols, fetched concurrently; the limiter paces the whole burst."""
        client = client_of(request)
        # Each symbol once, in the order asked.
        wanted = list(dict.fromkeys(symbol.strip().upper() for symbol in symbols.split(",") if symbol.strip()))
        found: dict[str, Any] = {}

        async def one(symbol: str) -> None:
            book = await call(client, ORDER_BOOK, {"symbol": symbol, "limit": 1})
            found[symbol] = {"bid": book["bids"][0][0], "ask": book["asks"][0][0]}

        async with anyio.create_task_group() as group:
            for symbol in wanted:
                group.start_soon(one, symbol)
        return {symbol: found[symbol] for symbol in wanted}

    @app.get("/metrics")
    async def metrics(request: Request) -> dict[str, Any]:
        """The client's own figures: limiter per scope, retries, clock."""
        client = client_of(request)
        limiter = client.limiter_stats
        scopes = {
            name: {
                "limit": scope.limit,
                "window_s": scope.window,
                "sent": scope.sent,
                "waited": scope.waited,
                "avg_wait_ms": round(scope.avg_wait * 1000, 3),
                "max_wait_ms": round(scope.max_wait * 1000, 3),
                "rate_limited": scope.rate_limited,
                "waiting": scope.waiting,
            }
            for name, scope in (limiter.items() if limiter is not None else [])
        }
        retries = client.retry_stats
        clock = client.clock_stats
        return {
            "limiter": scopes,
            "retries": {
                "calls": retries.calls,
                "attempts": retries.attempts,
                "by_reason": dict(retries.retries_by_reason),
            },
            "clock": None if clock is None else {"synced": clock.synced, "offset_ms": clock.offset_ms},
        }

    return app
