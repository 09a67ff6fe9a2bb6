"""Convert (``/api/v2/convert/...``): swap one spot coin for another at a quoted price, without an order book.

A quote (quoted-price) prices the pair through the walk's USDT prices, charges no fee, and is good for
:data:`QUOTE_TTL_MS`; the trade must name the quote's ``traceId`` and repeat its figures, and spends it (a second
trade with the same traceId is refused, so the client never repeats one: the catalogue marks it unsafe).
"""

from __future__ import annotations

from decimal import ROUND_DOWN
from typing import Any

from ..._routing import Mount, SimError, SimRequest, get, post
from ..state._conversions import COINS, PLACES, QUOTE_TTL_MS, Conversions
from ..state._markets import format_decimal
from ._callers import Callers
from ._paging import PageWindow, newest_first
from ._params import Params

__all__ = ["QUOTE_TTL_MS", "ConvertEndpoints"]


class ConvertEndpoints:
    """Handlers of currencies, quoted-price, trade and convert-record."""

    def __init__(self, accounts: Callers, conversions: Conversions) -> None:
        self._accounts = accounts
        self._conversions = conversions

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/convert",
            [
                get("/currencies", self.currencies),
                get("/quoted-price", self.quoted_price),
                post("/trade", self.trade),
                get("/convert-record", self.records),
            ],
        )

    def _coin(self, params: Params, name: str) -> str:
        coin = params.required(name).upper()
        if coin not in COINS:
            raise SimError("40034", f"Parameter {coin} does not exist")
        return coin

    def currencies(self, request: SimRequest) -> list[dict[str, str]]:
        spot = self._accounts.spot(request)
        return [
            {
                "coin": coin,
                "available": format_decimal(spot.balances[coin].available.quantize(PLACES)),
                "maxAmount": "1000000",
                "minAmount": "0.0001",
            }
            for coin in COINS
        ]

    def quoted_price(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        self._accounts.spot(request)
        from_coin, to_coin = self._coin(params, "fromCoin"), self._coin(params, "toCoin")
        if from_coin == to_coin:
            raise SimError("40020", "Parameter toCoin error")
        price = self._conversions.price(from_coin, to_coin, request.now_ms)
        if (params.text("fromCoinSize") is None) == (params.text("toCoinSize") is None):
            raise SimError("40019", "Parameter fromCoinSize or toCoinSize must be given, not both")
        if params.text("fromCoinSize") is not None:
            from_size = params.positive_decimal("fromCoinSize")
            to_size = (from_size * price).quantize(PLACES, ROUND_DOWN)
        else:
            to_size = params.positive_decimal("toCoinSize")
            from_size = (to_size / price).quantize(PLACES)
        quote = self._conversions.quote(from_coin, to_coin, price, from_size, to_size, request.now_ms)
        return {
            "fee": "0",
            "fromCoinSize": format_decimal(from_size),
            "fromCoin": from_coin,
            "cnvtPrice": format_decimal(price),
            "toCoinSize": format_decimal(to_size),
            "toCoin": to_coin,
            "traceId": quote.trace_id,
        }

    def trade(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        spot = self._accounts.spot(request)
        assert request.uid is not None
        quote = self._conversions.take_quote(params.required("traceId"), request.now_ms)
        given = (
            params.required("fromCoin").upper(),
            params.positive_decimal("fromCoinSize"),
            params.required("toCoin").upper(),
            params.positive_decimal("toCoinSize"),
            params.positive_decimal("cnvtPrice"),
        )
        if given != (quote.from_coin, quote.from_size, quote.to_coin, quote.to_size, quote.price):
            raise SimError("40020", "The trade does not match its quote")
        now = request.now_ms
        self._conversions.swap(spot, quote, now)
        return {
            "ts": str(now),
            "cnvtPrice": format_decimal(quote.price),
            "toCoinSize": format_decimal(quote.to_size),
            "toCoin": quote.to_coin,
        }

    def records(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        self._accounts.spot(request)
        assert request.uid is not None
        params.required("startTime")
        params.required("endTime")
        window = PageWindow(params, default_limit=20, max_limit=100)
        done = self._conversions.done(request.uid)
        found = newest_first(done, [c.record_id for c in done], window, lambda c: c.ts)
        rows = [
            {
                "id": str(c.record_id),
                "ts": str(c.ts),
                "cnvtPrice": format_decimal(c.quote.price),
                "fee": "0",
                "fromCoinSize": format_decimal(c.quote.from_size),
                "fromCoin": c.quote.from_coin,
                "toCoinSize": format_decimal(c.quote.to_size),
                "toCoin": c.quote.to_coin,
            }
            for c in found
        ]
        return {"dataList": rows, "endId": rows[-1]["id"] if rows else ""}
