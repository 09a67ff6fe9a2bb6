"""One vocabulary for ``client.spot`` and ``client.futures``: the same names, shapes, spellings and defaults."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from asyncclient import Client, FuturesAPI, Granularity, SpotAPI
from asyncclient.models import FuturesTicker, SpotTicker

pytestmark = pytest.mark.anyio

SYMBOL = "BTCUSDT"
SHARED = ("ticker", "tickers", "orderbook", "candles", "history_candles", "trades", "iter_history_candles")


def _shape(method: Callable[..., Any]) -> list[tuple[str, inspect._ParameterKind, object]]:
    """The parameters a caller chooses; the per-call ``**options`` are held to by ``test_typed_api_pattern``."""
    parameters = inspect.signature(method).parameters.values()
    return [(p.name, p.kind, p.default) for p in parameters if p.kind is not p.VAR_KEYWORD]


@pytest.mark.parametrize("name", SHARED)
def test_the_shared_methods_take_the_same_parameters(name: str) -> None:
    assert _shape(getattr(SpotAPI, name)) == _shape(getattr(FuturesAPI, name))


async def test_ticker_is_one_and_tickers_many_on_both(bitget_client: Client) -> None:
    spot_one, futures_one = await bitget_client.spot.ticker(SYMBOL), await bitget_client.futures.ticker(SYMBOL)
    assert isinstance(spot_one, SpotTicker) and isinstance(futures_one, FuturesTicker)
    assert spot_one.symbol == futures_one.symbol == SYMBOL
    assert spot_one.last_price is not None and spot_one.last_price > 0
    for group in (bitget_client.spot, bitget_client.futures):
        (only,) = await group.tickers(SYMBOL)  # the old spot spelling, now on futures too
        assert only.symbol == SYMBOL
        assert len(await group.tickers()) > 1


async def test_history_candles_take_end_by_position_or_keyword_on_both(bitget_client: Client) -> None:
    now = await bitget_client.server_time()
    end = now - now % 3_600_000 - 2 * 86_400_000
    for group in (bitget_client.spot, bitget_client.futures):
        positional = await group.history_candles(SYMBOL, "1h", end, limit=5)
        keyword = await group.history_candles(SYMBOL, "1H", end=end, limit=5)
        assert [c.open_time_ms for c in positional] == [c.open_time_ms for c in keyword]
        assert len(positional) == 5 and positional[-1].open_time_ms <= end
        start = end - 2 * 3_600_000
        later = await group.history_candles(SYMBOL, Granularity.HOUR_1, end, start=start, limit=5)
        assert later and [c.open_time_ms for c in later] == [
            c.open_time_ms for c in positional if c.open_time_ms >= start
        ]


@pytest.mark.parametrize(
    ("spellings", "member"),
    [
        (("1m", "1min"), Granularity.MINUTE_1),
        (("1h", "1H"), Granularity.HOUR_1),
        (("1d", "1D", "1day"), Granularity.DAY_1),
    ],
)
async def test_both_granularity_spellings_work_on_both(
    bitget_client: Client, spellings: tuple[str, ...], member: Granularity
) -> None:
    for group in (bitget_client.spot, bitget_client.futures):
        answers = [await group.candles(SYMBOL, spelling, limit=3) for spelling in spellings]
        opened = {tuple(c.open_time_ms for c in candles) for candles in answers}
        assert len(opened) == 1
        (times,) = opened
        assert len(times) == 3 and times[1] - times[0] == member.milliseconds


async def test_the_order_book_default_is_the_deepest_on_both(bitget_client: Client) -> None:
    assert inspect.signature(SpotAPI.orderbook).parameters["limit"].default is None
    spot_book = await bitget_client.spot.orderbook(SYMBOL)
    futures_book = await bitget_client.futures.orderbook(SYMBOL)
    assert len(spot_book.asks) > 15 and len(futures_book.asks) > 15
