"""Unified-account (v3) account data: assets, settings, funding wallet, fees, records, transfers, mode switches."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._enums import MarginMode, StpMode
from ._uta_enums import AccountMode, Category, HoldMode, SwitchState
from ._wire import WireModel, wire

__all__ = [
    "UtaAssets",
    "UtaCoinAsset",
    "UtaCoinConfig",
    "UtaDepositRecord",
    "UtaFeeRate",
    "UtaFinancialRecord",
    "UtaFundingAsset",
    "UtaSettings",
    "UtaSwitchStatus",
    "UtaSymbolConfig",
    "UtaTransfer",
    "UtaWithdrawalRecord",
]


@attrs.frozen(kw_only=True)
class UtaCoinAsset(WireModel):
    """One coin of the unified account."""

    coin: str = attrs.field(metadata=wire("coin"))
    equity: Decimal | None = attrs.field(default=None, metadata=wire("equity"))
    usd_value: Decimal | None = attrs.field(default=None, metadata=wire("usdValue"))
    balance: Decimal | None = attrs.field(default=None, metadata=wire("balance"))
    available: Decimal | None = attrs.field(default=None, metadata=wire("available"))
    debt: Decimal | None = attrs.field(default=None, metadata=wire("debt"))
    locked: Decimal | None = attrs.field(default=None, metadata=wire("locked"))


@attrs.frozen(kw_only=True)
class UtaAssets(WireModel):
    """The unified account: equity, margin figures and every coin it holds."""

    account_equity: Decimal | None = attrs.field(default=None, metadata=wire("accountEquity"))
    usdt_equity: Decimal | None = attrs.field(default=None, metadata=wire("usdtEquity"))
    btc_equity: Decimal | None = attrs.field(default=None, metadata=wire("btcEquity"))
    unrealised_pnl: Decimal | None = attrs.field(default=None, metadata=wire("unrealisedPnl"))
    usdt_unrealised_pnl: Decimal | None = attrs.field(default=None, metadata=wire("usdtUnrealisedPnl"))
    effective_equity: Decimal | None = attrs.field(default=None, metadata=wire("effEquity"))
    #: Maintenance and initial margin, and the account's margin ratio.
    maintenance_margin: Decimal | None = attrs.field(default=None, metadata=wire("mmr"))
    initial_margin: Decimal | None = attrs.field(default=None, metadata=wire("imr"))
    margin_ratio: Decimal | None = attrs.field(default=None, metadata=wire("mgnRatio"))
    assets: tuple[UtaCoinAsset, ...] = attrs.field(metadata=wire("assets"))

    def coin(self, name: str) -> UtaCoinAsset | None:
        """The holding of one coin, if any."""
        return next((asset for asset in self.assets if asset.coin.upper() == name.upper()), None)


@attrs.frozen(kw_only=True)
class UtaSymbolConfig(WireModel):
    category: Category = attrs.field(metadata=wire("category"))
    symbol: str = attrs.field(metadata=wire("symbol"))
    margin_mode: MarginMode | None = attrs.field(default=None, metadata=wire("marginMode"))
    leverage: Decimal | None = attrs.field(default=None, metadata=wire("leverage"))


@attrs.frozen(kw_only=True)
class UtaCoinConfig(WireModel):
    coin: str = attrs.field(metadata=wire("coin"))
    leverage: Decimal | None = attrs.field(default=None, metadata=wire("leverage"))


@attrs.frozen(kw_only=True)
class UtaSettings(WireModel):
    """Account settings: mode (unified, hybrid, or a transition), hold mode, leverage per symbol and coin."""

    uid: str | None = attrs.field(default=None, metadata=wire("uid"))
    account_mode: AccountMode = attrs.field(metadata=wire("accountMode"))
    #: ``basic`` or ``advanced`` (since 2026-03).
    account_level: str | None = attrs.field(default=None, metadata=wire("accountLevel"))
    asset_mode: str | None = attrs.field(default=None, metadata=wire("assetMode"))
    hold_mode: HoldMode | None = attrs.field(default=None, metadata=wire("holdMode"))
    stp_mode: StpMode | None = attrs.field(default=None, metadata=wire("stpMode"))
    symbol_configs: tuple[UtaSymbolConfig, ...] = attrs.field(metadata=wire("symbolConfigList"))
    coin_configs: tuple[UtaCoinConfig, ...] = attrs.field(metadata=wire("coinConfigList"))


@attrs.frozen(kw_only=True)
class UtaFundingAsset(WireModel):
    """One coin of the funding wallet (deposits land here; transfer it to trade)."""

    coin: str = attrs.field(metadata=wire("coin"))
    available: Decimal = attrs.field(metadata=wire("available"))
    frozen: Decimal | None = attrs.field(default=None, metadata=wire("frozen"))
    balance: Decimal | None = attrs.field(default=None, metadata=wire("balance"))


@attrs.frozen(kw_only=True)
class UtaFeeRate(WireModel):
    maker_fee_rate: Decimal = attrs.field(metadata=wire("makerFeeRate"))
    taker_fee_rate: Decimal = attrs.field(metadata=wire("takerFeeRate"))


@attrs.frozen(kw_only=True)
class UtaFinancialRecord(WireModel):
    """One movement of the account's money (fill, fee, funding, transfer ...)."""

    record_id: str = attrs.field(metadata=wire("id"))
    category: str | None = attrs.field(default=None, metadata=wire("category"))
    symbol: str | None = attrs.field(default=None, metadata=wire("symbol"))
    coin: str = attrs.field(metadata=wire("coin"))
    type: str = attrs.field(metadata=wire("type"))
    amount: Decimal = attrs.field(metadata=wire("amount"))
    fee: Decimal | None = attrs.field(default=None, metadata=wire("fee"))
    balance: Decimal | None = attrs.field(default=None, metadata=wire("balance"))
    timestamp_ms: int = attrs.field(metadata=wire("ts"))


