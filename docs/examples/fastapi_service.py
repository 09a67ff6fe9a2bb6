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

#: The exchange's code for a parameter value it does not know: here, a symbol it does not list.
NO_SUCH_SYMBOL = "40034"


@asynccontextmanager
async def exchange_errors(symbol: str) -> AsyncIterator[None]:
    """The library's errors as HTTP answers: an unknown symbol 404, other exchange errors 502, no answer 504."""
    try:
        yield
    except ExchangeError as exc:
        if exc.code == NO_SUCH_SYMBOL:
            raise HTTPException(status_code=404, detail=f"unknown symbol {symbol}") from exc
        raise HTTPException(status_code=502, detail=f"exchange error {exc.code}: {exc.message}") from exc
    except TransportError as exc:
        raise HTTPException(status_code=504, detail="exchange unreachable") from exc


def first_leaf(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """The first exception in a (nested) exception group, as a task group raises them."""
    first = group.exceptions[0]
    return first_leaf(first) if isinstance(first, BaseExceptionGroup) else first


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

    @app.get("/ticker/{symbol}")
    async def ticker(symbol: str, request: Request) -> dict[str, Any]:
        async with exchange_errors(symbol):
            found = await client_of(request).spot.ticker(symbol.upper())
        # Decimals go out as strings: money never passes through a float.
        return {
            "symbol": found.symbol,
            "last": str(found.last_price),
            "bid": str(found.bid_price),
            "ask": str(found.ask_price),
        }

    @app.get("/overview")
    async def overview(request: Request, symbols: str = Query(..., description="comma-separated")) -> dict[str, Any]:
        """Best bid and ask of several symbols, fetched concurrently; the limiter paces the whole burst."""
        client = client_of(request)
        # Each symbol once, in the order asked.
        wanted = list(dict.fromkeys(symbol.strip().upper() for symbol in symbols.split(",") if symbol.strip()))
        found: dict[str, Any] = {}
        unknown: list[str] = []

        async def one(symbol: str) -> None:
            try:
                async with exchange_errors(symbol):
                    book = await client.spot.orderbook(symbol, limit=1)
            except HTTPException as exc:
                if exc.status_code != 404:
                    raise
                unknown.append(symbol)  # every unknown symbol is named, not only the first to fail
                return
            best_bid, best_ask = book.best_bid, book.best_ask
            found[symbol] = {
                "bid": None if best_bid is None else str(best_bid.price),
                "ask": None if best_ask is None else str(best_ask.price),
            }

        try:
            async with anyio.create_task_group() as group:
                for symbol in wanted:
                    group.start_soon(one, symbol)
        except ExceptionGroup as failures:
            # FastAPI maps an HTTPException, not a group of them: raise the first leaf itself.
            raise first_leaf(failures) from None
        if unknown:
            raise HTTPException(status_code=404, detail=f"unknown symbols: {', '.join(sorted(unknown))}")
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
