"""Reading pushed rows into the stream models, classic (v2) and unified (v3) field names alike.

A row missing a required field raises :class:`~asyncclient.streams.StreamFormatError` naming the channel, so
a change on the exchange's side is a clear error and never a wrong number.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from .._errors import shown
from ._errors import StreamFormatError
from ._models import BalanceUpdate, CandleUpdate, FillUpdate, OrderUpdate, TickerUpdate, TradeUpdate

__all__ = ["balance", "candle", "fill", "order", "ticker", "trade"]

Row = Mapping[str, Any]


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(value) if isinstance(value, str) else Decimal(str(value))
    except InvalidOperation:
        raise StreamFormatError(f"not a number: {shown(value)}") from None


def _required(row: Row, *keys: str) -> Any:
    for key in keys:
        value = row.get(key)
        if value is not None and value != "":
            return value
    raise StreamFormatError(f"field {keys[0]!r} missing from {shown(sorted(row), 200)}")


def _money(row: Row, *keys: str) -> Decimal:
    value = _decimal(_required(row, *keys))
    assert value is not None
    return value


def _optional(row: Row, *keys: str) -> Decimal | None:
    for key in keys:
        if key in row:
            return _decimal(row[key])
    return None


def ticker(row: Row, symbol: str, ts: int) -> TickerUpdate:
    return TickerUpdate(
        symbol=str(row.get("instId") or row.get("symbol") or symbol),
        last=_money(row, "lastPr", "lastPrice"),
        bid=_optional(row, "bidPr", "bid1Price"),
        ask=_optional(row, "askPr", "ask1Price"),
        bid_size=_optional(row, "bidSz", "bid1Size"),
        ask_size=_optional(row, "askSz", "ask1Size"),
        open_24h=_optional(row, "open24h", "openPrice24h"),
        high_24h=_optional(row, "high24h", "highPrice24h"),
        low_24h=_optional(row, "low24h", "lowPrice24h"),
        base_volume=_optional(row, "baseVolume", "volume24h"),
        quote_volume=_optional(row, "quoteVolume", "turnover24h"),
        ts=int(row.get("ts") or ts),
    )


def trade(row: Row, symbol: str) -> TradeUpdate:
    return TradeUpdate(
        symbol=symbol,
        trade_id=str(_required(row, "tradeId", "i")),
        price=_money(row, "price", "P"),
        size=_money(row, "size", "v"),
        side=str(_required(row, "side", "S")),
        ts=int(_required(row, "ts", "T")),
    )


def candle(row: Any, symbol: str, interval: str) -> CandleUpdate:
    if isinstance(row, Mapping):
        values = [row.get(key) for key in ("start", "open", "high", "low", "close", "volume")]
    elif isinstance(row, list | tuple) and len(row) >= 6:
        values = list(row[:6])
    else:
        raise StreamFormatError(f"not a candle row: {shown(row, 200)}")
    numbers = [_decimal(value) for value in values[1:]]
    if values[0] is None or any(number is None for number in numbers):
        raise StreamFormatError(f"incomplete candle row: {shown(row, 200)}")
    open_, high, low, close, volume = (number for number in numbers if number is not None)
    return CandleUpdate(symbol, interval, int(values[0]), open_, high, low, close, volume)


def order(row: Row, source: str = "ws") -> OrderUpdate:
    created = int(_required(row, "cTime", "createdTime"))
    return OrderUpdate(
        symbol=str(_required(row, "instId", "symbol")),
        order_id=str(_required(row, "orderId")),
        client_oid=row.get("clientOid") or None,
        side=str(_required(row, "side")),
        order_type=str(_required(row, "orderType")),
        status=str(_required(row, "status", "orderStatus")),
        price=_optional(row, "price"),
        size=_money(row, "newSize", "size", "qty"),
        filled=_optional(row, "accBaseVolume", "cumExecQty", "baseVolume") or Decimal(0),
        price_avg=_optional(row, "priceAvg", "avgPrice"),
        created_ms=created,
        updated_ms=int(row.get("uTime") or row.get("updatedTime") or created),
        source=source,
    )


def fill(row: Row, source: str = "ws") -> FillUpdate:
    fees = row.get("feeDetail")
    first: Row = fees[0] if isinstance(fees, list) and fees and isinstance(fees[0], Mapping) else {}
    return FillUpdate(
        symbol=str(_required(row, "symbol", "instId")),
        order_id=str(_required(row, "orderId")),
        trade_id=str(_required(row, "tradeId", "execId")),
        side=str(_required(row, "side")),
        price=_money(row, "priceAvg", "execPrice", "price"),
        size=_money(row, "size", "execQty"),
        fee=_optional(first, "totalFee", "fee"),
        fee_coin=first.get("feeCoin"),
        trade_scope=row.get("tradeScope"),
        created_ms=int(_required(row, "cTime", "createdTime")),
        source=source,
    )


def balance(row: Row, source: str = "ws") -> BalanceUpdate:
    return BalanceUpdate(
        coin=str(_required(row, "coin", "marginCoin")),
        available=_money(row, "available"),
        frozen=_optional(row, "frozen", "locked") or Decimal(0),
        updated_ms=int(row["uTime"]) if row.get("uTime") else None,
        source=source,
    )