@attrs.frozen(kw_only=True)
class UtaDepositRecord(WireModel):
    order_id: str = attrs.field(metadata=wire("orderId"))
    record_id: str | None = attrs.field(default=None, metadata=wire("recordId"))
    coin: str = attrs.field(metadata=wire("coin"))
    type: str | None = attrs.field(default=None, metadata=wire("type"))
    dest: str | None = attrs.field(default=None, metadata=wire("dest"))
    size: Decimal = attrs.field(metadata=wire("size"))
    status: str = attrs.field(metadata=wire("status"))
    from_address: str | None = attrs.field(default=None, metadata=wire("fromAddress"))
    to_address: str | None = attrs.field(default=None, metadata=wire("toAddress"))
    chain: str | None = attrs.field(default=None, metadata=wire("chain"))
    created_ms: int = attrs.field(metadata=wire("createdTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("updatedTime"))


@attrs.frozen(kw_only=True)
class UtaWithdrawalRecord(WireModel):
    order_id: str = attrs.field(metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    record_id: str | None = attrs.field(default=None, metadata=wire("recordId"))
    coin: str = attrs.field(metadata=wire("coin"))
    type: str | None = attrs.field(default=None, metadata=wire("type"))
    dest: str | None = attrs.field(default=None, metadata=wire("dest"))
    size: Decimal = attrs.field(metadata=wire("size"))
    fee: Decimal | None = attrs.field(default=None, metadata=wire("fee"))
    status: str = attrs.field(metadata=wire("status"))
    from_address: str | None = attrs.field(default=None, metadata=wire("fromAddress"))
    to_address: str | None = attrs.field(default=None, metadata=wire("toAddress"))
    chain: str | None = attrs.field(default=None, metadata=wire("chain"))
    confirmations: int | None = attrs.field(default=None, metadata=wire("confirm"))
    tag: str | None = attrs.field(default=None, metadata=wire("tag"))
    created_ms: int = attrs.field(metadata=wire("createdTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("updatedTime"))


@attrs.frozen(kw_only=True)
class UtaTransfer(WireModel):
    transfer_id: str = attrs.field(metadata=wire("transferId"))


@attrs.frozen(kw_only=True)
class UtaSwitchStatus(WireModel):
    """Where an asynchronous switch back to classic (or an upgrade to unified) stands."""

    status: SwitchState = attrs.field(metadata=wire("status"))
    reason: str | None = attrs.field(default=None, metadata=wire("reason"))
