"""Enumerations of the exchange's closed sets, which keep a value they do not know instead of failing.

``Side("buy") is Side.BUY``; ``Side("BUY")`` and ``Side("Buy")`` find the same member (the exchange is
not consistent about case); ``Side("short_sell")`` returns a new member whose ``value`` is ``"short_sell"``
and whose ``known`` is False, so a new value on the exchange never breaks parsing.
"""

from __future__ import annotations

import enum
from typing import Self

__all__ = [
    "Force",
    "Granularity",
    "HoldSide",
    "MarginMode",
    "OpenEnum",
    "OrderStatus",
    "OrderType",
    "PositionMode",
    "ProductType",
    "Side",
    "StpMode",
    "SymbolStatus",
    "TradeScope",
    "TradeSide",
]

#: Other spellings the exchange uses, by enum name: lower-case spelling -> canonical value.
_ALIASES: dict[str, dict[str, str]] = {
    "OrderStatus": {"canceled": "cancelled", "rejected": "reject"},
    "MarginMode": {"cross": "crossed", "fixed": "isolated"},
}


class OpenEnum(enum.StrEnum):
    """A string enum that keeps unknown values as extra members (``known`` is False for them)."""

    @classmethod
    def _missing_(cls, value: object) -> Self | None:
        if not isinstance(value, str):
            return None
        lowered = value.strip().lower()
        aliases = _ALIASES.get(cls.__name__, {})
        for member in cls:
            if member.value.lower() in (lowered, aliases.get(lowered)):
                return member
        # A value the exchange added after this release: keep it rather than fail.
        pseudo = str.__new__(cls, value)
        pseudo._name_ = value.upper()
        pseudo._value_ = value
        return cls._value2member_map_.setdefault(value, pseudo)  # type: ignore[return-value]

    @property
    def known(self) -> bool:
        """False for a value this release of the library does not know."""
        return self._name_ in type(self).__members__


class Side(OpenEnum):
    BUY = "buy"
    SELL = "sell"


class OrderType(OpenEnum):
    LIMIT = "limit"
    MARKET = "market"


class Force(OpenEnum):
    """Time in force: good till cancelled, post only (maker only), fill or kill, immediate or cancel."""

    GTC = "gtc"
    POST_ONLY = "post_only"
    FOK = "fok"
    IOC = "ioc"


class OrderStatus(OpenEnum):
    INIT = "init"
    NEW = "new"
    LIVE = "live"
    PARTIALLY_FILLED = "partially_filled"
    FILLED = "filled"
    CANCELLED = "cancelled"
    REJECTED = "reject"

    @property
    def is_open(self) -> bool:
        """Still on the book (or about to be)."""
        return self in _OPEN_STATUSES


_OPEN_STATUSES = frozenset({OrderStatus.INIT, OrderStatus.NEW, OrderStatus.LIVE, OrderStatus.PARTIALLY_FILLED})


class ProductType(OpenEnum):
    """Futures product lines (``S``-prefixed ones are demo trading)."""

    USDT_FUTURES = "USDT-FUTURES"
    COIN_FUTURES = "COIN-FUTURES"
    USDC_FUTURES = "USDC-FUTURES"
    SUSDT_FUTURES = "SUSDT-FUTURES"
    SCOIN_FUTURES = "SCOIN-FUTURES"
    SUSDC_FUTURES = "SUSDC-FUTURES"

    @property
    def default_margin_coin(self) -> str | None:
        """The margin coin of a USDT or USDC product; None for coin-margined products (the coin varies)."""
        if "USDT" in self.value:
            return "USDT"
        if "USDC" in self.value:
            return "USDC"
        return None


class MarginMode(OpenEnum):
    ISOLATED = "isolated"
    CROSSED = "crossed"


class PositionMode(OpenEnum):
    ONE_WAY = "one_way_mode"
    HEDGE = "hedge_mode"


class HoldSide(OpenEnum):
    """The side of a futures position; ``net`` in one-way mode."""

    LONG = "long"
    SHORT = "short"
    NET = "net"


class TradeSide(OpenEnum):
    """Whether a futures order opens or closes a position (hedge mode)."""

    OPEN = "open"
    CLOSE = "close"


