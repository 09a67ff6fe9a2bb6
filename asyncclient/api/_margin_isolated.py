"""``client.isolated_margin``: isolated-margin accounts (one per pair) as typed methods.

Every call names the pair (``symbol``). Borrow, repay and flash repay are never repeated after a failure whose
outcome is unknown (the catalogue marks them unsafe): check :meth:`IsolatedMarginAPI.borrow_history` or
:meth:`IsolatedMarginAPI.assets` before trying again. Orders are exactly-once as on the crossed account. Fund a
pair with ``client.wallet.transfer(coin, amount, "spot", "isolated_margin", symbol="BTCUSDT")``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..models._margin import Loan, MarginAsset, MarginInterest, Repayment, RepayResult
from ..models._margin_isolated import (
    FlashRepay,
    IsolatedAmounts,
    IsolatedInterestRate,
    IsolatedMarginTier,
    IsolatedRiskRate,
)
from . import _validate as check
from ._common import Amount, Time, as_rows, drop_none, now_ms
from ._margin_records import MarginRecordsMethods
from ._margin_trade import MarginTradeMethods
from ._protocol import Requester

__all__ = ["IsolatedMarginAPI"]

#: Borrow, repay and interest records: one query spans at most 90 days.
_RECORD_SPAN_MS = 90 * 86_400_000


class IsolatedMarginAPI(MarginTradeMethods, MarginRecordsMethods):
    """Isolated-margin endpoints (``/api/v2/margin/isolated/...``). Get it as ``client.isolated_margin``."""

    _margin_base = "/api/v2/margin/isolated"

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def __repr__(self) -> str:
        return "IsolatedMarginAPI(mode='isolated')"

    async def _get(self, path: str, params: dict[str, Any]) -> Any:
        return await self._requester.request("GET", path, drop_none(params))

    async def _post(self, path: str, params: dict[str, Any]) -> Any:
        return await self._requester.request("POST", path, drop_none(params))

    async def assets(self, symbol: str | None = None) -> list[MarginAsset]:
        """What each isolated pair (or ``symbol``'s) holds and owes, per coin."""
        params = {"symbol": None if symbol is None else check.symbol(symbol)}
        return [
            MarginAsset.from_wire(row)
            for row in as_rows(await self._get("/api/v2/margin/isolated/account/assets", params))
        ]

    async def max_borrowable(self, symbol: str) -> IsolatedAmounts:
        """How much of the pair's base and quote coin can be borrowed now."""
        data = await self._get(
            "/api/v2/margin/isolated/account/max-borrowable-amount", {"symbol": check.symbol(symbol)}
        )
        return IsolatedAmounts.from_wire(data)

    async def max_transferable(self, symbol: str) -> IsolatedAmounts:
        """How much of the pair's base and quote coin can be transferred out now."""
        data = await self._get(
            "/api/v2/margin/isolated/account/max-transfer-out-amount", {"symbol": check.symbol(symbol)}
        )
        return IsolatedAmounts.from_wire(data)

    async def risk_rates(self, symbol: str | None = None) -> list[IsolatedRiskRate]:
        """Debt over assets of each isolated pair (or of ``symbol``)."""
        params = {"symbol": None if symbol is None else check.symbol(symbol)}
        return [
            IsolatedRiskRate.from_wire(row)
            for row in as_rows(await self._get("/api/v2/margin/isolated/account/risk-rate", params))
        ]

    async def borrow(self, symbol: str, coin: str, amount: Amount, *, client_oid: str | None = None) -> Loan:
        """Borrow ``amount`` of ``coin`` (the pair's base or quote) into the ``symbol`` account."""
        params = {
            "symbol": check.symbol(symbol),
            "coin": check.coin(coin),
            "borrowAmount": check.amount(amount, "amount"),
            "clientOid": None if client_oid is None else check.client_oid(client_oid),
        }
        return Loan.from_wire(await self._post("/api/v2/margin/isolated/account/borrow", params))

    async def repay(self, symbol: str, coin: str, amount: Amount) -> RepayResult:
        """Repay up to ``amount`` of ``coin`` in the ``symbol`` account (interest first, then principal)."""
        params = {
            "symbol": check.symbol(symbol),
            "coin": check.coin(coin),
            "repayAmount": check.amount(amount, "amount"),
        }
        return RepayResult.from_wire(await self._post("/api/v2/margin/isolated/account/repay", params))

    async def flash_repay(self, symbols: Sequence[str] = ()) -> list[FlashRepay]:
        """Repay every debt of the pairs ``symbols`` (all pairs when empty) from their own balances, at once."""
        names = [check.symbol(symbol) for symbol in check.batch(symbols, "symbols", maximum=100)] if symbols else []
        data = await self._post("/api/v2/margin/isolated/account/flash-repay", {"symbolList": names or None})
        return [FlashRepay.from_wire(row) for row in as_rows(data)]

    async def borrow_history(
        self,
        symbol: str,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
    ) -> list[Loan]:
        """Loans of the ``symbol`` account, newest first."""
        return [
            Loan.from_wire(row)
            for row in await self._records("/api/v2/margin/isolated/borrow-history", symbol, coin, start, end, limit)
        ]

    async def repay_history(
        self,
        symbol: str,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
    ) -> list[Repayment]:
        """Repayments of the ``symbol`` account, newest first."""
        rows = await self._records("/api/v2/margin/isolated/repay-history", symbol, coin, start, end, limit)
        return [Repayment.from_wire(row) for row in rows]

    async def interest_history(
        self,
        symbol: str,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
    ) -> list[MarginInterest]:
        """Interest charged in the ``symbol`` account, newest first."""
        rows = await self._records("/api/v2/margin/isolated/interest-history", symbol, coin, start, end, limit)
        return [MarginInterest.from_wire(row) for row in rows]

    async def tier_data(self, symbol: str) -> list[IsolatedMarginTier]:
        """Borrowing tiers of the pair."""
        rows = as_rows(await self._get("/api/v2/margin/isolated/tier-data", {"symbol": check.symbol(symbol)}))
        return [IsolatedMarginTier.from_wire(row) for row in rows]

    async def interest_rate(self, symbol: str) -> list[IsolatedInterestRate]:
        """The borrowing rates and limits of the pair's two coins."""
        rows = as_rows(
            await self._get("/api/v2/margin/isolated/interest-rate-and-limit", {"symbol": check.symbol(symbol)})
        )
        return [IsolatedInterestRate.from_wire(row) for row in rows]

    async def _records(
        self, path: str, symbol: str, coin: str | None, start: Time | None, end: Time | None, limit: int | None
    ) -> list[Any]:
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_RECORD_SPAN_MS)
        if start_ms is None:  # the exchange requires startTime: default to the widest window it accepts
            start_ms = (end_ms if end_ms is not None else now_ms()) - _RECORD_SPAN_MS
        params = {
            "symbol": check.symbol(symbol),
            "coin": None if coin is None else check.coin(coin),
            "startTime": start_ms,
            "endTime": end_ms,
            "limit": None if limit is None else check.limit(limit, maximum=500),
        }
        data = await self._get(path, params)
        return as_rows(data.get("resultList") if isinstance(data, dict) else None)
