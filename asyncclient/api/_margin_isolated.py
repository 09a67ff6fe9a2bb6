"""``client.isolated_margin``: isolated-margin accounts (one per pair) as typed methods.

Every call names the pair (``symbol``). Borrow, repay and flash repay are never repeated after a failure whose
outcome is unknown (the catalogue marks them unsafe): check :meth:`IsolatedMarginAPI.borrow_history` or
:meth:`IsolatedMarginAPI.assets` before trying again. Orders are exactly-once as on the crossed account. Fund a
pair with ``client.wallet.transfer(coin, amount, "spot", "isolated_margin", symbol="BTCUSDT")``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from ..models._margin import Loan, MarginAsset, MarginInterest, Repayment, RepayResult
from ..models._margin_isolated import (
    FlashRepay,
    IsolatedAmounts,
    IsolatedInterestRate,
    IsolatedMarginTier,
    IsolatedRiskRate,
)
from ..models._margin_requests import (
    IsolatedBorrowRequest,
    IsolatedFlashRepayRequest,
    IsolatedRecordsQuery,
    IsolatedRepayRequest,
)
from ..models._request import SymbolFilter, SymbolQuery
from ._base import CallOptions
from ._cast import one, rows, rows_at
from ._common import Amount, Time
from ._margin_records import MarginRecordsMethods
from ._margin_trade import MarginTradeMethods

__all__ = ["IsolatedMarginAPI"]


class IsolatedMarginAPI(MarginTradeMethods, MarginRecordsMethods):
    """Isolated-margin endpoints (``/api/v2/margin/isolated/...``). Get it as ``client.isolated_margin``."""

    _margin_base = "/api/v2/margin/isolated"

    def __repr__(self) -> str:
        return "IsolatedMarginAPI(mode='isolated')"

    async def assets(self, symbol: str | None = None, **options: Unpack[CallOptions]) -> list[MarginAsset]:
        """What each isolated pair (or ``symbol``'s) holds and owes, per coin."""
        return await self._get(
            "/api/v2/margin/isolated/account/assets", SymbolFilter(symbol=symbol), rows(MarginAsset), options
        )

    async def max_borrowable(self, symbol: str, **options: Unpack[CallOptions]) -> IsolatedAmounts:
        """How much of the pair's base and quote coin can be borrowed now."""
        path = "/api/v2/margin/isolated/account/max-borrowable-amount"
        return await self._get(path, SymbolQuery(symbol=symbol), one(IsolatedAmounts), options)

    async def max_transferable(self, symbol: str, **options: Unpack[CallOptions]) -> IsolatedAmounts:
        """How much of the pair's base and quote coin can be transferred out now."""
        path = "/api/v2/margin/isolated/account/max-transfer-out-amount"
        return await self._get(path, SymbolQuery(symbol=symbol), one(IsolatedAmounts), options)

    async def risk_rates(self, symbol: str | None = None, **options: Unpack[CallOptions]) -> list[IsolatedRiskRate]:
        """Debt over assets of each isolated pair (or of ``symbol``)."""
        path = "/api/v2/margin/isolated/account/risk-rate"
        return await self._get(path, SymbolFilter(symbol=symbol), rows(IsolatedRiskRate), options)

    async def borrow(
        self, symbol: str, coin: str, amount: Amount, *, client_oid: str | None = None, **options: Unpack[CallOptions]
    ) -> Loan:
        """Borrow ``amount`` of ``coin`` (the pair's base or quote) into the ``symbol`` account."""
        request = IsolatedBorrowRequest(symbol=symbol, coin=coin, amount=amount, client_oid=client_oid)
        return await self._post("/api/v2/margin/isolated/account/borrow", request, one(Loan), options)

    async def repay(self, symbol: str, coin: str, amount: Amount, **options: Unpack[CallOptions]) -> RepayResult:
        """Repay up to ``amount`` of ``coin`` in the ``symbol`` account (interest first, then principal)."""
        request = IsolatedRepayRequest(symbol=symbol, coin=coin, amount=amount)
        return await self._post("/api/v2/margin/isolated/account/repay", request, one(RepayResult), options)

    async def flash_repay(self, symbols: Sequence[str] = (), **options: Unpack[CallOptions]) -> list[FlashRepay]:
        """Repay every debt of the pairs ``symbols`` (all pairs when empty) from their own balances, at once."""
        request = IsolatedFlashRepayRequest(symbols=symbols)
        return await self._post("/api/v2/margin/isolated/account/flash-repay", request, rows(FlashRepay), options)

    async def borrow_history(
        self,
        symbol: str,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[Loan]:
        """Loans of the ``symbol`` account, newest first."""
        query = IsolatedRecordsQuery(symbol=symbol, coin=coin, start=start, end=end, limit=limit).widest()
        return await self._get("/api/v2/margin/isolated/borrow-history", query, rows_at("resultList", Loan), options)

    async def repay_history(
        self,
        symbol: str,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[Repayment]:
        """Repayments of the ``symbol`` account, newest first."""
        query = IsolatedRecordsQuery(symbol=symbol, coin=coin, start=start, end=end, limit=limit).widest()
        return await self._get(
            "/api/v2/margin/isolated/repay-history", query, rows_at("resultList", Repayment), options
        )

    async def interest_history(
        self,
        symbol: str,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[MarginInterest]:
        """Interest charged in the ``symbol`` account, newest first."""
        query = IsolatedRecordsQuery(symbol=symbol, coin=coin, start=start, end=end, limit=limit).widest()
        return await self._get(
            "/api/v2/margin/isolated/interest-history", query, rows_at("resultList", MarginInterest), options
        )

    async def tier_data(self, symbol: str, **options: Unpack[CallOptions]) -> list[IsolatedMarginTier]:
        """Borrowing tiers of the pair."""
        return await self._get(
            "/api/v2/margin/isolated/tier-data", SymbolQuery(symbol=symbol), rows(IsolatedMarginTier), options
        )

    async def interest_rate(self, symbol: str, **options: Unpack[CallOptions]) -> list[IsolatedInterestRate]:
        """The borrowing rates and limits of the pair's two coins."""
        path = "/api/v2/margin/isolated/interest-rate-and-limit"
        return await self._get(path, SymbolQuery(symbol=symbol), rows(IsolatedInterestRate), options)
