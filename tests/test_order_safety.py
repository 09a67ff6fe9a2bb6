"""Order placement made safe, checked against the simulator's own order book: never twice, never lost.

The simulator's budgets are raised (the test is about retries, not pacing); its faults lose answers *after*
it placed the order (``error_after_accept``, ``drop_after_accept``): where a blind retry would place twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import anyio
import attrs
import pytest

from asyncclient import (
    Client,
    DuplicateClientOidError,
    ExchangeUnavailableError,
    InsufficientFundsError,
    OrderNotFoundError,
    OutcomeUnknownError,
    RetryBudget,
    RetryPolicy,
    default_catalogue,
)
from asyncclient._order_safety import with_client_oids
from asyncclient.testing import Handler, SimError, SimRequest, Simulator

KEY, SECRET, PASSPHRASE = "safety-key", "safety-secret", "safety-passphrase"
PLACE = "/api/v2/spot/trade/place-order"
BATCH = "/api/v2/spot/trade/batch-orders"
CANCEL = "/api/v2/spot/trade/cancel-order"
ORDER_INFO = "/api/v2/spot/trade/orderInfo"
FUTURES_PLACE = "/api/v2/mix/order/place-order"
CATALOGUE = default_catalogue().without_limits()
# resend_after=0: re-send right after a lookup that missed. Safe here, and only here: in process, the simulator has
# acted on a request (or never will) by the time the client hears of it, and no fault in this file delays
# processing; the safe default (30 s and more) would make each lost-before-processing attempt wait out the deadline.
QUICK = RetryPolicy(max_attempts=8, deadline=30.0, backoff_base=0.002, backoff_cap=0.02, resend_after=0.0)
PATIENT = attrs.evolve(QUICK, max_attempts=30)


def order(index: int = 0, **extra: Any) -> dict[str, Any]:
    """A limit buy far under the market: it rests, so every order stays on the book."""
    return {
        "symbol": "BTCUSDT",
        "side": "buy",
        "orderType": "limit",
        "force": "gtc",
        "price": "20000",
        "size": f"0.00{1 + index % 5}",
        **extra,
    }


def simulator(exchange_wrapper: Any = None, seed: int = 11) -> tuple[Simulator, str]:
    sim = Simulator(seed=seed, catalogue=CATALOGUE)
    if exchange_wrapper is not None:
        sim = Simulator(seed=seed, catalogue=CATALOGUE, exchange=exchange_wrapper(sim.exchange))
    uid = sim.add_account(
        api_key=KEY, api_secret=SECRET, passphrase=PASSPHRASE, balances={"USDT": "10000000", "BTC": "100"}
    )
    return sim, uid


def client_for(sim: Simulator, **options: Any) -> Client:
    options.setdefault("retry", QUICK)
    options.setdefault("retry_budget", RetryBudget(capacity=10_000))
    return Client(
        KEY,
        SECRET,
        PASSPHRASE,
        catalogue=CATALOGUE,
        transport=sim.transport(),
        credentials_from_env=False,
        **options,
    )


def orders_on_server(sim: Simulator, uid: str) -> Mapping[str, Any]:
    return sim.orders_by_client_oid(uid)


def test_client_oids_are_added_only_where_missing() -> None:
    catalogue = default_catalogue()
    place, batch = catalogue[f"POST {PLACE}"], catalogue[f"POST {BATCH}"]
    given = with_client_oids(place, order())
    assert given is not None and len(given["clientOid"]) == 32
    assert with_client_oids(place, order(clientOid="mine")) is None
    filled = with_client_oids(batch, {"symbol": "BTCUSDT", "orderList": [order(clientOid="a"), order()]})
    assert filled is not None
    oids = [item["clientOid"] for item in filled["orderList"]]
    assert oids[0] == "a" and len(oids[1]) == 32
    assert with_client_oids(catalogue[f"POST {CANCEL}"], {"orderId": "1"}) is None


@pytest.mark.anyio
async def test_a_thousand_placements_with_30_percent_ambiguous_failures_land_exactly_once() -> None:
    sim, uid = simulator()
    # 30% of answers lost after the order was placed: 15% HTTP 500, and 15% / 0.85 of the rest dropped.
    sim.faults.set(error_after_accept_rate=0.15, drop_after_accept_rate=0.15 / 0.85)
    placements = 1000
    results: dict[int, Mapping[str, str]] = {}

    async def place(worker: int, client: Client) -> None:
        for index in range(worker, placements, 50):
            extra = {"clientOid": f"caller-{index}"} if index % 4 == 0 else {}
            results[index] = await client.request("POST", PLACE, order(index, **extra))

    # 30% of every answer is lost, lookups included: 0.3 ** 5 of the calls would exhaust 5 attempts.
    # The safe default horizon (resend_after=None): every lost answer hid a placed order, so a lookup always finds
    # it and nothing ever waits for the horizon.
    safe = attrs.evolve(PATIENT, resend_after=None)
    async with client_for(sim, retry=safe) as client, anyio.create_task_group() as group:
        for worker in range(50):
            group.start_soon(place, worker, client)
    stats = client.retry_stats

    on_server = orders_on_server(sim, uid)
    # Exactly one order per placement: none twice, none lost, and each call returned the order it made.
    assert len(results) == placements
    assert len(on_server) == placements
    assert all(len(rows) == 1 for rows in on_server.values())
    returned = {result["clientOid"]: result["orderId"] for result in results.values()}
    assert len(returned) == placements
    assert returned == {oid: str(rows[0]["orderId"]) for oid, rows in on_server.items()}
    assert all(results[index]["clientOid"] == f"caller-{index}" for index in range(0, placements, 4))
    # The faults really fired, and the client recovered by looking orders up rather than re-placing them.
    lost = sum(n for (_, path, status), n in sim.records.counts.items() if path == PLACE and status != 200)
    assert lost > 200
    assert stats.already_placed >= lost - 10
    assert stats.lookups >= lost
    assert sim.records.count("GET", ORDER_INFO) >= lost


@pytest.mark.anyio
async def test_a_placement_that_never_landed_is_sent_again() -> None:
    sim, uid = simulator()
    sim.faults.set(PLACE, error_rate=0.3, drop_rate=0.1)  # lost before the exchange acted
    async with client_for(sim, retry=PATIENT) as client:
        for index in range(40):
            await client.request("POST", PLACE, order(index))
    on_server = orders_on_server(sim, uid)
    assert len(on_server) == 40 and all(len(rows) == 1 for rows in on_server.values())
    assert client.retry_stats.lookups > 0
    assert client.retry_stats.already_placed == 0  # nothing had landed: every lookup came back empty


def busy_after_placing(exchange: Any, *, place_first: int) -> Any:
    """An exchange whose first batch places only ``place_first`` items, then answers "system busy"."""

    class Wrapped:
        def __init__(self) -> None:
            self.batches: list[list[str]] = []

        def handlers(self) -> Mapping[tuple[str, str], Handler]:
            handlers = dict(exchange.handlers())
            original = handlers[("POST", BATCH)]

            def batch(request: SimRequest) -> Any:
                items = list(request.params["orderList"])
                self.batches.append([str(item["clientOid"]) for item in items])
                if len(self.batches) == 1:
                    original(attrs.evolve(request, params={**request.params, "orderList": items[:place_first]}))
                    raise SimError("40015", "System is abnormal, please try again later", http_status=503)
                return original(request)

            handlers[("POST", BATCH)] = batch
            return handlers

        def open_account(self, uid: str, balances: Mapping[str, Decimal]) -> None:
            exchange.open_account(uid, balances)

        def orders_by_client_oid(self, uid: str) -> Mapping[str, Any]:
            return exchange.orders_by_client_oid(uid)  # type: ignore[no-any-return]

    return Wrapped()


@pytest.mark.anyio
async def test_a_batch_resends_only_the_items_that_did_not_land() -> None:
    wrapped: list[Any] = []

    def wrapper(exchange: Any) -> Any:
        wrapped.append(busy_after_placing(exchange, place_first=3))
        return wrapped[0]

    sim, uid = simulator(wrapper)
    items = [order(index) for index in range(7)]
    items[0]["clientOid"] = "caller-first"
    async with client_for(sim) as client:
        result = await client.request("POST", BATCH, {"symbol": "BTCUSDT", "orderList": items})
    batches = wrapped[0].batches
    assert len(batches) == 2
    sent_first, sent_again = batches
    assert len(sent_first) == 7 and sent_first[0] == "caller-first"
    assert sent_again == sent_first[3:]  # the three that landed were looked up, not re-sent
    on_server = orders_on_server(sim, uid)
    assert sorted(on_server) == sorted(sent_first)
    assert all(len(rows) == 1 for rows in on_server.values())
    # One merged answer, in the caller's order, as if the batch had gone through once.
    assert [entry["clientOid"] for entry in result["successList"]] == sent_first
    assert {entry["orderId"] for entry in result["successList"]} == {
        str(rows[0]["orderId"]) for rows in on_server.values()
    }
    assert result["failureList"] == []
    assert client.retry_stats.already_placed == 3


@pytest.mark.anyio
async def test_batch_items_the_exchange_refuses_stay_failures() -> None:
    sim, uid = simulator()
    sim.faults.set(BATCH, drop_after_accept_rate=1.0)
    items = [order(0), order(1, size="0.00001")]  # the second is under the minimum amount
    async with client_for(sim) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.request("POST", BATCH, {"symbol": "BTCUSDT", "orderList": items})
        sim.faults.clear()
        # The landed item is known; the refused one was never placed, so it is "unknown" only until checked.
        assert len(orders_on_server(sim, uid)) == 1
        assert len(caught.value.client_oids) == 1
        placed = next(iter(orders_on_server(sim, uid)))
        assert placed not in caught.value.client_oids
        assert placed in str(caught.value)


@pytest.mark.anyio
async def test_a_caller_clientoid_already_taken_is_reported_not_hidden() -> None:
    sim, _ = simulator()
    async with client_for(sim) as client:
        await client.request("POST", PLACE, order(clientOid="taken"))
        with pytest.raises(DuplicateClientOidError):
            await client.request("POST", PLACE, order(clientOid="taken"))
    assert client.retry_stats.already_placed == 0


@pytest.mark.anyio
async def test_a_placement_that_cannot_be_resolved_says_the_outcome_is_unknown() -> None:
    sim, uid = simulator()
    sim.faults.set(PLACE, error_after_accept_rate=1.0)
    sim.faults.set(ORDER_INFO, error_rate=1.0)  # the lookups fail too
    async with client_for(sim, retry=RetryPolicy(max_attempts=3, backoff_base=0.001)) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.request("POST", PLACE, order(clientOid="lost-answer"), retry=QUICK)
    assert caught.value.client_oids == ("lost-answer",)
    assert isinstance(caught.value.__cause__, ExchangeUnavailableError)
    assert [record.action for record in caught.value.attempts][:2] == ["send", "lookup"]
    assert list(orders_on_server(sim, uid)) == ["lost-answer"]  # it did land: the caller can look it up
    assert client.retry_stats.outcome_unknown == 1


@pytest.mark.anyio
async def test_a_final_answer_after_a_lookup_is_the_answer() -> None:
    sim, uid = simulator()
    sim.faults.set(PLACE, error_rate=0.5)  # half the attempts fail before the exchange acts
    async with client_for(sim) as client:
        for _ in range(20):
            # 1000 BTC at 20000 is more than the account holds: once heard, that answer is final.
            with pytest.raises(InsufficientFundsError):
                await client.request("POST", PLACE, order(size="1000"))
    assert client.retry_stats.lookups > 0
    assert client.retry_stats.outcome_unknown == 0
    assert orders_on_server(sim, uid) == {}


@pytest.mark.anyio
async def test_a_cancel_retried_after_its_answer_was_lost_reports_done() -> None:
    sim, _ = simulator()
    async with client_for(sim) as client:
        placed = [await client.request("POST", PLACE, order(index)) for index in range(30)]
        sim.faults.set(CANCEL, drop_after_accept_rate=0.3, error_after_accept_rate=0.2)
        answers = [
            await client.request("POST", CANCEL, {"symbol": "BTCUSDT", "orderId": ids["orderId"]}, retry=PATIENT)
            for ids in placed
        ]
        sim.faults.clear()
        infos = [await client.request("GET", ORDER_INFO, {"orderId": ids["orderId"]}) for ids in placed]
    assert [answer["orderId"] for answer in answers] == [ids["orderId"] for ids in placed]
    assert all(info[0]["status"] == "cancelled" for info in infos)
    assert client.retry_stats.cancels_already_done > 5
    # A first cancel of an order that does not exist is still an error.
    async with client_for(sim) as client:
        with pytest.raises(OrderNotFoundError):
            await client.request("POST", CANCEL, {"symbol": "BTCUSDT", "orderId": "424242"})


FUTURES_BATCH = "/api/v2/mix/order/batch-place-order"
FUTURES_DETAIL = "/api/v2/mix/order/detail"
CONTRACT = {"symbol": "BTCUSDT", "productType": "USDT-FUTURES", "marginMode": "crossed", "marginCoin": "USDT"}


def futures_order(index: int = 0) -> dict[str, str]:
    return {
        "size": f"0.00{1 + index % 5}",
        "price": "20000",
        "side": "buy",
        "orderType": "limit",
        "force": "gtc",
    }


@pytest.mark.anyio
async def test_futures_placements_are_looked_up_by_symbol_product_type_and_clientoid() -> None:
    sim, uid = simulator()
    sim.faults.set(FUTURES_PLACE, error_after_accept_rate=0.2, drop_after_accept_rate=0.2)
    async with client_for(sim) as client:
        results = [
            await client.request("POST", FUTURES_PLACE, {**CONTRACT, **futures_order(index)}) for index in range(60)
        ]
    on_server = orders_on_server(sim, uid)
    assert len(on_server) == 60 and all(len(rows) == 1 for rows in on_server.values())
    assert {result["clientOid"]: result["orderId"] for result in results} == {
        oid: rows[0]["orderId"] for oid, rows in on_server.items()
    }
    assert client.retry_stats.already_placed > 5
    assert sim.records.count("GET", FUTURES_DETAIL, 200) >= client.retry_stats.already_placed


@pytest.mark.anyio
async def test_a_futures_batch_whose_answer_was_lost_is_not_placed_again() -> None:
    sim, uid = simulator()
    sim.faults.set(FUTURES_BATCH, drop_after_accept_rate=1.0)
    items = [futures_order(index) for index in range(5)]
    async with client_for(sim, retry=attrs.evolve(QUICK, max_attempts=2)) as client:
        result = await client.request("POST", FUTURES_BATCH, {**CONTRACT, "orderList": items})
    on_server = orders_on_server(sim, uid)
    assert len(on_server) == 5 and all(len(rows) == 1 for rows in on_server.values())
    assert sim.records.count("POST", FUTURES_BATCH) == 1  # every item was found: nothing re-sent
    assert sorted(entry["clientOid"] for entry in result["successList"]) == sorted(on_server)
    assert result["failureList"] == []


BATCH_CANCEL = "/api/v2/spot/trade/batch-cancel-order"
CLOSE_POSITIONS = "/api/v2/mix/order/close-positions"


@pytest.mark.anyio
async def test_a_batch_cancel_retried_after_its_answer_was_lost_reports_every_item_done() -> None:
    sim, uid = simulator()
    async with client_for(sim) as client:
        batches = []
        for _ in range(8):
            placed = [await client.request("POST", PLACE, order(index)) for index in range(4)]
            batches.append([{"orderId": ids["orderId"]} for ids in placed])
        sim.faults.set(BATCH_CANCEL, drop_after_accept_rate=0.5)
        answers = [
            await client.request("POST", BATCH_CANCEL, {"symbol": "BTCUSDT", "orderList": items}, retry=PATIENT)
            for items in batches
        ]
    for items, answer in zip(batches, answers, strict=True):
        assert sorted(entry["orderId"] for entry in answer["successList"]) == sorted(i["orderId"] for i in items)
        assert answer["failureList"] == []
    statuses = {row["status"] for rows in orders_on_server(sim, uid).values() for row in rows}
    assert statuses == {"cancelled"}
    assert client.retry_stats.cancels_already_done >= 4  # at least one batch was retried after it had worked


@pytest.mark.anyio
async def test_an_unsafe_request_whose_answer_was_lost_is_not_repeated() -> None:
    sim, _ = simulator()
    sim.faults.set(CLOSE_POSITIONS, drop_after_accept_rate=1.0)
    async with client_for(sim) as client:
        with pytest.raises(OutcomeUnknownError) as caught:
            await client.request("POST", CLOSE_POSITIONS, {"productType": "USDT-FUTURES", "symbol": "BTCUSDT"})
    assert sim.records.count("POST", CLOSE_POSITIONS) == 1
    assert caught.value.path == CLOSE_POSITIONS
    assert len(caught.value.attempts) == 1 and caught.value.attempts[0].error == "TransportError"


@pytest.mark.anyio
async def test_a_cancel_of_a_filled_order_is_never_reported_done_after_a_lost_answer() -> None:
    sim, _ = simulator()
    market_buy = {"symbol": "BTCUSDT", "side": "buy", "orderType": "market", "force": "gtc", "size": "50"}
    async with client_for(sim) as client:
        filled = [await client.request("POST", PLACE, market_buy) for _ in range(20)]
        # Half of the cancels' answers are lost after the exchange refused them ("not found": the order filled).
        sim.faults.set(CANCEL, drop_after_accept_rate=0.5)
        for ids in filled:
            with pytest.raises(OrderNotFoundError):
                await client.request("POST", CANCEL, {"symbol": "BTCUSDT", "orderId": ids["orderId"]}, retry=PATIENT)
        sim.faults.clear()
        infos = [await client.request("GET", ORDER_INFO, {"orderId": ids["orderId"]}) for ids in filled]
    assert all(info[0]["status"] == "filled" for info in infos)
    assert client.retry_stats.cancels_already_done == 0
    assert client.retry_stats.lookups > 0  # the lost answers were followed by a look at the order


def lookup_misses_once(exchange: Any) -> Any:
    """An exchange whose first placement answer is lost after placing, and whose first order lookup misses."""

    class Wrapped:
        def __init__(self) -> None:
            self.placements = 0
            self.lookups = 0

        def handlers(self) -> Mapping[tuple[str, str], Handler]:
            handlers = dict(exchange.handlers())
            place, info = handlers[("POST", PLACE)], handlers[("GET", ORDER_INFO)]

            def placing(request: SimRequest) -> Any:
                self.placements += 1
                if self.placements > 1:
                    # An exchange that checks funds before the clientOid: the first order froze them.
                    raise SimError("43012", "Insufficient balance")
                place(request)
                raise SimError("40015", "System is abnormal, please try again later", http_status=503)

            def looking(request: SimRequest) -> Any:
                self.lookups += 1
                return [] if self.lookups == 1 else info(request)

            handlers[("POST", PLACE)] = placing
            handlers[("GET", ORDER_INFO)] = looking
            return handlers

        def open_account(self, uid: str, balances: Mapping[str, Decimal]) -> None:
            exchange.open_account(uid, balances)

        def orders_by_client_oid(self, uid: str) -> Mapping[str, Any]:
            return exchange.orders_by_client_oid(uid)  # type: ignore[no-any-return]

    return Wrapped()


@pytest.mark.anyio
async def test_a_refused_resend_is_checked_against_the_order_that_landed_first() -> None:
    sim, uid = simulator(lookup_misses_once)
    async with client_for(sim) as client:
        placed = await client.request("POST", PLACE, order(0, clientOid="only-once"))
    rows = orders_on_server(sim, uid)["only-once"]
    assert len(rows) == 1 and placed == {"orderId": str(rows[0]["orderId"]), "clientOid": "only-once"}
    assert client.retry_stats.already_placed == 1
