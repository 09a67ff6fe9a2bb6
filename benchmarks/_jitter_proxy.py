"""A loopback TCP proxy that delays what the server sends back: each chunk by a random 0 to J seconds.

``python -m benchmarks._jitter_proxy --target PORT --jitter 0.8 [--port P] [--seed N]`` listens on 127.0.0.1 and
forwards every connection to the target port. Bytes from the client go through at once; each chunk the server
sends back is held for a uniform 0-J s, but never delivered before the chunk ahead of it on the same connection,
so a connection's bytes keep their order and HTTP keep-alive stays correct (an answer is never overtaken by the
next one). A request therefore reaches the server, and is counted, when it is sent; its answer comes back up to J
seconds late: what a slow proxy or a congested network does to a client's view of when the server counted it.
Half-closes pass through (a client's EOF reaches the server; the server's, after its delayed bytes).
"""

from __future__ import annotations

import argparse
import math
import random
from collections.abc import Sequence

import anyio
import anyio.abc
from anyio.streams.memory import MemoryObjectReceiveStream

__all__ = ["JitterProxy", "main"]

LOOPBACK = "127.0.0.1"


class JitterProxy:
    """Forwards loopback connections to ``target_port``, delaying server-to-client chunks by up to ``jitter`` s."""

    def __init__(self, target_port: int, jitter: float, *, seed: int | None = None) -> None:
        if jitter < 0:
            raise ValueError(f"jitter must be >= 0 seconds, got {jitter}")
        self.target_port = target_port
        self.jitter = jitter
        self._rng = random.Random(seed)
        self.connections = 0
        self.chunks = 0
        self.delayed = 0.0  # seconds added, summed over chunks

    async def serve(self, port: int = 0, *, task_status: anyio.abc.TaskStatus[int] = anyio.TASK_STATUS_IGNORED) -> None:
        """Listen on ``port`` (0: any free one), report the port through ``task_status``, serve until cancelled."""
        listener = await anyio.create_tcp_listener(local_host=LOOPBACK, local_port=port)
        async with listener:
            task_status.started(int(listener.extra(anyio.abc.SocketAttribute.local_port)))
            await listener.serve(self._handle)

    async def _handle(self, client: anyio.abc.SocketStream) -> None:
        self.connections += 1
        async with client:
            try:
                server = await anyio.connect_tcp(LOOPBACK, self.target_port)
            except OSError:
                return
            async with server, anyio.create_task_group() as group:
                queue_in, queue_out = anyio.create_memory_object_stream[tuple[float, bytes]](math.inf)
                group.start_soon(self._upstream, client, server)
                group.start_soon(self._deliver, queue_out, client, group.cancel_scope)
                async with queue_in:
                    due = -math.inf
                    try:
                        async for chunk in server:
                            # In order per connection: never before the chunk ahead of it.
                            delay = self._rng.uniform(0.0, self.jitter)
                            due = max(due, anyio.current_time() + delay)
                            self.chunks += 1
                            self.delayed += delay
                            queue_in.send_nowait((due, chunk))
                    except (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError):
                        pass

    @staticmethod
    async def _upstream(client: anyio.abc.SocketStream, server: anyio.abc.SocketStream) -> None:
        try:
            async for chunk in client:
                await server.send(chunk)
            await server.send_eof()
        except (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError):
            pass

    @staticmethod
    async def _deliver(
        queue: MemoryObjectReceiveStream[tuple[float, bytes]],
        client: anyio.abc.SocketStream,
        scope: anyio.CancelScope,
    ) -> None:
        try:
            async with queue:
                async for due, chunk in queue:
                    await anyio.sleep(max(0.0, due - anyio.current_time()))
                    await client.send(chunk)
        except (anyio.BrokenResourceError, anyio.ClosedResourceError, OSError):
            pass
        scope.cancel()  # the server closed and everything it sent is delivered (or the client is gone): done


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--target", type=int, required=True, help="the server's loopback port")
    parser.add_argument("--jitter", type=float, default=0.8, help="worst delay (s) per server-to-client chunk")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: a free one, printed)")
    parser.add_argument("--seed", type=int)
    args = parser.parse_args(argv)
    proxy = JitterProxy(args.target, args.jitter, seed=args.seed)

    async def run() -> None:
        async with anyio.create_task_group() as group:
            port = await group.start(proxy.serve, args.port)
            print(port, flush=True)

    anyio.run(run)


if __name__ == "__main__":
    main()
