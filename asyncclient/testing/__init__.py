"""An offline Bitget exchange (v2 and v3) that enforces the real protocol: signatures, the 30-second window against its
own clock, strict rate limits, faults on demand, and an inspection API for tests.

In-process (fast tests)::

    sim = Simulator(seed=1, clock_offset=45.0)
    uid = sim.add_account(api_key="k", api_secret="s", passphrase="p")
    async with Client("k", "s", "p", base_url="http://simulator", transport=sim.transport()) as client:
        await client.request("GET", "/api/v2/spot/account/assets")
    sim.faults.set(path="/api/v2/spot/trade/place-order", error_after_accept_rate=1.0)
    sim.records.counts  # {(method, path, status): n}

On a loopback port (real sockets; the caller may run on asyncio or trio)::

    async with serve(sim) as base_url:
        ...

From a shell: ``asyncclient sim --port 8800 --api-key K --api-secret S --passphrase P``.

The in-process simulator needs nothing beyond the library's own dependencies (orjson, when installed, only makes
it faster); :func:`serve` and :class:`LoopbackServer` need uvicorn, from the ``sim`` extra, and are imported on
first use, so a missing extra is named there rather than breaking ``import asyncclient.testing``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._clock import SimClock
from ._faults import Fault, Faults, FaultSettings
from ._records import DROPPED, RecordedRequest, Records
from ._routing import ExchangeState, Handler, SimError, SimRequest
from ._simulator import DEMO_BALANCES, SERVER_TIME_PATH, Simulator
from ._transport import SimulatorTransport

if TYPE_CHECKING:
    from ._server import LoopbackServer, serve

#: The account the pytest fixtures register (and ``asyncclient sim`` uses unless told otherwise).
SIM_API_KEY = "sim-api-key"
SIM_API_SECRET = "sim-api-secret"
SIM_PASSPHRASE = "sim-passphrase"

__all__ = [
    "DEMO_BALANCES",
    "DROPPED",
    "SERVER_TIME_PATH",
    "SIM_API_KEY",
    "SIM_API_SECRET",
    "SIM_PASSPHRASE",
    "ExchangeState",
    "Fault",
    "FaultSettings",
    "Faults",
    "Handler",
    "LoopbackServer",
    "RecordedRequest",
    "Records",
    "SimClock",
    "SimError",
    "SimRequest",
    "Simulator",
    "SimulatorTransport",
    "serve",
]


def __getattr__(name: str) -> Any:
    """``serve`` and ``LoopbackServer`` load uvicorn: imported on first use, with the extra named if missing."""
    if name in ("serve", "LoopbackServer"):
        from .._dist import require_extra

        require_extra(f"asyncclient.testing.{name}", "sim", "uvicorn")
        from . import _server

        value = getattr(_server, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'asyncclient.testing' has no attribute {name!r}")
