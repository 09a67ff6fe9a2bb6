"""One order, named by exactly one of ``order_id`` and ``client_oid``: the request base the spot, futures and
margin groups share (``client.spot``'s ``OneOrder``, ``client.futures``'s ``OneOrder``, ``MarginCancelRequest``).

Groups whose calls carry more (a margin coin, new prices) subclass these and add the fields. The ids come first,
then the symbol: that is the order they are checked in, and sent.
"""

from __future__ import annotations

import attrs

from .._errors import InputError
from ._checks import symbol
from ._request import WireRequest, optional_client_oid, optional_order_id, param

__all__ = ["OneOrder", "SymbolOrder", "exactly_one_id"]


def exactly_one_id(order_id: object | None, client_oid: object | None) -> None:
    """An order is named by ``order_id`` or ``client_oid``, never both, never neither."""
    if (order_id is None) == (client_oid is None):
        raise InputError("pass exactly one of order_id and client_oid")


@attrs.frozen(kw_only=True)
class OneOrder(WireRequest):
    """One order, named by exactly one of ``order_id`` and ``client_oid``."""

    order_id: str | None = attrs.field(default=None, converter=optional_order_id, metadata=param("orderId"))
    client_oid: str | None = attrs.field(default=None, converter=optional_client_oid, metadata=param("clientOid"))

    def __attrs_post_init__(self) -> None:
        exactly_one_id(self.order_id, self.client_oid)


@attrs.frozen(kw_only=True)
class SymbolOrder(OneOrder):
    """One order of ``symbol``, named by exactly one of ``order_id`` and ``client_oid``."""

    symbol: str = attrs.field(converter=symbol)
