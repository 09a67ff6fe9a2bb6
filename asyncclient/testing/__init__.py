"""An offline Bitget v2 exchange that enforces the real protocol: signatures, the 30-second window against its
own clock, strict rate limits, faults on demand, and an inspection API for tests.

``Simulator`` is the exchange; use it in-process with ``sim.transport()`` or on a loopback port with
``serve``.
"""

from ._clock import SimClock
from ._faults import Fault, Faults, FaultSettings
from ._records import DROPPED, RecordedRequest, Records
from ._routing import ExchangeState, Handler, SimError, SimRequest
from ._server import LoopbackServer, serve
from ._simulator import DEMO_BALANCES, SERVER_TIME_PATH, Simulator
from ._transport import SimulatorTransport

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
