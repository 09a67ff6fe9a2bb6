"""Unified-account (v3) market data: instruments, tickers, order book, public fills, funding, open interest, tiers.

Candles come as the same rows as v2 futures candles (``[ts, open, high, low, close, base volume, quote
volume]``) and are read into :class:`~asyncclient.models.Candle`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from ._convert import ms_to_datetime
from ._enums import Side, SymbolStatus
from ._market import OrderBookLevel, _dump_levels, _levels
from ._uta_enums import Category
from ._wire import WireModel, wire

__all__ = [
    "PositionTier",
    "UtaFundingRate",
    "UtaFundingRateHistory",
    "UtaInstrument",
    "UtaOpenInterest",
    "UtaOpenInterestItem",
    "UtaOrderBook",
    "UtaTicker",
    "UtaTrade",
]


@attrs.frozen(kw_only=True)
class UtaInstrument(WireModel):
    """A tradable instrument of one category and its trading rules."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    category: Category = attrs.field(metadata=wire("category"))
    base_coin: str = attrs.field(metadata=wire("baseCoin"))
    quote_coin: str = attrs.field(metadata=wire("quoteCoin"))
    status: SymbolStatus | None = attrs.field(default=None, metadata=wire("status"))
    min_order_qty: Decimal | None = attrs.field(default=None, metadata=wire("minOrderQty"))
    max_order_qty: Decimal | None = attrs.field(default=None, metadata=wire("maxOrderQty"))
    #: The smallest order value in the quote coin.
    min_order_amount: Decimal | None = attrs.field(default=None, metadata=wire("minOrderAmount"))
    price_precision: int | None = attrs.field(default=None, metadata=wire("pricePrecision"))
    quantity_precision: int | None = attrs.field(default=None, metadata=wire("quantityPrecision"))
    quote_precision: int | None = attrs.field(default=None, metadata=wire("quotePrecision"))
    price_multiplier: Decimal | None = attrs.field(default=None, metadata=wire("priceMultiplier"))
    quantity_multiplier: Decimal | None = attrs.field(default=None, metadata=wire("quantityMultiplier"))
    maker_fee_rate: Decimal | None = attrs.field(default=None, metadata=wire("makerFeeRate"))
    taker_fee_rate: Decimal | None = attrs.field(default=None, metadata=wire("takerFeeRate"))
    buy_limit_price_ratio: Decimal | None = attrs.field(default=None, metadata=wire("buyLimitPriceRatio"))
    sell_limit_price_ratio: Decimal | None = attrs.field(default=None, metadata=wire("sellLimitPriceRatio"))
    #: ``perpetual`` or ``delivery`` (the documented key is ``symbolType``; live answers also use ``type``).
    symbol_type: str | None = attrs.field(default=None, metadata=wire("symbolType", "type"))
    min_leverage: Decimal | None = attrs.field(default=None, metadata=wire("minLeverage"))
    max_leverage: Decimal | None = attrs.field(default=None, metadata=wire("maxLeverage"))
    #: Hours between funding settlements (futures).
    funding_interval: int | None = attrs.field(default=None, metadata=wire("fundInterval"))


@attrs.frozen(kw_only=True)
class UtaTicker(WireModel):
    """24-hour statistics and top of book of one instrument; futures add index, mark, funding, open interest."""

    category: Category | None = attrs.field(default=None, metadata=wire("category"))
    symbol: str = attrs.field(metadata=wire("symbol"))
    last_price: Decimal | None = attrs.field(default=None, metadata=wire("lastPrice"))
    open_price_24h: Decimal | None = attrs.field(default=None, metadata=wire("openPrice24h"))
    high_price_24h: Decimal | None = attrs.field(default=None, metadata=wire("highPrice24h"))
    low_price_24h: Decimal | None = attrs.field(default=None, metadata=wire("lowPrice24h"))
    bid_price: Decimal | None = attrs.field(default=None, metadata=wire("bid1Price"))
    bid_size: Decimal | None = attrs.field(default=None, metadata=wire("bid1Size"))
    ask_price: Decimal | None = attrs.field(default=None, metadata=wire("ask1Price"))
    ask_size: Decimal | None = attrs.field(default=None, metadata=wire("ask1Size"))
    #: Relative change over 24 hours (0.01 is 1 %).
    change_24h: Decimal | None = attrs.field(default=None, metadata=wire("price24hPcnt"))
    #: Base-coin volume and quote-coin turnover over 24 hours.
    volume_24h: Decimal | None = attrs.field(default=None, metadata=wire("volume24h"))
    turnover_24h: Decimal | None = attrs.field(default=None, metadata=wire("turnover24h"))
    index_price: Decimal | None = attrs.field(default=None, metadata=wire("indexPrice"))
    mark_price: Decimal | None = attrs.field(default=None, metadata=wire("markPrice"))
    funding_rate: Decimal | None = attrs.field(default=None, metadata=wire("fundingRate"))
    open_interest: Decimal | None = attrs.field(default=None, metadata=wire("openInterest"))


