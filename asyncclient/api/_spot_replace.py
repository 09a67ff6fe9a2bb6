"""Spot cancel-replace (one order and the batch form) as typed methods, mixed into ``SpotAPI``.

Cancel-replace is never repeated after a failure whose outcome is unknown (the catalogue marks it unsafe): the
old order may be cancelled and the new one placed. Give ``new_client_oid`` and look it up with
``client.spot.order(client_oid=...)`` before trying again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .._errors import InputTypeError
from ..models._replace import ReplaceResult
from . import _validate as check
from ._common import Amount, as_rows, drop_none
from ._protocol import Requester

__all__ = ["ReplaceItem", "SpotReplaceMethods"]

#: One item of a batch: ``symbol``, ``price``, ``size`` and ``order_id`` or ``client_oid`` (``new_client_oid``).
ReplaceItem = Mapping[str, Any]


class SpotReplaceMethods:
    """Change the price and size of an open limit order by cancelling and replacing it."""

    _requester: Requester

    async def cancel_replace_order(
        self,
        symbol: str,
        price: Amount,
        size: Amount,
        *,
        order_id: str | None = None,
        client_oid: str | None = None,
        new_client_oid: str | None = None,
    ) -> ReplaceResult:
        """Cancel the open limit order (``order_id`` or ``client_oid``) and place it again at ``price``/``size``."""
        params = _replace_params(symbol, price, size, order_id, client_oid, new_client_oid)
        data = await self._requester.request("POST", "/api/v2/spot/trade/cancel-replace-order", params)
        return ReplaceResult.from_wire(data)

    async def batch_cancel_replace_orders(self, items: Sequence[ReplaceItem]) -> list[ReplaceResult]:
        """Up to 50 cancel-replaces; one result per item, in order."""
        checked = check.batch(items, "items", maximum=50)
        order_list = []
        for item in checked:
            if not isinstance(item, Mapping):
                raise InputTypeError("each item must be a mapping with symbol, price, size and an id")
            order_list.append(
                _replace_params(
                    item.get("symbol"),
                    item.get("price"),
                    item.get("size"),
                    item.get("order_id"),
                    item.get("client_oid"),
                    item.get("new_client_oid"),
                )
            )
        data = await self._requester.request(
            "POST", "/api/v2/spot/trade/batch-cancel-replace-order", {"orderList": order_list}
        )
        return [ReplaceResult.from_wire(row) for row in as_rows(data)]


def _replace_params(
    symbol: object, price: object, size: object, order_id: object, client_oid: object, new_client_oid: object
) -> dict[str, Any]:
    return drop_none(
        {
            "symbol": check.symbol(symbol),
            "price": check.amount(price, "price"),
            "size": check.amount(size, "size"),
            **check.one_of_ids(order_id, client_oid),
            "newClientOid": None if new_client_oid is None else check.client_oid(new_client_oid, "new_client_oid"),
        }
    )
