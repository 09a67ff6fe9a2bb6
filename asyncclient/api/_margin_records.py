"""Margin flash-repay status and liquidation records as typed methods, mixed into the crossed and isolated groups."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..models._margin_isolated import FlashRepayStatus, MarginLiquidation, MarginLiquidationOrder
from . import _validate as check
from ._common import Time, as_rows, drop_none, now_ms
from ._protocol import Requester

__all__ = ["MarginRecordsMethods"]

#: Liquidation records: one query spans at most 90 days (the exchange requires startTime).
_SPAN_MS = 90 * 86_400_000


class MarginRecordsMethods:
    """Where flash repayments stand; liquidations and the orders that carried them out."""

    _requester: Requester
    _margin_base: str

    async def flash_repay_status(self, repay_ids: Sequence[str]) -> list[FlashRepayStatus]:
        """The state (``FINISH``, ``PROCESSING``, ``FAIL``) of flash repayments by their ``repay_id``."""
        ids = [check.order_id(repay_id, "repay_ids") for repay_id in check.batch(repay_ids, "repay_ids", maximum=100)]
        path = f"{self._margin_base}/account/query-flash-repay-status"
        data = await self._requester.request("POST", path, {"idList": ids})
        return [FlashRepayStatus.from_wire(row) for row in as_rows(data)]

    async def liquidation_history(
        self,
        *,
        symbol: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> list[MarginLiquidation]:
        """Liquidations of the account (``symbol``: one isolated pair), newest first."""
        params = _window(symbol, start, end, id_less_than, limit)
        data = await self._requester.request("GET", f"{self._margin_base}/liquidation-history", params)
        return [MarginLiquidation.from_wire(row) for row in _result_list(data)]

    async def liquidation_orders(
        self,
        *,
        symbol: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> list[MarginLiquidationOrder]:
        """The orders liquidations placed, newest first."""
        params = _window(symbol, start, end, id_less_than, limit)
        data = await self._requester.request("GET", f"{self._margin_base}/liquidation-order", params)
        return [MarginLiquidationOrder.from_wire(row) for row in _result_list(data)]


def _window(
    symbol: str | None, start: Time | None, end: Time | None, id_less_than: str | None, limit: int | None
) -> dict[str, Any]:
    start_ms, end_ms = check.time_window(start, end, max_span_ms=_SPAN_MS)
    if start_ms is None:  # required by the exchange: default to the widest window it accepts
        start_ms = (end_ms if end_ms is not None else now_ms()) - _SPAN_MS
    return drop_none(
        {
            "symbol": None if symbol is None else check.symbol(symbol),
            "startTime": start_ms,
            "endTime": end_ms,
            "idLessThan": None if id_less_than is None else check.order_id(id_less_than, "id_less_than"),
            "limit": None if limit is None else check.limit(limit, maximum=100),
        }
    )


def _result_list(data: Any) -> list[Any]:
    return as_rows(data.get("resultList") if isinstance(data, dict) else None)
