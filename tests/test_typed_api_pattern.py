"""Every typed group follows one pattern: methods declare path, request model and answer; per-call options on all.

The modules listed in ``CONVERTED`` send only through ``Group._get``/``_post`` (never ``request()`` by hand) and
every public method takes ``**options: Unpack[CallOptions]`` (``timeout``, ``retry``, ``urgent``).
"""

from __future__ import annotations

import ast
import functools
import inspect
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from asyncclient import Client, ExchangeUnavailableError, InputError, RetryPolicy, default_catalogue
from asyncclient._groups import TypedGroups
from asyncclient.api import (
    AccountAPI,
    CommonAPI,
    ConvertAPI,
    FuturesAPI,
    IsolatedMarginAPI,
    MarginAPI,
    SpotAPI,
    TaxAPI,
    UtaAPI,
    WalletAPI,
)
from asyncclient.api._base import CallOptions, Group
from asyncclient.models._request import CoinQuery, CoinRecordsQuery, WireRequest
from asyncclient.testing import Simulator

API = Path(__file__).resolve().parents[1] / "asyncclient" / "api"

#: Groups (class, the modules of its methods) converted to the declarative pattern; a group is done when every
#: module holding its methods is listed.
CONVERTED: dict[str, tuple[type[Any], tuple[str, ...]]] = {
    "margin": (MarginAPI, ("_margin.py", "_margin_trade.py", "_margin_records.py")),
    "isolated_margin": (IsolatedMarginAPI, ("_margin_isolated.py", "_margin_trade.py", "_margin_records.py")),
    "wallet": (WalletAPI, ("_wallet.py", "_wallet_sub.py")),
    "account": (AccountAPI, ("_account.py",)),
    "common": (CommonAPI, ("_account.py",)),
    "convert": (ConvertAPI, ("_convert.py",)),
    "tax": (TaxAPI, ("_tax.py",)),
    "futures": (
        FuturesAPI,
        (
            "_futures.py",
            "_futures_account.py",
            "_futures_line.py",
            "_futures_market.py",
            "_futures_plan.py",
            "_futures_position.py",
            "_futures_records.py",
        ),
    ),
    "uta": (UtaAPI, ("_uta_account.py", "_uta_market.py", "_uta_orders.py", "_uta_positions.py", "_uta_trade.py")),
    "spot": (SpotAPI, ("_spot.py", "_spot_trade.py", "_spot_plan.py", "_spot_replace.py")),
}


def _public_methods(cls: type[Any]) -> list[tuple[str, Callable[..., Any]]]:
    return [
        (name, member)
        for name, member in inspect.getmembers(cls, inspect.iscoroutinefunction)
        if not name.startswith("_") and name != "request"
    ] + [
        (name, member)
        for name, member in inspect.getmembers(cls, inspect.isasyncgenfunction)
        if not name.startswith("_")
    ]


@pytest.mark.parametrize("group", sorted(CONVERTED))
def test_every_public_method_takes_the_per_call_options(group: str) -> None:
    cls, modules = CONVERTED[group]
    assert issubclass(cls, Group)
    methods = [(name, m) for name, m in _public_methods(cls) if Path(inspect.getsourcefile(m) or "").name in modules]
    assert methods, f"{cls.__name__} has no public methods"
    for name, method in methods:
        options = [p for p in inspect.signature(method).parameters.values() if p.kind is p.VAR_KEYWORD]
        assert options, f"{cls.__name__}.{name} takes no **options"
        assert options[0].name == "options" and "Unpack[CallOptions]" in str(options[0].annotation), name


@pytest.mark.parametrize("group", sorted(CONVERTED))
def test_a_converted_group_never_calls_request_by_hand(group: str) -> None:
    _, modules = CONVERTED[group]
    for module in modules:
        tree = ast.parse((API / module).read_text(encoding="utf-8"))
        hand_calls = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr == "request" and _is_requester(node.value)
        ]
        assert hand_calls == [], f"{module} calls self._requester.request on lines {hand_calls}"


def _is_requester(node: ast.expr) -> bool:
    return isinstance(node, ast.Attribute) and node.attr == "_requester"


def test_call_options_are_exactly_the_requests_options() -> None:
    assert set(CallOptions.__annotations__) == {"timeout", "retry", "urgent"}
    request_options = {
        name
        for name, p in inspect.signature(Client.request).parameters.items()
        if p.kind is p.KEYWORD_ONLY and name in CallOptions.__annotations__
    }
    assert request_options == {"timeout", "retry", "urgent"}


def test_request_models_check_when_built_and_know_their_wire_form() -> None:
    with pytest.raises(InputError, match="coin"):
        CoinQuery(coin="BTC/USDT")
    query = CoinRecordsQuery(coin="usdt", start=1_700_000_000_000, end=1_700_000_100_000, limit=50)
    assert query.to_wire() == {
        "coin": "USDT",
        "startTime": 1_700_000_000_000,
        "endTime": 1_700_000_100_000,
        "limit": 50,
    }
    assert CoinRecordsQuery().to_wire() == {}  # unset parameters are left out
    with pytest.raises(InputError, match="start"):
        CoinRecordsQuery(start=1_700_000_100_000, end=1_700_000_000_000)
    with pytest.raises(InputError, match="limit"):
        CoinRecordsQuery(limit=0)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        query.coin = "BTC"  # type: ignore[misc]
    assert isinstance(query, WireRequest)


pytestmark = pytest.mark.anyio
CATALOGUE = default_catalogue().without_limits()


async def test_per_call_options_reach_the_request_path() -> None:
    sim = Simulator(seed=5, catalogue=CATALOGUE)
    sim.add_account("k", "s", "p")
    patient = RetryPolicy(max_attempts=4, deadline=5.0, backoff_base=0.0, backoff_cap=0.0)
    client = Client("k", "s", "p", catalogue=CATALOGUE, transport=sim.transport(), retry=patient)
    async with client:
        assert isinstance(await client.margin.risk_rate(timeout=5.0), Decimal)
        sim.faults.set("/api/v2/margin/crossed/account/risk-rate", error_rate=1.0)
        with pytest.raises(ExchangeUnavailableError) as once:
            await client.margin.risk_rate(retry=RetryPolicy(max_attempts=1))
        assert len(once.value.attempts) == 1  # the call's own policy
        with pytest.raises(ExchangeUnavailableError) as default:
            await client.margin.risk_rate()
        assert len(default.value.attempts) == 4  # the client's policy
        with pytest.raises(InputError, match="timeout"):
            await client.margin.risk_rate(timeout=-1.0)


#: API modules that hold no public typed methods: the pattern's own machinery.
_MACHINERY = {"__init__.py", "_base.py", "_cast.py", "_common.py", "_paging.py", "_protocol.py"}


def test_every_group_and_every_api_module_follows_the_pattern() -> None:
    accessors = {
        name
        for name, member in vars(TypedGroups).items()
        if isinstance(member, functools.cached_property) and not name.startswith("_")
    }
    assert accessors == set(CONVERTED), accessors ^ set(CONVERTED)  # every typed group of the client
    covered = {module for _, modules in CONVERTED.values() for module in modules}
    holders = {"_uta.py", "_uta_common.py"}  # UtaAPI's composition and its shared page/array helpers
    every = {path.name for path in API.glob("*.py")}
    assert every - covered - _MACHINERY - holders == set()
