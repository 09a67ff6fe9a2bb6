"""Streams: messages decoded per CPU second beside ccxt.pro on the same stream, book-update cost, resubscribe time.

1. Decoding. One recorded stream of the simulator's ``books``, ``ticker`` and ``trade`` channels for BTCUSDT
   (built offline from its feeds at 250 ms steps, so both clients read the very same text) is fed, frame by
   frame, to this library's connection reader (orjson, the local book with its checksum check, Decimal views,
   the subscriptions' buffers) and to ccxt.pro's bitget ``handle_message`` (after ``json.loads``, as its
   aiohttp client does; ccxt checks the checksum too). CPU seconds by ``time.process_time``.
2. Book-update cost: one update applied to a 50-level local book, its checksum verified, with and without
   building the Decimal view a subscriber gets.
3. Resubscribe: the simulator on a loopback port drops the connection; the time from the drop until the first
   book view on the new connection (the backoff's equal jitter, with ``backoff_base`` 0.05 s, is included).
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Sequence
from typing import Any

import anyio
import orjson

from asyncclient import Client
from asyncclient.streams import Policy, Subscription
from asyncclient.streams._book import LocalBook
from asyncclient.streams._channels import state_for
from asyncclient.streams._connection import Connection
from asyncclient.streams._specs import public_spec
from asyncclient.testing import Simulator, serve
from asyncclient.testing.streams._channel import parse_arg
from asyncclient.testing.streams._feeds import BookState

from ._common import Report, Row, bench_arguments, percentile

__all__ = ["main", "measure", "record_stream"]

ARGS = (
    {"instType": "SPOT", "channel": "books", "instId": "BTCUSDT"},
    {"instType": "SPOT", "channel": "ticker", "instId": "BTCUSDT"},
    {"instType": "SPOT", "channel": "trade", "instId": "BTCUSDT"},
)
SECTION = "Streams"


def record_stream(sim: Simulator, steps: int, step_ms: int = 250) -> list[str]:
    """The frames the simulator would push on the three channels over ``steps`` steps, as text."""
    channels = [parse_arg(arg, unified=False) for arg in ARGS]
    assert all(channel is not None for channel in channels)
    states = [BookState() for _ in channels]
    start = sim.clock.now_ms() - steps * step_ms
    frames: list[str] = []
    for step in range(steps):
        now_ms = start + step * step_ms
        for channel, state in zip(channels, states, strict=True):
            assert channel is not None
            push = sim.streams.feeds.push(channel, state, now_ms)
            if push is not None:
                message = {"action": push.action, "arg": channel.arg, "data": push.data, "ts": now_ms}
                frames.append(orjson.dumps(message).decode())
    return frames


async def _ours(frames: Sequence[str]) -> float:
    """CPU seconds this library's reader takes over ``frames``."""
    client = Client(base_url="http://127.0.0.1:9", sync_clock=False, credentials_from_env=False)
    streams = client.streams()
    connection = Connection(streams, 0, "ws://unused", private=False)
    specs = (
        public_spec("books", "BTCUSDT", "SPOT", None, unified=False),
        public_spec("ticker", "BTCUSDT", "SPOT", None, unified=False),
        public_spec("trade", "BTCUSDT", "SPOT", None, unified=False),
    )
    policies = (Policy.LATEST, Policy.LATEST, Policy.DROP_OLDEST)
    for spec, policy in zip(specs, policies, strict=True):
        state = state_for(spec, None)
        state.subscriptions.append(Subscription(spec.name, policy))
        connection.channels[spec.key] = state
    started = time.process_time()
    for frame in frames:
        connection.handle_text(frame)
    elapsed = time.process_time() - started
    await streams.http.aclose()
    return elapsed


async def _ccxt(frames: Sequence[str], sim: Simulator) -> float | None:
    """CPU seconds ccxt.pro's bitget takes over ``frames`` (None when ccxt.pro is not installed)."""
    try:
        import ccxt.pro
    except ImportError:  # pragma: no cover - the bench extra installs it
        return None
    async with serve(sim) as base_url:
        exchange = ccxt.pro.bitget({"options": {"defaultType": "spot", "fetchMarkets": {"types": ["spot"]}}})
        exchange.urls["api"] = {k: (v if k in ("ws", "demo") else base_url) for k, v in exchange.urls["api"].items()}
        try:
            await exchange.load_markets()
            client = exchange.client("ws://unused/v2/ws/public")
            started = time.process_time()
            for frame in frames:
                exchange.handle_message(client, json.loads(frame))
            return time.process_time() - started
        finally:
            await exchange.close()


