"""The placement state machine on scripted attempts: its phases, and codes read from the one code table."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pytest

from asyncclient import (
    DuplicateClientOidError,
    ExchangeUnavailableError,
    OrderNotFoundError,
    OutcomeUnknownError,
    PreparedCall,
    ServerClock,
    default_catalogue,
)
from asyncclient._errors import codes_of, error_for
from asyncclient._order_lookup import DUPLICATE_CODES, NOT_FOUND_CODES, new_guard
from asyncclient._placement import Phase, PlaceStep
from asyncclient._protocols import clock_reading
from asyncclient._retry import Retrier, RetryBudget, RetryPolicy, RetryStats

PLACE = "/api/v2/spot/trade/place-order"
INFO = "/api/v2/spot/trade/orderInfo"
QUICK = RetryPolicy(max_attempts=5, deadline=5.0, backoff_base=0.0, backoff_cap=0.0)


class ScriptedAttempts:
    """Answers sends per path from scripts: an exception is raised, anything else returned."""

    def __init__(self, scripts: Mapping[str, Sequence[object]]) -> None:
        self.scripts = {path: list(outcomes) for path, outcomes in scripts.items()}
        self.sent: list[str] = []
        self.clock = ServerClock(None, enabled=False)
        self.clock_reading = clock_reading(self.clock)

    def prepare(self, method: str, path: str, params: Any = None, *, urgent: bool = False, timeout: Any = None) -> Any:
        endpoint = default_catalogue().lookup(method, path)
        return PreparedCall(endpoint, endpoint.scopes, params or {}, "", None)

    async def send(self, call: PreparedCall, *, on_send: Callable[[], None] | None = None) -> Any:
        self.sent.append(call.endpoint.path)
        if on_send is not None:
            on_send()
        outcome = self.scripts[call.endpoint.path].pop(0)
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome


def busy() -> ExchangeUnavailableError:
    return ExchangeUnavailableError("busy", http_status=502, code=None, method="POST", path=PLACE)


def step(attempts: ScriptedAttempts) -> PlaceStep:
    call = attempts.prepare("POST", PLACE, {"symbol": "BTCUSDT", "clientOid": "c1"})
    # resend_after=0: "not found" permits a re-send at once (the horizon has its own tests)
    return PlaceStep(call, attempts, RetryStats(), new_guard(attempts, 0.0, 0.01))


@pytest.mark.anyio
async def test_a_lost_answer_puts_the_order_in_doubt_and_a_lookup_clears_it() -> None:
    attempts = ScriptedAttempts({PLACE: [busy(), {"orderId": "9", "clientOid": "c1"}], INFO: [[]]})
    placement = step(attempts)
    with pytest.raises(ExchangeUnavailableError):
        await placement.attempt()
    assert placement.phase is Phase.IN_DOUBT
    assert await placement.attempt() == {"orderId": "9", "clientOid": "c1"}
    assert attempts.sent == [PLACE, INFO, PLACE]
    assert placement.phase.value == "cleared"  # settled after the re-send


@pytest.mark.anyio
async def test_a_duplicate_on_the_resend_means_the_first_landed() -> None:
    duplicate = DuplicateClientOidError("dup", http_status=400, code="43118", method="POST", path=PLACE)
    found = [{"orderId": "7", "clientOid": "c1"}]
    attempts = ScriptedAttempts({PLACE: [busy(), duplicate], INFO: [[], found]})
    retrier = Retrier(QUICK, budget=RetryBudget(capacity=10))
    assert await retrier.run(step(attempts)) == {"orderId": "7", "clientOid": "c1"}


@pytest.mark.anyio
async def test_a_duplicate_before_any_doubt_is_the_callers_own() -> None:
    duplicate = DuplicateClientOidError("dup", http_status=400, code="43118", method="POST", path=PLACE)
    attempts = ScriptedAttempts({PLACE: [duplicate]})
    with pytest.raises(DuplicateClientOidError):
        await Retrier(QUICK, budget=RetryBudget(capacity=10)).run(step(attempts))
    assert attempts.sent == [PLACE]


@pytest.mark.anyio
async def test_lookups_that_keep_failing_end_in_outcome_unknown() -> None:
    lookup_busy = ExchangeUnavailableError("busy", http_status=500, code=None, method="GET", path=INFO)
    attempts = ScriptedAttempts({PLACE: [busy()], INFO: [lookup_busy] * 10})
    with pytest.raises(OutcomeUnknownError) as caught:
        await Retrier(QUICK, budget=RetryBudget(capacity=10)).run(step(attempts))
    assert caught.value.client_oids == ("c1",)
    assert [record.action for record in caught.value.attempts][:3] == ["send", "lookup", "lookup"]


def test_order_safety_reads_codes_from_the_one_table() -> None:
    assert codes_of(OrderNotFoundError) == NOT_FOUND_CODES
    assert "43025" in NOT_FOUND_CODES  # once listed in one place and not the other
    assert all(error_for(400, code) is DuplicateClientOidError for code in DUPLICATE_CODES)
