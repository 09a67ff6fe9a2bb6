"""A v3 cancel whose answer was lost, for orders the order-info lookup cannot see (TP/SL strategy orders).

``GET /api/v3/trade/order-info`` shows plain orders only, never a strategy order. So after a lost cancel answer
the retry's "does not exist" (25204) cannot be checked there; it is trusted as the lost attempt having cancelled
the order (as for any cancel without a lookup) instead of being reported as "not found" because order-info lacks it.
"""

from __future__ import annotations

import pytest

from asyncclient import Client, RetryPolicy, default_catalogue
from asyncclient.models import Category
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio
CATALOGUE = default_catalogue().without_limits()
CANCEL_STRATEGY = "/api/v3/trade/cancel-strategy-order"
ORDER_INFO = "/api/v3/trade/order-info"
PATIENT = RetryPolicy(max_attempts=20, deadline=30.0, backoff_base=0.001, backoff_cap=0.01)
FUTURES = Category.USDT_FUTURES


async def test_strategy_cancels_whose_answers_were_lost_report_done() -> None:
    sim = Simulator(seed=5, catalogue=CATALOGUE)
    sim.add_account("k", "s", "p", mode="uta")
    async with Client(
        "k", "s", "p", catalogue=CATALOGUE, transport=sim.transport(), credentials_from_env=False, retry=PATIENT
    ) as client:
        uta = client.uta
        await uta.place_order(FUTURES, "BTCUSDT", "buy", "market", "0.1")
        acks = [
            await uta.place_strategy_order(FUTURES, "BTCUSDT", "long", stop_loss=str(1000 + n), qty="0.01")
            for n in range(8)
        ]
        sim.faults.set(CANCEL_STRATEGY, drop_after_accept_rate=0.5)  # cancelled, but half the answers are lost
        for ack in acks:
            await uta.cancel_strategy_order(ack.order_id)  # no OrderNotFoundError for a cancel that worked
        assert await uta.open_strategy_orders(FUTURES) == []
        done = client.retry_stats.cancels_already_done
    statuses = {status: n for (_, path, status), n in sim.records.counts.items() if path == CANCEL_STRATEGY}
    # 0: an answer lost after the cancel; 400: a retry's 25204, each one a cancel the lost attempt did.
    assert statuses.get(0, 0) >= 1 and statuses.get(400, 0) >= 1
    assert done == statuses[400]
    assert sim.records.count("GET", ORDER_INFO) == 0  # order-info cannot see strategy orders: not asked
