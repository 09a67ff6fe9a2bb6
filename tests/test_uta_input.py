"""``client.uta`` builds the exchange's v3 parameters, and refuses bad input before anything is sent."""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from asyncclient import InputError, InputTypeError, RetryPolicy, UtaAPI
from asyncclient.models import Category, UtaModifyRequest, UtaOrderRequest

pytestmark = pytest.mark.anyio


class Recorder:
    """A requester that records what it is asked to send and answers ``answer``."""

    def __init__(self, answer: Any = None) -> None:
        self.calls: list[tuple[str, str, Any]] = []
        self.answer = answer

    async def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        *,
        urgent: bool = False,
        timeout: float | None = None,
        retry: RetryPolicy | None = None,
    ) -> Any:
        self.calls.append((method, path, params))
        return self.answer


async def test_place_order_parameters() -> None:
    recorder = Recorder({"orderId": "1", "clientOid": "c"})
    uta = UtaAPI(recorder)
    await uta.place_order(
        "usdt-futures", "btcusdt", "BUY", "limit", Decimal("0.01"), price=50000, time_in_force="post_only",
        pos_side="long", reduce_only=False, client_oid="a.b:c/d_e-1",
    )  # fmt: skip
    assert recorder.calls == [
        (
            "POST",
            "/api/v3/trade/place-order",
            {
                "category": "USDT-FUTURES",
                "symbol": "BTCUSDT",
                "side": "buy",
                "orderType": "limit",
                "qty": "0.01",
                "price": "50000",
                "timeInForce": "post_only",
                "posSide": "long",
                "reduceOnly": "no",
                "clientOid": "a.b:c/d_e-1",
            },
        )
    ]


async def test_batches_are_json_arrays_with_category_and_symbol_per_item() -> None:
    recorder = Recorder([])
    uta = UtaAPI(recorder)
    await uta.batch_place_orders([UtaOrderRequest(Category.SPOT, "BTCUSDT", "buy", "market", "10")])
    await uta.batch_cancel_orders("SPOT", "BTCUSDT", ["11"], client_oids=["c2"])
    await uta.batch_modify_orders([UtaModifyRequest("SPOT", "BTCUSDT", order_id="11", price="1.5")])
    (_, place, items), (_, cancel, cancels), (_, modify, changes) = recorder.calls
    assert place == "/api/v3/trade/place-batch"
    assert items == [{"category": "SPOT", "symbol": "BTCUSDT", "side": "buy", "orderType": "market", "qty": "10"}]
    assert cancel == "/api/v3/trade/cancel-batch"
    assert cancels == [
        {"category": "SPOT", "symbol": "BTCUSDT", "orderId": "11"},
        {"category": "SPOT", "symbol": "BTCUSDT", "clientOid": "c2"},
    ]
    assert modify == "/api/v3/trade/batch-modify-order"
    assert changes == [{"category": "SPOT", "symbol": "BTCUSDT", "orderId": "11", "price": "1.5"}]


async def test_cursor_paging_passes_the_cursor_back() -> None:
    pages = [{"list": [{"id": str(n), "coin": "USDT", "type": "T", "amount": "1", "ts": "1"} for n in (3, 2)],
              "cursor": "2"}, {"list": [], "cursor": ""}]  # fmt: skip

    class Paged(Recorder):
        async def request(self, method: str, path: str, params: Any = None, **_: Any) -> Any:
            self.calls.append((method, path, params))
            return pages[len(self.calls) - 1]

    recorder = Paged()
    records = [record async for record in UtaAPI(recorder).iter_financial_records(page_size=2)]
    assert [record.record_id for record in records] == ["3", "2"]
    assert [call[2].get("cursor") for call in recorder.calls] == [None, "2"]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda uta: uta.tickers("OPTION"), "category"),
        (lambda uta: uta.place_order("SPOT", "BTCUSDT", "buy", "limit", 0.1, price=1), "float"),
        (lambda uta: uta.place_order("SPOT", "BTCUSDT", "buy", "limit", "0.1"), "price is required"),
        (lambda uta: uta.place_order("SPOT", "BTCUSDT", "buy", "market", "1", price="2"), "price must not"),
        (lambda uta: uta.place_order("SPOT", "BTCUSDT", "buy", "limit", "1", price="2", client_oid="x" * 33), "1-32"),
        (lambda uta: uta.place_order("SPOT", "BTCUSDT", "buy", "limit", "1", price="2", client_oid="a b"), "1-32"),
        (lambda uta: uta.cancel_order(order_id="1", client_oid="c"), "exactly one"),
        (lambda uta: uta.order_info(), "exactly one"),
        (lambda uta: uta.modify_order("SPOT", "BTCUSDT", "1"), "qty or price"),
        (lambda uta: uta.positions("SPOT"), "futures category"),
        (lambda uta: uta.orderbook("SPOT", "BTCUSDT", limit=500), "limit"),
        (lambda uta: uta.transfer("funding", "moon", "USDT", "1"), "to_account"),
        (lambda uta: uta.open_orders(start=1_700_000_000), "seconds"),
        (lambda uta: uta.batch_place_orders([object()]), "UtaOrderRequest"),
    ],
)
async def test_bad_input_is_refused_before_sending(call: Any, message: str) -> None:
    recorder = Recorder()
    with pytest.raises((InputError, InputTypeError), match=message):
        await call(UtaAPI(recorder))
    assert recorder.calls == []