@attrs.frozen(kw_only=True)
class UtaOrderBook(WireModel):
    """Asks (lowest first) and bids (highest first); v3 sends them as ``a``/``b`` of JSON numbers."""

    asks: tuple[OrderBookLevel, ...] = attrs.field(metadata=wire("a", parse=_levels, dump=_dump_levels))
    bids: tuple[OrderBookLevel, ...] = attrs.field(metadata=wire("b", parse=_levels, dump=_dump_levels))
    timestamp_ms: int = attrs.field(metadata=wire("ts"))

    @property
    def timestamp(self) -> datetime:
        return ms_to_datetime(self.timestamp_ms)

    @property
    def best_bid(self) -> OrderBookLevel | None:
        return self.bids[0] if self.bids else None

    @property
    def best_ask(self) -> OrderBookLevel | None:
        return self.asks[0] if self.asks else None


@attrs.frozen(kw_only=True)
class UtaTrade(WireModel):
    """One recent public trade."""

    exec_id: str = attrs.field(metadata=wire("execId"))
    price: Decimal = attrs.field(metadata=wire("price"))
    size: Decimal = attrs.field(metadata=wire("size"))
    side: Side = attrs.field(metadata=wire("side"))
    timestamp_ms: int = attrs.field(metadata=wire("ts"))
    exec_link_id: str | None = attrs.field(default=None, metadata=wire("execLinkId"))

    @property
    def timestamp(self) -> datetime:
        return ms_to_datetime(self.timestamp_ms)


@attrs.frozen(kw_only=True)
class UtaFundingRate(WireModel):
    """The current funding rate of a perpetual and when it is next settled."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    funding_rate: Decimal = attrs.field(metadata=wire("fundingRate"))
    #: Hours between settlements.
    funding_rate_interval: int | None = attrs.field(default=None, metadata=wire("fundingRateInterval"))
    next_update_ms: int | None = attrs.field(default=None, metadata=wire("nextUpdate"))
    min_funding_rate: Decimal | None = attrs.field(default=None, metadata=wire("minFundingRate"))
    max_funding_rate: Decimal | None = attrs.field(default=None, metadata=wire("maxFundingRate"))


@attrs.frozen(kw_only=True)
class UtaFundingRateHistory(WireModel):
    """One settled funding rate."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    funding_rate: Decimal = attrs.field(metadata=wire("fundingRate"))
    funding_time_ms: int = attrs.field(metadata=wire("fundingRateTimestamp"))


@attrs.frozen(kw_only=True)
class UtaOpenInterestItem(WireModel):
    symbol: str = attrs.field(metadata=wire("symbol"))
    open_interest: Decimal = attrs.field(metadata=wire("openInterest"))


@attrs.frozen(kw_only=True)
class UtaOpenInterest(WireModel):
    """Open interest (in the base coin) of one or every contract, at one moment."""

    items: tuple[UtaOpenInterestItem, ...] = attrs.field(metadata=wire("list"))
    timestamp_ms: int | None = attrs.field(default=None, metadata=wire("ts"))


@attrs.frozen(kw_only=True)
class PositionTier(WireModel):
    """One tier of a contract's risk limits: position value range, maximum leverage, maintenance margin rate."""

    tier: int = attrs.field(metadata=wire("tier"))
    min_tier_value: Decimal = attrs.field(metadata=wire("minTierValue"))
    max_tier_value: Decimal = attrs.field(metadata=wire("maxTierValue"))
    leverage: Decimal = attrs.field(metadata=wire("leverage"))
    maintenance_margin_rate: Decimal = attrs.field(metadata=wire("mmr"))
