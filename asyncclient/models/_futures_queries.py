"""Futures market data and account settings as request models (``client.futures`` builds them; the group adds
the product line's ``productType``)."""

from __future__ import annotations

import attrs

from .._errors import InputError
from . import _checks as checks
from . import _futures_fields as conv
from ._enums import Granularity, HoldSide, MarginMode, PositionMode
from ._futures_fields import ContractRequest, TimeWindow
from ._request import SymbolQuery, WireRequest, optional_limit_100, param

__all__ = [
    "CandleQuery",
    "DepthQuery",
    "HistoryCandleQuery",
    "LeverageRequest",
    "MarginModeRequest",
    "PositionModeRequest",
    "TradesQuery",
]

#: merge-depth accepts these level counts ("max" is the deepest the exchange keeps).
_DEPTH_LIMITS = {1: "1", 5: "5", 15: "15", 50: "50"}


def _depth(value: int | None) -> str:
    if value is None:
        return "max"
    if isinstance(value, bool) or not isinstance(value, int) or value not in _DEPTH_LIMITS:
        raise InputError(f"limit must be one of 1, 5, 15, 50 or None (the deepest), got {value!r}")
    return _DEPTH_LIMITS[value]


@attrs.frozen(kw_only=True)
class DepthQuery(SymbolQuery):
    """Merged depth with 1, 5, 15 or 50 levels a side; None is the deepest kept (``max``)."""

    limit: str = attrs.field(default=None, converter=_depth)


@attrs.frozen(kw_only=True)
class TradesQuery(SymbolQuery):
    """The most recent public trades (at most 100)."""

    limit: int | None = attrs.field(default=None, converter=optional_limit_100)


def _granularity(value: Granularity | str) -> str:
    return checks.granularity(value, futures=True).futures


def _limit_1000(value: int | None) -> int | None:
    return None if value is None else checks.limit(value, maximum=1000)


def _limit_200(value: int | None) -> int | None:
    return None if value is None else checks.limit(value, maximum=200)


@attrs.frozen(kw_only=True)
class CandleQuery(TimeWindow):
    """Candles of one contract in a window of at most 90 days (at most 1000 a call)."""

    symbol: str = attrs.field(converter=checks.symbol)
    granularity: str = attrs.field(converter=_granularity)
    limit: int | None = attrs.field(default=None, converter=_limit_1000)


@attrs.frozen(kw_only=True)
class HistoryCandleQuery(CandleQuery):
    """Older candles (at most 200 a call)."""

    limit: int | None = attrs.field(default=None, converter=_limit_200)


def _leverage(value: int) -> str:
    return str(checks.limit(value, "leverage", maximum=500))


@attrs.frozen(kw_only=True)
class LeverageRequest(ContractRequest):
    """The leverage of a contract (``hold_side`` for one side in isolated hedge mode)."""

    leverage: str = attrs.field(converter=_leverage)
    hold_side: HoldSide | None = attrs.field(
        default=None, converter=conv.optional_hold_side, metadata=param("holdSide")
    )


@attrs.frozen(kw_only=True)
class MarginModeRequest(ContractRequest):
    """Isolated or crossed margin for a contract."""

    margin_mode: MarginMode = attrs.field(converter=conv.margin_mode, metadata=param("marginMode"))


def _position_mode(value: PositionMode | str) -> PositionMode:
    return checks.choice(value, PositionMode, "position_mode")


@attrs.frozen(kw_only=True)
class PositionModeRequest(WireRequest):
    """One-way or hedge mode for the product line."""

    position_mode: PositionMode = attrs.field(converter=_position_mode, metadata=param("posMode"))
