"""Public futures endpoints: contracts, tickers, depth, candles, trades, funding and open interest."""

from __future__ import annotations

from typing import Any

from ..._routing import Mount, OffLoop, SimRequest, get
from ..state._granularity import MIX_GRANULARITIES
from ..state._instrument import Candle, Trade, decimals, salt
from ..state._markets import Markets, format_decimal
from ..state._product_lines import ALL_CONTRACTS, CONTRACTS_BY_LINE
from ..state._symbols import Contract
from ..state._walk import noise
from ._candles import CandleRows, candle_window
from ._lookup import listed_contract, listed_product_type
from ._params import Params, invalid
from ._spot_public import trade_row

__all__ = ["MixPublic"]

_MERGE_SCALES = {f"scale{n}": n for n in range(4)}
_MERGE_LIMITS = {"1": 1, "5": 5, "15": 15, "50": 50, "max": 150}
_FUNDING_PERIOD_MS = 8 * 3_600_000


def _contract_row(spec: Contract) -> dict[str, Any]:
    return {
        "symbol": spec.symbol,
        "baseCoin": spec.base_coin,
        "quoteCoin": spec.quote_coin,
        "buyLimitPriceRatio": "0.05",
        "sellLimitPriceRatio": "0.05",
        "feeRateUpRatio": "0.1",
        "makerFeeRate": format_decimal(spec.maker_fee_rate),
        "takerFeeRate": format_decimal(spec.taker_fee_rate),
        "openCostUpRatio": "0.1",
        "supportMarginCoins": [spec.margin_coin],
        "minTradeNum": format_decimal(spec.min_trade_num),
        "priceEndStep": "1",
        "volumePlace": str(spec.volume_place),
        "pricePlace": str(spec.price_place),
        "sizeMultiplier": format_decimal(spec.size_multiplier),
        "symbolType": "perpetual",
        "minTradeUSDT": format_decimal(spec.min_trade_usdt),
        "maxSymbolOrderNum": "200",
        "maxProductOrderNum": "400",
        "maxPositionNum": "150",
        "symbolStatus": "normal",
        "offTime": "-1",
        "limitOpenTime": "-1",
        "deliveryTime": "",
        "deliveryStartTime": "",
        "launchTime": "",
        "fundInterval": "8",
        "minLever": "1",
        "maxLever": str(spec.max_lever),
        "posLimit": "0.05",
        "maintainTime": "",
    }


def mix_candle_row(candle: Candle, spec: Contract) -> list[str]:
    """``[ts, open, high, low, close, baseVolume, quoteVolume]``."""
    places = spec.price_place
    return [
        str(candle.start_ms),
        decimals(candle.open, places),
        decimals(candle.high, places),
        decimals(candle.low, places),
        decimals(candle.close, places),
        decimals(candle.base_volume, spec.volume_place),
        decimals(candle.base_volume * (candle.open + candle.close) / 2, 4),
    ]


