"""The futures request models check their arguments when built and know their wire form."""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from asyncclient import InputError, InputTypeError
from asyncclient.models import FuturesOrderRequest, OrderType, Side, TradeSide
from asyncclient.models._futures_plan_requests import PlanCancel, PositionTpslRequest
from asyncclient.models._futures_requests import FuturesBatchCancel, FuturesBatchPlacement, FuturesPlacement
from asyncclient.models._futures_requests import FuturesOrderRequest as Defined


def test_an_order_is_checked_when_built() -> None:
    assert Defined is FuturesOrderRequest  # the public name, from its own module
    with pytest.raises(InputError, match="price is required for a limit order"):
        FuturesOrderRequest("buy", "limit", "0.01")
    with pytest.raises(InputError, match="price must not be given for a market order"):
        FuturesOrderRequest("buy", "market", "0.01", "10")
    with pytest.raises(InputError, match="side"):
        FuturesOrderRequest("long", "market", "0.01")
    with pytest.raises(InputTypeError, match="size"):
        FuturesOrderRequest("buy", "market", 0.01)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="reduce_only"):
        FuturesOrderRequest("buy", "market", "1", reduce_only="YES")  # type: ignore[arg-type]
    with pytest.raises(InputError, match="client_oid"):
        FuturesOrderRequest("buy", "market", "1", client_oid="a\n")


def test_an_order_knows_its_wire_form() -> None:
    order = FuturesOrderRequest(
        Side.SELL, OrderType.LIMIT, Decimal("0.01"), price="70000.5", trade_side="close", reduce_only=True,
        client_oid="c-1", preset_take_profit_price=60000,
    )  # fmt: skip
    assert (order.side, order.trade_side, order.size) == (Side.SELL, TradeSide.CLOSE, Decimal("0.01"))
    assert order.to_wire() == {
        "side": "sell",
        "orderType": "limit",
        "size": "0.01",
        "price": "70000.5",
        "force": "gtc",
        "tradeSide": "close",
        "reduceOnly": "YES",
        "clientOid": "c-1",
        "presetStopSurplusPrice": "60000",
    }
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        order.size = Decimal(1)  # type: ignore[misc]
    placement = FuturesPlacement(symbol="btcusdt", margin_coin="USDT", margin_mode="isolated", order=order)
    assert placement.to_wire() == {"symbol": "BTCUSDT", "marginCoin": "USDT", "marginMode": "isolated"} | (
        order.to_wire()
    )


def test_batches_hold_1_to_50_orders_or_ids() -> None:
    order = FuturesOrderRequest("buy", "market", "1", client_oid="a")
    batch = FuturesBatchPlacement(symbol="BTCUSDT", margin_coin="USDT", margin_mode="crossed", orders=[order])
    assert batch.to_wire()["orderList"] == [{"side": "buy", "orderType": "market", "size": "1", "force": "gtc",
                                              "clientOid": "a"}]  # fmt: skip
    with pytest.raises(InputError, match=r"orders\[1\] must be a FuturesOrderRequest, got dict"):
        FuturesBatchPlacement(symbol="BTCUSDT", margin_coin="USDT", margin_mode="crossed", orders=[order, {}])
    with pytest.raises(InputError, match="orders must hold 1 to 50 items, got 51"):
        FuturesBatchPlacement(symbol="BTCUSDT", margin_coin="USDT", margin_mode="crossed", orders=[order] * 51)
    cancel = FuturesBatchCancel(symbol="BTCUSDT", order_ids=["1"], client_oids=["a"])
    assert cancel.to_wire() == {"symbol": "BTCUSDT", "orderIdList": [{"orderId": "1"}, {"clientOid": "a"}]}
    with pytest.raises(InputError, match="order_ids and client_oids must hold 1 to 50"):
        FuturesBatchCancel(symbol="BTCUSDT")
    with pytest.raises(InputTypeError, match="order_ids must be a list"):
        FuturesBatchCancel(symbol="BTCUSDT", order_ids="123")
    every = PlanCancel(symbol="BTCUSDT", margin_coin="USDT", plan_type="profit_loss")
    assert every.to_wire() == {"symbol": "BTCUSDT", "marginCoin": "USDT", "planType": "profit_loss"}


def test_position_tpsl_names_the_trigger_type_of_each_leg_given() -> None:
    request = PositionTpslRequest(
        symbol="BTCUSDT", margin_coin="USDT", hold_side="long", stop_loss_trigger_price="1", trigger_type="mark_price"
    )
    assert request.to_wire() == {
        "symbol": "BTCUSDT",
        "marginCoin": "USDT",
        "holdSide": "long",
        "stopLossTriggerPrice": "1",
        "stopLossTriggerType": "mark_price",
    }