def _levels_per_update(frames: Sequence[str]) -> float:
    changed = [
        len(row["bids"]) + len(row["asks"])
        for message in map(orjson.loads, frames)
        if message["arg"]["channel"] == "books" and message["action"] == "update"
        for row in message["data"]
    ]
    return sum(changed) / max(len(changed), 1)


def _book_update_cost(frames: Sequence[str], *, with_view: bool) -> float:
    """Microseconds of CPU per book update: apply, verify the checksum (and build the view)."""
    book = LocalBook("BTCUSDT")
    updates: list[dict[str, Any]] = []
    for frame in frames:
        message = orjson.loads(frame)
        if message["arg"]["channel"] != "books":
            continue
        row = message["data"][0]
        if message["action"] == "snapshot":
            book.reset(row["bids"], row["asks"], int(row["ts"]))
        else:
            updates.append(row)
    snapshot = (dict(book.bids), dict(book.asks))
    started = time.process_time()
    for row in updates:
        book.apply(row["bids"], row["asks"], int(row["ts"]))
        assert book.verify(row["checksum"])
        if with_view:
            book.view(None, row["checksum"], snapshot=False)
    elapsed = time.process_time() - started
    book.bids, book.asks = snapshot
    return elapsed / max(len(updates), 1) * 1e6


async def _resubscribe_times(rounds: int) -> list[float]:
    sim = Simulator(seed=21)
    sim.streams.settings.push_interval = 0.02
    times: list[float] = []
    async with (
        serve(sim) as base_url,
        Client(base_url=base_url, sync_clock=False, credentials_from_env=False) as client,
        client.streams(backoff_base=0.05, backoff_cap=0.05) as streams,
    ):
        book = streams.book("BTCUSDT")
        await book.__anext__()
        for _ in range(rounds):
            gaps = len(book.gaps)
            sim.streams.drop()
            dropped = time.perf_counter()
            async for _view in book:
                if len(book.gaps) > gaps:
                    break
            # The view read above may be the last before the drop; the next one is from the new connection.
            await book.__anext__()
            times.append(time.perf_counter() - dropped)
    return times


async def _measure(steps: int, rounds: int) -> Report:
    sim = Simulator(seed=21)
    frames = record_stream(sim, steps)
    ours = await _ours(frames)
    theirs = await _ccxt(frames, sim)
    count = len(frames)
    rows = [
        Row(
            SECTION,
            "messages decoded per CPU second (books + ticker + trades)",
            count / ours if ours else None,
            "msg/s",
            baseline_name="ccxt.pro bitget handle_message",
            baseline_value=count / theirs if theirs else None,
            note=f"{count} frames; ours: orjson, checksum verified, Decimal views; ccxt: json.loads, checksum verified",
        ),
        Row(
            SECTION,
            "book update: apply + checksum",
            _book_update_cost(frames, with_view=False),
            "µs",
            note=f"50-level book, {_levels_per_update(frames):.0f} levels changed per update (the walk moves it all)",
        ),
        Row(SECTION, "book update: apply + checksum + Decimal view", _book_update_cost(frames, with_view=True), "µs"),
    ]
    times = await _resubscribe_times(rounds)
    rows.append(
        Row(
            SECTION,
            "drop to first book view on the new connection (median)",
            statistics.median(times) * 1000,
            "ms",
            note=f"p90 {percentile(times, 90) * 1000:.0f} ms over {rounds} drops; backoff 25-50 ms included",
        )
    )
    return Report(rows=rows)


def measure(steps: int = 2000, rounds: int = 20) -> Report:
    return anyio.run(_measure, steps, rounds)


def main(argv: Sequence[str] | None = None) -> int:
    parser = bench_arguments(__doc__ or "")
    parser.add_argument("--steps", type=int, default=2000, help="250 ms steps of the recorded stream")
    parser.add_argument("--rounds", type=int, default=20, help="drops timed")
    args = parser.parse_args(argv)
    report = measure(steps=60, rounds=2) if args.quick else measure(steps=args.steps, rounds=args.rounds)
    report.write(args.json)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
