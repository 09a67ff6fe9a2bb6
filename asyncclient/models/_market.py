"""Market data: symbols, contracts, tickers, order books, candles, public trades, funding, open interest.

(Over 300 lines: the market-data models (tickers, books, candles, trades, symbols) are many small attrs classes with
their wire names.)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any, Self

import attrs

from ._convert import (
    ConversionError,
    decimal_to_wire,
    ms_to_datetime,
    ms_to_optional_datetime,
    to_decimal,
    to_int,
    to_json_value,
)
from ._enums import Side, SymbolStatus
from ._wire import ResponseFormatError, WireModel, wire

__all__ = [
    "Candle",
    "Coin",
    "CoinChain",
    "Contract",
    "FundingRate",
    "FuturesTicker",
    "OpenInterest",
    "OrderBook",
    "OrderBookLevel",
    "SpotSymbol",
    "SpotTicker",
    "Trade",
]


@attrs.frozen(kw_only=True)
class SpotSymbol(WireModel):
    """A spot trading pair and its trading rules."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    base_coin: str = attrs.field(metadata=wire("baseCoin"))
    quote_coin: str = attrs.field(metadata=wire("quoteCoin"))
    min_trade_amount: Decimal | None = attrs.field(default=None, metadata=wire("minTradeAmount"))
    max_trade_amount: Decimal | None = attrs.field(default=None, metadata=wire("maxTradeAmount"))
    taker_fee_rate: Decimal | None = attrs.field(default=None, metadata=wire("takerFeeRate"))
    maker_fee_rate: Decimal | None = attrs.field(default=None, metadata=wire("makerFeeRate"))
    #: Decimal places allowed in a price, a base quantity and a quote amount.
    price_precision: int | None = attrs.field(default=None, metadata=wire("pricePrecision"))
    quantity_precision: int | None = attrs.field(default=None, metadata=wire("quantityPrecision"))
    quote_precision: int | None = attrs.field(default=None, metadata=wire("quotePrecision"))
    min_trade_usdt: Decimal | None = attrs.field(default=None, metadata=wire("minTradeUSDT"))
    status: SymbolStatus | None = attrs.field(default=None, metadata=wire("status"))
    buy_limit_price_ratio: Decimal | None = attrs.field(default=None, metadata=wire("buyLimitPriceRatio"))
    sell_limit_price_ratio: Decimal | None = attrs.field(default=None, metadata=wire("sellLimitPriceRatio"))


@attrs.frozen(kw_only=True)
class CoinChain(WireModel):
    """One chain a coin can be deposited or withdrawn on."""

    chain: str = attrs.field(metadata=wire("chain"))
    need_tag: bool | None = attrs.field(default=None, metadata=wire("needTag"))
    withdrawable: bool | None = attrs.field(default=None, metadata=wire("withdrawable"))
    depositable: bool | None = attrs.field(default=None, metadata=wire("rechargeable"))
    withdraw_fee: Decimal | None = attrs.field(default=None, metadata=wire("withdrawFee"))
    extra_withdraw_fee: Decimal | None = attrs.field(default=None, metadata=wire("extraWithdrawFee"))
    deposit_confirmations: int | None = attrs.field(default=None, metadata=wire("depositConfirm"))
    withdraw_confirmations: int | None = attrs.field(default=None, metadata=wire("withdrawConfirm"))
    min_deposit_amount: Decimal | None = attrs.field(default=None, metadata=wire("minDepositAmount"))
    min_withdraw_amount: Decimal | None = attrs.field(default=None, metadata=wire("minWithdrawAmount"))
    browser_url: str | None = attrs.field(default=None, metadata=wire("browserUrl"))
    contract_address: str | None = attrs.field(default=None, metadata=wire("contractAddress"))
    withdraw_step: Decimal | None = attrs.field(default=None, metadata=wire("withdrawStep"))
    withdraw_min_scale: int | None = attrs.field(default=None, metadata=wire("withdrawMinScale"))


@attrs.frozen(kw_only=True)
class Coin(WireModel):
    """A coin and the chains it moves on."""

    coin_id: str = attrs.field(metadata=wire("coinId"))
    coin: str = attrs.field(metadata=wire("coin"))
    transferable: bool | None = attrs.field(default=None, metadata=wire("transfer"))
    chains: tuple[CoinChain, ...] = attrs.field(metadata=wire("chains"))


