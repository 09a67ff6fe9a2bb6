"""A spot placement's own ``retry`` reaches the exactly-once machinery (spy tests: ``test_api_spot_input``)."""

from __future__ import annotations

import pytest

from asyncclient import Client, OutcomeUnknownError, RetryPolicy, default_catalogue
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio

CATALOGUE = default_catalogue().without_limits()
ONCE = RetryPolicy(max_attempts=1)


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
