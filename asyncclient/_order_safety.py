"""Which retry step a call gets, from its catalogue row: exactly-once placement, cancels safe to repeat.

Placements (:mod:`._placement`) get a ``clientOid`` here when they have none, and are looked up after an
ambiguous failure instead of being sent twice; cancels (:mod:`._cancel_step`) check "order not found" after an
ambiguous attempt; everything else is resent as is when that is safe (:class:`ResendStep`).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from ._attempt import Attempts, PreparedCall
from ._call_step import CallStep, ResendStep, RetryStats
from ._catalogue import Repeat
from ._order_lookup import lookup_paths, new_client_oid, new_guard, with_client_oids
from ._retry import RetryPolicy

if TYPE_CHECKING:
    from ._cancel_step import CancelStep
    from ._placement import BatchPlaceStep, PlaceStep, UtaBatchPlaceStep

__all__ = ["new_client_oid", "step_for", "with_client_oids"]


class _Steps(NamedTuple):
    CancelStep: type[CancelStep]
    PlaceStep: type[PlaceStep]
    BatchPlaceStep: type[BatchPlaceStep]
    UtaBatchPlaceStep: type[UtaBatchPlaceStep]


@functools.cache
def _steps() -> _Steps:
    """The placement and cancel steps, loaded by the first call that needs one (reads never do)."""
    from . import _cancel_step, _placement

    return _Steps(
        _cancel_step.CancelStep, _placement.PlaceStep, _placement.BatchPlaceStep, _placement.UtaBatchPlaceStep
    )


def _distinct_items(items: object) -> bool:
    """Whether ``items`` is a list of orders with distinct clientOids (what item-by-item recovery needs)."""
    if not isinstance(items, Sequence) or isinstance(items, str) or not items:
        return False
    if not all(isinstance(item, Mapping) and item.get("clientOid") for item in items):
        return False
    return len({str(item["clientOid"]) for item in items}) == len(items)


def step_for(call: PreparedCall, attempts: Attempts, stats: RetryStats, policy: RetryPolicy | None = None) -> CallStep:
    """The retry behaviour of ``call``, from its catalogue row; placements get their ``clientOid`` here.

    ``policy`` (the call's) sets how long a placement waits before re-sending an order it could not find.
    """
    endpoint = call.endpoint
    repeat = endpoint.repeat
    if repeat is Repeat.CANCEL:
        return _steps().CancelStep(call, attempts, stats)
    if repeat not in (Repeat.PLACE, Repeat.BATCH_PLACE) or not lookup_paths(endpoint):
        return ResendStep(call, attempts.send, tracks_sending=True)
    steps = _steps()
    policy = policy or RetryPolicy()
    guard = new_guard(attempts, policy.resend_after, policy.lookup_interval)

    if call.items is not None:  # a v3 batch: the body is a JSON array of orders
        items = [item if item.get("clientOid") else {**item, "clientOid": new_client_oid()} for item in call.items]
        if any(not item.get("clientOid") for item in call.items):
            call = attempts.prepare(endpoint.method, endpoint.path, items, urgent=call.urgent, timeout=call.timeout)
        return (
            steps.UtaBatchPlaceStep(call, attempts, stats, guard)
            if _distinct_items(items)
            else ResendStep(call, attempts.send, tracks_sending=True)
        )
    params = with_client_oids(endpoint, call.params)
    if params is not None:
        call = attempts.prepare(endpoint.method, endpoint.path, params, urgent=call.urgent, timeout=call.timeout)
    if repeat is Repeat.PLACE:
        return steps.PlaceStep(call, attempts, stats, guard)
    if _distinct_items(call.params.get("orderList")):
        return steps.BatchPlaceStep(call, attempts, stats, guard)
    return ResendStep(call, attempts.send, tracks_sending=True)
