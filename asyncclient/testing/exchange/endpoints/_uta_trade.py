"""Signed v3 trading endpoints (``/api/v3/trade/...``): place, modify, cancel and query orders of any category.

Batch endpoints take a JSON array and answer one item per order, ``{orderId, clientOid}`` or, for an item that
failed, with its ``code`` and ``msg`` (batches may partly succeed). History and fill pages are
``{"list": [...], "cursor": "..."}``, newest first; the cursor is the last item's id, and an empty page has none.
Modify is a replacement here: the order is cancelled and placed again with the new qty/price and the same
clientOid, so the answer carries a new orderId.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..._routing import Mount, SimError, SimRequest, get, post
from ..state._futures import FuturesFill
from ..state._markets import format_decimal
from ..state._spot import SpotFill, SpotOrder
from ..state._uta_book import UtaBook, UtaOrder
from ._params import Params
from ._uta_orders import BookOf, find_uta_order, parse_uta_order
from ._uta_public import require_category
from ._uta_rows import uta_order_row

__all__ = ["MAX_BATCH", "UtaTrade", "cursor_page"]

MAX_BATCH = 50
#: The per-item result of cancel-by-symbol and close-positions, whose documented items carry ``code``/``msg``.
_DONE = {"code": "00000", "msg": "success"}


def cursor_page(rows: Sequence[dict[str, Any]], params: Params, key: str, *, maximum: int = 100) -> dict[str, Any]:
    """Rows (newest first) after the request's ``cursor``, ``limit`` of them, with the cursor of the next page."""
    limit = params.limit(default=maximum, maximum=maximum)
    cursor = params.integer("cursor", low=0)
    start = params.integer("startTime", low=0)
    end = params.integer("endTime", low=0)
    kept = [
        row
        for row in rows
        if (cursor is None or int(row[key]) < cursor)
        and (start is None or int(row.get("createdTime", row.get("ts", 0))) >= start)
        and (end is None or int(row.get("createdTime", row.get("ts", 0))) <= end)
    ][:limit]
    return {"list": kept, "cursor": kept[-1][key] if len(kept) == limit else ""}


def _failure(code: str, msg: str, item: Any) -> dict[str, Any]:
    given = item if isinstance(item, dict) else {}
    return {"orderId": given.get("orderId") or "", "clientOid": given.get("clientOid") or "", "code": code, "msg": msg}


def _items(request: SimRequest) -> tuple[Any, ...]:
    if request.items is None or not request.items:
        raise SimError("40019", "Parameter orderList cannot be empty")
    if len(request.items) > MAX_BATCH:
        raise SimError("40020", f"Parameter error: at most {MAX_BATCH} orders a batch")
    return request.items


