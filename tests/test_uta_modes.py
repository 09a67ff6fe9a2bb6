"""Classic and unified accounts exclude each other's APIs (40084/40085), and switch with a delay, as documented."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
import pytest

from asyncclient import AccountModeError, Client, PermissionDeniedError
from asyncclient.models import AccountMode, Category, SwitchState
from asyncclient.testing import Simulator
from asyncclient.testing.exchange import Exchange

pytestmark = pytest.mark.anyio
KEY, SECRET, PASSPHRASE = "mode-key", "mode-secret", "mode-pass"


@asynccontextmanager
async def _client(mode: str, *, delay_ms: int = 60_000) -> AsyncIterator[tuple[Simulator, Client]]:
    sim = Simulator(seed=2)
    assert isinstance(sim.exchange, Exchange)
    sim.exchange.uta.modes.switch_delay_ms = delay_ms
    sim.add_account(KEY, SECRET, PASSPHRASE, mode=mode)
    async with Client(KEY, SECRET, PASSPHRASE, base_url="http://simulator", transport=sim.transport()) as client:
        yield sim, client


async def test_a_classic_key_on_v3_gets_40084_with_the_group_to_use() -> None:
    async with _client("classic") as (_, client):
        assert await client.account_mode() is AccountMode.CLASSIC
        with pytest.raises(AccountModeError) as caught:
            await client.uta.assets()
        assert caught.value.code == "40084" and caught.value.account_mode == "classic"
        assert "use client.spot" in str(caught.value) and isinstance(caught.value, PermissionDeniedError)
        assert (await client.spot.assets())[0].coin  # the classic group works
        assert await client.uta.tickers(Category.SPOT, "BTCUSDT")  # public v3 data needs no mode


async def test_a_unified_key_on_v2_gets_40085_with_the_group_to_use() -> None:
    async with _client("uta") as (_, client):
        assert await client.account_mode() is AccountMode.UNIFIED
        with pytest.raises(AccountModeError, match=r"this key belongs to a unified account: use client\.uta") as caught:
            await client.spot.assets()
        assert caught.value.code == "40085" and caught.value.account_mode == "unified"
        with pytest.raises(AccountModeError):
            await client.futures.account("USDT")
        assert await client.spot.tickers("BTCUSDT")  # public v2 data needs no mode
        assert (await client.uta.assets()).assets


async def test_upgrade_to_unified_takes_the_documented_delay() -> None:
    async with _client("classic", delay_ms=2_000) as (sim, client):
        await client.request("POST", "/api/v2/spot/account/upgrade")
        status = await client.request("GET", "/api/v2/spot/account/upgrade-status")
        assert status == {"status": "processing"}
        assert await client.account_mode() is AccountMode.CLASSIC  # not yet: it answers before it finishes
        sim.clock.jump(3)
        assert (await client.request("GET", "/api/v2/spot/account/upgrade-status")) == {"status": "success"}
        assert await client.account_mode() is AccountMode.UNIFIED
        with pytest.raises(AccountModeError):
            await client.spot.assets()


async def test_switch_back_to_classic() -> None:
    async with _client("uta", delay_ms=2_000) as (sim, client):
        assert (await client.uta.switch_status()).status is SwitchState.FAIL  # nothing asked yet
        await client.uta.place_order("SPOT", "BTCUSDT", "buy", "limit", "0.001", price="10000", client_oid="open-1")
        with pytest.raises(Exception, match="40920"):
            await client.uta.switch_to_classic()  # refused while an order is open
        await client.uta.cancel_order(client_oid="open-1")
        await client.uta.switch_to_classic()
        assert (await client.uta.switch_status()).status is SwitchState.PROCESSING
        assert (await client.uta.account_settings()).account_mode is AccountMode.SWITCHING
        sim.clock.jump(3)
        assert (await client.uta.switch_status()).status is SwitchState.SUCCESS  # polled across the change
        assert await client.account_mode() is AccountMode.CLASSIC
        assert await client.spot.assets()


def test_add_account_refuses_an_unknown_mode() -> None:
    with pytest.raises(ValueError, match="mode"):
        Simulator().add_account("k", "s", "p", mode="unified")


async def test_sim_command_line_serves_a_unified_account() -> None:
    """``asyncclient sim --account-mode uta`` (the public flag): a real process on a loopback port."""
    from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE

    command = [sys.executable, "-m", "asyncclient.testing", "--port", "0", "--account-mode", "uta"]
    async with await anyio.open_process(command) as process:
        try:
            assert process.stdout is not None
            line = b""
            with anyio.fail_after(30):
                while not line.endswith(b"\n"):
                    line += await process.stdout.receive(1)
            assert b"uta account" in line
            base_url = line.decode().split("listening on ")[1].split(" ")[0]
            async with Client(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, base_url=base_url) as client:
                assert await client.account_mode() is AccountMode.UNIFIED
                with pytest.raises(AccountModeError):
                    await client.spot.assets()
        finally:
            process.terminate()


@pytest.mark.parametrize("bitget_account_mode", ["uta"])
async def test_the_pytest_fixtures_give_a_unified_account_when_asked(bitget_client: Client) -> None:
    assert await bitget_client.account_mode() is AccountMode.UNIFIED
    assert (await bitget_client.uta.assets()).coin("USDT") is not None


async def test_the_pytest_fixtures_default_to_a_classic_account(bitget_client: Client) -> None:
    assert await bitget_client.account_mode() is AccountMode.CLASSIC
