"""``client.with_options(...)``: other per-call defaults over the same pool, limiter and clock."""

from __future__ import annotations

import pytest

from asyncclient import Client, ClientView, ExchangeUnavailableError, InputError, RetryPolicy, default_catalogue
from asyncclient.testing import Simulator

TICKERS = "/api/v2/spot/market/tickers"
CATALOGUE = default_catalogue().without_limits()
PATIENT = RetryPolicy(max_attempts=5, deadline=5.0, backoff_base=0.0, backoff_cap=0.0)

pytestmark = pytest.mark.anyio


async def test_a_view_sends_through_the_same_client_with_its_own_retry_policy() -> None:
    sim = Simulator(seed=3, catalogue=CATALOGUE)
    client = Client(catalogue=CATALOGUE, transport=sim.transport(), retry=PATIENT, credentials_from_env=False)
    async with client:
        once = client.with_options(retry=RetryPolicy(max_attempts=1))
        assert isinstance(once, ClientView)
        tickers = await once.spot.tickers("BTCUSDT")
        assert tickers[0].symbol == "BTCUSDT"
        sim.faults.set(TICKERS, error_rate=1.0)
        with pytest.raises(ExchangeUnavailableError) as caught:
            await once.request("GET", TICKERS, {"symbol": "BTCUSDT"})
        assert len(caught.value.attempts) == 1  # the view's policy: no retry
        with pytest.raises(ExchangeUnavailableError) as patient:
            await client.request("GET", TICKERS, {"symbol": "BTCUSDT"})
        assert len(patient.value.attempts) == 5  # the client's own policy is untouched
        # one limiter, one set of figures: the view's calls are the client's calls
        stats = client.limiter_stats
        assert stats is not None and stats["ip:market"].sent == 1 + 1 + 5
        assert client.retry_stats.calls == 3


async def test_view_options_stack_and_are_checked() -> None:
    client = Client(credentials_from_env=False)
    quick = client.with_options(timeout=2.0).with_options(urgent=True)
    assert (quick.timeout, quick.urgent, quick.retry) == (2.0, True, None)
    with pytest.raises(InputError):
        client.with_options(timeout=-1.0)
    with pytest.raises(InputError):
        client.with_options(retry=5)  # type: ignore[arg-type]