class TradeScope(OpenEnum):
    """Whether a fill took or made liquidity."""

    TAKER = "taker"
    MAKER = "maker"


class StpMode(OpenEnum):
    """Self-trade prevention."""

    NONE = "none"
    CANCEL_TAKER = "cancel_taker"
    CANCEL_MAKER = "cancel_maker"
    CANCEL_BOTH = "cancel_both"


class SymbolStatus(OpenEnum):
    """Trading status of a spot symbol or futures contract."""

    ONLINE = "online"
    OFFLINE = "offline"
    GRAY = "gray"
    HALT = "halt"
    NORMAL = "normal"
    MAINTAIN = "maintain"
    LIMIT_OPEN = "limit_open"
    LISTED = "listed"


class Granularity(enum.StrEnum):
    """Candle intervals. The exchange spells them differently for spot (``1min``, ``1h``) and futures (``1m``,
    ``1H``); the typed API translates, and also accepts either spelling as a plain string."""

    MINUTE_1 = "1m"
    MINUTE_3 = "3m"
    MINUTE_5 = "5m"
    MINUTE_15 = "15m"
    MINUTE_30 = "30m"
    HOUR_1 = "1h"
    HOUR_4 = "4h"
    HOUR_6 = "6h"
    HOUR_12 = "12h"
    DAY_1 = "1d"
    DAY_3 = "3d"
    WEEK_1 = "1w"
    MONTH_1 = "1M"
    HOUR_6_UTC = "6Hutc"
    HOUR_12_UTC = "12Hutc"
    DAY_1_UTC = "1Dutc"
    DAY_3_UTC = "3Dutc"
    WEEK_1_UTC = "1Wutc"
    MONTH_1_UTC = "1Mutc"

    @property
    def milliseconds(self) -> int:
        """The length of one candle (a month counts as 31 days: an upper bound, for paging windows)."""
        return _GRANULARITY_MS[self]

    @property
    def spot(self) -> str:
        """The spot endpoints' spelling."""
        return _SPOT_SPELLING.get(self, self.value)

    @property
    def futures(self) -> str:
        """The futures endpoints' spelling."""
        return _FUTURES_SPELLING.get(self, self.value)


_MINUTE = 60_000
_HOUR = 60 * _MINUTE
_DAY = 24 * _HOUR
_GRANULARITY_MS = {
    Granularity.MINUTE_1: _MINUTE,
    Granularity.MINUTE_3: 3 * _MINUTE,
    Granularity.MINUTE_5: 5 * _MINUTE,
    Granularity.MINUTE_15: 15 * _MINUTE,
    Granularity.MINUTE_30: 30 * _MINUTE,
    Granularity.HOUR_1: _HOUR,
    Granularity.HOUR_4: 4 * _HOUR,
    Granularity.HOUR_6: 6 * _HOUR,
    Granularity.HOUR_12: 12 * _HOUR,
    Granularity.DAY_1: _DAY,
    Granularity.DAY_3: 3 * _DAY,
    Granularity.WEEK_1: 7 * _DAY,
    Granularity.MONTH_1: 31 * _DAY,
    Granularity.HOUR_6_UTC: 6 * _HOUR,
    Granularity.HOUR_12_UTC: 12 * _HOUR,
    Granularity.DAY_1_UTC: _DAY,
    Granularity.DAY_3_UTC: 3 * _DAY,
    Granularity.WEEK_1_UTC: 7 * _DAY,
    Granularity.MONTH_1_UTC: 31 * _DAY,
}
_SPOT_SPELLING = {
    Granularity.MINUTE_1: "1min",
    Granularity.MINUTE_3: "3min",
    Granularity.MINUTE_5: "5min",
    Granularity.MINUTE_15: "15min",
    Granularity.MINUTE_30: "30min",
    Granularity.DAY_1: "1day",
    Granularity.DAY_3: "3day",
    Granularity.WEEK_1: "1week",
}
_FUTURES_SPELLING = {
    Granularity.HOUR_1: "1H",
    Granularity.HOUR_4: "4H",
    Granularity.HOUR_6: "6H",
    Granularity.HOUR_12: "12H",
    Granularity.DAY_1: "1D",
    Granularity.DAY_3: "3D",
    Granularity.WEEK_1: "1W",
}
