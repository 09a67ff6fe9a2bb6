"""``client.account`` and ``client.common``: account-wide views and the common endpoints, as typed methods."""

from __future__ import annotations

from typing import Any

from .._errors import InputError
from ..models import AccountInfo
from ..models._overview import AccountBalance, Announcement, FundingAsset, SubAccountAssets, TradeRate
from . import _validate as check
from ._common import Time, as_rows, drop_none
from ._protocol import Requester

__all__ = ["AccountAPI", "CommonAPI"]

_BUSINESS_TYPES = ("spot", "mix", "margin")
_ANNOUNCEMENT_TYPES = ("latest_news", "coin_listings", "trading_competitions_promotions", "maintenance_system_updates",
                       "symbol_delisting")  # fmt: skip


class AccountAPI:
    """The account as a whole (``/api/v2/account/...``, spot account info). Get it as ``client.account``."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def __repr__(self) -> str:
        return "AccountAPI()"

    async def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return await self._requester.request("GET", path, drop_none(params or {}))

    async def info(self) -> AccountInfo:
        """Who the API key belongs to and what it may do."""
        return AccountInfo.from_wire(await self._get("/api/v2/spot/account/info"))

    async def balances(self) -> list[AccountBalance]:
        """What each account type is worth in USDT."""
        return [
            AccountBalance.from_wire(row) for row in as_rows(await self._get("/api/v2/account/all-account-balance"))
        ]

    async def funding_assets(self, coin: str | None = None) -> list[FundingAsset]:
        """The funding account's coins."""
        params = {"coin": None if coin is None else check.coin(coin)}
        rows = as_rows(await self._get("/api/v2/account/funding-assets", params))
        return [FundingAsset.from_wire(row) for row in rows]

    async def sub_account_assets(self, *, limit: int | None = None) -> list[SubAccountAssets]:
        """The spot assets of every sub-account (main account keys only)."""
        params = {"limit": None if limit is None else check.limit(limit, maximum=50)}
        rows = as_rows(await self._get("/api/v2/spot/account/subaccount-assets", params))
        return [SubAccountAssets.from_wire(row) for row in rows]


class CommonAPI:
    """Endpoints shared by every product: fee rates and announcements. Get it as ``client.common``."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def __repr__(self) -> str:
        return "CommonAPI()"

    async def trade_rate(self, symbol: str, business_type: str = "spot") -> TradeRate:
        """The caller's maker and taker fee rates on ``symbol`` (``business_type`` spot, mix or margin)."""
        if business_type not in _BUSINESS_TYPES:
            raise InputError(f"business_type must be one of {', '.join(_BUSINESS_TYPES)}, got {business_type!r}")
        params = {"symbol": check.symbol(symbol), "businessType": business_type}
        return TradeRate.from_wire(await self._requester.request("GET", "/api/v2/common/trade-rate", params))

    async def announcements(
        self,
        *,
        ann_type: str | None = None,
        language: str = "en_US",
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
    ) -> list[Announcement]:
        """Exchange announcements, newest first (``ann_type`` such as ``coin_listings``)."""
        if ann_type is not None and ann_type not in _ANNOUNCEMENT_TYPES:
            raise InputError(f"ann_type must be one of {', '.join(_ANNOUNCEMENT_TYPES)}, got {ann_type!r}")
        start_ms, end_ms = check.time_window(start, end)
        params = {
            "annType": ann_type,
            "language": language,
            "startTime": start_ms,
            "endTime": end_ms,
            "limit": None if limit is None else check.limit(limit, maximum=10),
        }
        data = await self._requester.request("GET", "/api/v2/public/annoucements", drop_none(params))
        return [Announcement.from_wire(row) for row in as_rows(data)]
