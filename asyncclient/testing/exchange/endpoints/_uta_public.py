"""Public v3 market endpoints (``/api/v3/market/...``), answered from the same markets as the v2 ones.

Each handler reads ``category`` and translates the request to the v2 spot or USDT-M handler, then the answer to
the v3 shape of the documented samples. SPOT and USDT-FUTURES have instruments; MARGIN, COIN-FUTURES and
USDC-FUTURES are valid categories with no instruments (empty lists; a symbol in them is 40034).
"""

from __future__ import annotations

from typing import Any

import attrs

from ..._routing import Mount, OffLoop, SimError, SimRequest, get
from ..state._markets import Markets, format_decimal
from ..state._symbols import CONTRACTS, SPOT_SYMBOLS
from ._lookup import contract, spot_symbol
from ._mix_public import MixPublic
from ._params import Params, invalid
from ._spot_public import SpotPublic
from ._uta_rows import futures_instrument, spot_instrument, spot_ticker

__all__ = ["CATEGORIES", "FUTURES_CATEGORIES", "UtaPublic", "require_category"]

CATEGORIES = ("SPOT", "MARGIN", "USDT-FUTURES", "COIN-FUTURES", "USDC-FUTURES")
FUTURES_CATEGORIES = ("USDT-FUTURES", "COIN-FUTURES", "USDC-FUTURES")
#: Categories the simulator has instruments in.
SERVED = ("SPOT", "USDT-FUTURES")
#: v3 candle intervals and the v2 spot spelling of each.
_SPOT_INTERVALS = {
    "1m": "1min",
    "3m": "3min",
    "5m": "5min",
    "15m": "15min",
    "30m": "30min",
    "1H": "1h",
    "4H": "4h",
    "6H": "6h",
    "12H": "12h",
    "1D": "1day",
    "3D": "3day",
    "1W": "1week",
    "1M": "1M",
}


def require_category(params: Params, *, futures: bool = False, required: bool = True) -> str | None:
    """``category``: one of the five (or the futures three); 40019 when missing, 40020 when unknown."""
    return params.choice("category", FUTURES_CATEGORIES if futures else CATEGORIES, required=required)


def _unserved(category: str, params: Params) -> bool:
    """A category without instruments: its lists are empty and a symbol in it does not exist."""
    if category in SERVED:
        return False
    symbol = params.text("symbol")
    if symbol is not None:
        raise SimError("40034", f"Parameter {symbol} does not exist")
    return True


