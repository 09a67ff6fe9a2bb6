"""Public channel data from the simulated markets: tickers, trades, candles and order books.

Tickers, candles and trades come from the same handlers as the REST answers (one source of truth); books come
from the instruments directly, as strings at the instrument's precision, so that the crc32 checksum is computed
over exactly the text that is sent. Everything is a pure function of time, so :meth:`PublicFeeds.book` can say
what the book was at any instant a message carried.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .._routing import Handler, SimRequest
from ..exchange.state._granularity import MIX_GRANULARITIES
from ..exchange.state._instrument import decimals
from ..exchange.state._symbols import CONTRACTS, SPOT_SYMBOLS
from ._channel import PUBLIC_SIMPLE, Channel
from ._checksum import book_checksum

__all__ = ["BookState", "PublicFeeds", "Push"]

Levels = list[list[str]]
_CANDLE_NAMES = frozenset(MIX_GRANULARITIES)
_SPOT_CANDLE_NAMES = dict(
    zip(
        ("1m", "3m", "5m", "15m", "30m", "1H", "4H", "6H", "12H", "1D", "3D", "1W", "1M"),
        ("1min", "3min", "5min", "15min", "30min", "1h", "4h", "6h", "12h", "1day", "3day", "1week", "1M"),
        strict=True,
    )
)
_TRADES_SNAPSHOT = 50
_CANDLES_SNAPSHOT = 30


@attrs.frozen
class Push:
    """One message's worth of data for one channel."""

    action: str  # snapshot or update
    data: list[Any]


@attrs.define
class BookState:
    """What one subscription of a ``books`` channel was sent last: price -> size text, per side."""

    bids: dict[str, str] = attrs.field(factory=dict)
    asks: dict[str, str] = attrs.field(factory=dict)
    sent: bool = False
    last_trade: int = -1
    last_candle: int = -1


def _diff(before: dict[str, str], after: Levels) -> Levels:
    now = {price: size for price, size in after}
    changes = [[price, "0"] for price in before if price not in now]
    changes += [[price, size] for price, size in after if before.get(price) != size]
    return changes


