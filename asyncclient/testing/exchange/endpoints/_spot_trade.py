"""Signed spot trade endpoints: place, batch place, cancel, batch cancel, cancel by symbol, queries."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ..._routing import Mount, SimError, SimRequest, get, post
from ..state._markets import Markets, format_decimal
from ..state._spot import OPEN_STATUSES, OrderRequest, SpotAccount, SpotFill, SpotOrder
from ..state._symbols import SpotSymbol
from ._lookup import spot_symbol
from ._paging import PageWindow, newest_first
from ._params import Params
from ._spot_rows import spot_fill_row, spot_order_row, unfilled_row

__all__ = ["SpotTrade", "decimal_places"]

_FORCES = ("gtc", "post_only", "fok", "ioc")
_BATCH_MAX = 50


def decimal_places(value: Decimal) -> int:
    """How many decimals a value really has: 1.50 -> 1, 100 -> 0."""
    exponent = value.normalize().as_tuple().exponent
    assert isinstance(exponent, int)
    return max(-exponent, 0)


def parse_spot_order(params: Params, spec: SpotSymbol) -> OrderRequest:
    """Check one order's fields as the exchange does: missing 40019, invalid 40020, scale 41103/40808."""
    side = params.choice("side", ("buy", "sell"), required=True)
    order_type = params.choice("orderType", ("limit", "market"), required=True)
    assert side is not None and order_type is not None
    price: Decimal | None = None
    if order_type == "limit":
        force = params.choice("force", _FORCES, required=True)
        price = params.positive_decimal("price")
        if decimal_places(price) > spec.price_precision:
            raise SimError("41103", "param price scale error error")
    else:
        force = params.choice("force", _FORCES, default="gtc")
    assert force is not None
    size = params.positive_decimal("size")
    places = spec.quote_precision if order_type == "market" and side == "buy" else spec.quantity_precision
    if decimal_places(size) > places:
        raise SimError(
            "40808",
            f"Parameter verification exception size checkBDScale error value={format_decimal(size)} "
            f"checkScale={places}",
        )
    return OrderRequest(spec, side, order_type, force, price, size, params.text("clientOid"))


def _ids(order: SpotOrder) -> dict[str, str]:
    return {"orderId": str(order.order_id), "clientOid": order.client_oid}


def _not_found() -> SimError:
    return SimError("43001", "The order does not exist")


def _no_id() -> SimError:
    return SimError("40017", "Order id must not be blank")


