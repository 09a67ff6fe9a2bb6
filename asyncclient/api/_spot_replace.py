"""Spot cancel-replace (one order and the batch form) as typed methods, mixed into ``SpotAPI``.

Cancel-replace is never repeated after a failure whose outcome is unknown (the catalogue marks it unsafe): the
old order may be cancelled and the new one placed. Give ``new_client_oid`` and look it up with
``client.spot.order(client_oid=...)`` before trying again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Unpack

import attrs

from .._errors import InputTypeError
from ..models import _checks as checks
from ..models._one_order import SymbolOrder
from ..models._replace import ReplaceResult
from ..models._request import WireRequest, param
from ._base import CallOptions, Group
from ._cast import one, rows
from ._common import Amount

__all__ = ["ReplaceItem", "SpotReplaceMethods"]

#: One item of a batch: ``symbol``, ``price``, ``size`` and ``order_id`` or ``client_oid`` (``new_client_oid``).
ReplaceItem = Mapping[str, Any]


def _price(value: object) -> Decimal:
    return Decimal(checks.amount(value, "price"))


def _size(value: object) -> Decimal:
    return Decimal(checks.amount(value, "size"))


def _new_client_oid(value: object) -> str | None:
    return None if value is None else checks.client_oid(value, "new_client_oid")


@attrs.frozen(kw_only=True)
class ReplaceRequest(SymbolOrder):
    """One open limit order of ``symbol`` (by exactly one id), to place again at ``price`` and ``size``."""

    price: Decimal = attrs.field(converter=_price)
    size: Decimal = attrs.field(converter=_size)
    new_client_oid: str | None = attrs.field(default=None, converter=_new_client_oid, metadata=param("newClientOid"))


def _replace_items(values: object) -> tuple[ReplaceRequest, ...]:
    requests = []
    for item in checks.batch(values, "items", maximum=50):
        if not isinstance(item, Mapping):
            raise InputTypeError("each item must be a mapping with symbol, price, size and an id")
        requests.append(
            ReplaceRequest(
                symbol=item.get("symbol"),
                price=item.get("price"),
                size=item.get("size"),
                order_id=item.get("order_id"),
                client_oid=item.get("client_oid"),
                new_client_oid=item.get("new_client_oid"),
            )
        )
    return tuple(requests)


@attrs.frozen(kw_only=True)
class ReplaceBatch(WireRequest):
    """Up to 50 cancel-replaces."""

    items: tuple[ReplaceRequest, ...] = attrs.field(converter=_replace_items)

    def to_wire(self) -> dict[str, Any]:
        return {"orderList": [item.to_wire() for item in self.items]}


class SpotReplaceMethods(Group):
    """Change the price and size of an open limit order by cancelling and replacing it."""

    async def cancel_replace_order(
        self,
        symbol: str,
        price: Amount,
        size: Amount,
        *,
        order_id: str | None = None,
        client_oid: str | None = None,
        new_client_oid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> ReplaceResult:
        """Cancel the open limit order (``order_id`` or ``client_oid``) and place it again at ``price``/``size``."""
        request = ReplaceRequest(
            symbol=symbol,
            price=price,
            size=size,
            order_id=order_id,
            client_oid=client_oid,
            new_client_oid=new_client_oid,
        )
        return await self._post("/api/v2/spot/trade/cancel-replace-order", request, one(ReplaceResult), options)

    async def batch_cancel_replace_orders(
        self, items: Sequence[ReplaceItem], **options: Unpack[CallOptions]
    ) -> list[ReplaceResult]:
        """Up to 50 cancel-replaces; one result per item, in order."""
        path = "/api/v2/spot/trade/batch-cancel-replace-order"
        return await self._post(path, ReplaceBatch(items=items), rows(ReplaceResult), options)