@attrs.frozen(kw_only=True)
class SpotTicker(WireModel):
    """24-hour statistics and top of book of one spot symbol."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    last_price: Decimal | None = attrs.field(default=None, metadata=wire("lastPr"))
    bid_price: Decimal | None = attrs.field(default=None, metadata=wire("bidPr"))
    ask_price: Decimal | None = attrs.field(default=None, metadata=wire("askPr"))
    bid_size: Decimal | None = attrs.field(default=None, metadata=wire("bidSz"))
    ask_size: Decimal | None = attrs.field(default=None, metadata=wire("askSz"))
    open_price: Decimal | None = attrs.field(default=None, metadata=wire("open"))
    high_24h: Decimal | None = attrs.field(default=None, metadata=wire("high24h"))
    low_24h: Decimal | None = attrs.field(default=None, metadata=wire("low24h"))
    #: Relative change over 24 hours (0.01 is 1 %).
    change_24h: Decimal | None = attrs.field(default=None, metadata=wire("change24h"))
    base_volume: Decimal | None = attrs.field(default=None, metadata=wire("baseVolume"))
    quote_volume: Decimal | None = attrs.field(default=None, metadata=wire("quoteVolume"))
    usdt_volume: Decimal | None = attrs.field(default=None, metadata=wire("usdtVolume"))
    open_utc: Decimal | None = attrs.field(default=None, metadata=wire("openUtc"))
    change_utc_24h: Decimal | None = attrs.field(default=None, metadata=wire("changeUtc24h"))
    timestamp_ms: int = attrs.field(metadata=wire("ts"))

    @property
    def timestamp(self) -> datetime:
        return ms_to_datetime(self.timestamp_ms)


@attrs.frozen(kw_only=True)
class FuturesTicker(WireModel):
    """24-hour statistics, top of book, index and funding of one futures contract."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    last_price: Decimal | None = attrs.field(default=None, metadata=wire("lastPr"))
    bid_price: Decimal | None = attrs.field(default=None, metadata=wire("bidPr"))
    ask_price: Decimal | None = attrs.field(default=None, metadata=wire("askPr"))
    bid_size: Decimal | None = attrs.field(default=None, metadata=wire("bidSz"))
    ask_size: Decimal | None = attrs.field(default=None, metadata=wire("askSz"))
    open_24h: Decimal | None = attrs.field(default=None, metadata=wire("open24h"))
    high_24h: Decimal | None = attrs.field(default=None, metadata=wire("high24h"))
    low_24h: Decimal | None = attrs.field(default=None, metadata=wire("low24h"))
    change_24h: Decimal | None = attrs.field(default=None, metadata=wire("change24h"))
    base_volume: Decimal | None = attrs.field(default=None, metadata=wire("baseVolume"))
    quote_volume: Decimal | None = attrs.field(default=None, metadata=wire("quoteVolume"))
    usdt_volume: Decimal | None = attrs.field(default=None, metadata=wire("usdtVolume"))
    open_utc: Decimal | None = attrs.field(default=None, metadata=wire("openUtc"))
    change_utc_24h: Decimal | None = attrs.field(default=None, metadata=wire("changeUtc24h"))
    index_price: Decimal | None = attrs.field(default=None, metadata=wire("indexPrice"))
    mark_price: Decimal | None = attrs.field(default=None, metadata=wire("markPrice"))
    funding_rate: Decimal | None = attrs.field(default=None, metadata=wire("fundingRate"))
    #: Open interest in contracts' base coin.
    holding_amount: Decimal | None = attrs.field(default=None, metadata=wire("holdingAmount"))
    delivery_start_time_ms: int | None = attrs.field(default=None, metadata=wire("deliveryStartTime"))
    delivery_time_ms: int | None = attrs.field(default=None, metadata=wire("deliveryTime"))
    delivery_status: str | None = attrs.field(default=None, metadata=wire("deliveryStatus"))
    timestamp_ms: int = attrs.field(metadata=wire("ts"))

    @property
    def timestamp(self) -> datetime:
        return ms_to_datetime(self.timestamp_ms)


