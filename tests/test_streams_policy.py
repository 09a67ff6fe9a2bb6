"""Backpressure and the "nothing twice" rule, per subscription, without a network (asyncio and trio).

The stated policy: latest-only for tickers and book views, latest per key for candles and balances, drop the
oldest (recorded as a gap) for public trades, and for private events a bounded queue that, when full, queues
nothing more and recovers the stretch over REST once the reader has caught up: never a silent drop.
"""

from __future__ import annotations

import anyio
import pytest

from asyncclient.streams import Policy, Subscription
from asyncclient.streams._book import LocalBook
from asyncclient.streams._channels import OnceFilter
from asyncclient.streams._checksum import crc32_signed, levels_checksum

pytestmark = pytest.mark.anyio


async def _drain(subscription: Subscription[int]) -> list[int]:
    items: list[int] = []
    while subscription.pending:
        items.append(await subscription.__anext__())
    return items


async def test_latest_only_replaces_what_was_not_read() -> None:
    latest: Subscription[int] = Subscription("ticker", Policy.LATEST)
    for value in range(5):
        latest.offer(value, value)
    assert await _drain(latest) == [4] and latest.replaced == 4


async def test_latest_by_key_keeps_the_newest_of_each_key() -> None:
    candles: Subscription[tuple[int, str]] = Subscription("candles", Policy.LATEST_BY_KEY, key=lambda item: item[0])
    for item in [(1, "a"), (2, "b"), (1, "c"), (3, "d"), (2, "e")]:
        candles.offer(item, 0)
    assert [await candles.__anext__() for _ in range(3)] == [(1, "c"), (3, "d"), (2, "e")]


async def test_drop_oldest_counts_and_records_the_loss() -> None:
    trades: Subscription[int] = Subscription("trades", Policy.DROP_OLDEST, maxsize=3)
    for value in range(10):
        trades.offer(value, 1000 + value)
    assert await _drain(trades) == [7, 8, 9]
    assert trades.lost == 7
    assert [(gap.reason, gap.lost, gap.start_ms, gap.end_ms) for gap in trades.gaps] == [
        ("slow_consumer", 7, 1003, 1009)
    ]


async def test_private_overflow_recovers_before_anything_newer_and_never_twice() -> None:
    once = OnceFilter()
    asked: list[int] = []

    async def recover(since_ms: int) -> list[int]:
        asked.append(since_ms)
        return list(range(10))  # what REST knows: everything, some of it delivered already

    orders: Subscription[int] = Subscription(
        "orders", Policy.RECOVER, maxsize=3, accept=lambda n: once.newer(n, ()), recover=recover, server_ms=lambda: 99
    )
    for value in range(6):
        orders.offer(value, 100 + value)  # 0, 1, 2 queued; 3 at ts 103 overflows; 4 and 5 too
    orders.offer(20, 200)  # still catching up: not queued ahead of the recovery
    got = [await orders.__anext__() for _ in range(10)]
    assert got == [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert asked == [103]
    assert [(gap.reason, gap.recovered, gap.start_ms) for gap in orders.gaps] == [("slow_consumer", 7, 103)]
    orders.offer(5, 300)  # a repeat of what was delivered is filtered
    orders.offer(10, 301)
    assert await orders.__anext__() == 10


async def test_a_reader_waits_without_polling_and_stops_on_close() -> None:
    subscription: Subscription[int] = Subscription("ticker", Policy.LATEST)
    got: list[int] = []

    async def read() -> None:
        got.extend([value async for value in subscription])

    async with anyio.create_task_group() as group:
        group.start_soon(read)
        await anyio.sleep(0.01)
        subscription.offer(1, 0)
        await anyio.sleep(0.01)
        subscription.offer(2, 0)
        await anyio.sleep(0.01)
        subscription.close()
    assert got == [1, 2]


async def test_an_error_is_raised_after_what_was_queued() -> None:
    subscription: Subscription[int] = Subscription("trades", Policy.DROP_OLDEST)
    subscription.offer(1, 0)
    subscription.fail(RuntimeError("refused"))
    assert await subscription.__anext__() == 1
    with pytest.raises(RuntimeError, match="refused"):
        await subscription.__anext__()


def test_the_local_book_applies_removes_and_checks() -> None:
    book = LocalBook("BTCUSDT")
    book.reset([["100.0", "1"], ["99.5", "2"]], [["100.5", "3"], ["101.0", "4"]], 1)
    book.apply([["99.5", "0"], ["99.0", "5"]], [["100.5", "3.5"]], 2)
    assert book.top() == ([("100.0", "1"), ("99.0", "5")], [("100.5", "3.5"), ("101.0", "4")])
    expected = crc32_signed("100.0:1:100.5:3.5:99.0:5:101.0:4")
    assert book.checksum() == expected == levels_checksum(*book.top())
    assert book.verify(expected) and not book.verify(expected + 1)
    view = book.view(1, expected, snapshot=False)
    assert (str(view.bids[0].price), str(view.asks[0].size), len(view.bids)) == ("100.0", "3.5", 1)
    assert crc32_signed("") == 0 and crc32_signed("a") < 2**31