class MixPublic:
    """Handlers of the public futures endpoints, for every listed product line."""

    def __init__(self, markets: Markets) -> None:
        self._markets = markets
        self._rows = CandleRows(mix_candle_row)
        self._funding_salts = {name: salt(markets.seed, name, "funding") for name in ALL_CONTRACTS}
        self._interest_salts = {name: salt(markets.seed, name, "interest") for name in ALL_CONTRACTS}

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/mix/market",
            [
                get("/contracts", self.contracts),
                get("/ticker", self.ticker),
                get("/tickers", self.tickers),
                get("/merge-depth", self.merge_depth),
                get("/candles", OffLoop(self.candles)),
                get("/history-candles", OffLoop(self.history_candles)),
                get("/fills", self.fills),
                get("/fills-history", self.fills_history),
                get("/open-interest", self.open_interest),
                get("/current-fund-rate", self.current_fund_rate),
                get("/symbol-price", self.symbol_price),
            ],
        )

    def _contract(self, request: SimRequest, *, required: bool = True) -> tuple[Params, Contract | None]:
        params = Params(request.params)
        line = listed_product_type(params)
        if not required and params.text("symbol") is None:
            return params, None
        return params, listed_contract(params, line)

    def funding_rate(self, symbol: str, now_ms: int) -> str:
        value = 0.0001 + 0.0003 * noise(self._funding_salts[symbol], now_ms // _FUNDING_PERIOD_MS)
        return decimals(value, 6)

    def _holding(self, spec: Contract, now_ms: int) -> str:
        usdt = 5e7 * (1.2 + noise(self._interest_salts[spec.symbol], now_ms // 3_600_000))
        return decimals(usdt / spec.base_price, spec.volume_place)

    def contracts(self, request: SimRequest) -> list[dict[str, Any]]:
        params, spec = self._contract(request, required=False)
        specs = [spec] if spec is not None else list(CONTRACTS_BY_LINE[listed_product_type(params)].values())
        return [_contract_row(item) for item in specs]

    def ticker(self, request: SimRequest) -> list[dict[str, Any]]:
        _, spec = self._contract(request)
        assert spec is not None
        return [self._ticker(spec, request.now_ms)]

    def tickers(self, request: SimRequest) -> list[dict[str, Any]]:
        line = listed_product_type(Params(request.params))
        return [self._ticker(spec, request.now_ms) for spec in CONTRACTS_BY_LINE[line].values()]

    def _ticker(self, spec: Contract, now_ms: int) -> dict[str, Any]:
        instrument = self._markets.instruments[spec.symbol]
        stats = instrument.stats_24h(now_ms, MIX_GRANULARITIES["1H"], MIX_GRANULARITIES["1Dutc"])
        quote = self._markets.quote(spec.symbol, spec.tick, now_ms)
        last = float(quote.bid)
        places = spec.price_place
        asks, bids = instrument.book(now_ms, float(spec.tick), 1)
        volume = decimals(stats.base_volume * last, 4)
        return {
            "symbol": spec.symbol,
            "lastPr": format_decimal(quote.bid),
            "askPr": format_decimal(quote.ask),
            "bidPr": format_decimal(quote.bid),
            "bidSz": decimals(bids[0].size, spec.volume_place),
            "askSz": decimals(asks[0].size, spec.volume_place),
            "high24h": decimals(max(stats.high, last), places),
            "low24h": decimals(min(stats.low, last), places),
            "ts": str(now_ms),
            "change24h": decimals(last / stats.open - 1, 5),
            "baseVolume": decimals(stats.base_volume, spec.volume_place),
            "quoteVolume": volume,
            "usdtVolume": volume,
            "openUtc": decimals(stats.open_utc, places),
            "changeUtc24h": decimals(last / stats.open_utc - 1, 5),
            "indexPrice": format_decimal(quote.bid),
            "fundingRate": self.funding_rate(spec.symbol, now_ms),
            "holdingAmount": self._holding(spec, now_ms),
            "deliveryStartTime": None,
            "deliveryTime": None,
            "deliveryStatus": "",
            "open24h": decimals(stats.open, places),
            "markPrice": format_decimal(quote.bid),
        }

    def merge_depth(self, request: SimRequest) -> dict[str, Any]:
        params, spec = self._contract(request)
        assert spec is not None
        precision = params.choice("precision", _MERGE_SCALES, default="scale0")
        assert precision is not None
        limit_text = params.text("limit")
        if limit_text is not None and limit_text not in _MERGE_LIMITS:
            raise invalid("limit")
        depth = 100 if limit_text is None else _MERGE_LIMITS[limit_text]
        scale = _MERGE_SCALES[precision]
        step = spec.tick.scaleb(scale)
        asks, bids = self._markets.instruments[spec.symbol].book(request.now_ms, float(step), depth)
        places = max(spec.price_place - scale, 0)
        size_places = spec.volume_place

        # The documented sample writes levels as JSON numbers, unlike spot.
        def levels(side: list[Any]) -> list[list[float]]:
            return [[round(level.price, places), round(level.size, size_places)] for level in side]

        return {
            "asks": levels(asks),
            "bids": levels(bids),
            "ts": str(request.now_ms),
            "scale": format_decimal(step),
            "precision": precision,
            "isMaxPrecision": "YES" if scale == 3 else "NO",
        }

    def candles(self, request: SimRequest) -> list[list[str]]:
        return self._candles(request, max_limit=1000)

    def history_candles(self, request: SimRequest) -> list[list[str]]:
        return self._candles(request, max_limit=200)

    def _candles(self, request: SimRequest, *, max_limit: int) -> list[list[str]]:
        params, spec = self._contract(request)
        assert spec is not None
        # Mark and index candles are the traded price here: the simulator keeps no basis.
        params.choice("kLineType", ("MARKET", "MARK", "INDEX"))
        granularity, candles = candle_window(
            self._markets.instruments[spec.symbol],
            MIX_GRANULARITIES,
            params,
            request.now_ms,
            max_limit=max_limit,
        )
        return self._rows.rows(spec.symbol, granularity, candles, spec)

    def fills(self, request: SimRequest) -> list[dict[str, str]]:
        params, spec = self._contract(request)
        assert spec is not None
        limit = params.limit(default=100, maximum=100)
        trades = self._markets.instruments[spec.symbol].trades(request.now_ms // 1000 + 1, 0, request.now_ms, limit)
        return [self._trade(trade, spec, trade.side) for trade in trades]

    def fills_history(self, request: SimRequest) -> list[dict[str, str]]:
        params, spec = self._contract(request)
        assert spec is not None
        limit = params.limit(default=500, maximum=1000)
        start = params.integer("startTime", default=0, low=0)
        end = params.integer("endTime", low=0)
        assert start is not None
        last = request.now_ms if end is None else min(end, request.now_ms)
        before = params.integer("idLessThan", default=last // 1000 + 1, low=1)
        assert before is not None
        trades = self._markets.instruments[spec.symbol].trades(before, start, last, limit)
        # The documented sample capitalises the side here ("Sell", "Buy"), unlike the recent-fills endpoint.
        return [self._trade(trade, spec, trade.side.capitalize()) for trade in trades]

    def _trade(self, trade: Trade, spec: Contract, side: str) -> dict[str, str]:
        return trade_row(trade, spec.symbol, spec.price_place, spec.volume_place, side)

    def open_interest(self, request: SimRequest) -> dict[str, Any]:
        _, spec = self._contract(request)
        assert spec is not None
        return {
            "openInterestList": [{"symbol": spec.symbol, "size": self._holding(spec, request.now_ms)}],
            "ts": str(request.now_ms),
        }

    def current_fund_rate(self, request: SimRequest) -> list[dict[str, str]]:
        params, spec = self._contract(request, required=False)
        specs = [spec] if spec is not None else list(CONTRACTS_BY_LINE[listed_product_type(params)].values())
        return [{"symbol": s.symbol, "fundingRate": self.funding_rate(s.symbol, request.now_ms)} for s in specs]

    def symbol_price(self, request: SimRequest) -> list[dict[str, str]]:
        _, spec = self._contract(request)
        assert spec is not None
        price = format_decimal(self._markets.quote(spec.symbol, spec.tick, request.now_ms).bid)
        return [
            {
                "symbol": spec.symbol,
                "price": price,
                "indexPrice": price,
                "markPrice": price,
                "ts": str(request.now_ms),
            }
        ]
