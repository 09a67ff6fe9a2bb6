"""``client.uta`` order queries (signed, ``/api/v3/trade/...``): one order, open and finished orders, fills.

Lists page with an opaque cursor: a page method returns a :class:`~asyncclient.models.Page` whose ``end_id`` is the
next cursor; its ``iter_*`` twin follows the cursor to the end.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Unpack

from ..models import Category, Page, UtaFill, UtaOrder
from ..models._uta_queries import FillsQuery, OrderHistoryQuery, OrdersQuery
from ..models._uta_requests import UtaOrderIds
from ._base import CallOptions
from ._cast import cursor_page, one
from ._common import Time
from ._uta_common import UtaGroup, page_limit

__all__ = ["UtaOrderMethods"]


class UtaOrderMethods(UtaGroup):
    """Query the account's orders and fills of any category."""

    async def order_info(
        self, order_id: str | None = None, *, client_oid: str | None = None, **options: Unpack[CallOptions]
    ) -> UtaOrder:
        """One order of any category, by ``order_id`` or ``client_oid``; 25204 (OrderNotFoundError) if none."""
        request = UtaOrderIds(order_id=order_id, client_oid=client_oid)
        return await self._get("/api/v3/trade/order-info", request, one(UtaOrder), options)

    async def open_orders(
        self,
        category: Category | str | None = None,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[UtaOrder]:
        """One page of open orders, newest first; ``end_id`` is the next page's cursor."""
        query = OrdersQuery(category=category, symbol=symbol, start=start, end=end, cursor=cursor, limit=limit)
        return await self._get("/api/v3/trade/unfilled-orders", query, cursor_page(UtaOrder), options)

    async def order_history(
        self,
        category: Category | str,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[UtaOrder]:
        """One page of finished orders (filled or cancelled), newest first; ``end_id`` is the next cursor."""
        query = OrderHistoryQuery(category=category, symbol=symbol, start=start, end=end, cursor=cursor, limit=limit)
        return await self._get("/api/v3/trade/history-orders", query, cursor_page(UtaOrder), options)

    async def iter_order_history(
        self,
        category: Category | str,
        symbol: str | None = None,
        *,
        page_size: int = 100,
        **options: Unpack[CallOptions],
    ) -> AsyncIterator[UtaOrder]:
        """Every finished order, newest first, page by page (each page with ``options``)."""
        query = OrderHistoryQuery(category=category, symbol=symbol, limit=page_limit(page_size))
        async for order in self._pages("/api/v3/trade/history-orders", query, UtaOrder, options):
            yield order

    async def trade_fills(
        self,
        category: Category | str | None = None,
        *,
        order_id: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        cursor: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[UtaFill]:
        """One page of the account's fills, newest first; ``end_id`` is the next page's cursor."""
        query = FillsQuery(category=category, order_id=order_id, start=start, end=end, cursor=cursor, limit=limit)
        return await self._get("/api/v3/trade/fills", query, cursor_page(UtaFill), options)

    async def iter_trade_fills(
        self, category: Category | str | None = None, *, page_size: int = 100, **options: Unpack[CallOptions]
    ) -> AsyncIterator[UtaFill]:
        """Every fill, newest first, page by page (each page with ``options``)."""
        query = FillsQuery(category=category, limit=page_limit(page_size))
        async for fill in self._pages("/api/v3/trade/fills", query, UtaFill, options):
            yield fill
