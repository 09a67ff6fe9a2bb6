"""A cancel whose answer was lost is checked with an order lookup; a lookup that fails transiently (a 500, a 429,
a dropped connection) must not turn a safe-to-repeat cancel into OutcomeUnknownError: the cancel is repeated and
the order looked up again. (The cause of the demo's "bot error: OutcomeUnknownError" on a first run.)"""

from __future__ import annotations

import attrs
import httpx
import pytest
from test_order_safety import (
    CANCEL,
    CATALOGUE,
    KEY,
    ORDER_INFO,
    PASSPHRASE,
    PATIENT,
    PLACE,
    QUICK,
    SECRET,
    client_for,
    order,
    simulator,
)

from asyncclient import Client, OutcomeUnknownError

pytestmark = pytest.mark.anyio

FOUR = attrs.evolve(QUICK, max_attempts=4)


async def test_a_lookup_failing_now_and_then_does_not_make_a_cancel_unknown() -> None:
    sim, _ = simulator(seed=5)
    async with client_for(sim) as client:
        placed = [await client.request("POST", PLACE, order(index)) for index in range(30)]
        sim.faults.set(CANCEL, drop_after_accept_rate=0.5)
        sim.faults.set(ORDER_INFO, error_rate=0.3, html_502_rate=0.1, drop_rate=0.1)
        answers = [
            await client.request("POST", CANCEL, {"symbol": "BTCUSDT", "orderId": ids["orderId"]}, retry=PATIENT)
            for ids in placed
        ]
        sim.faults.clear()
        infos = [await client.request("GET", ORDER_INFO, {"orderId": ids["orderId"]}) for ids in placed]
    assert [answer["orderId"] for answer in answers] == [ids["orderId"] for ids in placed]
    assert all(info[0]["status"] == "cancelled" for info in infos)
    assert client.retry_stats.cancels_already_done > 5
    assert client.retry_stats.outcome_unknown == 0
    # the lookups really failed along the way, and were answered by repeating the cancel
    assert sum(n for (method, path, status), n in sim.records.counts.items() if path == ORDER_INFO and status >= 500)


class DropFirstCancelAnswer(httpx.AsyncBaseTransport):
    """The first cancel reaches the exchange (and cancels); its answer is lost on the way back."""

    def __init__(self, inner: httpx.AsyncBaseTransport) -> None:
        self.inner = inner
        self.dropped = False

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        if request.url.path == CANCEL and not self.dropped:
            self.dropped = True
            raise httpx.RemoteProtocolError("peer closed connection", request=request)
        return response


async def test_a_lookup_that_never_works_still_ends_in_outcome_unknown() -> None:
    sim, _ = simulator(seed=5)
    transport = DropFirstCancelAnswer(sim.transport())
    client = Client(KEY, SECRET, PASSPHRASE, catalogue=CATALOGUE, transport=transport, credentials_from_env=False)
    async with client:
        ids = await client.request("POST", PLACE, order())
        sim.faults.set(ORDER_INFO, error_rate=1.0)
        with pytest.raises(OutcomeUnknownError, match="the cancel may have worked") as raised:
            await client.request(
                "POST",
                CANCEL,
                {"symbol": "BTCUSDT", "orderId": ids["orderId"]},
                retry=FOUR,
            )
    assert transport.dropped
    assert [attempt.action for attempt in raised.value.attempts] == ["send"] * 4
    # every repeat of the cancel heard "not found" and tried to look the order up: 3 lookups, all failed
    assert sim.records.count("GET", ORDER_INFO, 500) == 3
