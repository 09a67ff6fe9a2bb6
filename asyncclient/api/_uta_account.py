"""``client.uta`` account endpoints (signed, ``/api/v3/account/...``): assets, settings, fees, leverage, records,
transfers, and the asynchronous switch back to a classic account."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from .._errors import InputError
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
from . import _validate as check
from ._common import Amount, Time, as_rows
from ._uta_common import (
    UtaGroup,
    category,
    cursor_page,
    follow_cursor,
    history_query,
    optional_category,
    optional_choice,
    rows_of,
)

__all__ = ["UtaAccountMethods"]


class UtaAccountMethods(UtaGroup):
    """The unified account: what it holds, how it is set, what moved."""

    async def assets(self) -> UtaAssets:
        """Equity, margin figures and every coin of the unified account."""
        return UtaAssets.from_wire(await self._get("/api/v3/account/assets"))

    async def account_settings(self) -> UtaSettings:
        """Mode (unified, hybrid, or a transition), hold mode, and leverage per symbol and coin."""
        return UtaSettings.from_wire(await self._get("/api/v3/account/settings"))

    async def funding_assets(self, coin: str | None = None) -> list[UtaFundingAsset]:
        """The funding wallet (where deposits land)."""
        params = {"coin": None if coin is None else check.coin(coin)}
        return [
            UtaFundingAsset.from_wire(r) for r in as_rows(await self._get("/api/v3/account/funding-assets", params))
        ]

    async def fee_rate(self, category: Category | str, symbol: str) -> UtaFeeRate:
        """The account's maker and taker fee rates on one instrument."""
        params = {"category": _category(category), "symbol": check.symbol(symbol)}
        return UtaFeeRate.from_wire(await self._get("/api/v3/account/fee-rate", params))

    async def set_leverage(
        self,
        category: Category | str,
        leverage: int,
        *,
        symbol: str | None = None,
        coin: str | None = None,
        pos_side: HoldSide | str | None = None,
    ) -> None:
        """Set the leverage of a futures symbol (or of a margin coin)."""
        params = {
            "category": _category(category),
            "symbol": None if symbol is None else check.symbol(symbol),
            "coin": None if coin is None else check.coin(coin),
            "leverage": str(check.limit(leverage, "leverage", maximum=500)),
            "posSide": optional_choice(pos_side, HoldSide, "pos_side"),
        }
        await self._post("/api/v3/account/set-leverage", params)

    async def set_hold_mode(self, hold_mode: HoldMode | str) -> None:
        """One-way or hedge mode for futures positions (only with no position and no open order)."""
        params = {"holdMode": optional_choice(hold_mode, HoldMode, "hold_mode")}
        await self._post("/api/v3/account/set-hold-mode", params)

    async def financial_records(
        self,
        category: Category | str | None = None,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> Page[UtaFinancialRecord]:
        """One page of the account's money movements, newest first; ``end_id`` is the next page's cursor."""
        params = {
            "category": optional_category(category),
            "coin": None if coin is None else check.coin(coin),
            **history_query(start, end, cursor, limit),
        }
        return cursor_page(await self._get("/api/v3/account/financial-records", params), UtaFinancialRecord)

    def iter_financial_records(
        self, category: Category | str | None = None, *, coin: str | None = None, page_size: int = 100
    ) -> AsyncIterator[UtaFinancialRecord]:
        """Every money movement, newest first, following the cursor page by page."""
        check.limit(page_size, "page_size", maximum=100)
        return follow_cursor(lambda cursor: self.financial_records(category, coin=coin, cursor=cursor, limit=page_size))

    async def deposit_records(
        self,
        start: Time,
        end: Time,
        *,
        coin: str | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> list[UtaDepositRecord]:
        """Deposits in ``[start, end]`` (the exchange allows a window of 30 days at most)."""
        params = {"coin": None if coin is None else check.coin(coin), **_window(start, end, cursor, limit)}
        return [
            UtaDepositRecord.from_wire(r) for r in rows_of(await self._get("/api/v3/account/deposit-records", params))
        ]

    async def withdrawal_records(
        self,
        start: Time,
        end: Time,
        *,
        coin: str | None = None,
        cursor: str | None = None,
        limit: int | None = None,
    ) -> list[UtaWithdrawalRecord]:
        """Withdrawals in ``[start, end]`` (a window of 30 days at most)."""
        params = {"coin": None if coin is None else check.coin(coin), **_window(start, end, cursor, limit)}
        data = await self._get("/api/v3/account/withdrawal-records", params)
        return [UtaWithdrawalRecord.from_wire(r) for r in rows_of(data)]

    async def transfer(self, from_account: str, to_account: str, coin: str, amount: Amount) -> UtaTransfer:
        """Move a coin between the funding wallet and the unified account (``funding`` / ``uta``).

        Not repeated after an ambiguous failure: a transfer is not safe to send twice.
        """
        params = {
            "fromType": _account_type(from_account, "from_account"),
            "toType": _account_type(to_account, "to_account"),
            "coin": check.coin(coin),
            "amount": check.amount(amount, "amount"),
        }
        return UtaTransfer.from_wire(await self._post("/api/v3/account/transfer", params))

    async def switch_to_classic(self) -> None:
        """Ask to switch the account back to classic; it answers at once and takes about a minute.

        Poll :meth:`switch_status` until it says ``success``; the key then needs the classic groups.
        """
        await self._post("/api/v3/account/switch", {})

    async def switch_status(self) -> UtaSwitchStatus:
        """Where the switch back to classic stands."""
        return UtaSwitchStatus.from_wire(await self._get("/api/v3/account/switch-status"))


def _category(value: Category | str) -> str:
    return category(value)


#: The wallets a transfer moves between.
_ACCOUNT_TYPES = ("funding", "uta", "spot", "futures", "margin")


def _account_type(value: object, name: str) -> str:
    if not isinstance(value, str) or value.lower() not in _ACCOUNT_TYPES:
        allowed = ", ".join(repr(kind) for kind in _ACCOUNT_TYPES)
        raise InputError(f"{name} must be one of {allowed}, got {value!r}")
    return value.lower()


def _window(start: Time, end: Time, cursor: str | None, limit: int | None) -> dict[str, Any]:
    query = history_query(start, end, cursor, limit)
    check.time_window(start, end, max_span_ms=30 * 86_400_000)
    return query