class PublicFeeds:
    """Builds public pushes; ``handlers`` is the exchange's REST route table, ``markets`` its instruments."""

    def __init__(
        self, handlers: Mapping[tuple[str, str], Handler], markets: Any, *, book_depth: Callable[[], int]
    ) -> None:
        self._handlers = handlers
        self._markets = markets
        self._book_depth = book_depth

    def exists(self, channel: Channel) -> bool:
        table: Mapping[str, Any] = SPOT_SYMBOLS if channel.inst_type == "SPOT" else CONTRACTS
        if channel.inst_type == "UTA" or channel.symbol not in table:
            return False
        interval = channel.interval
        return channel.kind in PUBLIC_SIMPLE or (interval is not None and interval in _CANDLE_NAMES)

    def _get(self, path: str, params: dict[str, str], now_ms: int) -> Any:
        return self._handlers[("GET", path)](SimRequest("GET", path, params, None, now_ms))

    # -- books ------------------------------------------------------------------------------------------------

    def book(self, inst_type: str, symbol: str, now_ms: int, depth: int | None = None) -> tuple[Levels, Levels]:
        """(bids, asks) best first, as the ``books`` channel sends them at ``now_ms``."""
        if inst_type == "SPOT":
            spec = SPOT_SYMBOLS[symbol]
            tick, price_places, size_places = spec.tick, spec.price_precision, spec.quantity_precision
        else:
            contract = CONTRACTS[symbol]
            tick, price_places, size_places = contract.tick, contract.price_place, contract.volume_place
        asks, bids = self._markets.instruments[symbol].book(now_ms, float(tick), depth or self._book_depth())
        smallest = 10.0**-size_places

        def levels(side: list[Any]) -> Levels:
            return [[decimals(lv.price, price_places), decimals(max(lv.size, smallest), size_places)] for lv in side]

        return levels(bids), levels(asks)

    def _books(self, channel: Channel, state: BookState, now_ms: int) -> Push | None:
        depth = {"books1": 1, "books5": 5, "books15": 15}.get(channel.kind)
        bids, asks = self.book(channel.inst_type, channel.symbol, now_ms, depth)
        if depth is not None:
            return Push("snapshot", [self._book_row(channel, bids, asks, now_ms)])
        if not state.sent:
            state.sent = True
            state.bids, state.asks = dict(map(tuple, bids)), dict(map(tuple, asks))  # type: ignore[arg-type]
            return Push("snapshot", [self._book_row(channel, bids, asks, now_ms)])
        bid_changes, ask_changes = _diff(state.bids, bids), _diff(state.asks, asks)
        if not bid_changes and not ask_changes:
            return None
        state.bids, state.asks = dict(map(tuple, bids)), dict(map(tuple, asks))  # type: ignore[arg-type]
        row = self._book_row(channel, bid_changes, ask_changes, now_ms)
        row["checksum"] = book_checksum(bids[:25], asks[:25])
        return Push("update", [row])

    def _book_row(self, channel: Channel, bids: Levels, asks: Levels, now_ms: int) -> dict[str, Any]:
        checksum = book_checksum(bids[:25], asks[:25])
        if channel.unified:
            return {"a": asks, "b": bids, "checksum": checksum, "seq": str(now_ms), "pseq": 0, "ts": str(now_ms)}
        return {"asks": asks, "bids": bids, "checksum": checksum, "ts": str(now_ms)}

    # -- ticker, trades, candles --------------------------------------------------------------------------------

    def _ticker(self, channel: Channel, now_ms: int) -> Push:
        if channel.inst_type == "SPOT":
            row = self._get("/api/v2/spot/market/tickers", {"symbol": channel.symbol}, now_ms)[0]
        else:
            params = {"symbol": channel.symbol, "productType": "USDT-FUTURES"}
            row = self._get("/api/v2/mix/market/ticker", params, now_ms)[0]
        if channel.unified:
            data = {
                "highPrice24h": row["high24h"],
                "lowPrice24h": row["low24h"],
                "openPrice24h": row.get("open24h", row.get("open")),
                "lastPrice": row["lastPr"],
                "turnover24h": row["quoteVolume"],
                "volume24h": row["baseVolume"],
                "bid1Price": row["bidPr"],
                "ask1Price": row["askPr"],
                "bid1Size": row["bidSz"],
                "ask1Size": row["askSz"],
                "price24hPcnt": row["change24h"],
            }
        else:
            data = dict(row)
            data["instId"] = data.pop("symbol")
            data.setdefault("open24h", data.pop("open", None))
        return Push("snapshot", [data])

    def _trades(self, channel: Channel, state: BookState, now_ms: int) -> Push | None:
        if channel.inst_type == "SPOT":
            path, params = "/api/v2/spot/market/fills", {"symbol": channel.symbol, "limit": str(_TRADES_SNAPSHOT)}
        else:
            path = "/api/v2/mix/market/fills"
            params = {"symbol": channel.symbol, "productType": "USDT-FUTURES", "limit": str(_TRADES_SNAPSHOT)}
        rows = self._get(path, params, now_ms)  # newest first
        action = "update" if state.sent else "snapshot"
        fresh = [row for row in rows if int(row["tradeId"]) > state.last_trade]
        state.sent = True
        if not fresh:
            return None
        state.last_trade = int(fresh[0]["tradeId"])
        return Push(action, [self._trade_row(channel, row) for row in fresh])

    @staticmethod
    def _trade_row(channel: Channel, row: Mapping[str, str]) -> dict[str, str]:
        if channel.unified:
            return {"T": row["ts"], "P": row["price"], "v": row["size"], "S": row["side"], "i": row["tradeId"]}
        keys = ("ts", "price", "size", "side", "tradeId")
        return {key: row[key] for key in keys}

    def _candles(self, channel: Channel, state: BookState, now_ms: int) -> Push:
        interval = channel.interval or ""
        limit = "2" if state.sent else str(_CANDLES_SNAPSHOT)
        if channel.inst_type == "SPOT":
            granularity = _SPOT_CANDLE_NAMES.get(interval, interval)
            params = {"symbol": channel.symbol, "granularity": granularity, "limit": limit}
            rows = self._get("/api/v2/spot/market/candles", params, now_ms)
        else:
            params = {"symbol": channel.symbol, "productType": "USDT-FUTURES", "granularity": interval, "limit": limit}
            rows = self._get("/api/v2/mix/market/candles", params, now_ms)
        action = "update" if state.sent else "snapshot"
        if state.sent:  # the open candle, and the one just closed when a new one opened since the last push
            rows = [row for row in rows if int(row[0]) >= state.last_candle]
        state.sent = True
        state.last_candle = int(rows[-1][0]) if rows else state.last_candle
        if channel.unified:
            keys = ("start", "open", "high", "low", "close", "volume", "turnover")
            return Push(action, [dict(zip(keys, row[:7], strict=True)) for row in rows])
        return Push(action, [list(row) for row in rows])

    def push(self, channel: Channel, state: BookState, now_ms: int) -> Push | None:
        """The next push of a public channel for one subscription (None when nothing changed)."""
        kind = channel.kind
        if kind == "ticker":
            return self._ticker(channel, now_ms)
        if kind == "trade":
            return self._trades(channel, state, now_ms)
        if kind.startswith("books"):
            return self._books(channel, state, now_ms)
        return self._candles(channel, state, now_ms)
