"""Serving the simulator on a loopback port with uvicorn, in a background thread, for tests that need sockets.

The server runs its own event loop in its own thread, so the caller may run on asyncio or trio.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
import uvicorn

from ._app import SimulatorApp
from ._simulator import Simulator

__all__ = ["LoopbackServer", "quiet_dropped_connections", "serve"]

_DROP_MESSAGE = "ASGI callable returned without completing response."


class _DroppedConnectionFilter(logging.Filter):
    """Hides uvicorn's complaint about the answers the simulator drops on purpose."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.msg != _DROP_MESSAGE


def quiet_dropped_connections() -> None:
    """Stop uvicorn logging an error for every connection the simulator drops as a fault (idempotent)."""
    logger = logging.getLogger("uvicorn.error")
    if not any(isinstance(existing, _DroppedConnectionFilter) for existing in logger.filters):
        logger.addFilter(_DroppedConnectionFilter())


class LoopbackServer:
    """uvicorn serving one app on ``host:port`` (port 0 picks a free one) from a daemon thread."""

    def __init__(self, app: SimulatorApp, host: str = "127.0.0.1", port: int = 0) -> None:
        self._socket = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
        self._socket.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._socket.bind((host, port))
        self.host = host
        self.port: int = self._socket.getsockname()[1]
        config = uvicorn.Config(
            app, log_config=None, log_level="warning", access_log=False, lifespan="off", timeout_keep_alive=30
        )
        quiet_dropped_connections()
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(
            target=self._server.run, kwargs={"sockets": [self._socket]}, name="bitget-simulator", daemon=True
        )

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 15.0) -> None:
        """Start serving; returns once the server accepts connections."""
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive():
                raise RuntimeError("the simulator's server thread stopped while starting")
            if time.monotonic() > deadline:
                self.stop()
                raise TimeoutError("the simulator's server did not start in time")
            time.sleep(0.005)

    def stop(self, timeout: float = 15.0) -> None:
        """Stop serving and wait for the thread to finish."""
        self._server.should_exit = True
        if self._thread.is_alive():
            self._thread.join(timeout)
        self._socket.close()


@asynccontextmanager
async def serve(sim: Simulator, host: str = "127.0.0.1", port: int = 0) -> AsyncIterator[str]:
    """Serve ``sim`` on a loopback port for the duration of the block; yields the base URL."""
    server = LoopbackServer(sim.app, host, port)
    await anyio.to_thread.run_sync(server.start)
    try:
        yield server.url
    finally:
        with anyio.CancelScope(shield=True):
            await anyio.to_thread.run_sync(server.stop)
