"""The ``orderIdList`` of a batch cancel (margin), checked item by item before anything is sent.

(Spot and futures orders are request models now: ``models/_spot_requests.py``, ``models/_futures_requests.py``.)
"""

from __future__ import annotations

from collections.abc import Sequence

from . import _validate as check

__all__ = ["cancel_list"]

#: The most orders one batch call cancels.
_MAX_BATCH = 50


def cancel_list(order_ids: Sequence[str], client_oids: Sequence[str]) -> list[dict[str, str]]:
    """The orders of a batch cancel, by order id and/or client order id (at most 50 in all)."""
    order_list: list[dict[str, str]] = [{"orderId": check.order_id(i, "order_ids")} for i in order_ids]
    order_list += [{"clientOid": check.client_oid(c, "client_oids")} for c in client_oids]
    check.batch(order_list, "order_ids and client_oids", maximum=_MAX_BATCH)
    return order_list
