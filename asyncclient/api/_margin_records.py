"""Margin flash-repay status and liquidation records as typed methods, mixed into the crossed and isolated groups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Unpack

from ..models._margin_isolated import FlashRepayStatus, MarginLiquidation, MarginLiquidationOrder
from ..models._margin_requests import FlashRepayStatusQuery, LiquidationQuery
from ._base import CallOptions, Group
from ._cast import rows, rows_at
from ._common import Time

__all__ = ["MarginRecordsMethods"]


class MarginRecordsMethods(Group):
    """Where flash repayments stand; liquidations and the orders that carried them out."""

    _margin_base: str

    async def flash_repay_status(
        self, repay_ids: Sequence[str], **options: Unpack[CallOptions]
    ) -> list[FlashRepayStatus]:
        """The state (``FINISH``, ``PROCESSING``, ``FAIL``) of flash repayments by their ``repay_id``."""
        path = f"{self._margin_base}/account/query-flash-repay-status"
        return await self._post(path, FlashRepayStatusQuery(repay_ids=repay_ids), rows(FlashRepayStatus), options)

    async def liquidation_history(
        self,
        *,
        symbol: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[MarginLiquidation]:
        """Liquidations of the account (``symbol``: one isolated pair), newest first."""
        query = LiquidationQuery(symbol=symbol, start=start, end=end, id_less_than=id_less_than, limit=limit)
        path = f"{self._margin_base}/liquidation-history"
        return await self._get(path, query.widest(), rows_at("resultList", MarginLiquidation), options)

    async def liquidation_orders(
        self,
        *,
        symbol: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[MarginLiquidationOrder]:
        """The orders liquidations placed, newest first."""
        query = LiquidationQuery(symbol=symbol, start=start, end=end, id_less_than=id_less_than, limit=limit)
        path = f"{self._margin_base}/liquidation-order"
        return await self._get(path, query.widest(), rows_at("resultList", MarginLiquidationOrder), options)
