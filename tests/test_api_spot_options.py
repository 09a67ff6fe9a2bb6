"""``client.spot`` methods forward the per-call options (``timeout``, ``retry``, ``urgent``), pages of iterators too."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from asyncclient import Client, OutcomeUnknownError, RetryPolicy, default_catalogue
from asyncclient.api import SpotAPI
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio

CATALOGUE = default_catalogue().without_limits()
ONCE = RetryPolicy(max_attempts=1)


class SpyRequester:
    """Records the options of every call; serves two pages of one order each, then an empty one."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        urgent: bool = False,
        timeout: float | None = None,
        retry: RetryPolicy | None = None,
    ) -> Any:
        self.calls.append((path, {"urgent": urgent, "timeout": timeout, "retry": retry}))
        if path.endswith("/history-orders"):
            return [_order(str(100 - len(self.calls)))] if len(self.calls) <= 2 else []
        return {"orderId": "1", "clientOid": "c"}


def _order(order_id: str) -> dict[str, str]:
    return {
        "symbol": "BTCUSDT",
        "orderId": order_id,
        "side": "buy",
        "orderType": "limit",
        "status": "filled",
        "price": "10",
        "size": "1",
    }


async def test_place_and_cancel_forward_retry_timeout_and_urgent() -> None:
    spy = SpyRequester()
    spot = SpotAPI(spy)
    await spot.place_order("BTCUSDT", "buy", "limit", "1", price="10", retry=ONCE, timeout=2.5)
    await spot.cancel_order("BTCUSDT", "1")
    await spot.cancel_order("BTCUSDT", "1", urgent=False)
    await spot.batch_cancel_orders("BTCUSDT", ["1"], urgent=False)
    await spot.cancel_plan_order("1")
    (_, placed), (_, cancelled), (_, patient), (_, batch), (_, plan) = spy.calls
    assert placed == {"urgent": False, "timeout": 2.5, "retry": ONCE}
    assert cancelled["urgent"] is True  # a cancel's own default
    assert patient["urgent"] is False and batch["urgent"] is False  # the caller's word wins
    assert plan["urgent"] is True


async def test_an_iterator_passes_its_options_to_every_page() -> None:
    spy = SpyRequester()
    orders = [order async for order in SpotAPI(spy).iter_history_orders(page_size=1, timeout=4.0, retry=ONCE)]
    assert [order.order_id for order in orders] == ["99", "98"] and len(spy.calls) == 3
    assert all(options == {"urgent": False, "timeout": 4.0, "retry": ONCE} for _, options in spy.calls)


async def test_a_placements_own_retry_policy_reaches_the_exactly_once_machinery() -> None:
    sim = Simulator(seed=5, catalogue=CATALOGUE)
    sim.add_account("k", "s", "p")
    patient = RetryPolicy(max_attempts=4, deadline=1.0, backoff_base=0.0, backoff_cap=0.0)
    client = Client("k", "s", "p", catalogue=CATALOGUE, transport=sim.transport(), retry=patient)
    async with client:
        sim.faults.set("/api/v2/spot/trade/place-order", error_rate=1.0)
        with pytest.raises(OutcomeUnknownError, match="clientOid once-1") as once:
            await client.spot.place_order(
                "BTCUSDT", "buy", "limit", "0.001", price="10000", client_oid="once-1", retry=ONCE
            )
        assert len(once.value.attempts) == 1  # the call's own policy
        with pytest.raises(OutcomeUnknownError) as default:
            await client.spot.place_order("BTCUSDT", "buy", "limit", "0.001", price="10000", client_oid="twice-1")
        assert len(default.value.attempts) > 1  # the client's policy tried again
        sim.faults.set("/api/v2/spot/trade/place-order")
        ack = await client.spot.place_order("BTCUSDT", "buy", "limit", "0.001", price="10000", timeout=5.0)
        cancelled = await client.spot.cancel_order("BTCUSDT", ack.order_id, urgent=False, retry=ONCE)
        assert cancelled.order_id == ack.order_id
