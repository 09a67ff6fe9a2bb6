"""``client.account`` and ``client.common``: account-wide views and the common endpoints, as typed methods."""

from __future__ import annotations

from typing import Unpack

import attrs

from .._errors import InputError, shown
from ..models import AccountInfo
from ..models import _checks as checks
from ..models._overview import AccountBalance, Announcement, FundingAsset, SubAccountAssets, TradeRate
from ..models._request import CoinFilter, WindowQuery, WireRequest, param
from ._base import CallOptions, Group
from ._cast import one, rows
from ._common import Time

__all__ = ["AccountAPI", "CommonAPI"]

_BUSINESS_TYPES = ("spot", "mix", "margin")
_ANNOUNCEMENT_TYPES = ("latest_news", "coin_listings", "trading_competitions_promotions", "maintenance_system_updates",
                       "symbol_delisting")  # fmt: skip


def _one_of(value: object, allowed: tuple[str, ...], name: str) -> str:
    if value not in allowed:
        raise InputError(f"{name} must be one of {', '.join(allowed)}, got {shown(value)}")
    return str(value)


def _optional_limit_50(value: object) -> int | None:
    return None if value is None else checks.limit(value, maximum=50)


def _optional_limit_10(value: object) -> int | None:
    return None if value is None else checks.limit(value, maximum=10)


def _business_type(value: object) -> str:
    return _one_of(value, _BUSINESS_TYPES, "business_type")


def _optional_ann_type(value: object) -> str | None:
    return None if value is None else _one_of(value, _ANNOUNCEMENT_TYPES, "ann_type")


def _language(value: object) -> str:
    return checks.text(value, "language", max_length=16)


@attrs.frozen(kw_only=True)
class SubAccountAssetsQuery(WireRequest):
    """Up to ``limit`` (1-50) sub-accounts a page."""

    limit: int | None = attrs.field(default=None, converter=_optional_limit_50)


@attrs.frozen(kw_only=True)
class TradeRateQuery(WireRequest):
    """The fee rates of one symbol in one business line."""

    symbol: str = attrs.field(converter=checks.symbol)
    business_type: str = attrs.field(converter=_business_type, metadata=param("businessType"))


@attrs.frozen(kw_only=True)
class AnnouncementsQuery(WindowQuery):
    """Announcements of one type (or all), in one language, up to 10 a page."""

    ann_type: str | None = attrs.field(default=None, converter=_optional_ann_type, metadata=param("annType"))
    language: str = attrs.field(default="en_US", converter=_language)
    limit: int | None = attrs.field(default=None, converter=_optional_limit_10)


class AccountAPI(Group):
    """The account as a whole (``/api/v2/account/...``, spot account info). Get it as ``client.account``."""

    def __repr__(self) -> str:
        return "AccountAPI()"

    async def info(self, **options: Unpack[CallOptions]) -> AccountInfo:
        """Who the API key belongs to and what it may do."""
        return await self._get("/api/v2/spot/account/info", None, one(AccountInfo), options)

    async def balances(self, **options: Unpack[CallOptions]) -> list[AccountBalance]:
        """What each account type is worth in USDT."""
        return await self._get("/api/v2/account/all-account-balance", None, rows(AccountBalance), options)

    async def funding_assets(self, coin: str | None = None, **options: Unpack[CallOptions]) -> list[FundingAsset]:
        """The funding account's coins."""
        return await self._get("/api/v2/account/funding-assets", CoinFilter(coin=coin), rows(FundingAsset), options)

    async def sub_account_assets(
        self, *, limit: int | None = None, **options: Unpack[CallOptions]
    ) -> list[SubAccountAssets]:
        """The spot assets of every sub-account (main account keys only)."""
        path = "/api/v2/spot/account/subaccount-assets"
        return await self._get(path, SubAccountAssetsQuery(limit=limit), rows(SubAccountAssets), options)


class CommonAPI(Group):
    """Endpoints shared by every product: fee rates and announcements. Get it as ``client.common``."""

    def __repr__(self) -> str:
        return "CommonAPI()"

    async def trade_rate(self, symbol: str, business_type: str = "spot", **options: Unpack[CallOptions]) -> TradeRate:
        """The caller's maker and taker fee rates on ``symbol`` (``business_type`` spot, mix or margin)."""
        query = TradeRateQuery(symbol=symbol, business_type=business_type)
        return await self._get("/api/v2/common/trade-rate", query, one(TradeRate), options)

    async def announcements(
        self,
        *,
        ann_type: str | None = None,
        language: str = "en_US",
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[Announcement]:
        """Exchange announcements, newest first (``ann_type`` such as ``coin_listings``)."""
        query = AnnouncementsQuery(ann_type=ann_type, language=language, start=start, end=end, limit=limit)
        return await self._get("/api/v2/public/annoucements", query, rows(Announcement), options)
