"""Crossed-margin orders: placed, rested, filled and cancelled on the margin account's balances.

Orders trade through the account's spot-like book, so they fill as spot orders do (market at once, limit when
the walk crosses). ``loanType`` autoLoan (or autoLoanAndRepay) borrows the shortfall before placing; the
others place on what the account holds. ``baseSize`` is the base quantity (limit, market sell); ``quoteSize``
is what a market buy spends.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..._routing import Mount, SimError, SimRequest, get, post
from ..state._margin_accounts import CrossedMargin, MarginAccounts
from ..state._margin_pairs import MARGIN_PAIRS
from ..state._markets import Markets, format_decimal
from ..state._spot import OPEN_STATUSES, OrderRequest, SpotFill, SpotOrder
from ..state._symbols import SpotSymbol
from ._callers import Callers
from ._params import Params
from ._spot_trade import decimal_places

__all__ = ["MarginTradeEndpoints"]

_FORCES = ("gtc", "post_only", "fok", "ioc")
_LOAN_TYPES = ("normal", "autoLoan", "autoRepay", "autoLoanAndRepay")
_BATCH_MAX = 50


class MarginTradeEndpoints:
    """Handlers of ``/api/v2/margin/crossed`` orders and fills."""

    #: Where these endpoints are mounted (the isolated accounts mount the same ones under ``/isolated``).
    prefix = "/api/v2/margin/crossed"

    def __init__(self, markets: Markets, accounts: Callers, margin: MarginAccounts) -> None:
        self._markets = markets
        self._accounts = accounts
        self._margin = margin

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            self.prefix,
            [
                post("/place-order", self.place_order),
                post("/batch-place-order", self.batch_place_order),
                post("/cancel-order", self.cancel_order),
                post("/batch-cancel-order", self.batch_cancel_order),
                get("/open-orders", self.open_orders),
                get("/history-orders", self.history_orders),
                get("/fills", self.fills),
            ],
        )

    def _account(self, request: SimRequest) -> CrossedMargin:
        self._accounts.spot(request)
        assert request.uid is not None
        return self._margin.crossed(request.uid, request.now_ms)

    def _pair(self, params: Params) -> SpotSymbol:
        symbol = params.required("symbol").upper()
        pair = MARGIN_PAIRS.get(symbol)
        if pair is None:
            raise SimError("40034", f"Parameter {symbol} does not exist")
        return pair.spot

    def _place(self, account: CrossedMargin, params: Params, spec: SpotSymbol, now_ms: int) -> SpotOrder:
        side = _choice(params, "side", ("buy", "sell"))
        order_type = _choice(params, "orderType", ("limit", "market"))
        loan_type = params.choice("loanType", _LOAN_TYPES, required=True) or "normal"
        force = params.choice("force", _FORCES, default="gtc") or "gtc"
        price = None
        if order_type == "limit":
            price = params.positive_decimal("price")
            if decimal_places(price) > spec.price_precision:
                raise SimError("41103", "param price scale error error")
        quote_spend = order_type == "market" and side == "buy"
        size = params.positive_decimal("quoteSize" if quote_spend else "baseSize")
        if loan_type.startswith("autoLoan"):
            coin = spec.quote_coin if side == "buy" else spec.base_coin
            needed = size if quote_spend or side == "sell" else size * (price or Decimal(0))
            shortfall = needed - account.balances[coin].available
            if shortfall > 0:
                self._margin.lend(account, coin, shortfall, now_ms, borrow_type="auto_loan")
        order = account.book.place(
            OrderRequest(spec, side, order_type, force, price, size, params.text("clientOid")), now_ms
        )
        account.loan_types[order.order_id] = loan_type
        return order

    def place_order(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        account = self._account(request)
        order = self._place(account, params, self._pair(params), request.now_ms)
        return {"orderId": str(order.order_id), "clientOid": order.client_oid}

    def batch_place_order(self, request: SimRequest) -> dict[str, list[dict[str, str]]]:
        params = Params(request.params)
        account = self._account(request)
        spec = self._pair(params)
        items = params.raw_list("orderList")
        if len(items) > _BATCH_MAX:
            raise SimError("40306", f"Batch processing orders can only process up to {_BATCH_MAX}")
        success, failure = [], []
        for item in items:
            fields = item if isinstance(item, dict) else {}
            try:
                order = self._place(account, Params(fields), spec, request.now_ms)
            except SimError as error:
                client_oid = str(fields.get("clientOid") or "")
                failure.append({"orderId": "", "clientOid": client_oid, "errorMsg": error.msg, "errorCode": error.code})
            else:
                success.append({"orderId": str(order.order_id), "clientOid": order.client_oid})
        return {"successList": success, "failureList": failure}

    def _cancel(self, account: CrossedMargin, fields: Params, spec: SpotSymbol, now_ms: int) -> SpotOrder:
        order = account.book.find(fields.text("orderId"), fields.text("clientOid"))
        if order is None or order.spec.symbol != spec.symbol:
            raise SimError("43001", "The order does not exist")
        account.book.cancel(order, now_ms)
        return order

    def cancel_order(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        account = self._account(request)
        if params.text("orderId") is None and params.text("clientOid") is None:
            raise SimError("40019", "Parameter orderId cannot be empty")
        order = self._cancel(account, params, self._pair(params), request.now_ms)
        return {"orderId": str(order.order_id), "clientOid": order.client_oid}

    def batch_cancel_order(self, request: SimRequest) -> dict[str, list[dict[str, str]]]:
        params = Params(request.params)
        account = self._account(request)
        spec = self._pair(params)
        success, failure = [], []
        for item in params.raw_list("orderIdList"):
            fields = Params(item if isinstance(item, dict) else {})
            try:
                order = self._cancel(account, fields, spec, request.now_ms)
            except SimError as error:
                row = {"orderId": fields.text("orderId") or "", "clientOid": fields.text("clientOid") or ""}
                failure.append({**row, "errorMsg": error.msg, "errorCode": error.code})
            else:
                success.append({"orderId": str(order.order_id), "clientOid": order.client_oid})
        return {"successList": success, "failureList": failure}

    def _orders(self, request: SimRequest, *, open_only: bool) -> list[dict[str, str]]:
        params = Params(request.params)
        account = self._account(request)
        spec = self._pair(params)
        order_id, client_oid = params.text("orderId"), params.text("clientOid")
        limit = params.limit(default=100, maximum=500)
        rows = [
            _order_row(order, account.loan_types.get(order.order_id, "normal"))
            for order in reversed(account.book.orders)
            if order.spec.symbol == spec.symbol
            and (order.status in OPEN_STATUSES) == open_only
            and order_id in (None, str(order.order_id))
            and client_oid in (None, order.client_oid)
        ]
        return rows[:limit]

    def open_orders(self, request: SimRequest) -> dict[str, Any]:
        rows = self._orders(request, open_only=True)
        return {"resultList": rows, **_id_range(rows, "orderId")}

    def history_orders(self, request: SimRequest) -> dict[str, Any]:
        rows = self._orders(request, open_only=False)
        return {"orderList": rows, **_id_range(rows, "orderId")}

    def fills(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        account = self._account(request)
        spec = self._pair(params)
        order_id = params.text("orderId")
        limit = params.limit(default=100, maximum=500)
        rows = [
            _fill_row(fill)
            for fill in reversed(account.book.fills)
            if fill.order.spec.symbol == spec.symbol and order_id in (None, str(fill.order.order_id))
        ][:limit]
        return {"fills": rows, **_id_range(rows, "tradeId")}


def _choice(params: Params, name: str, choices: tuple[str, ...]) -> str:
    value = params.choice(name, choices, required=True)
    assert value is not None
    return value


def _id_range(rows: list[dict[str, Any]], key: str) -> dict[str, str]:
    return {"maxId": rows[0][key] if rows else "", "minId": rows[-1][key] if rows else ""}


def _fill_row(fill: SpotFill) -> dict[str, Any]:
    order = fill.order
    fee = format_decimal(-fill.fee)
    return {
        "orderId": str(order.order_id),
        "tradeId": str(fill.trade_id),
        "orderType": order.order_type,
        "side": order.side,
        "priceAvg": format_decimal(fill.price),
        "size": format_decimal(fill.size),
        "amount": format_decimal(fill.price * fill.size),
        "tradeScope": fill.scope,
        "cTime": str(fill.c_time),
        "uTime": str(fill.c_time),
        "feeDetail": {"deduction": "no", "feeCoin": order.fee_coin, "totalDeductionFee": "0", "totalFee": fee},
    }


def _order_row(order: SpotOrder, loan_type: str) -> dict[str, str]:
    average = order.quote_volume / order.base_volume if order.base_volume else Decimal(0)
    market_buy = order.order_type == "market" and order.is_buy
    return {
        "orderId": str(order.order_id),
        "symbol": order.spec.symbol,
        "orderType": order.order_type,
        "enterPointSource": "API",
        "clientOid": order.client_oid,
        "loanType": loan_type,
        "price": format_decimal(order.price),
        "side": order.side,
        "status": order.status,
        "baseSize": format_decimal(order.base_volume if market_buy else order.size),
        "quoteSize": format_decimal(order.size if market_buy else order.quote_volume),
        "priceAvg": format_decimal(average),
        "size": format_decimal(order.base_volume),
        "amount": format_decimal(order.quote_volume),
        "force": order.force,
        "cTime": str(order.c_time),
        "uTime": str(order.u_time),
    }
