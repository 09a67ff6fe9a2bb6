"""Public spot endpoints: symbols, coins, tickers, order books, candles and trades (shapes as documented)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..._routing import Mount, OffLoop, SimError, SimRequest, get
from ..state._granularity import MIX_GRANULARITIES, SPOT_GRANULARITIES
from ..state._instrument import Candle, Level, Trade, decimals
from ..state._margin_pairs import MARGIN_PAIRS, margin_currency_row
from ..state._markets import Markets, format_decimal
from ..state._symbols import QUOTE_COIN, SPOT_SYMBOLS, SpotSymbol
from ._candles import CandleRows, candle_window
from ._lookup import spot_symbol
from ._params import Params, invalid

__all__ = ["SpotPublic"]

_BOOK_STEPS = {f"step{n}": n for n in range(6)}
_MERGE_SCALES = {f"scale{n}": n for n in range(4)}
_MERGE_LIMITS = {"1": 1, "5": 5, "15": 15, "50": 50, "max": 150}
_HOURLY = MIX_GRANULARITIES["1H"]
_DAILY_UTC = MIX_GRANULARITIES["1Dutc"]


def _symbol_row(spec: SpotSymbol) -> dict[str, Any]:
    return {
        "symbol": spec.symbol,
        "baseCoin": spec.base_coin,
        "quoteCoin": spec.quote_coin,
        "minTradeAmount": format_decimal(spec.min_trade_amount),
        "maxTradeAmount": format_decimal(spec.max_trade_amount),
        "takerFeeRate": format_decimal(spec.taker_fee_rate),
        "makerFeeRate": format_decimal(spec.maker_fee_rate),
        "pricePrecision": str(spec.price_precision),
        "quantityPrecision": str(spec.quantity_precision),
        "quotePrecision": str(spec.quote_precision),
        "minTradeUSDT": format_decimal(spec.min_trade_usdt),
        "status": spec.status,
        "buyLimitPriceRatio": "0.05",
        "sellLimitPriceRatio": "0.05",
    }


def _coin_row(index: int, coin: str, places: int) -> dict[str, Any]:
    minimum = format_decimal(Decimal(1).scaleb(-min(places, 8)))
    return {
        "coinId": str(index),
        "coin": coin,
        "transfer": "true",
        "chains": [
            {
                "chain": coin,
                "needTag": "false",
                "withdrawable": "true",
                "rechargeable": "true",
                "withdrawFee": minimum,
                "extraWithdrawFee": "0",
                "depositConfirm": "12",
                "withdrawConfirm": "12",
                "minDepositAmount": minimum,
                "minWithdrawAmount": minimum,
                "browserUrl": "",
                "contractAddress": "",
                "withdrawStep": "0",
                "withdrawMinScale": str(min(places, 8)),
            }
        ],
    }


def _levels(levels: list[Level], price_places: int, size_places: int) -> list[list[str]]:
    return [[decimals(level.price, price_places), decimals(level.size, size_places)] for level in levels]


def spot_candle_row(candle: Candle, spec: SpotSymbol) -> list[str]:
    """``[ts, open, high, low, close, baseVolume, usdtVolume, quoteVolume]``."""
    places = spec.price_precision
    quote_volume = decimals(candle.base_volume * (candle.open + candle.close) / 2, 4)
    return [
        str(candle.start_ms),
        decimals(candle.open, places),
        decimals(candle.high, places),
        decimals(candle.low, places),
        decimals(candle.close, places),
        decimals(candle.base_volume, spec.quantity_precision),
        quote_volume,
        quote_volume,
    ]


def trade_row(trade: Trade, symbol: str, price_places: int, size_places: int, side: str) -> dict[str, str]:
    return {
        "symbol": symbol,
        "tradeId": str(trade.trade_id),
        "side": side,
        "price": decimals(trade.price, price_places),
        "size": decimals(max(trade.size, 10.0**-size_places), size_places),
        "ts": str(trade.ts),
    }


class SpotPublic:
    """Handlers of the public spot endpoints."""

    def __init__(self, markets: Markets) -> None:
        self._markets = markets
        self._rows = CandleRows(spot_candle_row)

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2",
            [
                get("/spot/public/symbols", self.symbols),
                get("/spot/public/coins", self.coins),
                get("/margin/currencies", self.margin_currencies),
                get("/spot/market/tickers", self.tickers),
                get("/spot/market/orderbook", self.orderbook),
                get("/spot/market/merge-depth", self.merge_depth),
                get("/spot/market/candles", OffLoop(self.candles)),
                get("/spot/market/history-candles", OffLoop(self.history_candles)),
                get("/spot/market/fills", self.fills),
                get("/spot/market/fills-history", self.fills_history),
                get("/public/time", self.server_time),
            ],
        )

    def server_time(self, request: SimRequest) -> dict[str, str]:
        return {"serverTime": str(request.now_ms)}

    def symbols(self, request: SimRequest) -> list[dict[str, Any]]:
        params = Params(request.params)
        if params.text("symbol") is not None:
            return [_symbol_row(spot_symbol(params))]
        return [_symbol_row(spec) for spec in SPOT_SYMBOLS.values()]

    def coins(self, request: SimRequest) -> list[dict[str, Any]]:
        places = {QUOTE_COIN: 6} | {spec.base_coin: spec.quantity_precision for spec in SPOT_SYMBOLS.values()}
        rows = [_coin_row(i + 1, coin, p) for i, (coin, p) in enumerate(places.items())]
        wanted = Params(request.params).text("coin")
        if wanted is not None:
            rows = [row for row in rows if row["coin"] == wanted.upper()]
        return rows

    def margin_currencies(self, request: SimRequest) -> list[dict[str, Any]]:
        """The pairs open to margin trading; clients that list spot markets (ccxt's ``load_markets``) call it."""
        return [margin_currency_row(pair) for pair in MARGIN_PAIRS.values()]

    def tickers(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        if params.text("symbol") is not None:
            return [self._ticker(spot_symbol(params), request.now_ms)]
        return [self._ticker(spec, request.now_ms) for spec in SPOT_SYMBOLS.values()]

    def _ticker(self, spec: SpotSymbol, now_ms: int) -> dict[str, str]:
        instrument = self._markets.instruments[spec.symbol]
        stats = instrument.stats_24h(now_ms, _HOURLY, _DAILY_UTC)
        quote = self._markets.quote(spec.symbol, spec.tick, now_ms)
        last = float(quote.bid)
        places = spec.price_precision
        quote_volume = decimals(stats.base_volume * last, 4)
        sizes = instrument.book(now_ms, float(spec.tick), 1)
        return {
            "symbol": spec.symbol,
            "high24h": decimals(max(stats.high, last), places),
            "open": decimals(stats.open, places),
            "low24h": decimals(min(stats.low, last), places),
            "lastPr": format_decimal(quote.bid),
            "quoteVolume": quote_volume,
            "baseVolume": decimals(stats.base_volume, spec.quantity_precision),
            "usdtVolume": quote_volume,
            "bidPr": format_decimal(quote.bid),
            "askPr": format_decimal(quote.ask),
            "bidSz": decimals(sizes[1][0].size, spec.quantity_precision),
            "askSz": decimals(sizes[0][0].size, spec.quantity_precision),
            "openUtc": decimals(stats.open_utc, places),
            "ts": str(now_ms),
            "changeUtc24h": decimals(last / stats.open_utc - 1, 5),
            "change24h": decimals(last / stats.open - 1, 5),
        }

    def orderbook(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        spec = spot_symbol(params)
        steps = params.choice("type", _BOOK_STEPS, default="step0")
        assert steps is not None
        depth = params.limit(default=150, maximum=150)
        step = spec.tick.scaleb(_BOOK_STEPS[steps])
        asks, bids = self._markets.instruments[spec.symbol].book(request.now_ms, float(step), depth)
        places = max(spec.price_precision - _BOOK_STEPS[steps], 0)
        return {
            "asks": _levels(asks, places, spec.quantity_precision),
            "bids": _levels(bids, places, spec.quantity_precision),
            "ts": str(request.now_ms),
        }

    def merge_depth(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        spec = spot_symbol(params)
        precision = params.choice("precision", _MERGE_SCALES, default="scale0")
        assert precision is not None
        limit_text = params.text("limit")
        if limit_text is not None and limit_text not in _MERGE_LIMITS:
            raise invalid("limit")
        depth = 100 if limit_text is None else _MERGE_LIMITS[limit_text]
        scale = _MERGE_SCALES[precision]
        step = spec.tick.scaleb(scale)
        asks, bids = self._markets.instruments[spec.symbol].book(request.now_ms, float(step), depth)
        places = max(spec.price_precision - scale, 0)
        return {
            "asks": _levels(asks, places, spec.quantity_precision),
            "bids": _levels(bids, places, spec.quantity_precision),
            "ts": str(request.now_ms),
            "scale": format_decimal(step),
            "precision": precision,
            "isMaxPrecision": "YES" if scale == 3 else "NO",
        }

    def candles(self, request: SimRequest) -> list[list[str]]:
        return self._candles(request, max_limit=1000, end_required=False)

    def history_candles(self, request: SimRequest) -> list[list[str]]:
        return self._candles(request, max_limit=200, end_required=True)

    def _candles(self, request: SimRequest, *, max_limit: int, end_required: bool) -> list[list[str]]:
        params = Params(request.params)
        spec = spot_symbol(params)
        granularity, candles = candle_window(
            self._markets.instruments[spec.symbol],
            SPOT_GRANULARITIES,
            params,
            request.now_ms,
            max_limit=max_limit,
            end_required=end_required,
        )
        return self._rows.rows(spec.symbol, granularity, candles, spec)

    def fills(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        spec = spot_symbol(params)
        limit = params.limit(default=100, maximum=500)
        trades = self._markets.instruments[spec.symbol].trades(request.now_ms // 1000 + 1, 0, request.now_ms, limit)
        return [self._trade(trade, spec) for trade in trades]

    def fills_history(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        spec = spot_symbol(params)
        limit = params.limit(default=500, maximum=1000)
        before = params.integer("idLessThan", low=1)
        start = params.integer("startTime", default=0, low=0)
        end = params.integer("endTime", low=0)
        assert start is not None
        last = request.now_ms if end is None else min(end, request.now_ms)
        if before is None:
            before = last // 1000 + 1
        if last - start > 7 * 86_400_000 and params.text("startTime") is not None:
            raise SimError("40020", "Parameter startTime error: the time window is at most 7 days")
        trades = self._markets.instruments[spec.symbol].trades(before, start, last, limit)
        return [self._trade(trade, spec) for trade in trades]

    def _trade(self, trade: Trade, spec: SpotSymbol) -> dict[str, str]:
        return trade_row(trade, spec.symbol, spec.price_precision, spec.quantity_precision, trade.side)