class SpotTrade:
    """Handlers of the signed spot trade endpoints; ``account_of`` gives the caller's account, caught up."""

    def __init__(self, markets: Markets, account_of: Callable[[SimRequest], SpotAccount]) -> None:
        self._markets = markets
        self._account_of = account_of

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/spot/trade",
            [
                get("/orderInfo", self.order_info),
                get("/unfilled-orders", self.unfilled_orders),
                get("/history-orders", self.history_orders),
                get("/fills", self.fills),
                post("/place-order", self.place_order),
                post("/batch-orders", self.batch_orders),
                post("/cancel-order", self.cancel_order),
                post("/batch-cancel-order", self.batch_cancel_order),
                post("/cancel-symbol-order", self.cancel_symbol_order),
            ],
        )

    def place_order(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        spec = spot_symbol(params)
        order_request = parse_spot_order(params, spec)
        order = self._account_of(request).place(order_request, request.now_ms)
        return _ids(order)

    def batch_orders(self, request: SimRequest) -> dict[str, list[dict[str, str]]]:
        params = Params(request.params)
        multiple = params.choice("batchMode", ("single", "multiple"), default="single") == "multiple"
        shared = None if multiple else spot_symbol(params)
        items = params.raw_list("orderList")
        if len(items) > _BATCH_MAX:
            raise SimError("40306", f"Batch processing orders can only process up to {_BATCH_MAX}")
        account = self._account_of(request)
        success: list[dict[str, str]] = []
        failure: list[dict[str, str]] = []
        for item in items:
            fields = item if isinstance(item, dict) else {}
            client_oid = str(fields.get("clientOid") or "")
            try:
                item_params = Params(fields)
                spec = shared or spot_symbol(item_params)
                order = account.place(parse_spot_order(item_params, spec), request.now_ms)
            except SimError as error:
                failure.append({"orderId": "", "clientOid": client_oid, "errorMsg": error.msg, "errorCode": error.code})
            else:
                success.append(_ids(order))
        return {"successList": success, "failureList": failure}

    def _locate(self, account: SpotAccount, fields: Params, spec: SpotSymbol | None) -> SpotOrder:
        order_id, client_oid = fields.text("orderId"), fields.text("clientOid")
        if order_id is None and client_oid is None:
            raise _no_id()
        order = account.find(order_id, client_oid)
        if order is None or (spec is not None and order.spec.symbol != spec.symbol):
            raise _not_found()
        return order

    def cancel_order(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        spec = spot_symbol(params)
        account = self._account_of(request)
        order = self._locate(account, params, spec)
        account.cancel(order, request.now_ms)
        return _ids(order)

    def batch_cancel_order(self, request: SimRequest) -> dict[str, list[dict[str, str]]]:
        params = Params(request.params)
        multiple = params.choice("batchMode", ("single", "multiple"), default="single") == "multiple"
        shared = None if multiple or params.text("symbol") is None else spot_symbol(params)
        items = params.raw_list("orderList")
        if len(items) > _BATCH_MAX:
            raise SimError("40306", f"Batch processing orders can only process up to {_BATCH_MAX}")
        account = self._account_of(request)
        success: list[dict[str, str]] = []
        failure: list[dict[str, str]] = []
        for item in items:
            fields = Params(item if isinstance(item, dict) else {})
            try:
                spec = shared
                if spec is None and fields.text("symbol") is not None:
                    spec = spot_symbol(fields)
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

    def cancel_symbol_order(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        spec = spot_symbol(params)
        account = self._account_of(request)
        for order in [o for o in account.open_orders.values() if o.spec.symbol == spec.symbol]:
            account.cancel(order, request.now_ms)
        return {"symbol": spec.symbol}

    def order_info(self, request: SimRequest) -> list[dict[str, Any]]:
        """A list, as documented; an unknown order gives an empty list."""
        params = Params(request.params)
        order_id, client_oid = params.text("orderId"), params.text("clientOid")
        if order_id is None and client_oid is None:
            raise _no_id()
        account = self._account_of(request)
        order = account.find(order_id, client_oid)
        return [] if order is None else [spot_order_row(account.uid, order)]

    def _orders(self, request: SimRequest, *, open_only: bool) -> tuple[SpotAccount, list[SpotOrder]]:
        params = Params(request.params)
        spec = spot_symbol(params) if params.text("symbol") is not None else None
        wanted_id = params.text("orderId")
        window = PageWindow(params, default_limit=100, max_limit=100)
        account = self._account_of(request)

        def accept(order: SpotOrder) -> bool:
            if (order.status in OPEN_STATUSES) != open_only:
                return False
            if spec is not None and order.spec.symbol != spec.symbol:
                return False
            return wanted_id is None or str(order.order_id) == wanted_id

        if open_only:
            items = list(account.open_orders.values())
            ids = [order.order_id for order in items]
            return account, newest_first(items, ids, window, lambda o: o.c_time, accept)
        return account, newest_first(account.orders, account.order_ids, window, lambda o: o.c_time, accept)

    def unfilled_orders(self, request: SimRequest) -> list[dict[str, Any]]:
        account, orders = self._orders(request, open_only=True)
        return [unfilled_row(account.uid, order) for order in orders]

    def history_orders(self, request: SimRequest) -> list[dict[str, Any]]:
        account, orders = self._orders(request, open_only=False)
        return [spot_order_row(account.uid, order) for order in orders]

    def fills(self, request: SimRequest) -> list[dict[str, Any]]:
        params = Params(request.params)
        spec = spot_symbol(params) if params.text("symbol") is not None else None
        wanted_id = params.text("orderId")
        window = PageWindow(params, default_limit=100, max_limit=100)
        account = self._account_of(request)

        def accept(fill: SpotFill) -> bool:
            if spec is not None and fill.order.spec.symbol != spec.symbol:
                return False
            return wanted_id is None or str(fill.order.order_id) == wanted_id

        found = newest_first(account.fills, account.fill_ids, window, lambda f: f.c_time, accept)
        return [spot_fill_row(account.uid, fill) for fill in found]
