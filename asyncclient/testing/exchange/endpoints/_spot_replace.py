"""Spot cancel-replace: cancel an open limit order and place its replacement (new price and size) in one call.

The replacement keeps the side and ``force`` of the order it replaces and gets ``newClientOid`` (or a fresh id).
An order that is no longer open answers ``success: failure`` with the exchange's message, nothing placed.
The batch form does the same item by item and answers one entry per item.
"""

from __future__ import annotations

from typing import Any

from ..._routing import Mount, SimError, SimRequest, post
from ..state._markets import Markets
from ..state._spot import OPEN_STATUSES, OrderRequest, SpotAccount
from ._callers import Callers
from ._lookup import spot_symbol
from ._params import Params
from ._spot_trade import decimal_places

__all__ = ["SpotReplaceEndpoints"]

_BATCH_MAX = 50


class SpotReplaceEndpoints:
    """Handlers of ``/api/v2/spot/trade/cancel-replace-order`` and its batch form."""

    def __init__(self, markets: Markets, accounts: Callers) -> None:
        self._markets = markets
        self._accounts = accounts

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/spot/trade",
            [
                post("/cancel-replace-order", self.cancel_replace),
                post("/batch-cancel-replace-order", self.batch_cancel_replace),
            ],
        )

    def cancel_replace(self, request: SimRequest) -> dict[str, Any]:
        return self._replace(self._accounts.spot(request), Params(request.params), request.now_ms)

    def batch_cancel_replace(self, request: SimRequest) -> list[dict[str, Any]]:
        params = Params(request.params)
        items = params.raw_list("orderList")
        if len(items) > _BATCH_MAX:
            raise SimError("40306", f"Batch processing orders can only process up to {_BATCH_MAX}")
        account = self._accounts.spot(request)
        answers = []
        for item in items:
            try:
                answers.append(self._replace(account, Params(item if isinstance(item, dict) else {}), request.now_ms))
            except SimError as error:
                client_oid = item.get("clientOid") if isinstance(item, dict) else None
                answers.append({"orderId": "", "clientOid": client_oid, "success": "failure", "msg": error.msg})
        return answers

    def _replace(self, account: SpotAccount, params: Params, now_ms: int) -> dict[str, Any]:
        spec = spot_symbol(params)
        price = params.positive_decimal("price")
        size = params.positive_decimal("size")
        if decimal_places(price) > spec.price_precision:
            raise SimError("41103", "param price scale error error")
        order_id, client_oid = params.text("orderId"), params.text("clientOid")
        if order_id is None and client_oid is None:
            raise SimError("40019", "Parameter orderId cannot be empty")
        old = account.find(order_id, client_oid)
        if old is None or old.spec.symbol != spec.symbol:
            raise SimError("43001", "The order does not exist")
        if old.status not in OPEN_STATUSES or old.order_type != "limit":
            return {"orderId": str(old.order_id), "clientOid": None, "success": "failure", "msg": "order not open"}
        account.cancel(old, now_ms)
        replacement = OrderRequest(spec, old.side, "limit", old.force, price, size, params.text("newClientOid"))
        try:
            new = account.place(replacement, now_ms)
        except SimError as error:
            return {"orderId": "", "clientOid": replacement.client_oid, "success": "failure", "msg": error.msg}
        return {"orderId": str(new.order_id), "clientOid": new.client_oid, "success": "success", "msg": None}
