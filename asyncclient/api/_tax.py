"""``client.tax``: the account's ledgers for tax reports (spot, futures, margin, P2P), as typed methods.

Reads, safe to repeat; budget 1 request a second each. A window spans at most 366 days; the exchange requires both
ends, so ``start`` defaults to 366 days before ``end`` (now by default).
"""

from __future__ import annotations

from typing import ClassVar, Unpack

import attrs

from ..models import _checks as checks
from ..models._request import WindowQuery, optional_coin, optional_id_less_than, optional_limit_500, param
from ..models._tax import TaxRecord
from ._base import CallOptions, Group
from ._cast import rows
from ._common import Time

__all__ = ["TaxAPI"]

_SPAN_MS = 366 * 86_400_000


def _optional_margin_coin(value: object) -> str | None:
    return None if value is None else checks.coin(value, "margin_coin")


@attrs.frozen(kw_only=True)
class TaxWindow(WindowQuery):
    """Ledger entries: at most 366 days (both ends sent), older than ``id_less_than``, up to 500 a page."""

    max_span_ms: ClassVar[int | None] = _SPAN_MS

    id_less_than: str | None = attrs.field(default=None, converter=optional_id_less_than, metadata=param("idLessThan"))
    limit: int | None = attrs.field(default=None, converter=optional_limit_500)


@attrs.frozen(kw_only=True)
class TaxRecordsQuery(TaxWindow):
    """Ledger entries of one coin (or every coin)."""

    coin: str | None = attrs.field(default=None, converter=optional_coin)


@attrs.frozen(kw_only=True)
class FuturesTaxRecordsQuery(TaxWindow):
    """Futures ledger entries of one margin coin (or every one)."""

    margin_coin: str | None = attrs.field(default=None, converter=_optional_margin_coin, metadata=param("marginCoin"))


class TaxAPI(Group):
    """Tax record endpoints (``/api/v2/tax/...``). Get it as ``client.tax``."""

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
        **options: Unpack[CallOptions],
    ) -> list[TaxRecord]:
        """Spot ledger entries, newest first."""
        query = TaxRecordsQuery(coin=coin, start=start, end=end, id_less_than=id_less_than, limit=limit)
        return await self._records("/api/v2/tax/spot-record", query, options)

    async def futures_records(
        self,
        *,
        margin_coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[TaxRecord]:
        """Futures ledger entries of every product line, newest first."""
        query = FuturesTaxRecordsQuery(
            margin_coin=margin_coin, start=start, end=end, id_less_than=id_less_than, limit=limit
        )
        return await self._records("/api/v2/tax/future-record", query, options)

    async def margin_records(
        self,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[TaxRecord]:
        """Margin ledger entries, newest first."""
        query = TaxRecordsQuery(coin=coin, start=start, end=end, id_less_than=id_less_than, limit=limit)
        return await self._records("/api/v2/tax/margin-record", query, options)

    async def p2p_records(
        self,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[TaxRecord]:
        """P2P ledger entries, newest first."""
        query = TaxRecordsQuery(coin=coin, start=start, end=end, id_less_than=id_less_than, limit=limit)
        return await self._records("/api/v2/tax/p2p-record", query, options)

    async def _records(self, path: str, query: TaxWindow, options: CallOptions) -> list[TaxRecord]:
        return await self._get(path, query.widest(with_end=True), rows(TaxRecord), options)
