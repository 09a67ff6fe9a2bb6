"""Margin answers (crossed and isolated): balances with debt, limits, loans, repayments, interest and tiers.

Isolated rows carry the pair as ``symbol``; crossed ones leave it None."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._wire import WireModel, wire

__all__ = [
    "Loan",
    "MarginAsset",
    "MarginInterest",
    "MarginInterestRate",
    "MarginTier",
    "RepayResult",
    "Repayment",
]


@attrs.frozen(kw_only=True)
class MarginAsset(WireModel):
    """One coin of the margin account: what is held, what is owed."""

    coin: str = attrs.field(metadata=wire("coin"))
    symbol: str | None = attrs.field(default=None, metadata=wire("symbol"))
    total_amount: Decimal = attrs.field(metadata=wire("totalAmount"))
    available: Decimal = attrs.field(metadata=wire("available"))
    frozen: Decimal | None = attrs.field(default=None, metadata=wire("frozen"))
    borrow: Decimal = attrs.field(metadata=wire("borrow"))
    interest: Decimal = attrs.field(metadata=wire("interest"))
    #: Held minus owed.
    net: Decimal | None = attrs.field(default=None, metadata=wire("net"))
    coupon: Decimal | None = attrs.field(default=None, metadata=wire("coupon"))
    created_ms: int | None = attrs.field(default=None, metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))


@attrs.frozen(kw_only=True)
class Loan(WireModel):
    """A borrowing: the answer to ``borrow`` and a row of the borrow history."""

    loan_id: str = attrs.field(metadata=wire("loanId"))
    coin: str = attrs.field(metadata=wire("coin"))
    symbol: str | None = attrs.field(default=None, metadata=wire("symbol"))
    borrow_amount: Decimal = attrs.field(metadata=wire("borrowAmount"))
    borrow_type: str | None = attrs.field(default=None, metadata=wire("borrowType"))
    created_ms: int | None = attrs.field(default=None, metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))


@attrs.frozen(kw_only=True)
class RepayResult(WireModel):
    """The answer to ``repay``: what was repaid and what is still owed."""

    repay_id: str = attrs.field(metadata=wire("repayId"))
    coin: str = attrs.field(metadata=wire("coin"))
    symbol: str | None = attrs.field(default=None, metadata=wire("symbol"))
    repay_amount: Decimal = attrs.field(metadata=wire("repayAmount"))
    remaining_debt: Decimal | None = attrs.field(default=None, metadata=wire("remainDebtAmount"))


@attrs.frozen(kw_only=True)
class Repayment(WireModel):
    """A row of the repay history: interest is paid before principal."""

    repay_id: str = attrs.field(metadata=wire("repayId"))
    coin: str = attrs.field(metadata=wire("coin"))
    symbol: str | None = attrs.field(default=None, metadata=wire("symbol"))
    repay_amount: Decimal = attrs.field(metadata=wire("repayAmount"))
    repay_interest: Decimal | None = attrs.field(default=None, metadata=wire("repayInterest"))
    repay_principal: Decimal | None = attrs.field(default=None, metadata=wire("repayPrincipal"))
    repay_type: str | None = attrs.field(default=None, metadata=wire("repayType"))
    created_ms: int | None = attrs.field(default=None, metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))


@attrs.frozen(kw_only=True)
class MarginInterest(WireModel):
    """Interest charged on a loan."""

    interest_id: str = attrs.field(metadata=wire("interestId"))
    symbol: str | None = attrs.field(default=None, metadata=wire("symbol"))
    loan_coin: str = attrs.field(metadata=wire("loanCoin"))
    interest_coin: str = attrs.field(metadata=wire("interestCoin"))
    daily_interest_rate: Decimal = attrs.field(metadata=wire("dailyInterestRate"))
    interest_amount: Decimal = attrs.field(metadata=wire("interestAmount"))
    #: The exchange spells the key ``interstType``.
    interest_type: str | None = attrs.field(default=None, metadata=wire("interstType", "interestType"))
    created_ms: int | None = attrs.field(default=None, metadata=wire("cTime"))
    updated_ms: int | None = attrs.field(default=None, metadata=wire("uTime"))


@attrs.frozen(kw_only=True)
class MarginTier(WireModel):
    """One borrowing tier of a coin."""

    tier: int = attrs.field(metadata=wire("tier"))
    leverage: Decimal = attrs.field(metadata=wire("leverage"))
    coin: str = attrs.field(metadata=wire("coin"))
    max_borrowable_amount: Decimal = attrs.field(metadata=wire("maxBorrowableAmount"))
    maintain_margin_rate: Decimal = attrs.field(metadata=wire("maintainMarginRate"))


@attrs.frozen(kw_only=True)
class MarginInterestRate(WireModel):
    """A coin's borrowing rate and limit."""

    coin: str = attrs.field(metadata=wire("coin"))
    leverage: Decimal | None = attrs.field(default=None, metadata=wire("leverage"))
    transferable: bool | None = attrs.field(default=None, metadata=wire("transferable"))
    borrowable: bool | None = attrs.field(default=None, metadata=wire("borrowable"))
    daily_interest_rate: Decimal = attrs.field(metadata=wire("dailyInterestRate"))
    annual_interest_rate: Decimal | None = attrs.field(default=None, metadata=wire("annualInterestRate"))
    max_borrowable_amount: Decimal | None = attrs.field(default=None, metadata=wire("maxBorrowableAmount"))
