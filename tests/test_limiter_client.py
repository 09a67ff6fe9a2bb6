"""The limiter as the client drives it: grants settled at the server's stamp, budgets per account (UID)."""

from __future__ import annotations

import time

import anyio
import httpx
import pytest
from _sim_toy import API_KEY, API_SECRET, ASSETS, PASSPHRASE, TICKERS, toy_simulator

from asyncclient import Client, RateLimit, RateLimitError, RetryPolicy, StrictWindowLimiter, default_catalogue
from asyncclient._catalogue import MARKET_SCOPE, OVERALL_SCOPE
from asyncclient._errors import InputError
from asyncclient._limiter._window import WindowMeter

pytestmark = pytest.mark.anyio

ONE_TRY = RetryPolicy(max_attempts=1)


def _market_meter(limiter: StrictWindowLimiter) -> WindowMeter:
    meter = limiter._core.scope(MARKET_SCOPE, 0.0).meter
    assert isinstance(meter, WindowMeter)
    return meter


async def test_a_slow_answer_settles_its_slot_at_the_server_stamp() -> None:
    """The server counted the request 0.15 s before the answer came: the slot counts from the stamp."""
    sim, _, _ = toy_simulator()
    sim.faults.set(TICKERS, latency=0.3)  # half before the server stamps and counts, half after
    limiter = StrictWindowLimiter(margin=0.0)
    async with Client(
        base_url="http://sim", transport=sim.transport(), limiter=limiter, credentials_from_env=False
    ) as client:
        await client.sync_clock()  # a client that signs nothing syncs by itself after a slow answer; here at once
        await client.request("GET", TICKERS)
        answered = time.monotonic()
        meter = _market_meter(limiter)
        leaves = meter._leaving[-1]  # the latest: the clock sync before it took slots too
        counted_at = leaves - meter.window
        # the stamp was taken at least 0.15 s (the sleep after it) before the answer; mapped with ~1 ms of doubt
        assert answered - counted_at >= 0.1
        assert meter.in_flight(time.monotonic()) == 0


async def test_a_client_that_signs_nothing_syncs_once_slow_answers_hold_callers_back() -> None:
    sim, _, _ = toy_simulator()
    sim.faults.set(TICKERS, latency=0.1)
    limiter = StrictWindowLimiter({MARKET_SCOPE: RateLimit(2, 0.3), OVERALL_SCOPE: RateLimit(100, 60)}.__getitem__)
    async with Client(
        base_url="http://sim", transport=sim.transport(), limiter=limiter, credentials_from_env=False
    ) as client:
        await client.request("GET", TICKERS)  # alone: slow, but nobody waited, so no sync
        assert client.clock_stats is not None and not client.clock_stats.synced
        async with anyio.create_task_group() as tasks:  # callers queue on the budget: stamps are worth a sync
            for _ in range(8):
                tasks.start_soon(client.request, "GET", TICKERS)
        with anyio.fail_after(5):
            while not client.clock_stats.synced:  # noqa: ASYNC110
                await anyio.sleep(0.01)
        await client.request("GET", TICKERS)
        answered = time.monotonic()
        meter = _market_meter(limiter)
        assert answered - (meter._leaving[-1] - meter.window) >= 0.03  # the last one: from its stamp


async def test_a_missing_or_implausible_stamp_falls_back_to_the_answer() -> None:
    stamps = iter(["1", None])  # 1 ms after the epoch: far outside the round trip

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/public/time"):
            return httpx.Response(
                200, json={"code": "00000", "msg": "success", "data": {"serverTime": str(int(time.time() * 1000))}}
            )
        stamp = next(stamps)
        body: dict[str, object] = {"code": "00000", "msg": "success", "data": []}
        if stamp is not None:
            body["requestTime"] = int(stamp)
        return httpx.Response(200, json=body)

    limiter = StrictWindowLimiter(margin=0.0)
    client = Client(transport=httpx.MockTransport(answer), limiter=limiter, credentials_from_env=False)
    async with client:
        await client.sync_clock()
        for _ in range(2):
            await client.request("GET", TICKERS)
            answered = time.monotonic()
            meter = _market_meter(limiter)
            assert meter._leaving[-1] - meter.window <= answered
            assert answered - (meter._leaving[-1] - meter.window) < 0.05  # counted at the answer, not the stamp


