"""Exactly once when the exchange is slow, and when the caller reuses a finished order's clientOid.

Over a real loopback server (uvicorn), v2 and v3, single orders and batches, asyncio and trio. Every order is a
market buy: it fills at once, which frees its clientOid on the exchange (v2 and v3 de-duplicate only while an
order is open), so a re-send that overtakes a queued first attempt would be accepted as a second order.

- Slow: the exchange processes the placement 1.5 s after it arrived and never answers; the client's timeout is
  1 s. A lookup right after the timeout finds nothing, yet the order lands: the client must keep looking.
- Reused clientOid: the caller's own filled order holds the clientOid; the new placement is lost before the
  exchange sees it. A lookup finds the *old* order, which must not be taken for this call's.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from typing import Any

import anyio
import pytest

from asyncclient import Client, OutcomeUnknownError, RetryBudget, RetryPolicy, default_catalogue
from asyncclient.testing import Simulator
from asyncclient.testing._server import LoopbackServer

pytestmark = pytest.mark.anyio
KEY, SECRET, PASSPHRASE = "horizon-key", "horizon-secret", "horizon-pass"
CATALOGUE = default_catalogue().without_limits()
V2_PLACE, V2_BATCH = "/api/v2/spot/trade/place-order", "/api/v2/spot/trade/batch-orders"
V3_PLACE, V3_BATCH = "/api/v3/trade/place-order", "/api/v3/trade/place-batch"
PLACEMENTS = [(V2_PLACE, "classic"), (V2_BATCH, "classic"), (V3_PLACE, "uta"), (V3_BATCH, "uta")]
ON_EACH = pytest.mark.parametrize(("path", "mode"), PLACEMENTS, ids=["v2", "v2-batch", "v3", "v3-batch"])
#: The safe default horizon (30 s and more), within a deadline long enough for a slow exchange.
SAFE = RetryPolicy(max_attempts=5, deadline=10.0, backoff_base=0.01, backoff_cap=0.05)


def _item(path: str, client_oid: str) -> dict[str, str]:
    if path.startswith("/api/v3/"):
        return {"category": "SPOT", "symbol": "BTCUSDT", "side": "buy", "orderType": "market", "qty": "10",
                "clientOid": client_oid}  # fmt: skip
    return {"side": "buy", "orderType": "market", "force": "gtc", "size": "10", "clientOid": client_oid}


def _params(path: str, oids: list[str]) -> Any:
    """The placement's parameters: one order, or a batch of ``oids``."""
    if path == V2_BATCH:
        return {"symbol": "BTCUSDT", "orderList": [_item(path, oid) for oid in oids]}
    if path == V3_BATCH:
        return [_item(path, oid) for oid in oids]
    return {"symbol": "BTCUSDT", **_item(path, oids[0])}


def _answered_ids(path: str, answer: Any) -> dict[str, str]:
    """clientOid -> orderId from a placement's answer."""
    rows = answer["successList"] if path == V2_BATCH else answer if path == V3_BATCH else [answer]
    return {str(row["clientOid"]): str(row["orderId"]) for row in rows}


def _simulator(mode: str) -> tuple[Simulator, str]:
    sim = Simulator(seed=5, catalogue=CATALOGUE)
    uid = sim.add_account(KEY, SECRET, PASSPHRASE, balances={"USDT": "1000000", "BTC": "10"}, mode=mode)
    return sim, uid


class _LoseFirst:
    """The simulator's app, but the first ``count`` requests to ``path`` are lost before the exchange sees them."""

    def __init__(self, app: Any, path: str, count: int = 1) -> None:
        self._app = app
        self._path = path
        self.left = count

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == self._path and self.left > 0:
            self.left -= 1
            while (await receive()).get("more_body"):
                pass
            await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"100")]})
            await send({"type": "http.response.body", "body": b"", "more_body": True})
            return  # the connection closes without an answer
        await self._app(scope, receive, send)


@asynccontextmanager
async def _served(app: Any, retry: RetryPolicy) -> AsyncIterator[Client]:
    server = LoopbackServer(app, "127.0.0.1", 0)
    await anyio.to_thread.run_sync(server.start)
    try:
        async with Client(
            KEY,
            SECRET,
            PASSPHRASE,
            base_url=server.url,
            catalogue=CATALOGUE,
            timeout=1.0,
            retry=retry,
            retry_budget=RetryBudget(capacity=1000),
            credentials_from_env=False,
        ) as client:
            await client.sync_clock()
            yield client
    finally:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(server.stop)


def _orders(sim: Simulator, uid: str) -> Mapping[str, list[Any]]:
    return sim.orders_by_client_oid(uid)