@attrs.frozen(kw_only=True)
class Contract(WireModel):
    """A futures contract and its trading rules."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    base_coin: str = attrs.field(metadata=wire("baseCoin"))
    quote_coin: str = attrs.field(metadata=wire("quoteCoin"))
    buy_limit_price_ratio: Decimal | None = attrs.field(default=None, metadata=wire("buyLimitPriceRatio"))
    sell_limit_price_ratio: Decimal | None = attrs.field(default=None, metadata=wire("sellLimitPriceRatio"))
    fee_rate_up_ratio: Decimal | None = attrs.field(default=None, metadata=wire("feeRateUpRatio"))
    maker_fee_rate: Decimal | None = attrs.field(default=None, metadata=wire("makerFeeRate"))
    taker_fee_rate: Decimal | None = attrs.field(default=None, metadata=wire("takerFeeRate"))
    open_cost_up_ratio: Decimal | None = attrs.field(default=None, metadata=wire("openCostUpRatio"))
    margin_coins: tuple[str, ...] = attrs.field(metadata=wire("supportMarginCoins"))
    min_trade_size: Decimal | None = attrs.field(default=None, metadata=wire("minTradeNum"))
    #: Price step in units of the last price decimal place (``price_place``).
    price_end_step: Decimal | None = attrs.field(default=None, metadata=wire("priceEndStep"))
    #: Decimal places allowed in a size and in a price.
    volume_place: int | None = attrs.field(default=None, metadata=wire("volumePlace"))
    price_place: int | None = attrs.field(default=None, metadata=wire("pricePlace"))
    size_multiplier: Decimal | None = attrs.field(default=None, metadata=wire("sizeMultiplier"))
    symbol_type: str | None = attrs.field(default=None, metadata=wire("symbolType"))
    min_trade_usdt: Decimal | None = attrs.field(default=None, metadata=wire("minTradeUSDT"))
    max_symbol_order_count: int | None = attrs.field(default=None, metadata=wire("maxSymbolOrderNum"))
    max_product_order_count: int | None = attrs.field(default=None, metadata=wire("maxProductOrderNum"))
    max_position_count: int | None = attrs.field(default=None, metadata=wire("maxPositionNum"))
    status: SymbolStatus | None = attrs.field(default=None, metadata=wire("symbolStatus"))
    off_time_ms: int | None = attrs.field(default=None, metadata=wire("offTime"))
    limit_open_time_ms: int | None = attrs.field(default=None, metadata=wire("limitOpenTime"))
    delivery_time_ms: int | None = attrs.field(default=None, metadata=wire("deliveryTime"))
    delivery_start_time_ms: int | None = attrs.field(default=None, metadata=wire("deliveryStartTime"))
    launch_time_ms: int | None = attrs.field(default=None, metadata=wire("launchTime"))
    #: Hours between fundings.
    funding_interval_hours: int | None = attrs.field(default=None, metadata=wire("fundInterval"))
    min_leverage: Decimal | None = attrs.field(default=None, metadata=wire("minLever"))
    max_leverage: Decimal | None = attrs.field(default=None, metadata=wire("maxLever"))
    position_limit: Decimal | None = attrs.field(default=None, metadata=wire("posLimit"))
    maintain_time_ms: int | None = attrs.field(default=None, metadata=wire("maintainTime"))


@attrs.frozen
class OrderBookLevel:
    """One price level: price and the size resting there."""

    price: Decimal
    size: Decimal


def _levels(raw: Any) -> tuple[OrderBookLevel, ...]:
    decoded = to_json_value(raw)
    if decoded is None:
        return ()
    if not isinstance(decoded, list):
        raise ConversionError(f"expected a list of [price, size], got {raw!r}")
    levels = []
    for row in decoded:
        if not isinstance(row, list | tuple) or len(row) < 2:
            raise ConversionError(f"expected [price, size], got {row!r}")
        levels.append(OrderBookLevel(to_decimal(row[0]), to_decimal(row[1])))
    return tuple(levels)


def _dump_levels(levels: tuple[OrderBookLevel, ...]) -> list[list[str]]:
    return [[decimal_to_wire(level.price), decimal_to_wire(level.size)] for level in levels]


@attrs.frozen(kw_only=True)
class OrderBook(WireModel):
    """Asks (lowest first) and bids (highest first) at one moment."""

    asks: tuple[OrderBookLevel, ...] = attrs.field(metadata=wire("asks", parse=_levels, dump=_dump_levels))
    bids: tuple[OrderBookLevel, ...] = attrs.field(metadata=wire("bids", parse=_levels, dump=_dump_levels))
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


@attrs.frozen
class Candle:
    """One candle. Spot rows carry a USDT volume as well; futures rows do not (``usdt_volume`` is None)."""

    open_time_ms: int
    open: Decimal
    high: Decimal
    low: Decimal
    close: Decimal
    #: Volume in the base coin and in the quote coin.
    base_volume: Decimal
    quote_volume: Decimal
    usdt_volume: Decimal | None = None

    @property
    def open_time(self) -> datetime:
        return ms_to_datetime(self.open_time_ms)

    @classmethod
    def from_spot_row(cls, row: Sequence[Any]) -> Self:
        """``[ts, open, high, low, close, baseVolume, usdtVolume, quoteVolume]``."""
        return cls._from_row(row, quote_index=7, usdt_index=6)

    @classmethod
    def from_futures_row(cls, row: Sequence[Any]) -> Self:
        """``[ts, open, high, low, close, baseVolume, quoteVolume]``."""
        return cls._from_row(row, quote_index=6, usdt_index=None)

    @classmethod
    def _from_row(cls, row: Sequence[Any], *, quote_index: int, usdt_index: int | None) -> Self:
        if not isinstance(row, list | tuple) or len(row) <= quote_index:
            raise ResponseFormatError(f"Candle: expected a row of {quote_index + 1} values, got {row!r}")
        try:
            return cls(
                open_time_ms=to_int(row[0]),
                open=to_decimal(row[1]),
                high=to_decimal(row[2]),
                low=to_decimal(row[3]),
                close=to_decimal(row[4]),
                base_volume=to_decimal(row[5]),
                quote_volume=to_decimal(row[quote_index]),
                usdt_volume=None if usdt_index is None else to_decimal(row[usdt_index]),
            )
        except ConversionError as exc:
            raise ResponseFormatError(f"Candle: {exc}") from None

    def to_row(self) -> list[str]:
        """The exchange's row: spot shape when ``usdt_volume`` is set, futures shape otherwise."""
        head = [str(self.open_time_ms)] + [
            decimal_to_wire(v) for v in (self.open, self.high, self.low, self.close, self.base_volume)
        ]
        if self.usdt_volume is None:
            return [*head, decimal_to_wire(self.quote_volume)]
        return [*head, decimal_to_wire(self.usdt_volume), decimal_to_wire(self.quote_volume)]