async def test_a_request_that_never_left_gives_its_slot_back() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    limiter = StrictWindowLimiter(margin=0.0)
    async with Client(
        transport=httpx.MockTransport(refuse), limiter=limiter, credentials_from_env=False, retry=ONE_TRY
    ) as client:
        with pytest.raises(Exception, match="refused"):
            await client.request("GET", TICKERS)
    assert limiter.stats[MARKET_SCOPE].sent == 0 and limiter.stats[MARKET_SCOPE].in_window == 0


async def test_a_request_cancelled_in_flight_keeps_its_slot_counted() -> None:
    sim, _, _ = toy_simulator()
    sim.faults.set(TICKERS, latency=1.0)
    limiter = StrictWindowLimiter(margin=0.0)
    async with Client(
        base_url="http://sim", transport=sim.transport(), limiter=limiter, credentials_from_env=False
    ) as client:
        with anyio.move_on_after(0.2):
            await client.request("GET", TICKERS)
        stats = limiter.stats[MARKET_SCOPE]
        assert stats.sent == 1 and stats.in_window == 1  # it may have reached the server: counted as sent


async def test_uid_names_signed_scopes_after_the_account_and_is_checked() -> None:
    with pytest.raises(InputError):
        Client(api_key="k", api_secret="s", passphrase="p", uid="not-a-number")
    client = Client(api_key="k", api_secret="s", passphrase="p", uid="123")
    call = client.prepare("GET", ASSETS)
    assert call.scopes == (OVERALL_SCOPE, "uid:123:account:spot", f"uid:123:{ASSETS}")
    keyed = Client(api_key="k", api_secret="s", passphrase="p").prepare("GET", ASSETS)
    assert keyed.scopes[2].startswith("key:") and keyed.scopes[2].endswith(ASSETS)


async def test_learn_uid_reads_the_account_info() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/public/time"):
            data: object = {"serverTime": str(int(time.time() * 1000))}
        else:
            data = {"userId": "4242", "ips": "", "authorities": []}
        return httpx.Response(200, json={"code": "00000", "msg": "success", "data": data})

    async with Client(api_key="k", api_secret="s", passphrase="p", transport=httpx.MockTransport(answer)) as client:
        assert await client.learn_uid() == "4242" and client.uid == "4242"
        assert client.prepare("GET", ASSETS).scopes[1] == "uid:4242:account:spot"


async def _hammer_signed(keys: list[tuple[str, str, str]], uid: str | None, sim_limits: dict[str, RateLimit]) -> int:
    """Two clients (one API key each, one shared limiter) call one signed endpoint for 1 s; the 429s they see."""
    sim, _, owner = toy_simulator(catalogue=default_catalogue().with_limits(sim_limits))
    for api_key, secret, passphrase in keys[1:]:
        sim.add_account(api_key=api_key, api_secret=secret, passphrase=passphrase, uid=owner)
    shared = StrictWindowLimiter(default_catalogue().with_limits(sim_limits))
    limited = 0
    clients = [
        Client(
            api_key,
            secret,
            passphrase,
            base_url="http://sim",
            transport=sim.transport(),
            limiter=shared,
            uid=owner if uid == "known" else None,
            retry=ONE_TRY,
        )
        for api_key, secret, passphrase in keys
    ]

    async def hammer(client: Client) -> None:
        nonlocal limited
        while True:
            try:
                await client.request("GET", ASSETS)
            except RateLimitError:
                limited += 1

    async with clients[0], clients[1]:
        with anyio.move_on_after(1.0):
            async with anyio.create_task_group() as tasks:
                for client in clients:
                    for _ in range(5):
                        tasks.start_soon(hammer, client)
    assert sim.records.rate_limited == limited
    return limited


async def test_two_api_keys_of_one_uid_stay_inside_the_shared_budget() -> None:
    keys = [(API_KEY, API_SECRET, PASSPHRASE), ("second-key", "second-secret", "second-pass")]
    limits = {f"GET {ASSETS}": RateLimit(4, 0.25)}
    assert await _hammer_signed(keys, "known", limits) == 0  # uid=: one budget, as the simulator counts it
    # Baseline: named after each key, the two budgets together go over the account's, and the simulator says so.
    assert await _hammer_signed(keys, None, limits) > 0
