"""``client.margin``: the crossed-margin account (assets, limits, borrowing, repayment, interest) as typed methods.

Borrow and repay are never repeated after a failure whose outcome is unknown (the catalogue marks them unsafe:
the exchange does not document what a repeated clientOid does); check :meth:`MarginAPI.borrow_history` or
:meth:`MarginAPI.assets` before trying again. Fund the account with
``client.wallet.transfer(coin, amount, "spot", "crossed_margin")``.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import ClassVar, Unpack

import attrs

from ..models import _checks as checks
from ..models._margin import Loan, MarginAsset, MarginInterest, MarginInterestRate, MarginTier, Repayment, RepayResult
from ..models._margin_isolated import FlashRepay
from ..models._request import CoinQuery, CoinRecordsQuery, WireRequest, optional_coin, param
from ._base import CallOptions, Group
from ._cast import decimal_at, one, rows, rows_at
from ._common import Amount, Time
from ._margin_records import MarginRecordsMethods
from ._margin_trade import MarginTradeMethods

__all__ = ["MarginAPI"]

_BASE = "/api/v2/margin/crossed"
#: Borrow, repay and interest records: one query spans at most 90 days.
_RECORD_SPAN_MS = 90 * 86_400_000


@attrs.frozen(kw_only=True)
class CoinFilter(WireRequest):
    """One coin, or None for every coin."""

    coin: str | None = attrs.field(default=None, converter=optional_coin)


def _borrow_amount(value: object) -> str:
    return checks.amount(value, "amount")


def _optional_client_oid(value: object) -> str | None:
    return None if value is None else checks.client_oid(value)


@attrs.frozen(kw_only=True)
class BorrowRequest(WireRequest):
    """Borrow ``amount`` of ``coin``, optionally under the caller's id."""

    coin: str = attrs.field(converter=checks.coin)
    amount: str = attrs.field(converter=_borrow_amount, metadata=param("borrowAmount"))
    client_oid: str | None = attrs.field(default=None, converter=_optional_client_oid, metadata=param("clientOid"))


@attrs.frozen(kw_only=True)
class RepayRequest(WireRequest):
    """Repay up to ``amount`` of ``coin``."""

    coin: str = attrs.field(converter=checks.coin)
    amount: str = attrs.field(converter=_borrow_amount, metadata=param("repayAmount"))


@attrs.frozen(kw_only=True)
class MarginRecordsQuery(CoinRecordsQuery):
    """Borrow, repay or interest records: a window of at most 90 days, ``startTime`` required by the exchange."""

    max_span_ms: ClassVar[int | None] = _RECORD_SPAN_MS

    @classmethod
    def widest(cls, coin: str | None, start: Time | None, end: Time | None, limit: int | None) -> MarginRecordsQuery:
        """The query, its start defaulted to the widest window the exchange accepts before ``end`` (or now)."""
        query = cls(coin=coin, start=start, end=end, limit=limit)
        if query.start is not None:
            return query
        end_ms = query.end if query.end is not None else int(time.time() * 1000)
        return attrs.evolve(query, start=end_ms - _RECORD_SPAN_MS)


class MarginAPI(Group, MarginTradeMethods, MarginRecordsMethods):
    """Crossed-margin endpoints (``/api/v2/margin/crossed/...``). Get it as ``client.margin``."""

    def __repr__(self) -> str:
        return "MarginAPI(mode='crossed')"

    async def assets(self, coin: str | None = None, **options: Unpack[CallOptions]) -> list[MarginAsset]:
        """What the account holds and owes, per coin."""
        return await self._get(f"{_BASE}/account/assets", CoinFilter(coin=coin), rows(MarginAsset), options)

    async def max_borrowable(self, coin: str, **options: Unpack[CallOptions]) -> Decimal:
        """How much of ``coin`` can be borrowed now."""
        path = f"{_BASE}/account/max-borrowable-amount"
        return await self._get(path, CoinQuery(coin=coin), decimal_at("maxBorrowableAmount"), options)

    async def max_transferable(self, coin: str, **options: Unpack[CallOptions]) -> Decimal:
        """How much of ``coin`` can be transferred out now."""
        path = f"{_BASE}/account/max-transfer-out-amount"
        return await self._get(path, CoinQuery(coin=coin), decimal_at("maxTransferOutAmount"), options)

    async def risk_rate(self, **options: Unpack[CallOptions]) -> Decimal:
        """Debt over assets (liquidation comes near 1)."""
        return await self._get(f"{_BASE}/account/risk-rate", None, decimal_at("riskRateRatio"), options)

    async def borrow(
        self, coin: str, amount: Amount, *, client_oid: str | None = None, **options: Unpack[CallOptions]
    ) -> Loan:
        """Borrow ``amount`` of ``coin``."""
        request = BorrowRequest(coin=coin, amount=amount, client_oid=client_oid)
        return await self._post(f"{_BASE}/account/borrow", request, one(Loan), options)

    async def repay(self, coin: str, amount: Amount, **options: Unpack[CallOptions]) -> RepayResult:
        """Repay up to ``amount`` of ``coin`` (interest first, then principal)."""
        return await self._post(
            f"{_BASE}/account/repay", RepayRequest(coin=coin, amount=amount), one(RepayResult), options
        )

    async def flash_repay(self, coin: str | None = None, **options: Unpack[CallOptions]) -> FlashRepay:
        """Repay every debt of ``coin`` (or of every coin) from the account's own balances, at once.

        Never repeated after an ambiguous failure: follow it with :meth:`flash_repay_status`.
        """
        return await self._post(f"{_BASE}/account/flash-repay", CoinFilter(coin=coin), one(FlashRepay), options)

    async def borrow_history(
        self,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[Loan]:
        """Loans, newest first."""
        query = MarginRecordsQuery.widest(coin, start, end, limit)
        return await self._get(f"{_BASE}/borrow-history", query, rows_at("resultList", Loan), options)

    async def repay_history(
        self,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[Repayment]:
        """Repayments, newest first."""
        query = MarginRecordsQuery.widest(coin, start, end, limit)
        return await self._get(f"{_BASE}/repay-history", query, rows_at("resultList", Repayment), options)

    async def interest_history(
        self,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[MarginInterest]:
        """Interest charged, newest first."""
        query = MarginRecordsQuery.widest(coin, start, end, limit)
        return await self._get(f"{_BASE}/interest-history", query, rows_at("resultList", MarginInterest), options)

    async def tier_data(self, coin: str, **options: Unpack[CallOptions]) -> list[MarginTier]:
        """Borrowing tiers of ``coin``."""
        return await self._get(f"{_BASE}/tier-data", CoinQuery(coin=coin), rows(MarginTier), options)

    async def interest_rate(self, coin: str, **options: Unpack[CallOptions]) -> list[MarginInterestRate]:
        """The borrowing rate and limit of ``coin``."""
        path = f"{_BASE}/interest-rate-and-limit"
        return await self._get(path, CoinQuery(coin=coin), rows(MarginInterestRate), options)
