"""2,000 channels and ten minutes of pings (virtual time): the client never goes over a limit; the simulator counts.

The channels are every public channel of every instrument on the classic and the unified URLs (two Streams of
one client, one limiter). Time runs 60 times fast for both sides (:class:`ScaledClock`; the simulator's
``monotonic`` and the client limiter's ``time`` are the same clock), so ten minutes take ten real seconds. The
simulator pushes no data here (``publish=False``): the test is about subscriptions, pings and limits.
"""

from __future__ import annotations

import anyio
import pytest
from _stepped_clock import SteppedClock

from asyncclient import Client, StrictWindowLimiter, default_catalogue
from asyncclient.streams import ScaledClock
from asyncclient.streams._budgets import with_stream_limits
from asyncclient.testing import Simulator, serve
from asyncclient.testing.exchange.state._symbols import CONTRACTS, SPOT_SYMBOLS

pytestmark = pytest.mark.anyio

SCALE = 60.0
CHANNELS = 2000
TEN_MINUTES = 600.0
PING_INTERVAL = 60.0
INTERVALS = [
    "1m",
    "3m",
    "5m",
    "15m",
    "30m",
    "1H",
    "4H",
    "6H",
    "12H",
    "1D",
    "3D",
    "1W",
    "1M",
    "6Hutc",
    "12Hutc",
    "1Dutc",
    "3Dutc",
    "1Wutc",
    "1Mutc",
]


def _open_channels(sim: Simulator) -> int:
    return sum(len(session.channels) for session in list(sim.streams.sessions))


async def test_two_thousand_channels_and_ten_minutes_of_pings_stay_inside_every_limit() -> None:
    clock = ScaledClock(SCALE)
    sim = Simulator(seed=2, monotonic=clock.now)
    sim.streams.settings.publish = False
    sim.streams.settings.push_interval = 0.2  # the simulator's own checks (ages, ping deadlines) run this often
    limiter = StrictWindowLimiter(with_stream_limits(default_catalogue().scope_limit), time=clock.now)
    markets = [(symbol, "SPOT") for symbol in SPOT_SYMBOLS] + [(symbol, "USDT-FUTURES") for symbol in CONTRACTS]
    # A pong may take a second of real time on a loaded machine (the full suite on two cores): pings every 60 s
    # virtual (the exchange closes after 120 s without one), each with 59 s (about 1 s real) for its pong.
    options = {"clock": clock, "ping_interval": PING_INTERVAL, "pong_timeout": PING_INTERVAL - 1.0}
    async with (
        serve(sim) as base_url,
        Client(base_url=base_url, limiter=limiter, sync_clock=False, credentials_from_env=False) as client,
        client.streams(**options) as classic,
        client.streams(unified=True, **options) as unified,
    ):
        wanted = [
            (streams, kind, symbol, inst_type)
            for streams in (classic, unified)
            for symbol, inst_type in markets
            for kind in ("ticker", "trades", "books", "books1", "books5", "books15", *INTERVALS)
        ][:CHANNELS]
        for streams, kind, symbol, inst_type in wanted:
            if kind in ("ticker", "trades"):
                getattr(streams, kind)(symbol, inst_type=inst_type)
            elif kind.startswith("books"):
                streams.book(symbol, levels=int(kind[5:]) if kind[5:] else None, inst_type=inst_type)
            else:
                streams.candles(symbol, kind, inst_type=inst_type)
        assert classic.channel_count + unified.channel_count == CHANNELS
        for _ in range(600):  # the simulator serves from another thread: look until every channel is open
            if _open_channels(sim) == CHANNELS:
                break
            await anyio.sleep(0.1)
        await clock.sleep(TEN_MINUTES)
        connections = classic.connections + unified.connections
        expected_connections = -(-classic.channel_count // 40) - (-unified.channel_count // 40)
        assert _open_channels(sim) == CHANNELS
    stats = sim.streams.stats
    assert stats.violations == [] and stats.refused == 0 and stats.ping_timeouts == 0
    assert len(connections) == expected_connections <= 100
    # A pong later than its timeout (a loaded machine) makes the client reconnect: the new socket may open before
    # the server has seen the old one close. Each such socket is one the client counted as a drop, and few.
    reconnects = sum(connection.drops for connection in connections)
    assert reconnects <= 2
    assert stats.connections == expected_connections + reconnects
    assert expected_connections <= stats.most_open_per_ip <= expected_connections + reconnects
    assert stats.most_channels <= 40 and stats.busiest_second <= 10 and stats.busiest_hour_of_subscribes <= 240
    sent = classic.pings + unified.pings  # after the block: the simulator may not have read the very last ones
    assert len(connections) * (TEN_MINUTES / PING_INTERVAL - 2) <= stats.pings <= sent
    assert stats.forced_closes == 0 and stats.drops == 0


async def test_connections_retire_before_the_exchanges_24_hour_close() -> None:
    """The simulator's 24-hour close is brought forward to 60 s (virtual); the client leaves at 45 s each time,
    opening its successor first (make before break), so the ticker never has a gap. The virtual clock is stepped
    (:class:`SteppedClock`), each step once the client is idle: a ScaledClock left the handover 0.2 s of real
    time before the simulator's close, which a loaded machine missed."""
    clock = SteppedClock()
    sim = Simulator(seed=4, monotonic=clock.now)
    sim.streams.settings.push_interval = 0.05
    sim.streams.settings.max_lifetime = 60.0
    async with (
        serve(sim) as base_url,
        Client(base_url=base_url, sync_clock=False, credentials_from_env=False) as client,
        client.streams(clock=clock, max_connection_age=45.0) as streams,
    ):
        ticker = streams.ticker("BTCUSDT")
        stamps: list[int] = []
        started = clock.now()
        while clock.now() - started < 160:  # three 60 s lifetimes: handovers at 50, 100 and 150 s
            with anyio.fail_after(30):  # real seconds, only against a hang: a push comes every 0.05 s
                async for update in ticker:
                    stamps.append(update.ts)
                    break
            await clock.step(5.0, streams)
        connection = streams.connections[0]
    assert sim.streams.stats.forced_closes == 0  # never closed by the server: the client always left first
    assert sim.streams.stats.most_open_per_ip == 2  # the successor opened before the old one closed
    assert connection.retirements >= 2 and connection.drops == 0
    assert connection.handovers == connection.retirements  # make before break, every time
    assert stamps == sorted(stamps) and len(stamps) > 10
    assert ticker.gaps == []  # the new socket was subscribed before the old one closed: no gap
