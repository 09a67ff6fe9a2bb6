"""Account overview and common answers: balances per account type, funding assets, fee rates, announcements."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._wire import WireModel, wire

__all__ = ["AccountBalance", "Announcement", "FundingAsset", "SubAccountAssets", "TradeRate"]


@attrs.frozen(kw_only=True)
class AccountBalance(WireModel):
    """What one account type (spot, futures, funding, earn, bots, margin) is worth in USDT."""

    account_type: str = attrs.field(metadata=wire("accountType"))
    usdt_balance: Decimal = attrs.field(metadata=wire("usdtBalance"))


@attrs.frozen(kw_only=True)
class FundingAsset(WireModel):
    """One coin of the funding account."""

    coin: str = attrs.field(metadata=wire("coin"))
    available: Decimal = attrs.field(metadata=wire("available"))
    frozen: Decimal | None = attrs.field(default=None, metadata=wire("frozen"))
    usdt_value: Decimal | None = attrs.field(default=None, metadata=wire("usdtValue"))


@attrs.frozen(kw_only=True)
class SubAccountAssets(WireModel):
    """The spot assets of one sub-account (each asset kept as the exchange sends it, in ``assets_list``)."""

    user_id: str = attrs.field(metadata=wire("userId"))
    assets_list: tuple[dict[str, object], ...] = attrs.field(
        default=(),
        metadata=wire("assetsList", parse=lambda rows: tuple(dict(row) for row in rows or ()), dump=list),
    )


@attrs.frozen(kw_only=True)
class TradeRate(WireModel):
    """The caller's fee rates on one symbol."""

    maker_fee_rate: Decimal = attrs.field(metadata=wire("makerFeeRate"))
    taker_fee_rate: Decimal = attrs.field(metadata=wire("takerFeeRate"))


@attrs.frozen(kw_only=True)
class Announcement(WireModel):
    """One exchange announcement."""

    ann_id: str = attrs.field(metadata=wire("annId"))
    title: str = attrs.field(metadata=wire("annTitle"))
    description: str | None = attrs.field(default=None, metadata=wire("annDesc"))
    language: str | None = attrs.field(default=None, metadata=wire("language"))
    url: str | None = attrs.field(default=None, metadata=wire("annUrl"))
    created_ms: int = attrs.field(metadata=wire("cTime"))