class UtaTrade:
    """Handlers of the v3 trading endpoints; ``book_of`` gives the caller's orders, caught up to the request."""

    def __init__(self, book_of: BookOf) -> None:
        self._book_of = book_of

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v3/trade",
            [
                get("/order-info", self.order_info),
                get("/unfilled-orders", self.unfilled_orders),
                get("/history-orders", self.history_orders),
                get("/fills", self.fills),
                post("/place-order", self.place_order),
                post("/place-batch", self.place_batch),
                post("/cancel-order", self.cancel_order),
                post("/cancel-batch", self.cancel_batch),
                post("/cancel-symbol-order", self.cancel_symbol_order),
                post("/modify-order", self.modify_order),
                post("/batch-modify-order", self.batch_modify_order),
                post("/close-positions", self.close_positions),
                post("/countdown-cancel-all", self.countdown_cancel_all),
            ],
        )

    def place_order(self, request: SimRequest) -> dict[str, str]:
        book = self._book_of(request)
        return book.ack(book.place(parse_uta_order(book, Params(request.params)), request.now_ms))

    def place_batch(self, request: SimRequest) -> list[dict[str, Any]]:
        book = self._book_of(request)
        answers: list[dict[str, Any]] = []
        for item in _items(request):
            try:
                answers.append(book.ack(book.place(parse_uta_order(book, Params(item)), request.now_ms)))
            except SimError as exc:
                answers.append(_failure(exc.code, exc.msg, item))
        return answers

    def cancel_order(self, request: SimRequest) -> dict[str, str]:
        book = self._book_of(request)
        order = find_uta_order(book, Params(request.params))
        book.cancel(order, request.now_ms)
        return book.ack(order)

    def cancel_batch(self, request: SimRequest) -> list[dict[str, Any]]:
        book = self._book_of(request)
        answers: list[dict[str, Any]] = []
        for item in _items(request):
            try:
                order = find_uta_order(book, Params(item))
                book.cancel(order, request.now_ms)
                answers.append(book.ack(order))
            except SimError as exc:
                answers.append(_failure(exc.code, exc.msg, item))
        return answers

    def cancel_symbol_order(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        category = require_category(params)
        symbol = params.text("symbol")
        book = self._book_of(request)
        cancelled = []
        for order in book.open_orders():
            if order.category == category and symbol in (None, order.order.spec.symbol):
                book.cancel(order, request.now_ms)
                cancelled.append({**book.ack(order), **_DONE})
        return {"list": cancelled}

    def modify_order(self, request: SimRequest) -> dict[str, str]:
        return self._modify(self._book_of(request), Params(request.params), request.now_ms)

    def batch_modify_order(self, request: SimRequest) -> list[dict[str, Any]]:
        book = self._book_of(request)
        answers: list[dict[str, Any]] = []
        for item in _items(request):
            try:
                answers.append(self._modify(book, Params(item), request.now_ms))
            except SimError as exc:
                answers.append(_failure(exc.code, exc.msg, item))
        return answers

    def _modify(self, book: UtaBook, params: Params, now_ms: int) -> dict[str, str]:
        order = find_uta_order(book, params)
        ledger = order.order
        order_type = ledger.order_type if isinstance(ledger, SpotOrder) else ledger.request.order_type
        if not order.is_open or order_type != "limit":
            raise SimError("25204", "Order does not exist")
        qty, price = params.decimal("qty"), params.decimal("price")
        if qty is None and price is None:
            raise SimError("40019", "Parameter qty or price cannot be empty")
        row = uta_order_row(order)
        book.cancel(order, now_ms)
        replacement = {
            "category": order.category,
            "symbol": row["symbol"],
            "side": row["side"],
            "orderType": "limit",
            "qty": format_decimal(qty) if qty is not None else row["qty"],
            "price": format_decimal(price) if price is not None else row["price"],
            "timeInForce": row["timeInForce"],
            "posSide": order.pos_side or None,
            "clientOid": order.client_oid,
        }
        return book.ack(
            book.place(parse_uta_order(book, Params({k: v for k, v in replacement.items() if v is not None})), now_ms)
        )

    def order_info(self, request: SimRequest) -> dict[str, Any]:
        book = self._book_of(request)
        return uta_order_row(find_uta_order(book, Params(request.params)))

    def unfilled_orders(self, request: SimRequest) -> dict[str, Any]:
        return self._orders(request, open_ones=True, category_required=False)

    def history_orders(self, request: SimRequest) -> dict[str, Any]:
        return self._orders(request, open_ones=False, category_required=True)

    def _orders(self, request: SimRequest, *, open_ones: bool, category_required: bool) -> dict[str, Any]:
        params = Params(request.params)
        category = require_category(params, required=category_required)
        symbol = params.text("symbol")
        book = self._book_of(request)
        chosen = [
            order
            for order in reversed(book.orders)
            if order.is_open == open_ones
            and category in (None, order.category)
            and symbol in (None, order.order.spec.symbol)
        ]
        return cursor_page([uta_order_row(order) for order in chosen], params, "orderId")

    def fills(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        category = require_category(params, required=False)
        order_id = params.text("orderId")
        book = self._book_of(request)
        rows = [
            row
            for row in _fill_rows(book)
            if category in (None, row["category"]) and order_id in (None, row["orderId"])
        ]
        rows.sort(key=lambda row: int(row["execId"]), reverse=True)
        return cursor_page(rows, params, "execId")

    def close_positions(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        require_category(params, futures=True)
        symbol = params.text("symbol")
        pos_side = params.choice("posSide", ("long", "short"))
        book = self._book_of(request)
        futures = book.account.futures
        closed = []
        for (name, side), position in list(futures.positions.items()):
            if symbol not in (None, name) or pos_side not in (None, side):
                continue
            close = {
                "category": "USDT-FUTURES",
                "symbol": name,
                "side": "sell" if side == "long" else "buy",
                "orderType": "market",
                "qty": format_decimal(position.total),
                "reduceOnly": "yes" if futures.pos_mode == "one_way_mode" else None,
                "posSide": side if futures.pos_mode == "hedge_mode" else None,
            }
            placed = book.place(
                parse_uta_order(book, Params({k: v for k, v in close.items() if v is not None})), request.now_ms
            )
            closed.append({**book.ack(placed), **_DONE})
        return {"list": closed}

    def countdown_cancel_all(self, request: SimRequest) -> str:
        params = Params(request.params)
        seconds = params.integer("countdown", low=0)
        if seconds is None:
            raise SimError("40019", "Parameter countdown cannot be empty")
        book = self._book_of(request)
        book.countdown_at_ms = None if seconds == 0 else request.now_ms + seconds * 1000
        return "success"


def _fill_rows(book: UtaBook) -> Iterable[dict[str, Any]]:
    """Every fill of the account's v3 orders, in the documented sample's shape."""
    by_ledger: dict[int, UtaOrder] = {order.order_id: order for order in book.orders}
    fills: list[SpotFill | FuturesFill] = [*book.account.spot.fills, *book.account.futures.fills]
    for fill in fills:
        order = by_ledger.get(fill.order.order_id)
        if order is None:
            continue
        row = uta_order_row(order)
        yield {
            "execId": str(fill.trade_id),
            "execLinkId": str(fill.trade_id),
            "orderId": row["orderId"],
            "clientOid": order.client_oid,
            "category": order.category,
            "symbol": row["symbol"],
            "orderType": row["orderType"],
            "side": row["side"],
            "execPrice": format_decimal(fill.price),
            "execQty": format_decimal(fill.size),
            "execValue": format_decimal(fill.price * fill.size),
            "tradeScope": fill.scope,
            "tradeSide": row["tradeSide"],
            "feeDetail": [{"feeCoin": row["feeDetail"][0]["feeCoin"] or "USDT", "fee": format_decimal(fill.fee)}],
            "createdTime": str(fill.c_time),
            "updatedTime": str(fill.c_time),
            "execPnl": format_decimal(fill.profit) if isinstance(fill, FuturesFill) else "0",
        }
