"""Accounts: spot account info, assets and bills; futures accounts, positions and leverage settings."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from ._convert import ms_to_datetime, ms_to_optional_datetime
from ._enums import HoldSide, MarginMode, PositionMode
from ._wire import WireModel, wire

__all__ = ["AccountInfo", "FuturesAccount", "LeverageSettings", "Position", "SpotAsset", "SpotBill"]


@attrs.frozen(kw_only=True)
class AccountInfo(WireModel):
    """Who the API key belongs to and what it may do."""

    user_id: str = attrs.field(metadata=wire("userId"))
    inviter_id: str | None = attrs.field(default=None, metadata=wire("inviterId"))
    #: Whitelisted IPs, comma separated, as the exchange sends them.
    ips: str | None = attrs.field(default=None, metadata=wire("ips"))
    authorities: tuple[str, ...] = attrs.field(metadata=wire("authorities"))
    parent_id: str | None = attrs.field(default=None, metadata=wire("parentId"))
    trader_type: str | None = attrs.field(default=None, metadata=wire("traderType"))
    channel_code: str | None = attrs.field(default=None, metadata=wire("channelCode"))
    channel: str | None = attrs.field(default=None, metadata=wire("channel"))
    registered_ms: int | None = attrs.field(default=None, metadata=wire("regisTime"))


@attrs.frozen(kw_only=True)
class SpotAsset(WireModel):
    """The balance of one coin in the spot account."""

    coin: str = attrs.field(metadata=wire("coin"))
    available: Decimal = attrs.field(metadata=wire("available"))
    frozen: Decimal | None = attrs.field(default=None, metadata=wire("frozen"))
    locked: Decimal | None = attrs.field(default=None, metadata=wire("locked"))
    limit_available: Decimal | None = attrs.field(default=None, metadata=wire("limitAvailable"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))

    @property
    def total(self) -> Decimal:
        """Available plus frozen plus locked."""
        return self.available + (self.frozen or 0) + (self.locked or 0)


@attrs.frozen(kw_only=True)
class SpotBill(WireModel):
    """One entry of the spot account's ledger."""

    bill_id: str = attrs.field(metadata=wire("billId"))
    coin: str = attrs.field(metadata=wire("coin"))
    group_type: str | None = attrs.field(default=None, metadata=wire("groupType"))
    business_type: str | None = attrs.field(default=None, metadata=wire("businessType"))
    #: Signed change of the balance.
    size: Decimal = attrs.field(metadata=wire("size"))
    balance: Decimal | None = attrs.field(default=None, metadata=wire("balance"))
    fees: Decimal | None = attrs.field(default=None, metadata=wire("fees"))
    created_ms: int = attrs.field(metadata=wire("cTime"))

    @property
    def created_at(self) -> datetime:
        return ms_to_datetime(self.created_ms)


@attrs.frozen(kw_only=True)
class FuturesAccount(WireModel):
    """A futures account in one margin coin."""

    margin_coin: str = attrs.field(metadata=wire("marginCoin"))
    available: Decimal = attrs.field(metadata=wire("available"))
    locked: Decimal | None = attrs.field(default=None, metadata=wire("locked"))
    crossed_max_available: Decimal | None = attrs.field(default=None, metadata=wire("crossedMaxAvailable"))
    isolated_max_available: Decimal | None = attrs.field(default=None, metadata=wire("isolatedMaxAvailable"))
    max_transfer_out: Decimal | None = attrs.field(default=None, metadata=wire("maxTransferOut"))
    account_equity: Decimal | None = attrs.field(default=None, metadata=wire("accountEquity"))
    usdt_equity: Decimal | None = attrs.field(default=None, metadata=wire("usdtEquity"))
    btc_equity: Decimal | None = attrs.field(default=None, metadata=wire("btcEquity"))
    crossed_risk_rate: Decimal | None = attrs.field(default=None, metadata=wire("crossedRiskRate"))
    crossed_margin_leverage: Decimal | None = attrs.field(default=None, metadata=wire("crossedMarginLeverage"))
    isolated_long_leverage: Decimal | None = attrs.field(default=None, metadata=wire("isolatedLongLever"))
    isolated_short_leverage: Decimal | None = attrs.field(default=None, metadata=wire("isolatedShortLever"))
    margin_mode: MarginMode | None = attrs.field(default=None, metadata=wire("marginMode"))
    position_mode: PositionMode | None = attrs.field(default=None, metadata=wire("posMode"))
    unrealized_pnl: Decimal | None = attrs.field(default=None, metadata=wire("unrealizedPL"))
    coupon: Decimal | None = attrs.field(default=None, metadata=wire("coupon"))


@attrs.frozen(kw_only=True)
class Position(WireModel):
    """An open futures position."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    margin_coin: str = attrs.field(metadata=wire("marginCoin"))
    hold_side: HoldSide = attrs.field(metadata=wire("holdSide"))
    #: Position size in the base coin; ``available`` can be closed now, ``locked`` is held by close orders.
    total: Decimal = attrs.field(metadata=wire("total"))
    available: Decimal | None = attrs.field(default=None, metadata=wire("available"))
    locked: Decimal | None = attrs.field(default=None, metadata=wire("locked"))
    open_delegate_size: Decimal | None = attrs.field(default=None, metadata=wire("openDelegateSize"))
    margin_size: Decimal | None = attrs.field(default=None, metadata=wire("marginSize"))
    leverage: Decimal | None = attrs.field(default=None, metadata=wire("leverage"))
    achieved_profits: Decimal | None = attrs.field(default=None, metadata=wire("achievedProfits"))
    open_price_avg: Decimal | None = attrs.field(default=None, metadata=wire("openPriceAvg"))
    margin_mode: MarginMode | None = attrs.field(default=None, metadata=wire("marginMode"))
    position_mode: PositionMode | None = attrs.field(default=None, metadata=wire("posMode"))
    unrealized_pnl: Decimal | None = attrs.field(default=None, metadata=wire("unrealizedPL"))
    liquidation_price: Decimal | None = attrs.field(default=None, metadata=wire("liquidationPrice"))
    keep_margin_rate: Decimal | None = attrs.field(default=None, metadata=wire("keepMarginRate"))
    mark_price: Decimal | None = attrs.field(default=None, metadata=wire("markPrice"))
    break_even_price: Decimal | None = attrs.field(default=None, metadata=wire("breakEvenPrice"))
    total_fee: Decimal | None = attrs.field(default=None, metadata=wire("totalFee"))
    deducted_fee: Decimal | None = attrs.field(default=None, metadata=wire("deductedFee"))
    margin_ratio: Decimal | None = attrs.field(default=None, metadata=wire("marginRatio"))
    created_ms: int | None = attrs.field(default=None, metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))

    @property
    def created_at(self) -> datetime | None:
        return ms_to_optional_datetime(self.created_ms)


@attrs.frozen(kw_only=True)
class LeverageSettings(WireModel):
    """Leverage and margin mode of a contract after a change."""

    symbol: str = attrs.field(metadata=wire("symbol"))
    margin_coin: str | None = attrs.field(default=None, metadata=wire("marginCoin"))
    long_leverage: Decimal | None = attrs.field(default=None, metadata=wire("longLeverage"))
    short_leverage: Decimal | None = attrs.field(default=None, metadata=wire("shortLeverage"))
    cross_margin_leverage: Decimal | None = attrs.field(default=None, metadata=wire("crossMarginLeverage"))
    margin_mode: MarginMode | None = attrs.field(default=None, metadata=wire("marginMode"))