@attrs.frozen(kw_only=True)
class Trade(WireModel):
    """One public trade (spot or futures)."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    trade_id: str = attrs.field(metadata=wire("tradeId"))
    #: The taker's side.
    side: Side = attrs.field(metadata=wire("side"))
    price: Decimal = attrs.field(metadata=wire("price"))
    size: Decimal = attrs.field(metadata=wire("size"))
    timestamp_ms: int = attrs.field(metadata=wire("ts"))

    @property
    def timestamp(self) -> datetime:
        return ms_to_datetime(self.timestamp_ms)


@attrs.frozen(kw_only=True)
class FundingRate(WireModel):
    """The current funding rate of a contract."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    funding_rate: Decimal = attrs.field(metadata=wire("fundingRate"))
    next_funding_time_ms: int | None = attrs.field(default=None, metadata=wire("nextUpdate", "nextFundingTime"))
    funding_interval_hours: int | None = attrs.field(default=None, metadata=wire("fundingRateInterval", "ratePeriod"))


@attrs.frozen(kw_only=True)
class OpenInterest(WireModel):
    """Open interest of a contract, in its base coin."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    size: Decimal = attrs.field(metadata=wire("size"))
    timestamp_ms: int | None = attrs.field(default=None, metadata=wire("ts"))

    @property
    def timestamp(self) -> datetime | None:
        return ms_to_optional_datetime(self.timestamp_ms)
