"""Exactly-once placement on a unified account, checked against the simulator's own order book.

UTA's rule makes a blind re-send dangerous: a clientOid may be used again once its order is filled or cancelled,
so re-sending a market order whose answer was lost would place it twice. The client looks the clientOid up
(``GET /api/v3/trade/order-info``; 25204 means "not there") before sending again, and a re-send that hears
25212 means the first one landed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import anyio
import attrs
import pytest

from asyncclient import Client, OutcomeUnknownError, RateLimit, RetryBudget, RetryPolicy, default_catalogue
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio
KEY, SECRET, PASSPHRASE = "uta-safety-key", "uta-safety-secret", "uta-safety-pass"
PLACE = "/api/v3/trade/place-order"
BATCH = "/api/v3/trade/place-batch"
ORDER_INFO = "/api/v3/trade/order-info"
CATALOGUE = default_catalogue().without_limits()
# resend_after=0: re-send right after a lookup that missed. Safe here: in process, the simulator has acted on a
# request (or never will) by the time the client hears of it, and no fault in this file delays processing.
PATIENT = RetryPolicy(max_attempts=30, deadline=60.0, backoff_base=0.002, backoff_cap=0.02, resend_after=0.0)


def order(index: int, **extra: Any) -> dict[str, Any]:
    """Even placements rest (a limit buy far under the market); odd ones are market buys that fill at once."""
    if index % 2 == 0:
        return {"category": "SPOT", "symbol": "BTCUSDT", "side": "buy", "orderType": "limit", "price": "20000",
                "qty": f"0.00{1 + index % 5}", **extra}  # fmt: skip
    return {"category": "SPOT", "symbol": "BTCUSDT", "side": "buy", "orderType": "market", "qty": "10", **extra}


def simulator() -> tuple[Simulator, str]:
    sim = Simulator(seed=13, catalogue=CATALOGUE)
    uid = sim.add_account(KEY, SECRET, PASSPHRASE, balances={"USDT": "10000000", "BTC": "100"}, mode="uta")
    return sim, uid


def client_for(sim: Simulator, retry: RetryPolicy = PATIENT) -> Client:
    return Client(
        KEY,
        SECRET,
        PASSPHRASE,
        catalogue=CATALOGUE,
        transport=sim.transport(),
        credentials_from_env=False,
        retry=retry,
        retry_budget=RetryBudget(capacity=10_000),
    )


async def test_a_thousand_uta_placements_with_30_percent_lost_answers_land_exactly_once() -> None:
    sim, uid = simulator()
    # 30% of answers lost after the order was placed: 15% HTTP 500, and 15% / 0.85 of the rest dropped.
    sim.faults.set(error_after_accept_rate=0.15, drop_after_accept_rate=0.15 / 0.85)
    placements = 1000
    results: dict[int, Mapping[str, str]] = {}

    async def place(worker: int, client: Client) -> None:
        for index in range(worker, placements, 50):
            extra = {"clientOid": f"caller-{index}"} if index % 4 == 0 else {}
            results[index] = await client.request("POST", PLACE, order(index, **extra))

    # The safe default horizon (resend_after=None): every lost answer hid a placed order, so a lookup always finds
    # it and nothing ever waits for the horizon.
    async with client_for(sim, attrs.evolve(PATIENT, resend_after=None)) as client, anyio.create_task_group() as group:
        for worker in range(50):
            group.start_soon(place, worker, client)
    stats = client.retry_stats

    on_server = sim.orders_by_client_oid(uid)
    assert len(results) == placements
    assert len(on_server) == placements
    assert all(len(rows) == 1 for rows in on_server.values())  # no clientOid placed twice
    returned = {result["clientOid"]: result["orderId"] for result in results.values()}
    assert returned == {oid: str(rows[0]["orderId"]) for oid, rows in on_server.items()}
    assert all(results[index]["clientOid"] == f"caller-{index}" for index in range(0, placements, 4))
    # Half of them filled at once: a blind re-send of those would have been accepted as a second order.
    filled = [rows[0] for rows in on_server.values() if rows[0]["orderStatus"] == "filled"]
    assert len(filled) == placements // 2
    lost = sum(n for (_, path, status), n in sim.records.counts.items() if path == PLACE and status != 200)
    assert lost > 200
    assert stats.already_placed >= lost - 10 and stats.lookups >= lost
    assert sim.records.count("GET", ORDER_INFO) >= lost


async def test_a_uta_placement_lost_before_the_exchange_acted_is_sent_again() -> None:
    sim, uid = simulator()
    sim.faults.set(PLACE, error_rate=0.5)  # lost before the handler ran: nothing placed
    async with client_for(sim) as client:
        for index in range(40):
            await client.request("POST", PLACE, order(index, clientOid=f"again-{index}"))
    on_server = sim.orders_by_client_oid(uid)
    assert sorted(on_server) == sorted(f"again-{index}" for index in range(40))
    assert all(len(rows) == 1 for rows in on_server.values())
    assert client.retry_stats.lookups > 0 and client.retry_stats.already_placed == 0


async def test_uta_batches_whose_answers_are_lost_place_each_order_once() -> None:
    sim, uid = simulator()
    sim.faults.set(BATCH, error_after_accept_rate=0.2, drop_after_accept_rate=0.2, error_rate=0.1)
    answers: list[list[Mapping[str, Any]]] = []
    async with client_for(sim) as client:
        for batch in range(20):
            items = [order(batch * 5 + index) for index in range(4)]  # the client gives them clientOids
            items.append(order(1, qty="0.5"))  # a market buy of 0.5 USDT: refused (below the minimum)
            answers.append(await client.request("POST", BATCH, items))
        stats = client.retry_stats
    on_server = sim.orders_by_client_oid(uid)
    assert len(on_server) == 80 and all(len(rows) == 1 for rows in on_server.values())
    for answer in answers:
        placed, refused = answer[:4], answer[4]
        assert all(str(on_server[item["clientOid"]][0]["orderId"]) == item["orderId"] for item in placed)
        assert refused["code"] == "45110" and refused["clientOid"] not in on_server
    lost = sum(n for (_, path, status), n in sim.records.counts.items() if path == BATCH and status != 200)
    assert lost > 5 and stats.lookups > 0 and stats.already_placed > 0


async def test_a_uta_batch_that_cannot_be_resolved_says_the_outcome_is_unknown() -> None:
    sim, uid = simulator()
    sim.faults.set(BATCH, drop_after_accept_rate=1.0)
    sim.faults.set(ORDER_INFO, error_rate=1.0)  # the lookups fail too
    items = [order(index, clientOid=f"batch-{index}") for index in range(4)]
    async with client_for(sim, attrs.evolve(PATIENT, max_attempts=3)) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.request("POST", BATCH, items)
    assert sorted(caught.value.client_oids) == [f"batch-{index}" for index in range(4)]
    on_server = sim.orders_by_client_oid(uid)
    assert sorted(on_server) == [f"batch-{index}" for index in range(4)]
    assert all(len(rows) == 1 for rows in on_server.values())


async def test_the_simulator_accepts_a_filled_orders_clientoid_again() -> None:
    """The control for the tests above: under UTA's rule a blind re-send of a filled order is a second order."""
    sim, uid = simulator()
    async with client_for(sim, RetryPolicy(max_attempts=1)) as client:
        first = await client.request("POST", PLACE, order(1, clientOid="reused"))
        second = await client.request("POST", PLACE, order(1, clientOid="reused"))
    assert first["orderId"] != second["orderId"]
    assert len(sim.orders_by_client_oid(uid)["reused"]) == 2


