"""Strict sliding-window rate limits: per IP for public endpoints, per key per endpoint, overall per IP."""

from __future__ import annotations

import httpx
import orjson
import pytest
from _sim_toy import ASSETS, COINS, PLACE, TICKERS, TIME, send, signed_request, toy_simulator

from asyncclient import RateLimit, default_catalogue
from asyncclient._catalogue import OVERALL_SCOPE
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _statuses(sim: Simulator, path: str, count: int, client_ip: str = "127.0.0.1") -> list[int]:
    async with httpx.AsyncClient(transport=sim.transport(client_ip), base_url="http://simulator") as http:
        return [(await http.get(path)).status_code for _ in range(count)]


async def test_21_public_requests_inside_one_second_get_exactly_one_429() -> None:
    clock = FakeMonotonic()
    sim, _, _ = toy_simulator(monotonic=clock)
    statuses = []
    for _ in range(21):
        statuses += await _statuses(sim, TIME, 1)
        clock.now += 0.999 / 20  # all 21 inside one second
    assert statuses.count(200) == 20
    assert statuses.count(429) == 1
    assert sim.records.rate_limited == 1
    refused = [request for request in sim.records.requests if request.status == 429]
    assert refused[0].path == TIME


async def test_a_429_carries_the_exchange_body_and_retry_after_in_seconds() -> None:
    sim, _, _ = toy_simulator(monotonic=FakeMonotonic())
    await _statuses(sim, TIME, 20)
    async with httpx.AsyncClient(transport=sim.transport(), base_url="http://simulator") as http:
        response = await http.get(TIME)
    payload = orjson.loads(response.content)
    assert response.status_code == 429
    assert (payload["code"], payload["msg"], payload["data"]) == ("429", "Too Many Requests", None)
    assert isinstance(payload["requestTime"], int)
    assert response.headers["retry-after"] == "1"
    sim.retry_after_header = False
    async with httpx.AsyncClient(transport=sim.transport(), base_url="http://simulator") as http:
        response = await http.get(TIME)
    assert response.status_code == 429
    assert "retry-after" not in response.headers


async def test_the_window_slides_instead_of_resetting_each_second() -> None:
    clock = FakeMonotonic()
    sim, _, _ = toy_simulator(monotonic=clock)
    assert await _statuses(sim, TIME, 10) == [200] * 10
    clock.now += 0.6
    assert await _statuses(sim, TIME, 11) == [200] * 10 + [429]
    clock.now += 0.5  # the first ten are out of the window, the second ten are not
    assert await _statuses(sim, TIME, 11) == [200] * 10 + [429]
    clock.now += 0.5
    assert await _statuses(sim, TIME, 10) == [200] * 10


async def test_public_endpoints_share_the_market_group_per_ip() -> None:
    sim, _, _ = toy_simulator(monotonic=FakeMonotonic())
    assert await _statuses(sim, TIME, 10) == [200] * 10
    assert await _statuses(sim, TICKERS, 11) == [200] * 10 + [429]
    # Another IP has a budget of its own.
    assert await _statuses(sim, TICKERS, 20, client_ip="10.0.0.2") == [200] * 20


async def test_a_public_endpoint_with_a_lower_budget_is_held_to_it() -> None:
    sim, _, _ = toy_simulator(monotonic=FakeMonotonic())
    assert default_catalogue().lookup("GET", COINS).limit.limit == 3
    assert await _statuses(sim, COINS, 4) == [200, 200, 200, 429]
    # The market group still has room for the other endpoints.
    assert await _statuses(sim, TICKERS, 5) == [200] * 5


async def test_signed_endpoints_are_counted_per_api_key_and_per_endpoint() -> None:
    clock = FakeMonotonic()
    sim, _, _ = toy_simulator(monotonic=clock)
    sim.add_account(api_key="second-key", api_secret="second-secret", passphrase="second-pass")
    budget = default_catalogue().lookup("GET", ASSETS).limit.limit
    statuses = [(await send(sim, signed_request("GET", ASSETS))).status_code for _ in range(budget + 1)]
    assert statuses == [200] * budget + [429]
    # The same key still has the budget of another endpoint, and another key on the same IP has its own.
    assert (await send(sim, signed_request("POST", PLACE, body=b'{"symbol":"BTCUSDT"}'))).status_code == 200
    second = signed_request("GET", ASSETS, api_key="second-key", secret="second-secret", passphrase="second-pass")
    assert (await send(sim, second)).status_code == 200
    clock.now += 1.0
    assert (await send(sim, signed_request("GET", ASSETS))).status_code == 200


