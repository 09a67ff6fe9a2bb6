"""Futures records and estimates: closed positions (position history) and account bills."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._enums import HoldSide
from ._wire import WireModel, wire

__all__ = ["FuturesBill", "HistoricalPosition"]


@attrs.frozen(kw_only=True)
class HistoricalPosition(WireModel):
    """A closed position (``/api/v2/mix/position/history-position``); fees are negative when paid."""

    position_id: str | None = attrs.field(default=None, metadata=wire("positionId"))
    symbol: str = attrs.field(metadata=wire("symbol"))
    margin_coin: str = attrs.field(metadata=wire("marginCoin"))
    hold_side: HoldSide = attrs.field(metadata=wire("holdSide"))
    open_price_avg: Decimal = attrs.field(metadata=wire("openAvgPrice"))
    close_price_avg: Decimal = attrs.field(metadata=wire("closeAvgPrice"))
    margin_mode: str | None = attrs.field(default=None, metadata=wire("marginMode"))
    open_total: Decimal = attrs.field(metadata=wire("openTotalPos"))
    close_total: Decimal = attrs.field(metadata=wire("closeTotalPos"))
    pnl: Decimal = attrs.field(metadata=wire("pnl"))
    #: ``pnl`` plus funding and both fees.
    net_profit: Decimal = attrs.field(metadata=wire("netProfit"))
    total_funding: Decimal | None = attrs.field(default=None, metadata=wire("totalFunding"))
    open_fee: Decimal | None = attrs.field(default=None, metadata=wire("openFee"))
    close_fee: Decimal | None = attrs.field(default=None, metadata=wire("closeFee"))
    created_ms: int = attrs.field(metadata=wire("ctime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("utime"))


@attrs.frozen(kw_only=True)
class FuturesBill(WireModel):
    """One change of a futures wallet (``/api/v2/mix/account/bill``): a trade, a fee, funding, a transfer."""

    bill_id: str = attrs.field(metadata=wire("billId"))
    symbol: str | None = attrs.field(default=None, metadata=wire("symbol"))
    coin: str = attrs.field(metadata=wire("coin"))
    #: ``open_long``, ``close_short``, ``contract_settle_fee``, ``trans_from_exchange`` ...
    business_type: str = attrs.field(metadata=wire("businessType"))
    amount: Decimal = attrs.field(metadata=wire("amount"))
    fee: Decimal | None = attrs.field(default=None, metadata=wire("fee"))
    fee_by_coupon: Decimal | None = attrs.field(default=None, metadata=wire("feeByCoupon"))
    #: The wallet balance after the change.
    balance: Decimal | None = attrs.field(default=None, metadata=wire("balance"))
    created_ms: int = attrs.field(metadata=wire("cTime"))