def test_every_public_uta_method_is_exercised_against_the_simulator() -> None:
    """Each public method of ``client.uta`` is called in a test that runs it over HTTP against the simulator."""
    sources = "".join(
        (Path(__file__).parent / name).read_text()
        for name in ("test_uta_sim_market.py", "test_uta_sim_trade.py", "test_uta_modes.py")
    )
    methods = [name for name, _ in inspect.getmembers(UtaAPI, inspect.isfunction) if not name.startswith("_")]
    assert len(methods) >= 40
    missing = [name for name in methods if f".{name}(" not in sources]
    assert missing == []


def test_a_list_body_is_for_post_only_and_holds_mappings() -> None:
    from asyncclient import Client

    client = Client(base_url="http://unused")
    call = client.prepare("POST", "/api/v3/market/tickers", [{"symbol": "BTCUSDT", "qty": Decimal("1.50")}])
    assert call.body == '[{"symbol":"BTCUSDT","qty":"1.50"}]' and call.items is not None and call.params == {}
    with pytest.raises(InputTypeError, match="POST"):
        client.prepare("GET", "/api/v3/market/tickers", [{"symbol": "BTCUSDT"}])
    with pytest.raises(InputTypeError, match="mappings"):
        client.prepare("POST", "/api/v3/market/tickers", ["BTCUSDT"])  # type: ignore[list-item]


def test_request_models_check_when_built_and_know_their_wire_form() -> None:
    from asyncclient.models._uta_batches import UtaCancelBatch
    from asyncclient.models._uta_requests import UtaStrategyRequest

    with pytest.raises(InputError, match="price is required"):
        UtaOrderRequest("SPOT", "BTCUSDT", "buy", "limit", "1")
    with pytest.raises(InputError, match="qty"):
        UtaOrderRequest("SPOT", "BTCUSDT", "buy", "market", "-1")
    with pytest.raises(InputTypeError, match="reduce_only"):
        UtaOrderRequest("SPOT", "BTCUSDT", "buy", "market", "1", reduce_only="yes")  # type: ignore[arg-type]
    order = UtaOrderRequest("usdt-futures", "btcusdt", "sell", "market", 2, reduce_only=True, pos_side="long")
    assert order.category is Category.USDT_FUTURES and order.qty == "2"
    assert order.to_wire() == {"category": "USDT-FUTURES", "symbol": "BTCUSDT", "side": "sell", "orderType": "market",
                               "qty": "2", "posSide": "long", "reduceOnly": "yes"}  # fmt: skip
    strategy = UtaStrategyRequest(category="USDT-FUTURES", symbol="BTCUSDT", pos_side="long", stop_loss="1",
                                  sl_trigger_by="mark", sl_limit_price="0.9")  # fmt: skip
    assert strategy.to_wire() == {"category": "USDT-FUTURES", "symbol": "BTCUSDT", "posSide": "long", "stopLoss": "1",
                                  "slTriggerBy": "mark", "slLimitPrice": "0.9"}  # fmt: skip
    with pytest.raises(InputError, match="take_profit, stop_loss"):
        UtaStrategyRequest(category="USDT-FUTURES", symbol="BTCUSDT", pos_side="long")
    with pytest.raises(InputError, match="1 to 50"):
        UtaCancelBatch(category="SPOT", symbol="BTCUSDT", order_ids=[str(n) for n in range(51)])
    with pytest.raises(InputTypeError, match="order_ids must be a list"):
        UtaCancelBatch(category="SPOT", symbol="BTCUSDT", order_ids="123")
