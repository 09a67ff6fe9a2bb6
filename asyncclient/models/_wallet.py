"""Wallet answers: transfers between accounts, deposit addresses, deposit and withdrawal records."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs

from ._convert import ms_to_datetime
from ._enums import OpenEnum
from ._wire import WireModel, wire

__all__ = ["AccountType", "DepositAddress", "Transfer", "TransferRecord", "WalletRecord", "WithdrawalAck"]


class AccountType(OpenEnum):
    """The accounts a transfer moves between (``fromType``/``toType``)."""

    SPOT = "spot"
    P2P = "p2p"
    COIN_FUTURES = "coin_futures"
    USDT_FUTURES = "usdt_futures"
    USDC_FUTURES = "usdc_futures"
    CROSSED_MARGIN = "crossed_margin"
    ISOLATED_MARGIN = "isolated_margin"


@attrs.frozen(kw_only=True)
class Transfer(WireModel):
    """The answer to a transfer: its id, and the clientOid it was made with."""

    transfer_id: str = attrs.field(metadata=wire("transferId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))


@attrs.frozen(kw_only=True)
class TransferRecord(WireModel):
    """One transfer between the caller's accounts (or, with the user ids, between a main and a sub-account)."""

    transfer_id: str = attrs.field(metadata=wire("transferId"))
    coin: str = attrs.field(metadata=wire("coin"))
    size: Decimal = attrs.field(metadata=wire("size"))
    status: str = attrs.field(metadata=wire("status"))
    from_type: AccountType = attrs.field(metadata=wire("fromType"))
    to_type: AccountType = attrs.field(metadata=wire("toType"))
    from_symbol: str | None = attrs.field(default=None, metadata=wire("fromSymbol"))
    to_symbol: str | None = attrs.field(default=None, metadata=wire("toSymbol"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    from_user_id: str | None = attrs.field(default=None, metadata=wire("fromUserId"))
    to_user_id: str | None = attrs.field(default=None, metadata=wire("toUserId"))
    ts_ms: int = attrs.field(metadata=wire("ts"))

    @property
    def at(self) -> datetime:
        return ms_to_datetime(self.ts_ms)


@attrs.frozen(kw_only=True)
class DepositAddress(WireModel):
    """Where to deposit a coin on one chain."""

    coin: str = attrs.field(metadata=wire("coin"))
    address: str = attrs.field(metadata=wire("address"))
    chain: str = attrs.field(metadata=wire("chain"))
    tag: str | None = attrs.field(default=None, metadata=wire("tag"))
    url: str | None = attrs.field(default=None, metadata=wire("url"))


@attrs.frozen(kw_only=True)
class WalletRecord(WireModel):
    """One deposit or withdrawal (``type`` says which)."""

    order_id: str = attrs.field(metadata=wire("orderId"))
    trade_id: str | None = attrs.field(default=None, metadata=wire("tradeId"))
    coin: str = attrs.field(metadata=wire("coin"))
    type: str = attrs.field(metadata=wire("type"))
    size: Decimal = attrs.field(metadata=wire("size"))
    #: Negative: what the withdrawal cost (withdrawals only).
    fee: Decimal | None = attrs.field(default=None, metadata=wire("fee"))
    status: str = attrs.field(metadata=wire("status"))
    to_address: str | None = attrs.field(default=None, metadata=wire("toAddress"))
    from_address: str | None = attrs.field(default=None, metadata=wire("fromAddress"))
    chain: str | None = attrs.field(default=None, metadata=wire("chain"))
    dest: str | None = attrs.field(default=None, metadata=wire("dest"))
    tag: str | None = attrs.field(default=None, metadata=wire("tag"))
    confirm: str | None = attrs.field(default=None, metadata=wire("confirm"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
    created_ms: int = attrs.field(metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))


@attrs.frozen(kw_only=True)
class WithdrawalAck(WireModel):
    """The answer to a withdrawal request."""

    order_id: str = attrs.field(metadata=wire("orderId"))
    client_oid: str | None = attrs.field(default=None, metadata=wire("clientOid"))
