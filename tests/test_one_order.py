"""One order named by ``order_id`` or ``client_oid``: spot, futures and margin cancels share one request base
(``models/_one_order.py``) and so name the order, and refuse neither-or-both, the same way."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from _recording import RecordingRequester

from asyncclient import InputError
from asyncclient.api import FuturesAPI, IsolatedMarginAPI, MarginAPI, SpotAPI
from asyncclient.models._futures_fields import OneOrder as FuturesOneOrder
from asyncclient.models._margin_order_requests import MarginCancelRequest
from asyncclient.models._one_order import OneOrder, SymbolOrder
from asyncclient.models._spot_requests import OneOrder as SpotOneOrder

ACK = {"orderId": "123", "clientOid": "c-1"}


GROUPS: dict[str, Callable[[RecordingRequester], Any]] = {
    "spot": SpotAPI,
    "futures": FuturesAPI,
    "margin": MarginAPI,
    "isolated margin": IsolatedMarginAPI,
}


def test_the_groups_models_are_one_base() -> None:
    assert SpotOneOrder is OneOrder
    assert issubclass(FuturesOneOrder, SymbolOrder) and issubclass(MarginCancelRequest, SymbolOrder)


@pytest.mark.anyio
@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize(
    ("ids", "key", "value"), [({"order_id": "123"}, "orderId", "123"), ({"client_oid": "c-1"}, "clientOid", "c-1")]
)
async def test_cancel_sends_the_one_id_given(group: str, ids: dict[str, str], key: str, value: str) -> None:
    requester = RecordingRequester(ACK)
    await GROUPS[group](requester).cancel_order("BTCUSDT", **ids)
    ((_, path, params, urgent),) = requester.calls
    assert path.endswith("cancel-order") and urgent
    assert params["symbol"] == "BTCUSDT" and params[key] == value
    other = "clientOid" if key == "orderId" else "orderId"
    assert other not in params


@pytest.mark.anyio
@pytest.mark.parametrize("group", GROUPS)
@pytest.mark.parametrize("ids", [{}, {"order_id": "123", "client_oid": "c-1"}])
async def test_cancel_refuses_neither_or_both_before_sending(group: str, ids: dict[str, str]) -> None:
    requester = RecordingRequester(ACK)
    with pytest.raises(InputError, match=r"^pass exactly one of order_id and client_oid$"):
        await GROUPS[group](requester).cancel_order("BTCUSDT", **ids)
    assert requester.calls == []
