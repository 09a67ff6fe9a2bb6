"""pytest fixtures for testing against the simulator.

Enable them in a ``conftest.py`` with ``pytest_plugins = ["asyncclient.testing.pytest_plugin"]``.

- ``bitget_simulator``: a fresh :class:`Simulator` (seed 1) with one account (``SIM_API_KEY``,
  ``SIM_API_SECRET``, ``SIM_PASSPHRASE``, demo balances); tweak its clock, faults and limits in the test.
- ``bitget_account_mode``: that account's mode, ``"classic"``; parametrize it
  (``@pytest.mark.parametrize("bitget_account_mode", ["uta"])``) or override it for a unified account.
- ``bitget_client``: an :class:`asyncclient.Client` for that account, wired to the simulator in-process.
- ``bitget_server_url``: the simulator served by uvicorn on a loopback port, for code that needs real sockets.

The async fixtures run under anyio's pytest plugin: mark the tests ``@pytest.mark.anyio``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from .._client import Client
from . import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE
from ._simulator import Simulator

__all__ = ["SIMULATOR_BASE_URL", "bitget_account_mode", "bitget_client", "bitget_server_url", "bitget_simulator"]

#: The base URL the in-process client uses (any URL works; the transport never leaves the process).
SIMULATOR_BASE_URL = "http://simulator"


@pytest.fixture
def bitget_account_mode() -> str:
    """The test account's mode: ``"classic"`` (the v2 API) or ``"uta"`` (a unified account, the v3 API)."""
    return "classic"


@pytest.fixture
def bitget_simulator(bitget_account_mode: str) -> Simulator:
    """A simulator with the default test account registered (in ``bitget_account_mode``)."""
    sim = Simulator(seed=1)
    sim.add_account(api_key=SIM_API_KEY, api_secret=SIM_API_SECRET, passphrase=SIM_PASSPHRASE, mode=bitget_account_mode)
    return sim


@pytest.fixture
async def bitget_client(bitget_simulator: Simulator, anyio_backend: str) -> AsyncIterator[Client]:
    """A client for the default account, talking to ``bitget_simulator`` in-process."""
    async with Client(
        SIM_API_KEY,
        SIM_API_SECRET,
        SIM_PASSPHRASE,
        base_url=SIMULATOR_BASE_URL,
        transport=bitget_simulator.transport(),
        credentials_from_env=False,
    ) as client:
        yield client


@pytest.fixture
async def bitget_server_url(bitget_simulator: Simulator, anyio_backend: str) -> AsyncIterator[str]:
    """``bitget_simulator`` served by uvicorn on a free loopback port; yields its base URL (needs the sim extra)."""
    from . import serve

    async with serve(bitget_simulator) as url:
        yield url
