"""Each v2 typed method added for the whole-API issue against every documented sample it corresponds to.

The samples (copied from ``/work/shared/bitget/samples`` into ``tests/samples/v2``) are served by an
``httpx.MockTransport`` keyed by path, so each case runs typed method, client, envelope and model; every model
also round-trips through ``to_wire()``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from test_samples import assert_round_trips

from asyncclient import Client
from asyncclient.models import AccountType, FuturesPlanType, HoldSide, PlanStatus, Side, TriggerType

SAMPLES = Path(__file__).parent / "samples" / "v2"

pytestmark = pytest.mark.anyio


class SampleExchange:
    """Answers each path with its sample file."""

    def __init__(self) -> None:
        self.served: list[str] = []
        #: A ``__2`` file to serve in place of a path's sample.
        self.variants: dict[str, str] = {}

    def handler(self, request: httpx.Request) -> httpx.Response:
        name = f"{request.method}_{request.url.path.strip('/').replace('/', '_')}"
        name = self.variants.get(name, name)
        path = SAMPLES / f"{name}.json"
        if not path.exists():
            return httpx.Response(404, json={"code": "40404", "msg": "no sample", "data": None})
        self.served.append(name)
        return httpx.Response(200, content=path.read_bytes(), headers={"content-type": "application/json"})


@pytest.fixture
def exchange() -> SampleExchange:
    return SampleExchange()


@pytest.fixture
async def client(exchange: SampleExchange) -> AsyncIterator[Client]:
    async with Client(
        "key",
        "secret",
        "pass",
        base_url="https://sample.test",
        transport=httpx.MockTransport(exchange.handler),
        credentials_from_env=False,
    ) as client:
        yield client


@attrs.frozen
class Case:
    sample: str
    call: Callable[[Client], Awaitable[Any]]
    check: Callable[[Any], bool | None]
    #: Plain answers (a list of coin names, a flag) have no model to round-trip.
    model: bool = True


def _check_plan_page(page: Any) -> None:
    (plan,) = page
    assert page.end_id is None  # nextFlag false: no further page
    assert (plan.symbol, plan.size, plan.trigger_price, plan.status) == (
        "TRXUSDT",
        Decimal(151),
        Decimal("0.041572"),
        PlanStatus.NOT_TRIGGER,
    )
    assert plan.side is Side.BUY and plan.trigger_type is TriggerType.FILL_PRICE


def _check_futures_plans(page: Any) -> None:
    (plan,) = page
    assert page.end_id == "123" and plan.plan_type is FuturesPlanType.NORMAL_PLAN
    assert (plan.price, plan.trigger_price, plan.pos_side) == (Decimal(1900), Decimal(1901), HoldSide.LONG)
    assert (plan.take_profit_trigger_price, plan.stop_loss_trigger_price) == (Decimal(2002), Decimal(1820))


CASES = [
    Case(
        "POST_api_v2_spot_wallet_transfer",
        lambda c: c.wallet.transfer("USDT", "1", "spot", "usdt_futures", client_oid="x123"),
        lambda r: (r.transfer_id, r.client_oid) == ("123456", "x123"),
    ),
    Case(
        "GET_api_v2_spot_wallet_transfer-coin-info",
        lambda c: c.wallet.transferable_coins("spot", "usdt_futures"),
        lambda r: r == ["BTC", "USDT", "ETH"],
        model=False,
    ),
    Case(
        "GET_api_v2_spot_account_transferRecords",
        lambda c: c.wallet.transfer_records("BTC"),
        lambda r: r[0].size == Decimal(1000) and r[0].to_type is AccountType.USDT_FUTURES and r[0].ts_ms > 0,
    ),
    Case(
        "GET_api_v2_spot_wallet_deposit-address",
        lambda c: c.wallet.deposit_address("BTC"),
        lambda r: (r.address, r.chain, r.tag) == ("xxx", "BTC-Bitcoin", None),  # "" reads as absent
    ),
    Case(
        "GET_api_v2_spot_wallet_deposit-records",
        lambda c: c.wallet.deposit_records(),
        lambda r: r[0].size == Decimal(10) and r[0].type == "deposit" and r[0].fee is None,
    ),
    Case(
        "POST_api_v2_spot_wallet_withdrawal",
        lambda c: c.wallet.withdraw("USDT", "10", "0x1", client_oid="123"),
        lambda r: (r.order_id, r.client_oid) == ("123", "123"),
    ),
    Case(
        "GET_api_v2_spot_wallet_withdrawal-records",
        lambda c: c.wallet.withdrawal_records(),
        lambda r: r[0].fee == Decimal(-1) and r[0].client_oid == "123" and r[0].confirm == "100",
    ),
    Case(
        "POST_api_v2_spot_wallet_cancel-withdrawal",
        lambda c: c.wallet.cancel_withdrawal("1"),
        lambda r: r is True,
        model=False,
    ),
    Case(
        "POST_api_v2_spot_trade_place-plan-order",
        lambda c: c.spot.place_plan_order("TRXUSDT", "buy", "limit", "151", "0.041572", execute_price="0.041572"),
        lambda r: (r.order_id, r.client_oid) == ("121211212122", "121211212122"),
    ),
    Case(
        "POST_api_v2_spot_trade_modify-plan-order",
        lambda c: c.spot.modify_plan_order("market", "10", "0.05", order_id="121211212122"),
        lambda r: r.order_id == "121211212122",
    ),
    Case(
        "POST_api_v2_spot_trade_cancel-plan-order",
        lambda c: c.spot.cancel_plan_order("121211212122"),
        lambda r: r is True,
        model=False,
    ),
    Case(
        "POST_api_v2_spot_trade_batch-cancel-plan-order",
        lambda c: c.spot.cancel_plan_orders(["TRXUSDT"]),
        lambda r: len(r.succeeded) == 1 and r.failed[0].error_message == "failure",
    ),
    Case(
        "GET_api_v2_spot_trade_current-plan-order",
        lambda c: c.spot.current_plan_orders("TRXUSDT"),
        _check_plan_page,
    ),
    Case(
        "GET_api_v2_spot_trade_history-plan-order",
        lambda c: c.spot.history_plan_orders("TRXUSDT"),
        _check_plan_page,
    ),
    Case(
        "GET_api_v2_spot_trade_plan-sub-order",
        lambda c: c.spot.plan_sub_orders("1"),
        lambda r: r[0].price == Decimal("0.4188") and r[0].status == "success",
    ),
    Case(
        "POST_api_v2_spot_trade_cancel-replace-order",
        lambda c: c.spot.cancel_replace_order("BTCUSDT", "1", "1", order_id="1"),
        lambda r: r.ok and r.order_id == "xxxxxxxxxxxxxxx" and r.client_oid is None,
    ),
    Case(
        "POST_api_v2_spot_trade_batch-cancel-replace-order",
        lambda c: c.spot.batch_cancel_replace_orders([{"symbol": "BTCUSDT", "price": 1, "size": 1, "order_id": "1"}]),
        lambda r: not r[0].ok and r[0].message == "xxxxxx",
    ),
    Case(
        "POST_api_v2_mix_order_place-plan-order",
        lambda c: c.futures.place_plan_order("ETHUSDT", "buy", "market", "1", "1901"),
        lambda r: (r.order_id, r.client_oid) == ("121212121212", "BITGET#1627293504612"),
    ),
    Case(
        "POST_api_v2_mix_order_modify-plan-order",
        lambda c: c.futures.modify_plan_order("ETHUSDT", order_id="1", new_trigger_price="1"),
        lambda r: r.order_id == "21627293504612",
    ),
    Case(
        "POST_api_v2_mix_order_place-tpsl-order",
        lambda c: c.futures.place_tpsl_order("ETHUSDT", "profit_plan", "2000", "long"),
        lambda r: r.order_id == "121212121212",
    ),
    Case(
        "POST_api_v2_mix_order_place-pos-tpsl",
        lambda c: c.futures.place_position_tpsl("ETHUSDT", "long", take_profit_trigger_price="2000"),
        lambda r: len(r) == 2 and r[0].take_profit_client_oid == "xxxxxxxx",
    ),
    Case(
        "POST_api_v2_mix_order_modify-tpsl-order",
        lambda c: c.futures.modify_tpsl_order("ETHUSDT", "2001", order_id="121212121212"),
        lambda r: r.client_oid == "BITGET#1627293504612",
    ),
    Case(
        "POST_api_v2_mix_order_cancel-plan-order",
        lambda c: c.futures.cancel_plan_orders("ETHUSDT", order_ids=["121212121212", "123"]),
        lambda r: len(r.succeeded) == 2 and r.failed[0].error_message == "notExistend",
    ),
    Case(
        "GET_api_v2_mix_order_orders-plan-pending",
        lambda c: c.futures.pending_plan_orders("normal_plan"),
        _check_futures_plans,
    ),
    Case(
        "GET_api_v2_margin_crossed_account_assets",
        lambda c: c.margin.assets(),
        lambda r: (r[0].total_amount, r[0].borrow, r[0].interest) == (Decimal(12), Decimal("0.1"), Decimal("0.000001")),
    ),
    Case(
        "GET_api_v2_margin_crossed_account_max-borrowable-amount",
        lambda c: c.margin.max_borrowable("USDT"),
        lambda r: r == Decimal("3976070.21616"),
        model=False,
    ),
    Case(
        "GET_api_v2_margin_crossed_account_max-transfer-out-amount",
        lambda c: c.margin.max_transferable("USDT"),
        lambda r: r == Decimal(11),
        model=False,
    ),
    Case(
        "GET_api_v2_margin_crossed_account_risk-rate",
        lambda c: c.margin.risk_rate(),
        lambda r: r == 0,
        model=False,
    ),
    Case(
        "POST_api_v2_margin_crossed_account_borrow",
        lambda c: c.margin.borrow("USDT", "1"),
        lambda r: (r.loan_id, r.borrow_amount) == ("2342332432", Decimal(1)),
    ),
    Case(
        "POST_api_v2_margin_crossed_account_repay",
        lambda c: c.margin.repay("USDT", "0.1"),
        lambda r: (r.repay_amount, r.remaining_debt) == (Decimal("0.1"), Decimal("0.2")),
    ),
    Case(
        "GET_api_v2_margin_crossed_borrow-history",
        lambda c: c.margin.borrow_history(),
        lambda r: r[0].borrow_type == "manual_loan",
    ),
    Case(
        "GET_api_v2_margin_crossed_repay-history",
        lambda c: c.margin.repay_history(),
        lambda r: (r[0].repay_interest, r[0].repay_principal) == (Decimal("0.0001"), Decimal("0.1")),
    ),
    Case(
        "GET_api_v2_margin_crossed_interest-history",
        lambda c: c.margin.interest_history(),
        lambda r: r[0].interest_type == "first" and r[0].interest_amount == Decimal("1.2"),
    ),
    Case(
        "GET_api_v2_margin_crossed_tier-data",
        lambda c: c.margin.tier_data("ETH"),
        lambda r: (r[0].tier, r[0].maintain_margin_rate) == (1, Decimal("0.05")),
    ),
    Case(
        "GET_api_v2_margin_crossed_interest-rate-and-limit",
        lambda c: c.margin.interest_rate("ETH"),
        lambda r: r[0].daily_interest_rate == Decimal("0.0005") and r[0].transferable is True,
    ),
    Case(
        "GET_api_v2_spot_account_info",
        lambda c: c.account.info(),
        lambda r: r.authorities == ("trade", "readonly") and r.ips == "127.0.0.1",
    ),
    Case(
        "GET_api_v2_account_all-account-balance",
        lambda c: c.account.balances(),
        lambda r: len(r) == 6 and r[5].account_type == "margin" and r[5].usdt_balance == Decimal("54616.35774218"),
    ),
    Case(
        "GET_api_v2_account_funding-assets",
        lambda c: c.account.funding_assets(),
        lambda r: (r[0].coin, r[0].available, r[0].frozen) == ("USDT", Decimal(326), None),
    ),
    Case(
        "GET_api_v2_common_trade-rate",
        lambda c: c.common.trade_rate("BTCUSDT"),
        lambda r: (r.maker_fee_rate, r.taker_fee_rate) == (Decimal("0.0002"), Decimal("0.0006")),
    ),
    Case(
        "GET_api_v2_public_annoucements",
        lambda c: c.common.announcements(),
        lambda r: (r[0].ann_id, r[0].title, r[0].language) == ("1", "test0629", "zh_CN"),
    ),
    Case(
        "POST_api_v2_margin_crossed_place-order",
        lambda c: c.margin.place_order("BTCUSDT", "buy", "limit", "0.01", price="32111"),
        lambda r: r.order_id == "121211212122",
    ),
    Case(
        "POST_api_v2_margin_crossed_cancel-order",
        lambda c: c.margin.cancel_order("BTCUSDT", "121211212122"),
        lambda r: r.client_oid == "BITGET#121211212122",
    ),
    Case(
        "GET_api_v2_margin_crossed_open-orders",
        lambda c: c.margin.open_orders("BTCUSDT"),
        lambda r: (r[0].loan_type, r[0].base_size, r[0].quote_size) == ("normal", Decimal("0.01"), Decimal(1000)),
    ),
    Case(
        "GET_api_v2_margin_crossed_history-orders",
        lambda c: c.margin.history_orders("BTCUSDT"),
        lambda r: r[0].status.value == "filled" and r[0].price_avg == Decimal(32111),
    ),
    Case(
        "GET_api_v2_margin_crossed_fills",
        lambda c: c.margin.fills("BTCUSDT"),
        lambda r: r[0].total_fee == Decimal("-0.017118519726") and r[0].fee_detail["feeCoin"] == "BGB",
    ),
    Case(
        "POST_api_v2_mix_order_modify-order",
        lambda c: c.futures.modify_order("BTCUSDT", order_id="1", new_price="1", new_client_oid="BITGET#121212121212"),
        lambda r: (r.order_id, r.client_oid) == ("121212121212", "BITGET#121212121212"),
    ),
    Case(
        "POST_api_v2_mix_account_set-margin",
        lambda c: c.futures.adjust_margin("BTCUSDT", "long", "-5"),
        lambda r: r is None,  # the exchange answers "data": ""
        model=False,
    ),
    Case(
        "GET_api_v2_margin_crossed_liquidation-history",
        lambda c: c.margin.liquidation_history(),
        lambda r: (
            (r[0].liquidation_id, r[0].risk_ratio, r[0].total_debt, r[0].liquidation_fee, r[0].start_ms)
            == ("1", Decimal("0.1"), Decimal(123), Decimal("31.1"), 1356756456873)
        ),
    ),
    Case(
        "GET_api_v2_margin_crossed_liquidation-order",
        lambda c: c.margin.liquidation_orders(),
        lambda r: (
            (r[0].order_id, r[0].side, r[0].fill_size, r[0].amount, r[0].from_coin)
            == ("1131405566368010241", "liquidation-sell", Decimal(1), Decimal("43024.762472"), None)
        ),
    ),
    Case(
        "POST_api_v2_margin_crossed_account_flash-repay",
        lambda c: c.margin.flash_repay("ETH"),
        lambda r: (r.repay_id, r.coin) == ("3423423", "ETH"),
    ),
    Case(
        "POST_api_v2_margin_crossed_account_query-flash-repay-status",
        lambda c: c.margin.flash_repay_status(["2342332432"]),
        lambda r: [(s.repay_id, s.status) for s in r] == [("2342332432", "FINISH")],
    ),
    Case(
        "GET_api_v2_mix_account_bill",
        lambda c: c.futures.bills(),
        lambda r: (
            r.end_id == "2"
            and [(b.bill_id, b.business_type, b.amount, b.fee) for b in r]
            == [("1", "contract_settle_fee", Decimal("-0.004992"), 0), ("2", "open_long", 0, Decimal("-0.222012"))]
            and r[0].fee_by_coupon is None
            and r[0].balance == Decimal("232.21")
        ),
    ),
    Case(
        "GET_api_v2_mix_position_history-position",
        lambda c: c.futures.position_history("ETHUSDT"),
        lambda r: (
            r.end_id == "1188739282722996236"
            and len(r) == 2
            and (r[0].hold_side, r[0].open_price_avg, r[0].close_price_avg, r[0].net_profit)
            == (HoldSide.LONG, Decimal("3495.34"), Decimal("3494.99"), Decimal("-0.04544198"))
            and r[1].created_ms == 1719143451044
        ),
    ),
    Case(
        "GET_api_v2_mix_order_orders-plan-history",
        lambda c: c.futures.history_plan_orders("normal_plan"),
        lambda r: (
            (r[0].plan_status, r[0].execute_order_id, r[0].price_avg) == ("executed", "123456", Decimal("1999.2"))
        ),
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.sample for case in CASES])
async def test_sample_parses_through_typed_method_and_round_trips(
    client: Client, exchange: SampleExchange, case: Case
) -> None:
    result = await case.call(client)
    assert case.check(result) in (None, True), result
    assert case.sample in exchange.served
    if case.model:
        assert_round_trips(result)


async def test_second_plan_pending_variant_a_position_take_profit(client: Client, exchange: SampleExchange) -> None:
    exchange.variants["GET_api_v2_mix_order_orders-plan-pending"] = "GET_api_v2_mix_order_orders-plan-pending__2"
    (plan,) = await client.futures.pending_plan_orders("profit_loss")
    assert plan.plan_type is FuturesPlanType.POS_PROFIT and plan.size == 0 and plan.stop_loss_trigger_price is None
    assert_round_trips([plan])


def test_every_v2_sample_file_is_exercised() -> None:
    on_disk = {path.stem for path in SAMPLES.glob("*.json")} - {
        "GET_api_v2_public_time",
        "GET_api_v2_mix_order_orders-plan-pending__2",
    }
    assert on_disk == {case.sample for case in CASES}
    for path in SAMPLES.glob("*.json"):
        assert json.loads(path.read_bytes())["code"] == "00000"
