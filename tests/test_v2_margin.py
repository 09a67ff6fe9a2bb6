"""``client.margin`` (crossed) against the simulator over HTTP; interest accrual at chosen instants."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from asyncclient import Client, ExchangeError, InputError
from asyncclient.testing._routing import SimRequest
from asyncclient.testing.exchange import Exchange
from asyncclient.testing.exchange.state._margin_accounts import DAILY_INTEREST_RATE

NOW = 1_732_540_123_456
UID = "1001"
HOUR = 3_600_000


@pytest.mark.anyio
async def test_fund_borrow_accrue_nothing_yet_and_repay(bitget_client: Client) -> None:
    margin = bitget_client.margin
    await bitget_client.wallet.transfer("USDT", "1000", "spot", "crossed_margin")
    (usdt,) = await margin.assets("USDT")
    assert (usdt.available, usdt.borrow) == (Decimal(1000), Decimal(0))
    limit = await margin.max_borrowable("USDT")
    assert limit == Decimal(2000)  # equity 1000 at leverage 3
    loan = await margin.borrow("USDT", "500")
    assert (loan.coin, loan.borrow_amount) == ("USDT", Decimal(500))
    (usdt,) = await margin.assets("USDT")
    assert (usdt.available, usdt.borrow, usdt.net) == (Decimal(1500), Decimal(500), Decimal(1000))
    assert await margin.risk_rate() == Decimal("0.33333333")  # debt 500 over assets 1500, 8 places
    assert await margin.max_transferable("USDT") < Decimal(1500)  # the rest must cover the debt
    with pytest.raises(ExchangeError):
        await margin.borrow("USDT", "100000")
    repaid = await margin.repay("USDT", "200")
    assert (repaid.repay_amount, repaid.remaining_debt) == (Decimal(200), Decimal(300))
    (loan_row,) = await margin.borrow_history(coin="USDT")
    assert loan_row.loan_id == loan.loan_id
    (repay_row,) = await margin.repay_history()
    assert repay_row.repay_principal == Decimal(200) and repay_row.repay_interest == 0
    (tier,) = await margin.tier_data("BTC")
    assert tier.leverage == 3
    (rate,) = await margin.interest_rate("USDT")
    assert rate.daily_interest_rate == DAILY_INTEREST_RATE
    with pytest.raises(InputError):
        await margin.borrow("USDT", "0")


def call(exchange: Exchange, method: str, path: str, params: dict[str, Any], now: int) -> Any:
    return exchange.handlers()[(method, path)](SimRequest(method, path, params, UID, now))


def test_interest_accrues_every_full_hour_and_is_repaid_first() -> None:
    exchange = Exchange(seed=3)
    exchange.open_account(UID, {"USDT": Decimal(10_000)})
    move = {"coin": "USDT", "amount": "1000", "fromType": "spot", "toType": "crossed_margin"}
    call(exchange, "POST", "/api/v2/spot/wallet/transfer", move, NOW)
    call(exchange, "POST", "/api/v2/margin/crossed/account/borrow", {"coin": "USDT", "borrowAmount": "1800"}, NOW)
    later = NOW + 10 * HOUR + 5
    history = call(exchange, "GET", "/api/v2/margin/crossed/interest-history", {"startTime": str(NOW)}, later)
    charged = sum(Decimal(row["interestAmount"]) for row in history["resultList"])
    assert charged == Decimal(1800) * DAILY_INTEREST_RATE / 24 * 10
    repaid = call(exchange, "POST", "/api/v2/margin/crossed/account/repay", {"coin": "USDT", "repayAmount": "1"}, later)
    assert Decimal(repaid["remainDebtAmount"]) == Decimal(1800) + charged - 1
    (row,) = call(exchange, "GET", "/api/v2/margin/crossed/repay-history", {"startTime": str(NOW)}, later)["resultList"]
    assert Decimal(row["repayInterest"]) == charged and Decimal(row["repayPrincipal"]) == 1 - charged


def test_answers_have_the_documented_keys() -> None:
    import json
    from pathlib import Path

    exchange = Exchange(seed=3)
    exchange.open_account(UID, {"USDT": Decimal(10_000)})
    move = {"coin": "USDT", "amount": "1000", "fromType": "spot", "toType": "crossed_margin"}
    call(exchange, "POST", "/api/v2/spot/wallet/transfer", move, NOW)
    call(exchange, "POST", "/api/v2/margin/crossed/account/borrow", {"coin": "USDT", "borrowAmount": "100"}, NOW)
    later = NOW + 2 * HOUR
    call(exchange, "POST", "/api/v2/margin/crossed/account/repay", {"coin": "USDT", "repayAmount": "1"}, later)
    order = {"symbol": "BTCUSDT", "side": "buy", "loanType": "normal", "force": "gtc"}
    call(
        exchange,
        "POST",
        "/api/v2/margin/crossed/place-order",
        {**order, "orderType": "limit", "price": "1000", "baseSize": "0.01"},
        later,
    )
    call(
        exchange,
        "POST",
        "/api/v2/margin/crossed/place-order",
        {**order, "orderType": "market", "quoteSize": "100"},
        later,
    )
    samples = Path(__file__).parent / "samples" / "v2"
    for method, path, params in [
        ("GET", "/api/v2/margin/crossed/account/assets", {}),
        ("GET", "/api/v2/margin/crossed/borrow-history", {"startTime": str(NOW)}),
        ("GET", "/api/v2/margin/crossed/repay-history", {"startTime": str(NOW)}),
        ("GET", "/api/v2/margin/crossed/interest-history", {"startTime": str(NOW)}),
        ("GET", "/api/v2/margin/crossed/tier-data", {"coin": "USDT"}),
        ("GET", "/api/v2/margin/crossed/interest-rate-and-limit", {"coin": "USDT"}),
        ("POST", "/api/v2/margin/crossed/account/borrow", {"coin": "USDT", "borrowAmount": "1"}),
        ("POST", "/api/v2/margin/crossed/account/repay", {"coin": "USDT", "repayAmount": "1"}),
        ("GET", "/api/v2/margin/crossed/open-orders", {"symbol": "BTCUSDT", "startTime": str(NOW)}),
        ("GET", "/api/v2/margin/crossed/history-orders", {"symbol": "BTCUSDT", "startTime": str(NOW)}),
        ("GET", "/api/v2/margin/crossed/fills", {"symbol": "BTCUSDT", "startTime": str(NOW)}),
    ]:
        name = f"{method}_{path.strip('/').replace('/', '_')}"
        sample = json.loads((samples / f"{name}.json").read_bytes())["data"]
        served = call(exchange, method, path, params, later)
        listed = [key for key, value in sample.items() if isinstance(value, list)] if isinstance(sample, dict) else []
        if listed:
            assert set(served) == set(sample), path
            sample, served = sample[listed[0]], served[listed[0]]
        first_sample, first_served = (sample[0], served[0]) if isinstance(sample, list) else (sample, served)
        assert set(first_served) == set(first_sample), path


@pytest.mark.anyio
async def test_margin_orders_rest_fill_cancel_and_auto_borrow(bitget_client: Client) -> None:
    from asyncclient.models import OrderStatus, OrderType, Side

    margin = bitget_client.margin
    await bitget_client.wallet.transfer("USDT", "1000", "spot", "crossed_margin")
    (ticker,) = await bitget_client.spot.tickers("BTCUSDT")
    assert ticker.bid_price is not None
    low = (ticker.bid_price / 2).quantize(Decimal("0.01"))
    resting = await margin.place_order("BTCUSDT", Side.BUY, OrderType.LIMIT, "0.001", price=low, client_oid="mo-1")
    (open_order,) = await margin.open_orders("BTCUSDT")
    assert (open_order.order_id, open_order.status, open_order.price) == (resting.order_id, OrderStatus.LIVE, low)
    (usdt,) = await margin.assets("USDT")
    assert usdt.frozen == low * Decimal("0.001")
    await margin.cancel_order("BTCUSDT", client_oid="mo-1")
    assert await margin.open_orders("BTCUSDT") == []
    # A market buy spending more than the account holds: autoLoan borrows the shortfall first.
    bought = await margin.place_order("BTCUSDT", "buy", "market", "1500", loan_type="autoLoan")
    (usdt,) = await margin.assets("USDT")
    assert usdt.borrow == Decimal(500)
    history = await margin.history_orders("BTCUSDT")
    assert [o.order_id for o in history] == [bought.order_id, resting.order_id]
    assert history[0].status is OrderStatus.FILLED and history[1].status is OrderStatus.CANCELLED
    (fill,) = await margin.fills("BTCUSDT")
    assert fill.order_id == bought.order_id and fill.total_fee is not None and fill.total_fee < 0
    batch = await margin.batch_place_orders(
        "BTCUSDT",
        [
            {
                "side": "buy",
                "order_type": "limit",
                "size": "0.001",
                "price": low,
                "client_oid": "mb-1",
                "loan_type": "autoLoan",
            },
            {
                "side": "buy",
                "order_type": "limit",
                "size": "0.001",
                "price": low - 1,
                "client_oid": "mb-2",
                "loan_type": "autoLoan",
            },
        ],
    )
    assert [item.client_oid for item in batch.succeeded] == ["mb-1", "mb-2"]
    cancelled = await margin.batch_cancel_orders("BTCUSDT", client_oids=["mb-1", "mb-2"])
    assert len(cancelled.succeeded) == 2
    with pytest.raises(InputError, match="loan_type"):
        await margin.place_order("BTCUSDT", "buy", "market", "1", loan_type="please")
