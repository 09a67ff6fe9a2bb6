"""``client.uta`` account endpoints (signed, ``/api/v3/account/...``): assets, settings, fees, leverage, records,
transfers, and the asynchronous switch back to a classic account."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Unpack

from ..models import (
    Category,
    HoldMode,
    HoldSide,
    Page,
    UtaAssets,
    UtaDepositRecord,
    UtaFeeRate,
    UtaFinancialRecord,
    UtaFundingAsset,
    UtaSettings,
    UtaSwitchStatus,
    UtaTransfer,
    UtaWithdrawalRecord,
)
from ..models._uta_queries import CoinFilter, FinancialQuery, SymbolQuery, TransferRecordsQuery
from ..models._uta_requests import UtaHoldModeRequest, UtaLeverageRequest, UtaTransferRequest
from ._base import CallOptions
from ._cast import cursor_page, nothing, one, rows, rows_in
from ._common import Amount, Time
from ._uta_common import UtaGroup, page_limit

__all__ = ["UtaAccountMethods"]


class UtaAccountMethods(UtaGroup):
    """The unified account: what it holds, how it is set, what moved."""

    async def assets(self, **options: Unpack[CallOptions]) -> UtaAssets:
        """Equity, margin figures and every coin of the unified account."""
        return await self._get("/api/v3/account/assets", None, one(UtaAssets), options)

    async def account_settings(self, **options: Unpack[CallOptions]) -> UtaSettings:
        """Mode (unified, hybrid, or a transition), hold mode, and leverage per symbol and coin."""
        return await self._get("/api/v3/account/settings", None, one(UtaSettings), options)

    async def funding_assets(self, coin: str | None = None, **options: Unpack[CallOptions]) -> list[UtaFundingAsset]:
        """The funding wallet (where deposits land)."""
        return await self._get("/api/v3/account/funding-assets", CoinFilter(coin=coin), rows(UtaFundingAsset), options)

    async def fee_rate(self, category: Category | str, symbol: str, **options: Unpack[CallOptions]) -> UtaFeeRate:
        """The account's maker and taker fee rates on one instrument."""
        query = SymbolQuery(category=category, symbol=symbol)
        return await self._get("/api/v3/account/fee-rate", query, one(UtaFeeRate), options)

    async def set_leverage(
        self,
        category: Category | str,
        leverage: int,
        *,
        symbol: str | None = None,
        coin: str | None = None,
        pos_side: HoldSide | str | None = None,
        **options: Unpack[CallOptions],
    ) -> None:
        """Set the leverage of a futures symbol (or of a margin coin)."""
        request = UtaLeverageRequest(category=category, leverage=leverage, symbol=symbol, coin=coin, pos_side=pos_side)
        await self._post("/api/v3/account/set-leverage", request, nothing, options)

    async def set_hold_mode(self, hold_mode: HoldMode | str, **options: Unpack[CallOptions]) -> None:
        """One-way or hedge mode for futures positions (only with no position and no open order)."""
        await self._post("/api/v3/account/set-hold-mode", UtaHoldModeRequest(hold_mode=hold_mode), nothing, options)

    async def financial_records(
        self,
        category: Category | str | None = None,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[UtaFinancialRecord]:
        """One page of the account's money movements, newest first; ``end_id`` is the next page's cursor."""
        query = FinancialQuery(category=category, coin=coin, start=start, end=end, cursor=cursor, limit=limit)
        return await self._get("/api/v3/account/financial-records", query, cursor_page(UtaFinancialRecord), options)

    async def iter_financial_records(
        self,
        category: Category | str | None = None,
        *,
        coin: str | None = None,
        page_size: int = 100,
        **options: Unpack[CallOptions],
    ) -> AsyncIterator[UtaFinancialRecord]:
        """Every money movement, newest first, following the cursor page by page (each page with ``options``)."""
        query = FinancialQuery(category=category, coin=coin, limit=page_limit(page_size))
        async for record in self._pages("/api/v3/account/financial-records", query, UtaFinancialRecord, options):
            yield record

    async def deposit_records(
        self,
        start: Time,
        end: Time,
        *,
        coin: str | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[UtaDepositRecord]:
        """Deposits in ``[start, end]`` (the exchange allows a window of 30 days at most)."""
        query = TransferRecordsQuery(coin=coin, start=start, end=end, cursor=cursor, limit=limit)
        return await self._get("/api/v3/account/deposit-records", query, rows_in("list", UtaDepositRecord), options)

    async def withdrawal_records(
        self,
        start: Time,
        end: Time,
        *,
        coin: str | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[UtaWithdrawalRecord]:
        """Withdrawals in ``[start, end]`` (a window of 30 days at most)."""
        query = TransferRecordsQuery(coin=coin, start=start, end=end, cursor=cursor, limit=limit)
        return await self._get(
            "/api/v3/account/withdrawal-records", query, rows_in("list", UtaWithdrawalRecord), options
        )

    async def transfer(
        self, from_account: str, to_account: str, coin: str, amount: Amount, **options: Unpack[CallOptions]
    ) -> UtaTransfer:
        """Move a coin between the funding wallet and the unified account (``funding`` / ``uta``).

        Not repeated after an ambiguous failure: a transfer is not safe to send twice.
        """
        request = UtaTransferRequest(from_account=from_account, to_account=to_account, coin=coin, amount=amount)
        return await self._post("/api/v3/account/transfer", request, one(UtaTransfer), options)

    async def switch_to_classic(self, **options: Unpack[CallOptions]) -> None:
        """Ask to switch the account back to classic; it answers at once and takes about a minute.

        Poll :meth:`switch_status` until it says ``success``; the key then needs the classic groups.
        """
        await self._post("/api/v3/account/switch", None, nothing, options)

    async def switch_status(self, **options: Unpack[CallOptions]) -> UtaSwitchStatus:
        """Where the switch back to classic stands."""
        return await self._get("/api/v3/account/switch-status", None, one(UtaSwitchStatus), options)
