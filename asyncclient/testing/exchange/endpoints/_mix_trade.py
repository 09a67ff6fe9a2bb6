"""Signed futures order endpoints (every trading line): place, batch, cancel, cancel all, close, queries.

The answers' rows are ``_mix_rows``'s.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..._routing import Mount, SimError, SimRequest, get, post
from ..state._futures import OPEN_STATUSES, FuturesAccount, FuturesFill, FuturesOrder, FuturesOrderRequest
from ..state._markets import Markets, format_decimal
from ..state._symbols import Contract
from ._lookup import contract, require_product_type
from ._mix_account import require_margin_coin
from ._mix_rows import mix_fill_row, mix_order_row
from ._paging import PageWindow, newest_first
from ._params import Params
from ._spot_trade import decimal_places

__all__ = ["MixTrade"]

_FORCES = ("gtc", "post_only", "fok", "ioc")
_BATCH_MAX = 50


def parse_futures_order(params: Params, spec: Contract, margin_mode: str) -> FuturesOrderRequest:
    """One order's fields, checked as the exchange does (40019, 40020, 41103 price and 40808 size scale)."""
    side = params.choice("side", ("buy", "sell"), required=True)
    order_type = params.choice("orderType", ("limit", "market"), required=True)
    trade_side = params.choice("tradeSide", ("open", "close"))
    force = params.choice("force", _FORCES, default="gtc")
    reduce_only = params.choice("reduceOnly", ("YES", "NO"), default="NO") == "YES"
    assert side is not None and order_type is not None and force is not None
    price = None
    if order_type == "limit":
        price = params.positive_decimal("price")
        if decimal_places(price) > spec.price_place:
            raise SimError("41103", "param price scale error error")
    size = params.positive_decimal("size")
    if decimal_places(size) > spec.volume_place:
        raise SimError(
            "40808",
            f"Parameter verification exception size checkBDScale error value={format_decimal(size)} "
            f"checkScale={spec.volume_place}",
        )
    if size < spec.min_trade_num:
        raise SimError("45111", f"less than the minimum order quantity {format_decimal(spec.min_trade_num)}")
    return FuturesOrderRequest(
        spec,
        side,
        trade_side,
        order_type,
        force,
        price,
        size,
        margin_mode,
        reduce_only,
        params.text("clientOid"),
    )


def _ids(order: FuturesOrder) -> dict[str, str]:
    return {"orderId": str(order.order_id), "clientOid": order.client_oid}


def _listing(key: str, rows: list[dict[str, Any]], cursor: str) -> dict[str, Any]:
    """A cursor page; an empty one is ``{key: null, "endId": null}`` as the exchange answers it."""
    if not rows:
        return {key: None, "endId": None}
    return {key: rows, "endId": rows[-1][cursor]}