async def test_uta_cancels_whose_answers_were_lost_report_done() -> None:
    """A cancel retried after a lost answer hears 25204; the order shows as cancelled, so the cancel is done."""
    sim, uid = simulator()
    async with client_for(sim) as client:
        singles = [
            await client.uta.place_order("SPOT", "BTCUSDT", "buy", "limit", "0.001", price="20000") for _ in range(8)
        ]
        batch = [
            await client.uta.place_order("SPOT", "BTCUSDT", "buy", "limit", "0.001", price="20000") for _ in range(6)
        ]
        sim.faults.set("/api/v3/trade/cancel-order", drop_after_accept_rate=0.5)
        sim.faults.set("/api/v3/trade/cancel-batch", drop_after_accept_rate=0.75)
        items = await client.uta.batch_cancel_orders("SPOT", "BTCUSDT", [str(ack.order_id) for ack in batch])
        assert [item.ok for item in items] == [True] * 6
        assert [item.order_id for item in items] == [ack.order_id for ack in batch]
        for ack in singles:
            assert (await client.uta.cancel_order(order_id=ack.order_id)).order_id == ack.order_id
        assert len(await client.uta.open_orders()) == 0
        done = client.retry_stats.cancels_already_done
    lost = {path: n for (_, path, status), n in sim.records.counts.items() if status != 200}
    assert lost.get("/api/v3/trade/cancel-order", 0) >= 1 and lost.get("/api/v3/trade/cancel-batch", 0) >= 1
    assert done >= lost["/api/v3/trade/cancel-order"] + 6 * (lost["/api/v3/trade/cancel-batch"] > 0) - 1
    assert all(rows[0]["orderStatus"] == "cancelled" for rows in sim.orders_by_client_oid(uid).values())


async def test_v3_batches_that_never_left_are_not_maybe_placed() -> None:
    """A burst of v3 batches past the budget meets its deadline in the limiter: never "maybe placed"."""
    sim, _uid = simulator()
    catalogue = default_catalogue()
    async with Client(
        KEY,
        SECRET,
        PASSPHRASE,
        catalogue=catalogue,
        limits={f"POST {BATCH}": RateLimit(2, 1.0)},
        transport=sim.transport(),
        credentials_from_env=False,
        retry=RetryPolicy(deadline=0.6),
    ) as client:
        await client.sync_clock()
        results: list[Any] = []

        async def place(index: int) -> None:
            items = [order(2 * (index * 2 + k), clientOid=f"never-left-{index}-{k}") for k in range(2)]
            try:
                results.append(await client.request("POST", BATCH, items))
            except Exception as exc:  # every outcome is collected and checked below
                results.append(exc)

        async with anyio.create_task_group() as group:
            for index in range(10):
                group.start_soon(place, index)
    assert not [result for result in results if isinstance(result, OutcomeUnknownError)]
    never_left = [result for result in results if not isinstance(result, list)]
    assert len(never_left) >= 5  # 10 batches, about 2-4 slots before the deadline
    assert all(getattr(error, "maybe_sent", True) is False for error in never_left)
    assert sim.records.count("POST", BATCH) == len(results) - len(never_left)
