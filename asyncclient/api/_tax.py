"""``client.tax``: the account's ledgers for tax reports (spot, futures, margin, P2P), as typed methods.

Reads, safe to repeat; budget 1 request a second each. A window spans at most 366 days; the exchange requires both
ends, so ``start`` defaults to 366 days before ``end`` (now by default).
"""

from __future__ import annotations

from typing import Any

from ..models._tax import TaxRecord
from . import _validate as check
from ._common import Time, as_rows, drop_none, now_ms
from ._protocol import Requester

__all__ = ["TaxAPI"]

_SPAN_MS = 366 * 86_400_000


class TaxAPI:
    """Tax record endpoints (``/api/v2/tax/...``). Get it as ``client.tax``."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def __repr__(self) -> str:
        return "TaxAPI()"

    async def spot_records(
        self,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> list[TaxRecord]:
        """Spot ledger entries, newest first."""
        return await self._records("/api/v2/tax/spot-record", {"coin": coin}, start, end, id_less_than, limit)

    async def futures_records(
        self,
        *,
        margin_coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> list[TaxRecord]:
        """Futures ledger entries of every product line, newest first."""
        extra = {"marginCoin": margin_coin}
        return await self._records("/api/v2/tax/future-record", extra, start, end, id_less_than, limit)

    async def margin_records(
        self,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> list[TaxRecord]:
        """Margin ledger entries, newest first."""
        return await self._records("/api/v2/tax/margin-record", {"coin": coin}, start, end, id_less_than, limit)

    async def p2p_records(
        self,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> list[TaxRecord]:
        """P2P ledger entries, newest first."""
        return await self._records("/api/v2/tax/p2p-record", {"coin": coin}, start, end, id_less_than, limit)

    async def _records(
        self,
        path: str,
        coins: dict[str, str | None],
        start: Time | None,
        end: Time | None,
        id_less_than: str | None,
        limit: int | None,
    ) -> list[TaxRecord]:
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_SPAN_MS)
        end_ms = end_ms if end_ms is not None else now_ms()
        params: dict[str, Any] = {
            **{key: None if value is None else check.coin(value, key) for key, value in coins.items()},
            "startTime": start_ms if start_ms is not None else end_ms - _SPAN_MS,
            "endTime": end_ms,
            "idLessThan": None if id_less_than is None else check.order_id(id_less_than, "id_less_than"),
            "limit": None if limit is None else check.limit(limit, maximum=500),
        }
        data = await self._requester.request("GET", path, drop_none(params))
        return [TaxRecord.from_wire(row) for row in as_rows(data)]
