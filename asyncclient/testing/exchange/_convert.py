"""Convert (``/api/v2/convert/...``): swap one spot coin for another at a quoted price, without an order book.

A quote (quoted-price) prices the pair through the walk's USDT prices, charges no fee, and is good for
:data:`QUOTE_TTL_MS`; the trade must name the quote's ``traceId`` and repeat its figures, and spends it (a second
trade with the same traceId is refused, so the client never repeats one: the catalogue marks it unsafe).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal
from typing import Any

import attrs

from .._routing import Mount, SimError, SimRequest, get, post
from ._accounts import Accounts
from ._ids import IdSequence
from ._markets import Markets, format_decimal
from ._paging import PageWindow, newest_first
from ._params import Params
from ._symbols import SPOT_SYMBOLS

__all__ = ["QUOTE_TTL_MS", "ConvertEndpoints"]

QUOTE_TTL_MS = 10_000
_PLACES = Decimal("1e-8")
#: Coins that convert: USDT and the base coin of every USDT pair.
COINS = ("USDT", *sorted({spec.base_coin for spec in SPOT_SYMBOLS.values() if spec.quote_coin == "USDT"}))


@attrs.frozen
class _Quote:
    trace_id: str
    from_coin: str
    from_size: Decimal
    to_coin: str
    to_size: Decimal
    price: Decimal
    expires_ms: int


@attrs.frozen
class _Conversion:
    record_id: int
    quote: _Quote
    ts: int


class ConvertEndpoints:
    """Handlers of currencies, quoted-price, trade and convert-record."""

    def __init__(self, markets: Markets, accounts: Accounts, ids: IdSequence) -> None:
        self._markets = markets
        self._accounts = accounts
        self._ids = ids
        self._quotes: dict[str, _Quote] = {}
        self._done: dict[str, list[_Conversion]] = {}

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

    def _usdt_price(self, coin: str, now_ms: int) -> Decimal:
        if coin == "USDT":
            return Decimal(1)
        spec = SPOT_SYMBOLS[f"{coin}USDT"]
        return self._markets.quote(spec.symbol, spec.tick, now_ms).bid

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
                "available": format_decimal(spot.balances[coin].available.quantize(_PLACES)),
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
        price = self._usdt_price(from_coin, request.now_ms) / self._usdt_price(to_coin, request.now_ms)
        price = price.quantize(_PLACES, ROUND_DOWN)
        if (params.text("fromCoinSize") is None) == (params.text("toCoinSize") is None):
            raise SimError("40019", "Parameter fromCoinSize or toCoinSize must be given, not both")
        if params.text("fromCoinSize") is not None:
            from_size = params.positive_decimal("fromCoinSize")
            to_size = (from_size * price).quantize(_PLACES, ROUND_DOWN)
        else:
            to_size = params.positive_decimal("toCoinSize")
            from_size = (to_size / price).quantize(_PLACES)
        trace_id = str(self._ids.next())
        quote = _Quote(trace_id, from_coin, from_size, to_coin, to_size, price, request.now_ms + QUOTE_TTL_MS)
        self._quotes[trace_id] = quote
        return {
            "fee": "0",
            "fromCoinSize": format_decimal(from_size),
            "fromCoin": from_coin,
            "cnvtPrice": format_decimal(price),
            "toCoinSize": format_decimal(to_size),
            "toCoin": to_coin,
            "traceId": trace_id,
        }

    def trade(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        spot = self._accounts.spot(request)
        assert request.uid is not None
        quote = self._quotes.pop(params.required("traceId"), None)
        if quote is None or request.now_ms > quote.expires_ms:
            raise SimError("40020", "The quote has expired or does not exist")
        given = (
            params.required("fromCoin").upper(),
            params.positive_decimal("fromCoinSize"),
            params.required("toCoin").upper(),
            params.positive_decimal("toCoinSize"),
            params.positive_decimal("cnvtPrice"),
        )
        if given != (quote.from_coin, quote.from_size, quote.to_coin, quote.to_size, quote.price):
            raise SimError("40020", "The trade does not match its quote")
        if spot.balances[quote.from_coin].available < quote.from_size:
            raise SimError("43012", "Insufficient balance")
        now = request.now_ms
        spot._move(quote.from_coin, -quote.from_size, Decimal(0), now, group="convert", business="convert_out")
        spot._move(quote.to_coin, quote.to_size, Decimal(0), now, group="convert", business="convert_in")
        self._done.setdefault(request.uid, []).append(_Conversion(self._ids.next(), quote, now))
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
        done = self._done.get(request.uid, [])
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
