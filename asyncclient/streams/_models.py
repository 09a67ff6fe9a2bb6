"""What the streams deliver: small frozen attrs values, money as Decimal, times as epoch milliseconds.

``source`` says where a private event came from: ``"ws"`` (pushed) or ``"rest"`` (recovered over REST after a
gap). A :class:`Gap` records what a subscription missed and how it was made good.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

__all__ = [
    "BalanceUpdate",
    "BookLevel",
    "CandleUpdate",
    "FillUpdate",
    "Gap",
    "OrderBookView",
    "OrderUpdate",
    "TickerUpdate",
    "TradeUpdate",
]


@attrs.frozen
class TickerUpdate:
    """Best prices and 24-hour figures of one instrument."""

    symbol: str
    last: Decimal
    bid: Decimal | None
    ask: Decimal | None
    bid_size: Decimal | None
    ask_size: Decimal | None
    open_24h: Decimal | None
    high_24h: Decimal | None
    low_24h: Decimal | None
    base_volume: Decimal | None
    quote_volume: Decimal | None
    ts: int


@attrs.frozen
class TradeUpdate:
    """One public trade."""

    symbol: str
    trade_id: str
    price: Decimal
    size: Decimal
    side: str
    ts: int


@attrs.frozen
class CandleUpdate:
    """One candle; the newest is still open and is pushed again as it changes."""

    symbol: str
    interval: str
    start: int
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    base_volume: Decimal


@attrs.frozen
class BookLevel:
    price: Decimal
    size: Decimal


@attrs.frozen
class OrderBookView:
    """The local order book after a snapshot or an update, best levels first; ``checksum`` as verified."""

    symbol: str
    bids: tuple[BookLevel, ...]
    asks: tuple[BookLevel, ...]
    ts: int
    checksum: int | None
    #: True on the first view after a fresh snapshot (subscribe, reconnect, or a checksum mismatch).
    snapshot: bool = False


@attrs.frozen
class OrderUpdate:
    """An order of the account as it stood at ``updated_ms``."""

    symbol: str
    order_id: str
    client_oid: str | None
    side: str
    order_type: str
    status: str
    price: Decimal | None
    size: Decimal
    filled: Decimal
    price_avg: Decimal | None
    created_ms: int
    updated_ms: int
    source: str = "ws"


@attrs.frozen
class FillUpdate:
    """One fill of one of the account's orders."""

    symbol: str
    order_id: str
    trade_id: str
    side: str
    price: Decimal
    size: Decimal
    fee: Decimal | None
    fee_coin: str | None
    trade_scope: str | None
    created_ms: int
    source: str = "ws"


@attrs.frozen
class BalanceUpdate:
    """One coin of the account."""

    coin: str
    available: Decimal
    frozen: Decimal
    updated_ms: int | None
    source: str = "ws"


@attrs.frozen
class Gap:
    """A stretch a subscription may have missed: from ``start_ms`` to ``end_ms`` (server-clock ms).

    ``reason`` is ``disconnect``, ``checksum`` or ``slow_consumer``; ``recovered`` counts the events made good
    over REST (private channels) and ``lost`` those that were not (public trades a slow consumer skipped).
    """

    channel: str
    reason: str
    start_ms: int
    end_ms: int
    recovered: int = 0
    lost: int = 0