class MixTrade:
    """Handlers of the futures order endpoints; ``account_of`` catches up and returns the caller's account."""

    def __init__(self, markets: Markets, account_of: Callable[[SimRequest], FuturesAccount]) -> None:
        self._markets = markets
        self._account_of = account_of

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/mix/order",
            [
                get("/detail", self.detail),
                get("/orders-pending", self.orders_pending),
                get("/orders-history", self.orders_history),
                get("/fills", self.fills),
                post("/batch-place-order", self.batch_place_order),
                post("/cancel-order", self.cancel_order),
                post("/batch-cancel-orders", self.batch_cancel_orders),
                post("/cancel-all-orders", self.cancel_all_orders),
                post("/close-positions", self.close_positions),
            ],
        )

    def _target(self, request: SimRequest) -> tuple[Params, Contract, FuturesAccount]:
        params = Params(request.params)
        require_product_type(params)
        spec = contract(params)
        return params, spec, self._account_of(request)

    def _margin_mode(self, params: Params, spec: Contract) -> str:
        require_margin_coin(params, spec)
        mode = params.choice("marginMode", ("isolated", "crossed"), required=True)
        assert mode is not None
        return mode

    def place_order(self, request: SimRequest) -> dict[str, str]:
        params, spec, account = self._target(request)
        order_request = parse_futures_order(params, spec, self._margin_mode(params, spec))
        return _ids(account.place(order_request, request.now_ms))

    def batch_place_order(self, request: SimRequest) -> dict[str, list[dict[str, str]]]:
        params, spec, account = self._target(request)
        margin_mode = self._margin_mode(params, spec)
        items = params.raw_list("orderList")
        if len(items) > _BATCH_MAX:
            raise SimError("40306", f"Batch processing orders can only process up to {_BATCH_MAX}")
        success: list[dict[str, str]] = []
        failure: list[dict[str, str]] = []
        for item in items:
            fields = item if isinstance(item, dict) else {}
            try:
                order = account.place(parse_futures_order(Params(fields), spec, margin_mode), request.now_ms)
            except SimError as error:
                failure.append(
                    {
                        "orderId": "",
                        "clientOid": str(fields.get("clientOid") or ""),
                        "errorMsg": error.msg,
                        "errorCode": error.code,
                    }
                )
            else:
                success.append(_ids(order))
        return {"successList": success, "failureList": failure}

    def _locate(self, account: FuturesAccount, fields: Params, spec: Contract) -> FuturesOrder:
        order_id, client_oid = fields.text("orderId"), fields.text("clientOid")
        if order_id is None and client_oid is None:
            raise SimError("40017", "Order id must not be blank")
        order = account.find(order_id, client_oid)
        if order is None or order.spec.symbol != spec.symbol:
            raise SimError("40768", "Order does not exist")
        return order

    def cancel_order(self, request: SimRequest) -> dict[str, str]:
        params, spec, account = self._target(request)
        order = self._locate(account, params, spec)
        account.cancel(order, request.now_ms)
        return _ids(order)

    def batch_cancel_orders(self, request: SimRequest) -> dict[str, list[dict[str, str]]]:
        params, spec, account = self._target(request)
        items = params.raw_list("orderIdList")
        if len(items) > _BATCH_MAX:
            raise SimError("40306", f"Batch processing orders can only process up to {_BATCH_MAX}")
        success: list[dict[str, str]] = []
        failure: list[dict[str, str]] = []
        for item in items:
            fields = Params(item if isinstance(item, dict) else {})
            try:
                order = self._locate(account, fields, spec)
                account.cancel(order, request.now_ms)
            except SimError as error:
                failure.append(
                    {
                        "orderId": fields.text("orderId") or "",
                        "clientOid": fields.text("clientOid") or "",
                        "errorMsg": error.msg,
                        "errorCode": error.code,
                    }
                )
            else:
                success.append(_ids(order))
        return {"successList": success, "failureList": failure}

    def cancel_all_orders(self, request: SimRequest) -> dict[str, list[dict[str, str]]]:
        params = Params(request.params)
        require_product_type(params)
        if params.text("marginCoin") is not None:
            require_margin_coin(params)
        account = self._account_of(request)
        cancelled = list(account.open_orders.values())
        for order in cancelled:
            account.cancel(order, request.now_ms)
        return {"successList": [_ids(order) for order in cancelled], "failureList": []}

    def close_positions(self, request: SimRequest) -> dict[str, list[dict[str, str]]]:
        """Flash close at market: every position (of ``symbol``, of ``holdSide``) in one market order each."""
        params = Params(request.params)
        require_product_type(params)
        spec = contract(params) if params.text("symbol") is not None else None
        hold_side = params.choice("holdSide", ("long", "short"))
        account = self._account_of(request)
        targets = [
            p
            for (symbol, side), p in account.positions.items()
            if (spec is None or symbol == spec.symbol) and (hold_side is None or side == hold_side)
        ]
        if not targets:
            raise SimError("22002", "No position to close")
        success: list[dict[str, str]] = []
        for position in targets:
            hedge = account.pos_mode == "hedge_mode"
            closing = FuturesOrderRequest(
                spec=position.spec,
                side=("buy" if position.hold_side == "long" else "sell")
                if hedge
                else ("sell" if position.hold_side == "long" else "buy"),
                trade_side="close" if hedge else None,
                order_type="market",
                force="gtc",
                price=None,
                size=position.total,
                margin_mode=position.margin_mode,
                reduce_only=not hedge,
                client_oid=None,
            )
            success.append(_ids(account.place(closing, request.now_ms)))
        return {"successList": success, "failureList": []}

    def detail(self, request: SimRequest) -> dict[str, Any]:
        params, spec, account = self._target(request)
        order_id, client_oid = params.text("orderId"), params.text("clientOid")
        if order_id is None and client_oid is None:
            raise SimError("40017", "Order id must not be blank")
        order = account.find(order_id, client_oid)
        if order is None or order.spec.symbol != spec.symbol:
            raise SimError("40109", "The data of the order cannot be found, please confirm the order number")
        return mix_order_row(order, "state")

    def _orders(self, request: SimRequest, *, open_only: bool) -> dict[str, Any]:
        params = Params(request.params)
        require_product_type(params)
        spec = contract(params) if params.text("symbol") is not None else None
        wanted_id, wanted_oid = params.text("orderId"), params.text("clientOid")
        status = params.choice("status", ("live", "partially_filled")) if open_only else None
        window = PageWindow(params, default_limit=100, max_limit=100)
        account = self._account_of(request)

        def accept(order: FuturesOrder) -> bool:
            return (
                (order.status in OPEN_STATUSES) == open_only
                and (spec is None or order.spec.symbol == spec.symbol)
                and (wanted_id is None or str(order.order_id) == wanted_id)
                and (wanted_oid is None or order.client_oid == wanted_oid)
                and (status is None or order.status == status)
            )

        if open_only:
            items = list(account.open_orders.values())
            found = newest_first(items, [o.order_id for o in items], window, lambda o: o.c_time, accept)
        else:
            found = newest_first(account.orders, account.order_ids, window, lambda o: o.c_time, accept)
        return _listing("entrustedList", [mix_order_row(order, "status") for order in found], "orderId")

    def orders_pending(self, request: SimRequest) -> dict[str, Any]:
        return self._orders(request, open_only=True)

    def orders_history(self, request: SimRequest) -> dict[str, Any]:
        return self._orders(request, open_only=False)

    def fills(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        require_product_type(params)
        spec = contract(params) if params.text("symbol") is not None else None
        wanted_id = params.text("orderId")
        window = PageWindow(params, default_limit=100, max_limit=100)
        account = self._account_of(request)

        def accept(fill: FuturesFill) -> bool:
            return (spec is None or fill.order.spec.symbol == spec.symbol) and (
                wanted_id is None or str(fill.order.order_id) == wanted_id
            )

        found = newest_first(account.fills, account.fill_ids, window, lambda f: f.c_time, accept)
        return _listing("fillList", [mix_fill_row(fill) for fill in found], "tradeId")
