"""Which REST calls fill which private channel's gap: classic spot, classic futures, trigger orders, or unified.

A classic channel of ``inst_type`` uses that account's typed methods (``client.spot``, ``client.futures_for``);
a unified account (``unified=True``) uses the v3 methods (``client.uta``), whose answers cover every category.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from . import _reconcile as spot_rest
from . import _reconcile_futures as futures_rest
from . import _reconcile_uta as uta_rest
from ._channels import ChannelSpec

if TYPE_CHECKING:
    from ._host import StreamsHost

__all__ = ["prime_for", "recovery_for"]

Recover = Callable[[int], Awaitable[list[Any]]]


def _symbol(spec: ChannelSpec) -> str | None:
    return None if spec.symbol == "default" else spec.symbol


def prime_for(client: StreamsHost, spec: ChannelSpec) -> Callable[[], Awaitable[list[Any]]] | None:
    """The orders open now, read before the first push (an orders channel only)."""
    if spec.kind != "orders":
        return None
    symbol = _symbol(spec)

    async def prime() -> list[Any]:
        if spec.unified:
            return await uta_rest.uta_open_orders(client.uta)
        if spec.inst_type == "SPOT":
            return await spot_rest.open_orders(client.spot, symbol)
        return await futures_rest.futures_open_orders(client.futures_for(spec.inst_type), symbol)

    return prime


def recovery_for(client: StreamsHost, spec: ChannelSpec, open_orders: Callable[[], dict[str, str]]) -> Recover:
    """What a gap of ``spec`` is filled with; ``open_orders`` gives the orders last seen open (id -> symbol)."""
    symbol = _symbol(spec)
    kind = spec.kind

    async def unified(since_ms: int) -> list[Any]:
        uta = client.uta
        if kind == "orders":
            return await uta_rest.uta_orders_since(uta, since_ms, list(open_orders()))
        if kind == "fill":
            return await uta_rest.uta_fills_since(uta, since_ms)
        if kind == "positions":
            return await uta_rest.uta_positions(uta, client.clock.now_ms())
        return await uta_rest.uta_balances(uta)

    async def spot(since_ms: int) -> list[Any]:
        if kind == "orders":
            return await spot_rest.orders_since(client.spot, symbol, since_ms, list(open_orders()))
        if kind == "fill":
            return await spot_rest.fills_since(client.spot, symbol, since_ms)
        if kind == "orders-algo":
            return await futures_rest.triggers_since(client.spot, client.futures, "SPOT", symbol, since_ms)
        return await spot_rest.balances_now(client.spot)

    async def futures(since_ms: int) -> list[Any]:
        api = client.futures_for(spec.inst_type)
        if kind == "orders":
            return await futures_rest.futures_orders_since(api, symbol, since_ms, list(open_orders().items()))
        if kind == "fill":
            return await futures_rest.futures_fills_since(api, symbol, since_ms)
        if kind == "positions":
            return await futures_rest.positions_now(api, client.clock.now_ms())
        if kind == "orders-algo":
            return await futures_rest.triggers_since(client.spot, api, spec.inst_type, symbol, since_ms)
        return await futures_rest.futures_balances(api)

    if spec.unified:
        return unified
    return spot if spec.inst_type == "SPOT" else futures