@ON_EACH
async def test_a_placement_the_exchange_processes_after_the_timeout_lands_once(
    anyio_backend: str, path: str, mode: str
) -> None:
    sim, uid = _simulator(mode)
    sim.faults.set(path, late_rate=1.0, late_by=1.5)  # queued: processed 1.5 s after arrival, never answered
    oids = ["slow-1", "slow-2"] if path in (V2_BATCH, V3_BATCH) else ["slow-1"]
    async with _served(sim.app, SAFE) as client:
        answer = await client.request("POST", path, _params(path, oids))
        await anyio.sleep(1.0)  # let any re-sent attempt land too, were there one
        stats = client.retry_stats
    on_server = _orders(sim, uid)
    assert sorted(on_server) == oids
    assert all(len(rows) == 1 for rows in on_server.values()), on_server  # once each, not twice
    assert _answered_ids(path, answer) == {oid: str(rows[0]["orderId"]) for oid, rows in on_server.items()}
    assert sim.records.count("POST", path) == 1  # never re-sent: it was found once it landed
    assert stats.lookups >= 2 * len(oids)  # the first lookup came too early; the client kept looking


async def test_a_slow_v2_placement_from_latency_lands_once(anyio_backend: str) -> None:
    """The reviewer's reproduction: place-order delayed 1.5 s before it is processed, client timeout 1 s."""
    sim, uid = _simulator("classic")
    sim.faults.set(V2_PLACE, latency=3.0)  # half before processing, half after
    async with _served(sim.app, SAFE) as client:
        answer = await client.request("POST", V2_PLACE, _params(V2_PLACE, ["latent-1"]))
        await anyio.sleep(1.0)  # a re-send would have been processed by now (1.5 s after it was sent)
    on_server = _orders(sim, uid)
    assert len(on_server["latent-1"]) == 1
    assert answer["orderId"] == str(on_server["latent-1"][0]["orderId"])


@ON_EACH
async def test_a_reused_clientoid_of_a_finished_order_places_the_new_order(
    anyio_backend: str, path: str, mode: str
) -> None:
    """The new placement is lost before the exchange saw it; the lookup finds the caller's old filled order.

    ``resend_after=1`` is safe here: the lost attempt never reaches the exchange, so nothing can land late.
    """
    sim, uid = _simulator(mode)
    oids = ["reused-1", "reused-2"] if path in (V2_BATCH, V3_BATCH) else ["reused-1"]
    app = _LoseFirst(sim.app, path, count=0)
    policy = RetryPolicy(max_attempts=5, deadline=10.0, backoff_base=0.01, backoff_cap=0.05, resend_after=1.0)
    async with _served(app, policy) as client:
        old = _answered_ids(path, await client.request("POST", path, _params(path, oids)))
        await anyio.sleep(1.5)  # the old orders are older than the clock's margin
        app.left = 1
        new = _answered_ids(path, await client.request("POST", path, _params(path, oids)))
    on_server = _orders(sim, uid)
    assert sorted(new) == oids
    assert all(new[oid] != old[oid] for oid in oids)  # never the old order's id
    assert {oid: [str(row["orderId"]) for row in rows] for oid, rows in on_server.items()} == {
        oid: [old[oid], new[oid]] for oid in oids
    }
    assert sim.records.count("POST", path) == 2  # the old one and the re-send (the lost one never arrived)


@pytest.mark.parametrize("path", [V2_PLACE, V3_BATCH], ids=["v2", "v3-batch"])
async def test_under_the_safe_horizon_an_order_never_found_is_reported_unknown(anyio_backend: str, path: str) -> None:
    """A reused clientOid, a lost attempt, the safe default horizon: the deadline comes first, and the caller hears
    OutcomeUnknownError with the clientOids; the old order is not passed off as the new one, nothing is re-sent."""
    sim, uid = _simulator("classic" if path == V2_PLACE else "uta")
    oids = ["honest-1"] if path == V2_PLACE else ["honest-1", "honest-2"]
    app = _LoseFirst(sim.app, path, count=0)
    policy = RetryPolicy(max_attempts=5, deadline=2.5, backoff_base=0.01, backoff_cap=0.05)
    async with _served(app, policy) as client:
        await client.request("POST", path, _params(path, oids))
        await anyio.sleep(1.5)
        app.left = 1
        started = anyio.current_time()
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.request("POST", path, _params(path, oids))
        waited = anyio.current_time() - started
    assert sorted(caught.value.client_oids) == oids
    assert waited >= 2.4  # it kept looking until the deadline
    assert sim.records.count("POST", path) == 1  # the old placement only: the lost one was not re-sent
    assert all(len(rows) == 1 for rows in _orders(sim, uid).values())


async def test_a_resend_waits_for_the_horizon(anyio_backend: str) -> None:
    """Lost before processing, never found: re-sent once ``resend_after`` has passed since the attempt left."""
    sim, uid = _simulator("uta")
    app = _LoseFirst(sim.app, V3_PLACE)
    policy = RetryPolicy(max_attempts=5, deadline=10.0, backoff_base=0.01, backoff_cap=0.05, resend_after=2.0)
    async with _served(app, policy) as client:
        started = anyio.current_time()
        answer = await client.request("POST", V3_PLACE, _params(V3_PLACE, ["patient-1"]))
        took = anyio.current_time() - started
        stats = client.retry_stats
    (row,) = _orders(sim, uid)["patient-1"]
    assert answer["orderId"] == str(row["orderId"])
    assert took >= 2.0  # not re-sent before the horizon
    assert sim.records.count("POST", V3_PLACE) == 1  # the lost attempt never reached the exchange's records
    assert stats.lookups >= 4  # looked up at 0.5 s intervals until the horizon, and once at it
