"""``client.uta`` methods take the per-call options (``timeout``, ``retry``, ``urgent``) and pass them on.

Against the simulator, a call's own ``retry=`` replaces the client's policy; with a recording requester, the
options reach every page an ``iter_*`` method fetches, a batch body, and a cancel (whose ``urgent`` default the
caller may turn off).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from asyncclient import Client, ExchangeUnavailableError, InputError, RetryPolicy, UtaAPI, default_catalogue
from asyncclient.models import Category, UtaAssets, UtaOrderRequest
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio
CATALOGUE = default_catalogue().without_limits()
ONCE = RetryPolicy(max_attempts=1)


class Spy:
    """A requester that records each call's path, params and options; answers ``answers`` in turn, then ``{}``."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.calls: list[tuple[str, Any, dict[str, Any]]] = []

    async def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        **options: Any,
    ) -> Any:
        self.calls.append((path, params, options))
        return self.answers.pop(0) if self.answers else {}


async def test_a_calls_own_retry_policy_replaces_the_clients_against_the_simulator() -> None:
    sim = Simulator(seed=3, catalogue=CATALOGUE)
    sim.add_account("k", "s", "p", mode="uta")
    patient = RetryPolicy(max_attempts=3, deadline=5.0, backoff_base=0.0, backoff_cap=0.0)
    client = Client("k", "s", "p", catalogue=CATALOGUE, transport=sim.transport(), retry=patient)
    async with client:
        assert isinstance(await client.uta.assets(timeout=5.0, retry=ONCE), UtaAssets)  # a healthy call
        sim.faults.set("/api/v3/account/assets", error_rate=1.0)
        with pytest.raises(ExchangeUnavailableError) as once:
            await client.uta.assets(retry=ONCE)
        assert len(once.value.attempts) == 1
        with pytest.raises(ExchangeUnavailableError) as default:
            await client.uta.assets()
        assert len(default.value.attempts) == 3
        with pytest.raises(InputError, match="timeout"):
            await client.uta.tickers(Category.SPOT, timeout=-1.0)


async def test_an_iterator_passes_the_options_to_every_page() -> None:
    record = {"id": "1", "coin": "USDT", "type": "T", "amount": "1", "ts": "1"}
    spy = Spy({"list": [record], "cursor": "c1"}, {"list": [{**record, "id": "2"}], "cursor": "c2"}, {"list": []})
    uta = UtaAPI(spy)
    walked = [r.record_id async for r in uta.iter_financial_records(page_size=1, timeout=2.5, retry=ONCE)]
    assert walked == ["1", "2"]
    assert [params.get("cursor") for _, params, _ in spy.calls] == [None, "c1", "c2"]
    assert [options for *_, options in spy.calls] == [{"timeout": 2.5, "retry": ONCE}] * 3


async def test_batches_and_cancels_forward_the_options() -> None:
    spy = Spy()
    uta = UtaAPI(spy)
    await uta.batch_place_orders([UtaOrderRequest("SPOT", "BTCUSDT", "buy", "market", "10")], timeout=1.5)
    await uta.cancel_order(order_id="7")
    await uta.cancel_order(order_id="8", urgent=False, retry=ONCE)
    (place, body, place_options), (_, _, urgent), (_, _, caller) = spy.calls
    assert place == "/api/v3/trade/place-batch" and isinstance(body, list) and place_options == {"timeout": 1.5}
    assert urgent == {"urgent": True}  # a cancel jumps the queue by default
    assert caller == {"urgent": False, "retry": ONCE}  # the caller's word wins