class UtaPublic:
    """Handlers of ``/api/v3/market/...``."""

    def __init__(self, markets: Markets, spot: SpotPublic, mix: MixPublic) -> None:
        self._markets = markets
        self._spot = spot
        self._mix = mix

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v3/market",
            [
                get("/instruments", self.instruments),
                get("/tickers", self.tickers),
                get("/orderbook", self.orderbook),
                get("/candles", OffLoop(self.candles)),
                get("/history-candles", OffLoop(self.history_candles)),
                get("/fills", self.fills),
                get("/current-fund-rate", self.current_fund_rate),
                get("/history-fund-rate", self.history_fund_rate),
                get("/open-interest", self.open_interest),
                get("/position-tier", self.position_tier),
            ],
        )

    def _v2(self, request: SimRequest, category: str, **params: Any) -> SimRequest:
        """The request as the v2 handler of ``category`` reads it."""
        extra = {"productType": "USDT-FUTURES"} if category != "SPOT" else {}
        kept = {key: value for key, value in request.params.items() if key not in ("category", "interval")}
        merged = {**kept, **extra, **{key: value for key, value in params.items() if value is not None}}
        return attrs.evolve(request, params=merged)

    def instruments(self, request: SimRequest) -> list[dict[str, Any]]:
        params = Params(request.params)
        category = require_category(params)
        assert category is not None
        if _unserved(category, params):
            return []
        symbol = params.text("symbol")
        if category == "SPOT":
            spots = [spot_symbol(params)] if symbol else list(SPOT_SYMBOLS.values())
            return [spot_instrument(spec) for spec in spots]
        contracts = [contract(params)] if symbol else list(CONTRACTS.values())
        return [futures_instrument(spec) for spec in contracts]

    def tickers(self, request: SimRequest) -> list[dict[str, Any]]:
        params = Params(request.params)
        category = require_category(params)
        assert category is not None
        if _unserved(category, params):
            return []
        if category == "SPOT":
            return [spot_ticker(row) for row in self._spot.tickers(self._v2(request, category))]
        if params.text("symbol") is not None:
            rows = self._mix.ticker(self._v2(request, category))
        else:
            rows = self._mix.tickers(self._v2(request, category))
        return [self._futures_ticker(row, request.now_ms) for row in rows]

    def _futures_ticker(self, row: dict[str, Any], now_ms: int) -> dict[str, Any]:
        return {
            **spot_ticker(row, category="USDT-FUTURES"),
            "openPrice24h": row["open24h"],
            "indexPrice": row["indexPrice"],
            "markPrice": row["markPrice"],
            "fundingRate": row["fundingRate"],
            "openInterest": row["holdingAmount"],
            "deliveryStartTime": "",
            "deliveryTime": "",
            "deliveryStatus": "",
        }

    def orderbook(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        category = require_category(params)
        assert category is not None
        _unserved(category, params)
        depth = params.limit(default=50, maximum=200)
        if category == "SPOT":
            book = self._spot.orderbook(self._v2(request, category, limit=str(min(depth, 150))))
        else:
            book = self._mix.merge_depth(self._v2(request, category, limit="max" if depth > 50 else None))
        # The documented sample writes levels as JSON numbers under "a" and "b".
        return {
            "a": [[float(price), float(size)] for price, size in book["asks"][:depth]],
            "b": [[float(price), float(size)] for price, size in book["bids"][:depth]],
            "ts": book["ts"],
        }

    def candles(self, request: SimRequest) -> list[list[str]]:
        return self._candles(request, max_limit=1000)

    def history_candles(self, request: SimRequest) -> list[list[str]]:
        return self._candles(request, max_limit=100)

    def _candles(self, request: SimRequest, *, max_limit: int) -> list[list[str]]:
        params = Params(request.params)
        category = require_category(params)
        assert category is not None
        if _unserved(category, params):
            return []
        interval = params.required("interval")
        limit = str(params.limit(default=100, maximum=max_limit))
        if category == "SPOT":
            if interval not in _SPOT_INTERVALS:
                raise invalid("interval")
            spot = self._v2(request, category, granularity=_SPOT_INTERVALS[interval], limit=limit)
            # v2 spot rows carry a USDT volume at 6; v3 rows are [ts, o, h, l, c, base volume, quote volume].
            return [row[:6] + row[7:8] for row in self._spot.candles(spot)]
        return self._mix.candles(self._v2(request, category, granularity=interval, limit=limit))

    def fills(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        category = require_category(params)
        assert category is not None
        if _unserved(category, params):
            return []
        limit = str(params.limit(default=100, maximum=100))
        handler = self._spot.fills if category == "SPOT" else self._mix.fills
        rows = handler(self._v2(request, category, limit=limit))
        return [
            {
                "execId": row["tradeId"],
                "execLinkId": row["tradeId"],
                "price": row["price"],
                "size": row["size"],
                "side": row["side"].lower(),
                "ts": row["ts"],
            }
            for row in rows
        ]

    def current_fund_rate(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        spec = contract(params)
        rate = self._mix.funding_rate(spec.symbol, request.now_ms)
        period = 8 * 3_600_000
        return [
            {
                "symbol": spec.symbol,
                "fundingRate": rate,
                "fundingRateInterval": "8",
                "nextUpdate": str((request.now_ms // period + 1) * period),
                "minFundingRate": "-0.003",
                "maxFundingRate": "0.003",
            }
        ]

    def history_fund_rate(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        require_category(params, futures=True)
        spec = contract(params)
        limit = params.limit(default=100, maximum=100)
        period = 8 * 3_600_000
        last = request.now_ms // period * period
        times = [last - index * period for index in range(limit)]
        rows = [
            {
                "symbol": spec.symbol,
                "fundingRate": self._mix.funding_rate(spec.symbol, t),
                "fundingRateTimestamp": str(t),
            }
            for t in times
        ]
        return {"resultList": rows}

    def open_interest(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        category = require_category(params, futures=True)
        assert category is not None
        if _unserved(category, params):
            return {"list": [], "ts": str(request.now_ms)}
        specs = [contract(params)] if params.text("symbol") else list(CONTRACTS.values())
        rows = []
        for spec in specs:
            answer = self._mix.open_interest(self._v2(request, category, symbol=spec.symbol))
            rows.append({"symbol": spec.symbol, "openInterest": answer["openInterestList"][0]["size"]})
        return {"list": rows, "ts": str(request.now_ms)}

    def position_tier(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        require_category(params, futures=True)
        spec = contract(params)
        tiers = []
        floor = 0
        for tier, (ceiling, leverage) in enumerate(((100_000, spec.max_lever), (500_000, 20), (2_000_000, 10)), 1):
            rate = format_decimal(spec.keep_margin_rate * tier)
            tiers.append(
                {
                    "tier": str(tier),
                    "minTierValue": str(floor),
                    "maxTierValue": str(ceiling),
                    "leverage": str(leverage),
                    "mmr": rate,
                }
            )
            floor = ceiling
        return tiers
