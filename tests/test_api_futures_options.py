"""Per-call options on ``client.futures``: ``retry`` and ``timeout`` reach the request path of every call (each
page of an iterator too), on every product line; a cancel is urgent unless the caller says otherwise."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest

from asyncclient import (
    Client,
    ExchangeUnavailableError,
    FuturesAPI,
    InputError,
    RetryPolicy,
    default_catalogue,
)
from asyncclient.models import ProductType, ResponseFormatError
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio
CATALOGUE = default_catalogue().without_limits()
TICKER = "/api/v2/mix/market/ticker"


async def test_a_futures_call_takes_its_own_retry_policy_and_timeout() -> None:
    sim = Simulator(seed=7, catalogue=CATALOGUE)
    sim.add_account("k", "s", "p")
    patient = RetryPolicy(max_attempts=3, deadline=5.0, backoff_base=0.0, backoff_cap=0.0)
    client = Client("k", "s", "p", catalogue=CATALOGUE, transport=sim.transport(), retry=patient)
    async with client:
        ticker = await client.futures.ticker("BTCUSDT", timeout=5.0)
        assert ticker.symbol == "BTCUSDT" and isinstance(ticker.last_price, Decimal)
        sim.faults.set(TICKER, error_rate=1.0)
        with pytest.raises(ExchangeUnavailableError) as once:
            await client.futures.ticker("BTCUSDT", retry=RetryPolicy(max_attempts=1))
        assert len(once.value.attempts) == 1  # the call's own policy
        with pytest.raises(ExchangeUnavailableError) as coin_m:
            await client.futures_for(ProductType.COIN_FUTURES).ticker("BTCUSD", retry=RetryPolicy(max_attempts=2))
        assert len(coin_m.value.attempts) == 2  # on another product line too
        with pytest.raises(ExchangeUnavailableError) as default:
            await client.futures.ticker("BTCUSDT")
        assert len(default.value.attempts) == 3  # the client's policy
        with pytest.raises(InputError, match="timeout"):
            await client.futures.ticker("BTCUSDT", timeout=-1.0)


class SpyRequester:
    """Records the options of every call and answers with one page of fills after another."""

    def __init__(self, answers: list[Any]) -> None:
        self.answers = answers
        self.calls: list[tuple[str, dict[str, Any], dict[str, Any]]] = []

    async def request(self, method: str, path: str, params: Mapping[str, Any] | None = None, **options: Any) -> Any:
        self.calls.append((path, dict(params or {}), options))
        return self.answers[min(len(self.calls), len(self.answers)) - 1]


def _fill(trade_id: str) -> dict[str, Any]:
    return {
        "tradeId": trade_id,
        "symbol": "BTCPERP",
        "orderId": "1",
        "price": "1",
        "baseVolume": "1",
        "side": "buy",
        "cTime": "1700000000000",
    }


async def test_every_page_of_an_iterator_carries_the_options() -> None:
    pages = [{"fillList": [_fill("9"), _fill("8")], "endId": "8"}, {"fillList": [_fill("7")], "endId": "7"}]
    spy = SpyRequester(pages)
    policy = RetryPolicy(max_attempts=2)
    futures = FuturesAPI(spy, ProductType.USDC_FUTURES)
    fills = [fill async for fill in futures.iter_fills("BTCPERP", page_size=2, timeout=1.5, retry=policy)]
    assert [fill.trade_id for fill in fills] == ["9", "8", "7"]
    assert [options for _, _, options in spy.calls] == [{"timeout": 1.5, "retry": policy}] * 2
    assert all(params["productType"] == "USDC-FUTURES" for _, params, _ in spy.calls)


async def test_cancels_are_urgent_unless_the_caller_says_not() -> None:
    spy = SpyRequester([{"orderId": "1", "clientOid": "a"}])
    futures = FuturesAPI(spy)
    await futures.cancel_order("BTCUSDT", "1")
    await futures.cancel_order("BTCUSDT", "1", urgent=False, timeout=2.0)
    await futures.place_order("BTCUSDT", "buy", "market", "0.01", urgent=True)
    assert [options for _, _, options in spy.calls] == [
        {"urgent": True},
        {"urgent": False, "timeout": 2.0},
        {"urgent": True},
    ]


async def test_answers_without_their_row_are_format_errors() -> None:
    with pytest.raises(ResponseFormatError, match="no ticker for 'BTCUSDT'"):
        await FuturesAPI(SpyRequester([[]])).ticker("BTCUSDT")
    for answer in ({"openInterestList": ["x"]}, {"openInterestList": None}, ["x"]):
        with pytest.raises(ResponseFormatError, match="no open interest"):
            await FuturesAPI(SpyRequester([answer])).open_interest("BTCUSDT")
