"""Isolated-margin figures (base and quote side by side), flash repayments and liquidation records."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._wire import WireModel, wire

__all__ = [
    "FlashRepay",
    "FlashRepayStatus",
    "IsolatedAmounts",
    "IsolatedInterestRate",
    "IsolatedMarginTier",
    "IsolatedRiskRate",
    "MarginLiquidation",
    "MarginLiquidationOrder",
]


@attrs.frozen(kw_only=True)
class IsolatedAmounts(WireModel):
    """How much of each coin of an isolated pair can be borrowed, or transferred out, now."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    base_coin: str = attrs.field(metadata=wire("baseCoin"))
    base_amount: Decimal = attrs.field(metadata=wire("baseCoinMaxBorrowAmount", "baseCoinMaxTransferOutAmount"))
    quote_coin: str = attrs.field(metadata=wire("quoteCoin"))
    quote_amount: Decimal = attrs.field(metadata=wire("quoteCoinMaxBorrowAmount", "quoteCoinMaxTransferOutAmount"))


@attrs.frozen(kw_only=True)
class IsolatedRiskRate(WireModel):
    """Debt over assets of one isolated pair (liquidation comes near 1)."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    risk_rate: Decimal = attrs.field(metadata=wire("riskRateRatio"))


@attrs.frozen(kw_only=True)
class IsolatedMarginTier(WireModel):
    """One borrowing tier of an isolated pair."""

    tier: int = attrs.field(metadata=wire("tier"))
    symbol: str = attrs.field(metadata=wire("symbol"))
    leverage: Decimal = attrs.field(metadata=wire("leverage"))
    base_coin: str = attrs.field(metadata=wire("baseCoin"))
    quote_coin: str = attrs.field(metadata=wire("quoteCoin"))
    base_max_borrowable: Decimal = attrs.field(metadata=wire("baseMaxBorrowableAmount"))
    quote_max_borrowable: Decimal = attrs.field(metadata=wire("quoteMaxBorrowableAmount"))
    maintain_margin_rate: Decimal = attrs.field(metadata=wire("maintainMarginRate"))
    init_rate: Decimal | None = attrs.field(default=None, metadata=wire("initRate"))


@attrs.frozen(kw_only=True)
class IsolatedInterestRate(WireModel):
    """The borrowing rates and limits of both coins of an isolated pair."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    leverage: Decimal | None = attrs.field(default=None, metadata=wire("leverage"))
    base_coin: str = attrs.field(metadata=wire("baseCoin"))
    base_borrowable: bool | None = attrs.field(default=None, metadata=wire("baseBorrowable"))
    base_daily_interest_rate: Decimal = attrs.field(metadata=wire("baseDailyInterestRate"))
    base_max_borrowable: Decimal | None = attrs.field(default=None, metadata=wire("baseMaxBorrowableAmount"))
    quote_coin: str = attrs.field(metadata=wire("quoteCoin"))
    quote_borrowable: bool | None = attrs.field(default=None, metadata=wire("quoteBorrowable"))
    quote_daily_interest_rate: Decimal = attrs.field(metadata=wire("quoteDailyInterestRate"))
    quote_max_borrowable: Decimal | None = attrs.field(default=None, metadata=wire("quoteMaxBorrowableAmount"))


@attrs.frozen(kw_only=True)
class FlashRepay(WireModel):
    """A flash repayment under way (crossed: one ``coin`` or all; isolated: one row per ``symbol``)."""

    repay_id: str = attrs.field(metadata=wire("repayId"))
    coin: str | None = attrs.field(default=None, metadata=wire("coin"))
    symbol: str | None = attrs.field(default=None, metadata=wire("symbol"))
    result: str | None = attrs.field(default=None, metadata=wire("result"))


@attrs.frozen(kw_only=True)
class FlashRepayStatus(WireModel):
    """Where a flash repayment stands: ``FINISH``, ``PROCESSING`` or ``FAIL``."""

    repay_id: str = attrs.field(metadata=wire("repayId"))
    status: str = attrs.field(metadata=wire("status"))


@attrs.frozen(kw_only=True)
class MarginLiquidation(WireModel):
    """One liquidation of a margin account: its risk at the start, what it held, owed and paid."""

    liquidation_id: str = attrs.field(metadata=wire("liqId"))
    symbol: str | None = attrs.field(default=None, metadata=wire("symbol"))
    start_ms: int | None = attrs.field(default=None, metadata=wire("liqStartTime"))
    end_ms: int | None = attrs.field(default=None, metadata=wire("liqEndTime"))
    risk_ratio: Decimal | None = attrs.field(default=None, metadata=wire("liqRiskRatio"))
    total_assets: Decimal | None = attrs.field(default=None, metadata=wire("totalAssets"))
    total_debt: Decimal | None = attrs.field(default=None, metadata=wire("totalDebt"))
    liquidation_fee: Decimal | None = attrs.field(default=None, metadata=wire("liqFee"))
    created_ms: int | None = attrs.field(default=None, metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))


@attrs.frozen(kw_only=True)
class MarginLiquidationOrder(WireModel):
    """An order the exchange placed to liquidate a margin account (``side`` such as ``liquidation-sell``)."""

    order_id: str = attrs.field(metadata=wire("orderId"))
    symbol: str = attrs.field(metadata=wire("symbol"))
    order_type: str | None = attrs.field(default=None, metadata=wire("orderType"))
    side: str = attrs.field(metadata=wire("side"))
    price_avg: Decimal | None = attrs.field(default=None, metadata=wire("priceAvg"))
    price: Decimal | None = attrs.field(default=None, metadata=wire("price"))
    fill_size: Decimal | None = attrs.field(default=None, metadata=wire("fillSize"))
    size: Decimal | None = attrs.field(default=None, metadata=wire("size"))
    amount: Decimal | None = attrs.field(default=None, metadata=wire("amount"))
    from_coin: str | None = attrs.field(default=None, metadata=wire("fromCoin"))
    to_coin: str | None = attrs.field(default=None, metadata=wire("toCoin"))
    from_size: Decimal | None = attrs.field(default=None, metadata=wire("fromSize"))
    to_size: Decimal | None = attrs.field(default=None, metadata=wire("toSize"))
    created_ms: int = attrs.field(metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))
