"""Convert answers: the coins that convert, a quote, the trade made on it, and past conversions."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._wire import WireModel, wire

__all__ = ["ConvertCoin", "ConvertQuote", "ConvertRecord", "ConvertResult"]


@attrs.frozen(kw_only=True)
class ConvertCoin(WireModel):
    """A coin that converts, what the spot account holds of it, and the size limits of one conversion."""

    coin: str = attrs.field(metadata=wire("coin"))
    available: Decimal = attrs.field(metadata=wire("available"))
    max_amount: Decimal | None = attrs.field(default=None, metadata=wire("maxAmount"))
    min_amount: Decimal | None = attrs.field(default=None, metadata=wire("minAmount"))


@attrs.frozen(kw_only=True)
class ConvertQuote(WireModel):
    """A price for converting ``from_size`` of ``from_coin`` into ``to_size`` of ``to_coin``, good briefly."""

    from_coin: str = attrs.field(metadata=wire("fromCoin"))
    from_size: Decimal = attrs.field(metadata=wire("fromCoinSize"))
    to_coin: str = attrs.field(metadata=wire("toCoin"))
    to_size: Decimal = attrs.field(metadata=wire("toCoinSize"))
    price: Decimal = attrs.field(metadata=wire("cnvtPrice"))
    fee: Decimal | None = attrs.field(default=None, metadata=wire("fee"))
    #: Names the quote in the trade.
    trace_id: str = attrs.field(metadata=wire("traceId"))


@attrs.frozen(kw_only=True)
class ConvertResult(WireModel):
    """The answer to a conversion: what came in, at which price."""

    to_coin: str = attrs.field(metadata=wire("toCoin"))
    to_size: Decimal = attrs.field(metadata=wire("toCoinSize"))
    price: Decimal = attrs.field(metadata=wire("cnvtPrice"))
    ts_ms: int = attrs.field(metadata=wire("ts"))


@attrs.frozen(kw_only=True)
class ConvertRecord(WireModel):
    """One past conversion."""

    record_id: str = attrs.field(metadata=wire("id"))
    from_coin: str = attrs.field(metadata=wire("fromCoin"))
    from_size: Decimal = attrs.field(metadata=wire("fromCoinSize"))
    to_coin: str = attrs.field(metadata=wire("toCoin"))
    to_size: Decimal = attrs.field(metadata=wire("toCoinSize"))
    price: Decimal = attrs.field(metadata=wire("cnvtPrice"))
    fee: Decimal | None = attrs.field(default=None, metadata=wire("fee"))
    ts_ms: int = attrs.field(metadata=wire("ts"))
