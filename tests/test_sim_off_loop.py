"""Heavy answers (1,000-candle pages) are built off the simulator's event loop, so it stamps other requests on time.

An exchange's gateway counts a request when it arrives, however busy the servers behind it are. Here a candle
page's build is held on a threading event that only a later, light request releases: if the page were built on
the event loop, that request could never be answered (the wait would time out and the test fail).
"""

from __future__ import annotations

import threading
from typing import Any

import anyio
import anyio.to_thread
import httpx
import pytest

from asyncclient.testing import Simulator
from asyncclient.testing.exchange.endpoints import _candles

pytestmark = pytest.mark.anyio

CANDLE_PATHS = [
    ("/api/v2/spot/market/candles", {"symbol": "BTCUSDT", "granularity": "1min", "limit": "1000"}),
    ("/api/v2/mix/market/candles", {"symbol": "BTCUSDT", "productType": "USDT-FUTURES", "granularity": "1m"}),
    ("/api/v3/market/candles", {"category": "SPOT", "symbol": "BTCUSDT", "interval": "1m"}),
]


@pytest.mark.parametrize(("path", "params"), CANDLE_PATHS, ids=["spot", "futures", "uta"])
async def test_a_light_request_is_answered_while_a_candle_page_is_built(
    monkeypatch: pytest.MonkeyPatch, path: str, params: dict[str, str]
) -> None:
    release = threading.Event()
    building = threading.Event()
    rows = _candles.CandleRows.rows

    def held_rows(self: Any, *args: Any) -> Any:
        building.set()
        assert release.wait(timeout=30), "the page was built on the event loop: nothing else could run"
        return rows(self, *args)

    monkeypatch.setattr(_candles.CandleRows, "rows", held_rows)
    sim = Simulator()
    order: list[str] = []
    async with httpx.AsyncClient(transport=sim.transport(), base_url="http://sim") as http:

        async def candles() -> None:
            answer = await http.get(path, params=params)
            assert answer.json()["code"] == "00000" and answer.json()["data"]
            order.append("candles")

        async with anyio.create_task_group() as group:
            group.start_soon(candles)
            assert await anyio.to_thread.run_sync(building.wait, 30)
            answer = await http.get("/api/v2/public/time")
            assert answer.json()["code"] == "00000"
            order.append("time")
            release.set()
    assert order == ["time", "candles"]
    # The candle request was stamped and counted when it arrived, before the page was built.
    assert sim.records.count(path=path, status=200) == 1
