"""``client.margin``: the crossed-margin account (assets, limits, borrowing, repayment, interest) as typed methods.

Borrow and repay are never repeated after a failure whose outcome is unknown (the catalogue marks them unsafe:
the exchange does not document what a repeated clientOid does); check :meth:`MarginAPI.borrow_history` or
:meth:`MarginAPI.assets` before trying again. Fund the account with
``client.wallet.transfer(coin, amount, "spot", "crossed_margin")``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Unpack

from ..models._margin import Loan, MarginAsset, MarginInterest, MarginInterestRate, MarginTier, Repayment, RepayResult
from ..models._margin_isolated import FlashRepay
from ..models._margin_requests import BorrowRequest, MarginRecordsQuery, RepayRequest
from ..models._request import CoinFilter, CoinQuery
from ._base import CallOptions
from ._cast import decimal_at, one, rows, rows_at
from ._common import Amount, Time
from ._margin_records import MarginRecordsMethods
from ._margin_trade import MarginTradeMethods

__all__ = ["MarginAPI"]


class MarginAPI(MarginTradeMethods, MarginRecordsMethods):
    """Crossed-margin endpoints (``/api/v2/margin/crossed/...``). Get it as ``client.margin``."""

    def __repr__(self) -> str:
        return "MarginAPI(mode='crossed')"

    async def assets(self, coin: str | None = None, **options: Unpack[CallOptions]) -> list[MarginAsset]:
        """What the account holds and owes, per coin."""
        return await self._get(
            "/api/v2/margin/crossed/account/assets", CoinFilter(coin=coin), rows(MarginAsset), options
        )

    async def max_borrowable(self, coin: str, **options: Unpack[CallOptions]) -> Decimal:
        """How much of ``coin`` can be borrowed now."""
        path = "/api/v2/margin/crossed/account/max-borrowable-amount"
        return await self._get(path, CoinQuery(coin=coin), decimal_at("maxBorrowableAmount"), options)

    async def max_transferable(self, coin: str, **options: Unpack[CallOptions]) -> Decimal:
        """How much of ``coin`` can be transferred out now."""
        path = "/api/v2/margin/crossed/account/max-transfer-out-amount"
        return await self._get(path, CoinQuery(coin=coin), decimal_at("maxTransferOutAmount"), options)

    async def risk_rate(self, **options: Unpack[CallOptions]) -> Decimal:
        """Debt over assets (liquidation comes near 1)."""
        return await self._get("/api/v2/margin/crossed/account/risk-rate", None, decimal_at("riskRateRatio"), options)

    async def borrow(
        self, coin: str, amount: Amount, *, client_oid: str | None = None, **options: Unpack[CallOptions]
    ) -> Loan:
        """Borrow ``amount`` of ``coin``."""
        request = BorrowRequest(coin=coin, amount=amount, client_oid=client_oid)
        return await self._post("/api/v2/margin/crossed/account/borrow", request, one(Loan), options)

    async def repay(self, coin: str, amount: Amount, **options: Unpack[CallOptions]) -> RepayResult:
        """Repay up to ``amount`` of ``coin`` (interest first, then principal)."""
        return await self._post(
            "/api/v2/margin/crossed/account/repay", RepayRequest(coin=coin, amount=amount), one(RepayResult), options
        )

    async def flash_repay(self, coin: str | None = None, **options: Unpack[CallOptions]) -> FlashRepay:
        """Repay every debt of ``coin`` (or of every coin) from the account's own balances, at once.

        Never repeated after an ambiguous failure: follow it with :meth:`flash_repay_status`.
        """
        return await self._post(
            "/api/v2/margin/crossed/account/flash-repay", CoinFilter(coin=coin), one(FlashRepay), options
        )

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
        query = MarginRecordsQuery(coin=coin, start=start, end=end, limit=limit).widest()
        return await self._get("/api/v2/margin/crossed/borrow-history", query, rows_at("resultList", Loan), options)

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
        query = MarginRecordsQuery(coin=coin, start=start, end=end, limit=limit).widest()
        return await self._get("/api/v2/margin/crossed/repay-history", query, rows_at("resultList", Repayment), options)

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
        query = MarginRecordsQuery(coin=coin, start=start, end=end, limit=limit).widest()
        return await self._get(
            "/api/v2/margin/crossed/interest-history", query, rows_at("resultList", MarginInterest), options
        )

    async def tier_data(self, coin: str, **options: Unpack[CallOptions]) -> list[MarginTier]:
        """Borrowing tiers of ``coin``."""
        return await self._get("/api/v2/margin/crossed/tier-data", CoinQuery(coin=coin), rows(MarginTier), options)

    async def interest_rate(self, coin: str, **options: Unpack[CallOptions]) -> list[MarginInterestRate]:
        """The borrowing rate and limit of ``coin``."""
        path = "/api/v2/margin/crossed/interest-rate-and-limit"
        return await self._get(path, CoinQuery(coin=coin), rows(MarginInterestRate), options)