async def test_the_overall_budget_per_ip_spans_every_endpoint() -> None:
    clock = FakeMonotonic()
    catalogue = default_catalogue().with_limits({OVERALL_SCOPE: RateLimit(30, 60.0)})
    sim, _, _ = toy_simulator(monotonic=clock, catalogue=catalogue)
    assert await _statuses(sim, TIME, 20) == [200] * 20
    clock.now += 1
    assert await _statuses(sim, TICKERS, 5) == [200] * 5
    assert (await send(sim, signed_request("GET", ASSETS))).status_code == 200
    assert await _statuses(sim, "/api/v2/unknown", 4) == [404] * 4  # unknown paths count too
    refused = await send(sim, signed_request("GET", ASSETS))
    assert refused.status_code == 429
    assert 58 <= int(refused.headers["retry-after"]) <= 60
    assert await _statuses(sim, TICKERS, 1, client_ip="10.0.0.3") == [200]
    clock.now += 60
    assert await _statuses(sim, TICKERS, 1) == [200]


async def test_limits_can_be_switched_off() -> None:
    sim, _, _ = toy_simulator(rate_limits=False)
    assert await _statuses(sim, TIME, 40) == [200] * 40
    sim.limits.enabled = True
    sim.limits.reset()
    assert (await _statuses(sim, TIME, 21)).count(429) == 1


async def test_api_keys_of_one_account_share_its_signed_budgets() -> None:
    clock = FakeMonotonic()
    sim, _, uid = toy_simulator(monotonic=clock)
    assert sim.add_account(api_key="second-key", api_secret="s2", passphrase="p2", uid=uid) == uid
    budget = default_catalogue().lookup("GET", ASSETS).limit.limit
    second = {"api_key": "second-key", "secret": "s2", "passphrase": "p2"}
    statuses = []
    for number in range(budget + 1):
        request = signed_request("GET", ASSETS, **(second if number % 2 else {}))  # type: ignore[arg-type]
        statuses.append((await send(sim, request)).status_code)
    assert statuses == [200] * budget + [429]  # counted per account, not per key
    with pytest.raises(ValueError, match="no account"):
        sim.add_account(api_key="third", api_secret="s3", passphrase="p3", uid="123")


async def test_the_per_account_cap_of_a_product_line_spans_its_endpoints() -> None:
    clock = FakeMonotonic()
    catalogue = default_catalogue().with_limits({"account:spot": RateLimit(3, 1.0)})
    sim, _, _ = toy_simulator(monotonic=clock, catalogue=catalogue)
    place = signed_request("POST", PLACE, body=b'{"symbol":"BTCUSDT"}')
    answers = [await send(sim, signed_request("GET", ASSETS)) for _ in range(2)] + [await send(sim, place)]
    assert [answer.status_code for answer in answers] == [200, 200, 200]
    assert (await send(sim, signed_request("GET", ASSETS))).status_code == 429  # the spot line's 3 per second
    clock.now += 1.0
    assert (await send(sim, signed_request("GET", ASSETS))).status_code == 200


async def test_breaching_the_ip_cap_locks_the_ip_out_for_the_lockout() -> None:
    clock = FakeMonotonic()
    catalogue = default_catalogue().with_limits({OVERALL_SCOPE: RateLimit(5, 1.0, lockout=300.0)})
    sim, _, _ = toy_simulator(monotonic=clock, catalogue=catalogue)
    assert await _statuses(sim, TIME, 6) == [200] * 5 + [429]
    clock.now += 2.0  # the window has long moved on, but the IP stays locked
    async with httpx.AsyncClient(transport=sim.transport(), base_url="http://simulator") as http:
        locked = await http.get(TICKERS)
    assert locked.status_code == 429 and 290 <= int(locked.headers["retry-after"]) <= 300
    assert await _statuses(sim, TIME, 1, client_ip="10.0.0.9") == [200]  # another IP is not locked
    clock.now += 300.0
    assert await _statuses(sim, TIME, 1) == [200]


async def test_v3_answers_carry_the_accept_time_the_request_was_counted_at() -> None:
    sim, _, _ = toy_simulator(monotonic=FakeMonotonic())
    async with httpx.AsyncClient(transport=sim.transport(), base_url="http://simulator") as http:
        v3 = await http.get("/api/v3/market/no-such-thing")
        v2 = await http.get(TIME)
    assert v3.headers["x-bg-request-accept-time"] == str(orjson.loads(v3.content)["requestTime"])
    assert "x-bg-request-accept-time" not in v2.headers
