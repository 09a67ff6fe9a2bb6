"""Futures methods check their input before sending and build the exchange's params for the chosen product."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import pytest
from _recording import RecordingRequester

from asyncclient import InputError, InputTypeError
from asyncclient.api import FuturesAPI
from asyncclient.models import FuturesOrderRequest, MarginMode, ProductType, TradeSide

ACK = {"orderId": "1", "clientOid": "c"}


@pytest.mark.anyio
async def test_place_order_defaults_to_usdt_futures() -> None:
    requester = RecordingRequester(ACK)
    await FuturesAPI(requester).place_order(
        "BTCUSDT",
        "sell",
        "limit",
        Decimal("0.01"),
        price="70000.5",
        trade_side=TradeSide.OPEN,
        reduce_only=False,
        preset_stop_loss_price=Decimal("71000"),
    )
    [(method, path, params, urgent)] = requester.calls
    assert (method, path, urgent) == ("POST", "/api/v2/mix/order/place-order", False)
    assert params == {
        "productType": "USDT-FUTURES",
        "symbol": "BTCUSDT",
        "marginMode": "crossed",
        "marginCoin": "USDT",
        "side": "sell",
        "orderType": "limit",
        "size": "0.01",
        "price": "70000.5",
        "force": "gtc",
        "tradeSide": "open",
        "reduceOnly": "NO",
        "presetStopLossPrice": "71000",
    }


@pytest.mark.anyio
async def test_other_product_lines_and_margin_coins() -> None:
    requester = RecordingRequester([])
    coin_m = FuturesAPI(requester).for_product(ProductType.COIN_FUTURES)
    assert coin_m.product_type is ProductType.COIN_FUTURES and "COIN-FUTURES" in repr(coin_m)
    with pytest.raises(InputError, match="margin_coin is required for COIN-FUTURES"):
        await coin_m.account("BTCUSD")
    requester.answer = {"marginCoin": "BTC", "available": "1"}
    account = await coin_m.account("BTCUSD", margin_coin="btc")
    assert account.margin_coin == "BTC"
    assert requester.calls[-1][2] == {"productType": "COIN-FUTURES", "symbol": "BTCUSD", "marginCoin": "BTC"}
    usdc = FuturesAPI(requester, "USDC-FUTURES")
    requester.answer = []
    await usdc.position("BTCPERP")
    assert requester.calls[-1][2]["marginCoin"] == "USDC"
    with pytest.raises(InputError, match="product_type"):
        FuturesAPI(requester, "SPOT")


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("kwargs", "error", "names"),
    [
        ({"side": "long"}, InputError, "side"),
        ({"size": 0.01}, InputTypeError, "size"),
        ({"price": "-5"}, InputError, "price"),
        ({"margin_mode": "portfolio"}, InputError, "margin_mode"),
        ({"trade_side": "flip"}, InputError, "trade_side"),
        ({"reduce_only": "YES"}, InputError, "reduce_only"),
        ({"preset_take_profit_price": 1.5}, InputTypeError, "preset_take_profit_price"),
        ({"symbol": "BTC-USDT"}, InputError, "symbol"),
    ],
)
async def test_place_order_refuses_bad_input(kwargs: dict[str, Any], error: type[Exception], names: str) -> None:
    requester = RecordingRequester(ACK)
    args: dict[str, Any] = {
        "symbol": "BTCUSDT",
        "side": "buy",
        "order_type": "limit",
        "size": "1",
        "price": "10",
    }
    args.update(kwargs)
    with pytest.raises(error, match=names):
        await FuturesAPI(requester).place_order(**args)
    assert requester.calls == []


@pytest.mark.anyio
async def test_settings_and_market_input() -> None:
    requester = RecordingRequester({"symbol": "BTCUSDT", "marginMode": "isolated"})
    futures = FuturesAPI(requester)
    await futures.set_leverage("BTCUSDT", 20, hold_side="long")
    await futures.set_margin_mode("BTCUSDT", MarginMode.ISOLATED)
    assert requester.calls[0][2] == {
        "productType": "USDT-FUTURES",
        "symbol": "BTCUSDT",
        "marginCoin": "USDT",
        "leverage": "20",
        "holdSide": "long",
    }
    assert requester.calls[1][2]["marginMode"] == "isolated"
    with pytest.raises(InputError, match="leverage"):
        await futures.set_leverage("BTCUSDT", 0)
    with pytest.raises(InputError, match="position_mode"):
        await futures.set_position_mode("both")
    with pytest.raises(InputError, match="limit must be one of"):
        await futures.orderbook("BTCUSDT", limit=10)
    with pytest.raises(InputError, match="granularity"):
        await futures.candles("BTCUSDT", "1minute")
    with pytest.raises(InputError, match="limit must be between 1 and 100"):
        await futures.open_orders(limit=101)
    assert len(requester.calls) == 2


@pytest.mark.anyio
async def test_cancels_are_urgent() -> None:
    requester = RecordingRequester({"successList": [], "failureList": []})
    futures = FuturesAPI(requester)
    await futures.batch_cancel_orders("BTCUSDT", ["1"], client_oids=["a"])
    await futures.cancel_all_orders()
    await futures.close_positions("BTCUSDT", hold_side="short")
    requester.answer = ACK
    await futures.cancel_order("BTCUSDT", client_oid="a")
    assert [call[3] for call in requester.calls] == [True, True, True, True]
    assert requester.calls[0][2]["orderIdList"] == [{"orderId": "1"}, {"clientOid": "a"}]
    assert requester.calls[2][2] == {"productType": "USDT-FUTURES", "symbol": "BTCUSDT", "holdSide": "short"}


@pytest.mark.anyio
async def test_batch_place_raise_on_failure() -> None:
    from asyncclient.models import BatchError

    requester = RecordingRequester(
        {"successList": [], "failureList": [{"clientOid": "a", "errorMsg": "no", "errorCode": "40762"}]}
    )
    orders = [FuturesOrderRequest("buy", "market", "1", client_oid="a")]
    result = await FuturesAPI(requester).batch_place_orders("BTCUSDT", orders)
    assert result.failed[0].error_code == "40762"
    with pytest.raises(BatchError, match="40762"):
        await FuturesAPI(requester).batch_place_orders("BTCUSDT", orders, raise_on_failure=True)


@pytest.mark.anyio
async def test_iter_fills_follows_end_id() -> None:
    pages = [
        {"fillList": [_fill("9"), _fill("8")], "endId": "8"},
        {"fillList": [_fill("7")], "endId": "7"},
    ]

    class PagedRequester(RecordingRequester):
        async def request(self, method: str, path: str, params: Mapping[str, Any] | None = None, **_: Any) -> Any:
            self.calls.append((method, path, dict(params or {}), False))
            return pages[len(self.calls) - 1]

    requester = PagedRequester()
    fills = [f async for f in FuturesAPI(requester).iter_fills("BTCUSDT", page_size=2)]
    assert [f.trade_id for f in fills] == ["9", "8", "7"]
    assert [c[2].get("idLessThan") for c in requester.calls] == [None, "8"]


def _fill(trade_id: str) -> dict[str, Any]:
    return {
        "tradeId": trade_id,
        "symbol": "BTCUSDT",
        "orderId": "1",
        "price": "1",
        "baseVolume": "1",
        "side": "buy",
        "cTime": "1700000000000",
        "feeDetail": [{"feeCoin": "USDT", "totalFee": "-0.1"}],
    }
