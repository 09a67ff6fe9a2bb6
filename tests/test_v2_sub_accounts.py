"""Sub-account transfers (``client.wallet.sub_account_transfer``, unsafe to repeat), their records and the
sub-accounts' assets (``client.account.sub_account_assets``) against the simulator over HTTP."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asyncclient import Client, ExchangeError, InputError, OutcomeUnknownError
from asyncclient.testing import SIM_API_KEY, Simulator

pytestmark = pytest.mark.anyio


async def test_main_to_sub_and_back(bitget_client: Client, bitget_simulator: Simulator) -> None:
    main = bitget_simulator.uid_of(SIM_API_KEY)
    sub = bitget_simulator.add_sub_account(main, {"ETH": "2"})
    wallet = bitget_client.wallet
    sent = await wallet.sub_account_transfer("USDT", "25", "spot", "spot", main, sub, client_oid="sub-1")
    assert sent.client_oid == "sub-1" and sent.transfer_id
    await wallet.sub_account_transfer("ETH", "0.5", "spot", "spot", sub, main)
    (family,) = await bitget_client.account.sub_account_assets()
    assert family.user_id == sub
    held = {str(row["coin"]): Decimal(str(row["available"])) for row in family.assets_list}
    assert held == {"ETH": Decimal("1.5"), "USDT": Decimal(25)}
    back, out = await wallet.sub_transfer_records()  # newest first
    assert (back.coin, back.from_user_id, back.to_user_id) == ("ETH", sub, main)
    assert (out.transfer_id, out.size, out.client_oid) == (sent.transfer_id, Decimal(25), "sub-1")
    (found,) = await wallet.sub_transfer_records(client_oid="sub-1")
    assert found.transfer_id == sent.transfer_id
    assert [r.coin for r in await wallet.sub_transfer_records(role="receiver")] == ["ETH"]
    with pytest.raises(ExchangeError):  # not in the family
        await wallet.sub_account_transfer("USDT", "1", "spot", "spot", main, "123")
    with pytest.raises(InputError):
        await wallet.sub_account_transfer("USDT", "1", "spot", "spot", main, "not-a-uid")


async def test_an_ambiguous_sub_transfer_is_never_sent_twice(
    bitget_client: Client, bitget_simulator: Simulator
) -> None:
    main = bitget_simulator.uid_of(SIM_API_KEY)
    sub = bitget_simulator.add_sub_account(main)
    bitget_simulator.faults.set("/api/v2/spot/wallet/subaccount-transfer", error_after_accept_rate=1.0)
    with pytest.raises(OutcomeUnknownError):
        await bitget_client.wallet.sub_account_transfer("USDT", "10", "spot", "spot", main, sub, client_oid="amb-1")
    bitget_simulator.faults.clear()
    (record,) = await bitget_client.wallet.sub_transfer_records(client_oid="amb-1")  # it did happen, once
    assert record.size == Decimal(10)
