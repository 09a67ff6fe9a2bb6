"""Signed v3 position endpoints and TP/SL (strategy) orders.

Strategy orders are kept as placed and listed; the simulator does not trigger them (a position's TP/SL stays
pending until it is cancelled or its position closes, when it moves to the history as cancelled).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..._routing import Mount, SimError, SimRequest, get, post
from ..state._markets import Markets, format_decimal
from ._lookup import contract
from ._params import Params
from ._uta_orders import BookOf
from ._uta_public import require_category
from ._uta_trade import cursor_page

__all__ = ["UtaPositions"]

_STRATEGY_FIELDS = (
    "tpTriggerBy",
    "slTriggerBy",
    "takeProfit",
    "stopLoss",
    "tpOrderType",
    "slOrderType",
    "tpLimitPrice",
    "slLimitPrice",
)


class UtaPositions:
    """Handlers of ``/api/v3/position/...`` and the strategy-order endpoints."""

    def __init__(self, markets: Markets, book_of: BookOf, strategy_ids: Iterator[int]) -> None:
        self._markets = markets
        self._book_of = book_of
        self._strategy_ids = strategy_ids

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v3",
            [
                get("/position/current-position", self.current_position),
                get("/position/history-position", self.history_position),
                get("/trade/unfilled-strategy-orders", self.unfilled_strategy_orders),
                get("/trade/history-strategy-orders", self.history_strategy_orders),
                post("/trade/place-strategy-order", self.place_strategy_order),
                post("/trade/modify-strategy-order", self.modify_strategy_order),
                post("/trade/cancel-strategy-order", self.cancel_strategy_order),
            ],
        )

    def current_position(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        require_category(params, futures=True)
        symbol = params.text("symbol")
        pos_side = params.choice("posSide", ("long", "short"))
        futures = self._book_of(request).account.futures
        rows = []
        for (name, side), position in futures.positions.items():
            if symbol not in (None, name) or pos_side not in (None, side):
                continue
            mark = futures.mark(position.spec, request.now_ms)
            unrealised = position.unrealized(mark)
            rows.append(
                {
                    "category": "USDT-FUTURES",
                    "symbol": name,
                    "marginCoin": "USDT",
                    "holdMode": futures.pos_mode,
                    "posSide": side,
                    "marginMode": position.margin_mode,
                    "positionBalance": format_decimal(position.margin),
                    "available": format_decimal(position.total),
                    "frozen": "0",
                    "total": format_decimal(position.total),
                    "leverage": str(position.leverage),
                    "curRealisedPnl": format_decimal(position.achieved_profits),
                    "avgPrice": format_decimal(position.open_price),
                    "positionStatus": "normal",
                    "unrealisedPnl": format_decimal(unrealised),
                    "liquidationPrice": "0",
                    "mmr": format_decimal(position.spec.keep_margin_rate),
                    "profitRate": format_decimal(unrealised / position.margin) if position.margin else "0",
                    "markPrice": format_decimal(mark),
                    "breakEvenPrice": format_decimal(position.open_price),
                    "totalFunding": "0",
                    "openFeeTotal": format_decimal(-position.total_fee),
                    "closeFeeTotal": "0",
                    "createdTime": str(position.c_time),
                    "updatedTime": str(position.u_time),
                }
            )
        return {"list": rows}

    def history_position(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        require_category(params, futures=True)
        symbol = params.text("symbol")
        book = self._book_of(request)
        rows = [row for row in reversed(book.position_history) if symbol in (None, row["symbol"])]
        return cursor_page(rows, params, "positionId")

    # -- strategy (TP/SL) orders --

    def _orders(self, request: SimRequest) -> list[dict[str, Any]]:
        book = self._book_of(request)  # caught up, and the caller checked
        orders = book.strategy_orders
        for order in orders:
            if order["status"] == "live" and (order["symbol"], order["posSide"]) not in book.account.futures.positions:
                order["status"] = "cancelled"
                order["updatedTime"] = str(request.now_ms)
        return orders

    def _find(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        order_id, client_oid = params.text("orderId"), params.text("clientOid")
        if order_id is None and client_oid is None:
            raise SimError("40019", "Parameter orderId or clientOid cannot be empty")
        candidates: list[dict[str, Any]] = self._orders(request)
        for candidate in reversed(candidates):
            if order_id in (None, str(candidate["orderId"])) and client_oid in (None, str(candidate["clientOid"])):
                found: dict[str, Any] = candidate
                return found
        raise SimError("25204", "Order does not exist")

    def place_strategy_order(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        require_category(params, futures=True)
        spec = contract(params)
        pos_side = params.choice("posSide", ("long", "short"), required=True)
        if params.text("takeProfit") is None and params.text("stopLoss") is None:
            raise SimError("40019", "Parameter takeProfit or stopLoss cannot be empty")
        orders = self._orders(request)
        if (spec.symbol, pos_side) not in self._book_of(request).account.futures.positions:
            raise SimError("22002", "No position to set take-profit or stop-loss on")
        order_id = str(10**17 + next(self._strategy_ids))
        client_oid = params.text("clientOid") or order_id
        row = {
            "orderId": order_id,
            "clientOid": client_oid,
            "category": "USDT-FUTURES",
            "symbol": spec.symbol,
            "qty": params.text("qty") or "",
            "posSide": pos_side,
            **{name: params.text(name) or "" for name in _STRATEGY_FIELDS},
            "createdTime": str(request.now_ms),
            "updatedTime": str(request.now_ms),
            "status": "live",
        }
        orders.append(row)
        return {"orderId": order_id, "clientOid": client_oid}

    def modify_strategy_order(self, request: SimRequest) -> dict[str, str]:
        order = self._find(request)
        if order["status"] != "live":
            raise SimError("25204", "Order does not exist")
        params = Params(request.params)
        for name in ("qty", "takeProfit", "stopLoss"):
            value = params.text(name)
            if value is not None:
                order[name] = value
        order["updatedTime"] = str(request.now_ms)
        return {"orderId": order["orderId"], "clientOid": order["clientOid"]}

    def cancel_strategy_order(self, request: SimRequest) -> None:
        order = self._find(request)
        if order["status"] != "live":
            raise SimError("25204", "Order does not exist")
        order["status"] = "cancelled"
        order["updatedTime"] = str(request.now_ms)

    def unfilled_strategy_orders(self, request: SimRequest) -> list[dict[str, Any]]:
        params = Params(request.params)
        require_category(params, futures=True)
        symbol = params.text("symbol")
        return [
            _public(order)
            for order in reversed(self._orders(request))
            if order["status"] == "live" and symbol in (None, order["symbol"])
        ]

    def history_strategy_orders(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        require_category(params, futures=True)
        symbol = params.text("symbol")
        rows = [
            _public(order)
            for order in reversed(self._orders(request))
            if order["status"] != "live" and symbol in (None, order["symbol"])
        ]
        return cursor_page(rows, params, "orderId")


def _public(order: Mapping[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in order.items() if key != "status"}
