"""Every ``client.wallet`` method against the simulator over HTTP (in-process), on asyncio and trio."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from asyncclient import Client, ExchangeError, InputError, InsufficientFundsError
from asyncclient.models import AccountType

pytestmark = pytest.mark.anyio


async def _futures_usdt(client: Client) -> Decimal:
    (account,) = await client.futures.accounts()
    return account.available


async def _spot(client: Client, coin: str) -> Decimal:
    (asset,) = await client.spot.assets(coin)
    return asset.available


async def test_transfer_moves_usdt_between_spot_and_futures_once_per_client_oid(bitget_client: Client) -> None:
    spot_before, futures_before = await _spot(bitget_client, "USDT"), await _futures_usdt(bitget_client)
    done = await bitget_client.wallet.transfer("USDT", "250", AccountType.SPOT, "usdt_futures", client_oid="t-1")
    assert done.client_oid == "t-1" and done.transfer_id
    # The documented de-duplication: the same clientOid answers the same transfer and moves nothing again.
    again = await bitget_client.wallet.transfer("USDT", "250", "spot", "usdt_futures", client_oid="t-1")
    assert again == done
    assert await _spot(bitget_client, "USDT") == spot_before - 250
    assert await _futures_usdt(bitget_client) == futures_before + 250
    back = await bitget_client.wallet.transfer("USDT", Decimal(50), "usdt_futures", "spot")
    assert back.client_oid and back.client_oid != "t-1"  # a clientOid is always sent
    records = await bitget_client.wallet.transfer_records("USDT")
    assert [r.transfer_id for r in records] == [back.transfer_id, done.transfer_id]
    assert (records[1].from_type, records[1].to_type, records[1].size) == (
        AccountType.SPOT,
        AccountType.USDT_FUTURES,
        Decimal(250),
    )
    (found,) = await bitget_client.wallet.transfer_records("USDT", client_oid="t-1")
    assert found.transfer_id == done.transfer_id


async def test_transfer_refusals(bitget_client: Client) -> None:
    with pytest.raises(InsufficientFundsError) as refused:
        await bitget_client.wallet.transfer("USDT", "1e12", "spot", "usdt_futures")
    assert refused.value.code == "43012"
    with pytest.raises(InputError, match="amount"):
        await bitget_client.wallet.transfer("USDT", "-1", "spot", "usdt_futures")
    with pytest.raises(InputError, match="from_type"):
        await bitget_client.wallet.transfer("USDT", "1", "savings", "spot")


async def test_transferable_coins(bitget_client: Client) -> None:
    assert await bitget_client.wallet.transferable_coins("spot", "usdt_futures") == ["USDT"]
    spot_coins = await bitget_client.wallet.transferable_coins("usdt_futures", "spot")
    assert spot_coins == ["USDT"]


async def test_deposit_address_and_records(bitget_client: Client) -> None:
    address = await bitget_client.wallet.deposit_address("BTC")
    assert address.coin == "BTC" and address.address and address.chain == "BTC"
    deposits = await bitget_client.wallet.deposit_records(coin="USDT")
    assert deposits and all(d.coin == "USDT" and d.type == "deposit" and d.size > 0 for d in deposits)


async def test_withdrawal_leaves_the_balance_with_its_fee_and_is_on_record(bitget_client: Client) -> None:
    before = await _spot(bitget_client, "USDT")
    ack = await bitget_client.wallet.withdraw("USDT", "10", "0xabc", chain="ERC20", client_oid="w-1")
    assert ack.client_oid == "w-1" and ack.order_id
    assert await _spot(bitget_client, "USDT") == before - 11  # 10 and the 1 USDT fee
    (record,) = await bitget_client.wallet.withdrawal_records(client_oid="w-1")
    assert (record.order_id, record.size, record.fee, record.to_address) == (
        ack.order_id,
        Decimal(10),
        Decimal(-1),
        "0xabc",
    )
    with pytest.raises(ExchangeError, match="47003"):  # a completed withdrawal cannot be cancelled
        await bitget_client.wallet.cancel_withdrawal(ack.order_id)
    with pytest.raises(InputError, match="address"):
        await bitget_client.wallet.withdraw("USDT", "10", " ")


@pytest.mark.parametrize(
    ("method", "path", "params"),
    [
        ("GET", "/api/v2/spot/account/transferRecords", {"coin": "USDT"}),
        ("GET", "/api/v2/spot/wallet/deposit-address", {"coin": "USDT"}),
        ("GET", "/api/v2/spot/wallet/deposit-records", {}),
        ("GET", "/api/v2/spot/wallet/withdrawal-records", {}),
    ],
)
async def test_answers_have_the_documented_keys(
    bitget_client: Client, method: str, path: str, params: dict[str, str]
) -> None:
    """The simulator answers with every key of the documented sample (after one transfer and withdrawal)."""
    await bitget_client.wallet.transfer("USDT", "5", "spot", "usdt_futures")
    await bitget_client.wallet.withdraw("USDT", "5", "0xabc")
    name = f"{method}_{path.strip('/').replace('/', '_')}"
    sample = json.loads((Path(__file__).parent / "samples" / "v2" / f"{name}.json").read_bytes())["data"]
    served = await bitget_client.request(method, path, params)
    first_sample, first_served = (sample[0], served[0]) if isinstance(sample, list) else (sample, served)
    assert set(first_served) == set(first_sample)
