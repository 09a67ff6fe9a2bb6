"""Futures estimates and records as typed methods, mixed into ``FuturesAPI``: max openable size, liquidation
price, position history and account bills. All are reads (safe to repeat)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from .._errors import InputError
from ..models import HoldSide, OrderType, Page, ProductType, ResponseFormatError
from ..models._futures_records import FuturesBill, HistoricalPosition
from . import _validate as check
from ._common import Amount, Time, as_rows, drop_none, optional_amount
from ._protocol import Requester

__all__ = ["FuturesRecordsMethods"]

_DAY_MS = 86_400_000
#: Position history: one query spans at most three months; bills: at most 30 days.
_HISTORY_SPAN_MS = 90 * _DAY_MS
_BILL_SPAN_MS = 30 * _DAY_MS


class FuturesRecordsMethods:
    """What could be opened, where it would be liquidated, what was closed, what moved the wallet."""

    _requester: Requester
    product_type: ProductType

    async def max_openable(
        self,
        symbol: str,
        pos_side: HoldSide | str,
        order_type: OrderType | str = OrderType.MARKET,
        *,
        open_price: Amount | None = None,
        margin_coin: str | None = None,
    ) -> Decimal:
        """The largest ``pos_side`` position (base coin) the account can open now (``open_price`` for a limit)."""
        params = self._estimate_params(symbol, pos_side, order_type, open_price, margin_coin)
        return _decimal(await self._records_get("/api/v2/mix/account/max-open", params), "maxOpen")

    async def liquidation_price(
        self,
        symbol: str,
        pos_side: HoldSide | str,
        open_amount: Amount,
        order_type: OrderType | str = OrderType.MARKET,
        *,
        open_price: Amount | None = None,
        margin_coin: str | None = None,
    ) -> Decimal:
        """The estimated liquidation price of a ``pos_side`` position of ``open_amount`` opened now."""
        params = self._estimate_params(symbol, pos_side, order_type, open_price, margin_coin)
        params["openAmount"] = check.amount(open_amount, "open_amount")
        return _decimal(await self._records_get("/api/v2/mix/account/liq-price", params), "liqPrice")

    async def position_history(
        self,
        symbol: str | None = None,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> Page[HistoricalPosition]:
        """Closed positions, newest first (at most 100 a page; ``end_id`` pages further back)."""
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_HISTORY_SPAN_MS)
        params = {
            "symbol": None if symbol is None else check.symbol(symbol),
            "startTime": start_ms,
            "endTime": end_ms,
            "idLessThan": None if id_less_than is None else check.order_id(id_less_than, "id_less_than"),
            "limit": None if limit is None else check.limit(limit, maximum=100),
        }
        data = await self._records_get("/api/v2/mix/position/history-position", params)
        return _page(data, "list", HistoricalPosition.from_wire)

    async def bills(
        self,
        *,
        coin: str | None = None,
        business_type: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> Page[FuturesBill]:
        """The account bills of this product line, newest first (a window spans at most 30 days)."""
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_BILL_SPAN_MS)
        if business_type is not None and (not isinstance(business_type, str) or not business_type.strip()):
            raise InputError("business_type must be a non-empty string such as 'open_long'")
        params = {
            "coin": None if coin is None else check.coin(coin),
            "businessType": business_type,
            "startTime": start_ms,
            "endTime": end_ms,
            "idLessThan": None if id_less_than is None else check.order_id(id_less_than, "id_less_than"),
            "limit": None if limit is None else check.limit(limit, maximum=100),
        }
        return _page(await self._records_get("/api/v2/mix/account/bill", params), "bills", FuturesBill.from_wire)

    def _estimate_params(
        self,
        symbol: str,
        pos_side: HoldSide | str,
        order_type: OrderType | str,
        open_price: Amount | None,
        margin_coin: str | None,
    ) -> dict[str, Any]:
        kind = check.choice(order_type, OrderType, "order_type")
        price = optional_amount(open_price, "open_price")
        if kind is OrderType.LIMIT and price is None:
            raise InputError("open_price is required for a limit order")
        coin = self.product_type.default_margin_coin if margin_coin is None else check.coin(margin_coin, "margin_coin")
        if coin is None:
            raise InputError(f"margin_coin is required for {self.product_type.value} (e.g. 'BTC')")
        return {
            "symbol": check.symbol(symbol),
            "marginCoin": coin,
            "posSide": check.choice(pos_side, HoldSide, "pos_side").value,
            "orderType": kind.value,
            "openPrice": price,
        }

    async def _records_get(self, path: str, params: dict[str, Any]) -> Any:
        query = {"productType": self.product_type.value, **params}
        return await self._requester.request("GET", path, drop_none(query))


def _decimal(data: Any, key: str) -> Decimal:
    value = data.get(key) if isinstance(data, dict) else None
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ResponseFormatError(f"futures answer: {key} is not a number: {value!r}") from None
    if not result.is_finite():
        raise ResponseFormatError(f"futures answer: {key} is not a number: {value!r}")
    return result


def _page(data: Any, key: str, parse: Any) -> Page[Any]:
    if not isinstance(data, dict):
        return Page(())
    end_id = data.get("endId")
    return Page(tuple(parse(row) for row in as_rows(data.get(key))), str(end_id) if end_id not in (None, "") else None)
