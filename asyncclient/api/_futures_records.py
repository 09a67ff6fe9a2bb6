"""Futures estimates and records as typed methods, mixed into ``FuturesAPI``: max openable size, liquidation
price, position history and account bills. All are reads (safe to repeat)."""

from __future__ import annotations

from decimal import Decimal
from typing import Unpack

from ..models import HoldSide, OrderType, Page
from ..models._futures_account_requests import BillPage, Estimate, LiquidationEstimate
from ..models._futures_fields import SymbolPage
from ..models._futures_records import FuturesBill, HistoricalPosition
from ._base import CallOptions
from ._cast import finite_decimal_at, page_at
from ._common import Amount, Time
from ._futures_line import FuturesLine

__all__ = ["FuturesRecordsMethods"]


class FuturesRecordsMethods(FuturesLine):
    """What could be opened, where it would be liquidated, what was closed, what moved the wallet."""

    async def max_openable(
        self,
        symbol: str,
        pos_side: HoldSide | str,
        order_type: OrderType | str = OrderType.MARKET,
        *,
        open_price: Amount | None = None,
        margin_coin: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Decimal:
        """The largest ``pos_side`` position (base coin) the account can open now (``open_price`` for a limit)."""
        query = Estimate(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), pos_side=pos_side, order_type=order_type,
            open_price=open_price,
        )  # fmt: skip
        return await self._get("/api/v2/mix/account/max-open", query, finite_decimal_at("maxOpen"), options)

    async def liquidation_price(
        self,
        symbol: str,
        pos_side: HoldSide | str,
        open_amount: Amount,
        order_type: OrderType | str = OrderType.MARKET,
        *,
        open_price: Amount | None = None,
        margin_coin: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Decimal:
        """The estimated liquidation price of a ``pos_side`` position of ``open_amount`` opened now."""
        query = LiquidationEstimate(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), pos_side=pos_side, order_type=order_type,
            open_price=open_price, open_amount=open_amount,
        )  # fmt: skip
        return await self._get("/api/v2/mix/account/liq-price", query, finite_decimal_at("liqPrice"), options)

    async def position_history(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[HistoricalPosition]:
        """Closed positions, newest first (at most 100 a page; ``end_id`` pages further back)."""
        query = SymbolPage(symbol=symbol, start=start, end=end, id_less_than=id_less_than, limit=limit)
        path = "/api/v2/mix/position/history-position"
        return await self._get(path, query, page_at("list", HistoricalPosition), options)

    async def bills(
        self,
        *,
        coin: str | None = None,
        business_type: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[FuturesBill]:
        """The account bills of this product line, newest first (a window spans at most 30 days)."""
        query = BillPage(
            coin=coin, business_type=business_type, start=start, end=end, id_less_than=id_less_than, limit=limit
        )
        return await self._get("/api/v2/mix/account/bill", query, page_at("bills", FuturesBill), options)
