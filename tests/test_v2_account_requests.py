"""The account-side request models (wallet, margin, convert, tax) check when built and write the exchange's keys;
their typed methods forward the per-call options (``retry``, ``timeout``) to the request."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asyncclient import Client, ExchangeUnavailableError, InputError, RetryPolicy, TransportError, default_catalogue
from asyncclient.api._convert import ConvertTradeRequest, QuoteQuery
from asyncclient.api._tax import FuturesTaxRecordsQuery
from asyncclient.models._margin_order_requests import MarginBatchRequest, MarginOrderRequest
from asyncclient.models._margin_requests import IsolatedFlashRepayRequest, LiquidationQuery
from asyncclient.models._wallet_requests import TransferRequest, WithdrawalRequest
from asyncclient.testing import Simulator

DAY_MS = 86_400_000
NOW = 1_760_000_000_000


def test_a_withdrawal_says_on_chain_or_internal_and_never_sends_its_flag() -> None:
    on_chain = WithdrawalRequest(coin="usdt", size=Decimal("1.50"), address=" 0xabc ", tag="memo")
    assert on_chain.to_wire() == {
        "coin": "USDT",
        "size": "1.50",
        "address": "0xabc",
        "tag": "memo",
        "transferType": "on_chain",
    }
    assert WithdrawalRequest(coin="USDT", size=1, address="uid-1", internal=True).to_wire()["transferType"] == (
        "internal_transfer"
    )
    with pytest.raises(InputError, match="internal"):
        WithdrawalRequest(coin="USDT", size=1, address="0xabc", internal="no")
    with pytest.raises(InputError, match="tag"):
        WithdrawalRequest(coin="USDT", size=1, address="0xabc", tag="a\r\nb")


def test_a_transfer_always_carries_a_client_oid() -> None:
    first, second = (TransferRequest(coin="USDT", amount="5", from_type="spot", to_type="usdt_futures") for _ in "ab")
    assert first.client_oid and first.client_oid != second.client_oid
    assert first.to_wire()["clientOid"] == first.client_oid
    assert first.to_wire()["fromType"] == "spot" and first.to_wire()["toType"] == "usdt_futures"


def test_a_margin_market_buy_sends_its_size_as_the_quote_amount() -> None:
    buy = MarginOrderRequest(symbol="btcusdt", side="buy", order_type="market", size="50")
    assert buy.to_wire() == {
        "symbol": "BTCUSDT",
        "side": "buy",
        "orderType": "market",
        "loanType": "normal",
        "force": "gtc",
        "quoteSize": "50",
    }
    sell = MarginOrderRequest(symbol="BTCUSDT", side="sell", order_type="limit", size="0.1", price="1", client_oid="a")
    assert sell.to_wire()["baseSize"] == "0.1" and sell.to_wire()["clientOid"] == "a"
    with pytest.raises(InputError, match="price is required"):
        MarginOrderRequest(symbol="BTCUSDT", side="sell", order_type="limit", size="0.1")


def test_a_bad_batch_item_is_named_by_its_index() -> None:
    good = {"side": "buy", "order_type": "limit", "size": "0.001", "price": "100"}
    batch = MarginBatchRequest(symbol="BTCUSDT", orders=[good, {**good, "loan_type": "autoLoan"}])
    assert [leg["loanType"] for leg in batch.to_wire()["orderList"]] == ["normal", "autoLoan"]
    with pytest.raises(InputError, match=r"orders\[1\]: size must be positive"):
        MarginBatchRequest(symbol="BTCUSDT", orders=[good, {**good, "size": "0"}])
    with pytest.raises(InputError, match=r"orders\[0\] has unknown keys \['clientOid'\]"):
        MarginBatchRequest(symbol="BTCUSDT", orders=[{**good, "clientOid": "x"}])
    with pytest.raises(InputError, match=r"orders\[0\] needs side"):
        MarginBatchRequest(symbol="BTCUSDT", orders=[{"side": "buy"}])


def test_record_queries_default_to_the_widest_window_the_exchange_accepts() -> None:
    query = LiquidationQuery(end=NOW).widest()
    assert query.to_wire() == {"startTime": NOW - 90 * DAY_MS, "endTime": NOW}
    given = LiquidationQuery(start=NOW - DAY_MS, end=NOW)
    assert given.widest() is given
    with pytest.raises(InputError, match="90 days"):
        LiquidationQuery(start=NOW - 91 * DAY_MS, end=NOW)
    assert IsolatedFlashRepayRequest(symbols=[]).to_wire() == {}  # every pair
    assert IsolatedFlashRepayRequest(symbols=["btcusdt"]).to_wire() == {"symbolList": ("BTCUSDT",)}


def test_convert_and_tax_queries_name_the_argument_and_send_both_ends() -> None:
    assert QuoteQuery(from_coin="eth", to_coin="usdt", to_size="10").to_wire() == {
        "fromCoin": "ETH",
        "toCoin": "USDT",
        "toCoinSize": "10",
    }
    with pytest.raises(InputError, match="to_coin"):
        QuoteQuery(from_coin="ETH", to_coin="US/DT", from_size="1")
    with pytest.raises(InputError, match="ConvertQuote"):
        ConvertTradeRequest.of({"traceId": "t"})
    futures = FuturesTaxRecordsQuery(margin_coin="usdt", end=NOW).widest(with_end=True)
    assert futures.to_wire() == {"marginCoin": "USDT", "startTime": NOW - 366 * DAY_MS, "endTime": NOW}
    with pytest.raises(InputError, match="margin_coin"):
        FuturesTaxRecordsQuery(margin_coin="")


CATALOGUE = default_catalogue().without_limits()
RECORDS = "/api/v2/spot/account/transferRecords"


@pytest.mark.anyio
async def test_a_wallet_method_forwards_the_per_call_retry_and_timeout() -> None:
    sim = Simulator(seed=7, catalogue=CATALOGUE)
    sim.add_account("k", "s", "p")
    patient = RetryPolicy(max_attempts=3, deadline=5.0, backoff_base=0.0, backoff_cap=0.0)
    client = Client("k", "s", "p", catalogue=CATALOGUE, transport=sim.transport(), retry=patient)
    async with client:
        sim.faults.set(RECORDS, error_rate=1.0)
        with pytest.raises(ExchangeUnavailableError) as once:
            await client.wallet.transfer_records("USDT", retry=RetryPolicy(max_attempts=1))
        assert len(once.value.attempts) == 1  # the call's own policy
        with pytest.raises(ExchangeUnavailableError) as default:
            await client.wallet.transfer_records("USDT")
        assert len(default.value.attempts) == 3  # the client's
        sim.faults.set(RECORDS, latency=1.0)
        with pytest.raises(TransportError, match=r"timeout of 0\.05s"):
            await client.wallet.transfer_records("USDT", timeout=0.05, retry=RetryPolicy(max_attempts=1))
        assert await client.wallet.transfer_records("USDT") == []  # the client's 10 s let it through
