"""A tiny exchange state and a hand-written signer for the simulator's protocol tests.

The toy state serves a few endpoints so the protocol layer has something to guard; the signer is written here,
independently of both the library's signer and the simulator's checker.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from collections.abc import Mapping
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import httpx

from asyncclient.testing import Handler, SimError, SimRequest, Simulator

API_KEY = "toy-key"
API_SECRET = "toy-secret"
PASSPHRASE = "toy-passphrase"

ASSETS = "/api/v2/spot/account/assets"
PLACE = "/api/v2/spot/trade/place-order"
TICKERS = "/api/v2/spot/market/tickers"
COINS = "/api/v2/spot/public/coins"
TIME = "/api/v2/public/time"


class ToyExchange:
    """Balances, orders by clientOid, and two public endpoints that echo what they were asked."""

    def __init__(self) -> None:
        self.balances: dict[str, dict[str, Decimal]] = {}
        self.orders: dict[str, dict[str, list[dict[str, Any]]]] = {}
        self.calls = 0

    def handlers(self) -> Mapping[tuple[str, str], Handler]:
        return {
            ("GET", ASSETS): self.assets,
            ("POST", PLACE): self.place,
            ("GET", TICKERS): self.tickers,
            ("GET", COINS): self.coins,
        }

    def open_account(self, uid: str, balances: Mapping[str, Decimal]) -> None:
        self.balances[uid] = dict(balances)
        self.orders[uid] = {}

    def orders_by_client_oid(self, uid: str) -> Mapping[str, list[dict[str, Any]]]:
        return self.orders.get(uid, {})

    def assets(self, request: SimRequest) -> list[dict[str, str]]:
        self.calls += 1
        assert request.uid is not None
        return [{"coin": coin, "available": str(amount)} for coin, amount in self.balances[request.uid].items()]

    def place(self, request: SimRequest) -> dict[str, str]:
        self.calls += 1
        assert request.uid is not None
        if "symbol" not in request.params:
            raise SimError("40019", "Parameter symbol cannot be empty")
        client_oid = str(request.params.get("clientOid", f"auto-{self.calls}"))
        orders = self.orders[request.uid]
        if client_oid in orders:
            raise SimError("43118", "clientOrderId duplicate")
        order_id = str(1000 + self.calls)
        orders[client_oid] = [{"orderId": order_id, "clientOid": client_oid, **request.params}]
        return {"orderId": order_id, "clientOid": client_oid}

    def tickers(self, request: SimRequest) -> list[dict[str, Any]]:
        self.calls += 1
        return [{"symbol": request.params.get("symbol", "ALL"), "params": dict(request.params)}]

    def coins(self, request: SimRequest) -> list[Any]:
        self.calls += 1
        return []


def toy_simulator(**options: Any) -> tuple[Simulator, ToyExchange, str]:
    """A simulator over a fresh toy exchange with the toy account registered; returns (sim, exchange, uid)."""
    exchange = ToyExchange()
    sim = Simulator(seed=7, exchange=exchange, **options)
    uid = sim.add_account(api_key=API_KEY, api_secret=API_SECRET, passphrase=PASSPHRASE, balances={"USDT": "100"})
    return sim, exchange, uid


def hmac_sign(secret: str, message: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), message, hashlib.sha256).digest()).decode()


def now_ms() -> int:
    return time.time_ns() // 1_000_000


def signed_request(
    method: str,
    path: str,
    *,
    query: str = "",
    body: bytes = b"",
    timestamp: int | None = None,
    api_key: str = API_KEY,
    secret: str = API_SECRET,
    passphrase: str = PASSPHRASE,
    content_type: str | None = "application/json",
    url_query: str | None = None,
    base_url: str = "http://simulator",
) -> httpx.Request:
    """A request signed over the raw ``query`` and ``body``; the URL carries ``url_query`` (or it escaped)."""
    stamp = str(now_ms() if timestamp is None else timestamp)
    head = f"{stamp}{method}{path}?{query}" if query else f"{stamp}{method}{path}"
    headers = {
        "ACCESS-KEY": api_key,
        "ACCESS-SIGN": hmac_sign(secret, head.encode() + body),
        "ACCESS-TIMESTAMP": stamp,
        "ACCESS-PASSPHRASE": passphrase,
    }
    if content_type is not None:
        headers["Content-Type"] = content_type
    sent_query = quote(query, safe="=&$") if url_query is None else url_query
    url = f"{base_url}{path}?{sent_query}" if sent_query else f"{base_url}{path}"
    return httpx.Request(method, url, headers=headers, content=body)


async def send(sim: Simulator, request: httpx.Request, client_ip: str = "127.0.0.1") -> httpx.Response:
    """Send one request to ``sim`` in-process and read the whole answer."""
    async with httpx.AsyncClient(transport=sim.transport(client_ip)) as http:
        return await http.send(request)
