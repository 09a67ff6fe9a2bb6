"""``client.margin``: the crossed-margin account (assets, limits, borrowing, repayment, interest) as typed methods.

Borrow and repay are never repeated after a failure whose outcome is unknown (the catalogue marks them unsafe:
the exchange does not document what a repeated clientOid does); check :meth:`MarginAPI.borrow_history` or
:meth:`MarginAPI.assets` before trying again. Fund the account with
``client.wallet.transfer(coin, amount, "spot", "crossed_margin")``.
"""

from __future__ import annotations

import time
from decimal import Decimal, InvalidOperation
from typing import Any

from ..models import ResponseFormatError
from ..models._margin import Loan, MarginAsset, MarginInterest, MarginInterestRate, MarginTier, Repayment, RepayResult
from ..models._margin_isolated import FlashRepay
from . import _validate as check
from ._common import Amount, Time, as_rows, drop_none
from ._margin_records import MarginRecordsMethods
from ._margin_trade import MarginTradeMethods
from ._protocol import Requester

__all__ = ["MarginAPI"]

#: Borrow, repay and interest records: one query spans at most 90 days.
_RECORD_SPAN_MS = 90 * 86_400_000


class MarginAPI(MarginTradeMethods, MarginRecordsMethods):
    """Crossed-margin endpoints (``/api/v2/margin/crossed/...``). Get it as ``client.margin``."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def __repr__(self) -> str:
        return "MarginAPI(mode='crossed')"

    async def _get(self, path: str, params: dict[str, Any]) -> Any:
        return await self._requester.request("GET", path, drop_none(params))

    async def _post(self, path: str, params: dict[str, Any]) -> Any:
        return await self._requester.request("POST", path, drop_none(params))

    async def assets(self, coin: str | None = None) -> list[MarginAsset]:
        """What the account holds and owes, per coin."""
        params = {"coin": None if coin is None else check.coin(coin)}
        return [
            MarginAsset.from_wire(row)
            for row in as_rows(await self._get("/api/v2/margin/crossed/account/assets", params))
        ]

    async def max_borrowable(self, coin: str) -> Decimal:
        """How much of ``coin`` can be borrowed now."""
        data = await self._get("/api/v2/margin/crossed/account/max-borrowable-amount", {"coin": check.coin(coin)})
        return _decimal(data, "maxBorrowableAmount")

    async def max_transferable(self, coin: str) -> Decimal:
        """How much of ``coin`` can be transferred out now."""
        data = await self._get("/api/v2/margin/crossed/account/max-transfer-out-amount", {"coin": check.coin(coin)})
        return _decimal(data, "maxTransferOutAmount")

    async def risk_rate(self) -> Decimal:
        """Debt over assets (liquidation comes near 1)."""
        return _decimal(await self._get("/api/v2/margin/crossed/account/risk-rate", {}), "riskRateRatio")

    async def borrow(self, coin: str, amount: Amount, *, client_oid: str | None = None) -> Loan:
        """Borrow ``amount`` of ``coin``."""
        params = {
            "coin": check.coin(coin),
            "borrowAmount": check.amount(amount, "amount"),
            "clientOid": None if client_oid is None else check.client_oid(client_oid),
        }
        return Loan.from_wire(await self._post("/api/v2/margin/crossed/account/borrow", params))

    async def repay(self, coin: str, amount: Amount) -> RepayResult:
        """Repay up to ``amount`` of ``coin`` (interest first, then principal)."""
        params = {"coin": check.coin(coin), "repayAmount": check.amount(amount, "amount")}
        return RepayResult.from_wire(await self._post("/api/v2/margin/crossed/account/repay", params))

    async def flash_repay(self, coin: str | None = None) -> FlashRepay:
        """Repay every debt of ``coin`` (or of every coin) from the account's own balances, at once.

        Never repeated after an ambiguous failure: follow it with :meth:`flash_repay_status`.
        """
        params = {"coin": None if coin is None else check.coin(coin)}
        return FlashRepay.from_wire(await self._post("/api/v2/margin/crossed/account/flash-repay", params))

    async def borrow_history(
        self, *, coin: str | None = None, start: Time | None = None, end: Time | None = None, limit: int | None = None
    ) -> list[Loan]:
        """Loans, newest first."""
        rows = await self._records("/api/v2/margin/crossed/borrow-history", coin, start, end, limit)
        return [Loan.from_wire(row) for row in rows]

    async def repay_history(
        self, *, coin: str | None = None, start: Time | None = None, end: Time | None = None, limit: int | None = None
    ) -> list[Repayment]:
        """Repayments, newest first."""
        rows = await self._records("/api/v2/margin/crossed/repay-history", coin, start, end, limit)
        return [Repayment.from_wire(row) for row in rows]

    async def interest_history(
        self, *, coin: str | None = None, start: Time | None = None, end: Time | None = None, limit: int | None = None
    ) -> list[MarginInterest]:
        """Interest charged, newest first."""
        rows = await self._records("/api/v2/margin/crossed/interest-history", coin, start, end, limit)
        return [MarginInterest.from_wire(row) for row in rows]

    async def tier_data(self, coin: str) -> list[MarginTier]:
        """Borrowing tiers of ``coin``."""
        rows = as_rows(await self._get("/api/v2/margin/crossed/tier-data", {"coin": check.coin(coin)}))
        return [MarginTier.from_wire(row) for row in rows]

    async def interest_rate(self, coin: str) -> list[MarginInterestRate]:
        """The borrowing rate and limit of ``coin``."""
        rows = as_rows(await self._get("/api/v2/margin/crossed/interest-rate-and-limit", {"coin": check.coin(coin)}))
        return [MarginInterestRate.from_wire(row) for row in rows]

    async def _records(
        self, path: str, coin: str | None, start: Time | None, end: Time | None, limit: int | None
    ) -> list[Any]:
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_RECORD_SPAN_MS)
        if start_ms is None:  # the exchange requires startTime: default to the widest window it accepts
            start_ms = (end_ms if end_ms is not None else _now_ms()) - _RECORD_SPAN_MS
        params = {
            "coin": None if coin is None else check.coin(coin),
            "startTime": start_ms,
            "endTime": end_ms,
            "limit": None if limit is None else check.limit(limit, maximum=500),
        }
        data = await self._get(path, params)
        return as_rows(data.get("resultList") if isinstance(data, dict) else None)


def _now_ms() -> int:
    return int(time.time() * 1000)


def _decimal(data: Any, key: str) -> Decimal:
    """One decimal field of an object answer; a missing or unreadable one is a ResponseFormatError."""
    value = data.get(key) if isinstance(data, dict) else None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ResponseFormatError(f"margin answer: {key} is not a number: {value!r}") from None
