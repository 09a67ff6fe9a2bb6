"""Filling a private channel's gap over REST with the typed spot methods: orders, fills and balances since then.

Orders: every order open now, every order created since the gap started, and each order last seen open that is
neither (it finished during the gap), looked up by id. Fills: every fill since the gap. Balances: every coin.
What was delivered already is filtered out by the subscriptions' "nothing twice" rule, not here.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._models import BalanceUpdate, FillUpdate, OrderUpdate

if TYPE_CHECKING:
    from ..api import SpotAPI
    from ..models import SpotAsset, SpotFill, SpotOrder

__all__ = ["balances_now", "fills_since", "open_orders", "orders_since"]

_PAGE = 100
#: Orders created this long before the gap's start are looked for too: the server's clock against ours.
_SLACK_MS = 60_000


def _text(value: Any) -> str:
    return str(getattr(value, "value", value))


def order_update(order: SpotOrder) -> OrderUpdate:
    created = order.created_ms or 0
    return OrderUpdate(
        symbol=order.symbol,
        order_id=order.order_id,
        client_oid=order.client_oid,
        side=_text(order.side),
        order_type=_text(order.order_type),
        status=_text(order.status),
        price=order.price,
        size=order.size,
        filled=order.base_volume or 0,  # type: ignore[arg-type]
        price_avg=order.price_avg,
        created_ms=created,
        updated_ms=order.updated_ms or created,
        source="rest",
    )


def fill_update(fill: SpotFill) -> FillUpdate:
    return FillUpdate(
        symbol=fill.symbol,
        order_id=fill.order_id,
        trade_id=fill.trade_id,
        side=_text(fill.side),
        price=fill.price,
        size=fill.size,
        fee=fill.fee.total_fee if fill.fee is not None else None,
        fee_coin=fill.fee.fee_coin if fill.fee is not None else None,
        trade_scope=_text(fill.trade_scope) if fill.trade_scope is not None else None,
        created_ms=fill.created_ms,
        source="rest",
    )


def balance_update(asset: SpotAsset) -> BalanceUpdate:
    return BalanceUpdate(asset.coin, asset.available, asset.frozen or 0, asset.updated_ms, source="rest")  # type: ignore[arg-type]


async def _open(spot: SpotAPI, symbol: str | None) -> dict[str, SpotOrder]:
    found: dict[str, SpotOrder] = {}
    id_less_than: str | None = None
    while True:
        page = await spot.open_orders(symbol, id_less_than=id_less_than, limit=_PAGE)
        found.update((order.order_id, order) for order in page)
        if len(page) < _PAGE or page.end_id is None:
            return found
        id_less_than = page.end_id


async def open_orders(spot: SpotAPI, symbol: str | None) -> list[OrderUpdate]:
    """The orders open now."""
    return [order_update(order) for order in (await _open(spot, symbol)).values()]


async def orders_since(
    spot: SpotAPI, symbol: str | None, since_ms: int, last_seen_open: Iterable[str]
) -> list[OrderUpdate]:
    found = await _open(spot, symbol)
    id_less_than: str | None = None
    while True:
        page = await spot.history_orders(symbol, start=since_ms - _SLACK_MS, id_less_than=id_less_than, limit=_PAGE)
        found.update((order.order_id, order) for order in page)
        if len(page) < _PAGE or page.end_id is None:
            break
        id_less_than = page.end_id
    for order_id in last_seen_open:
        if order_id not in found:
            found[order_id] = await spot.order(order_id)
    updates = [order_update(order) for order in found.values()]
    return sorted(updates, key=lambda update: (update.updated_ms, update.order_id))


async def fills_since(spot: SpotAPI, symbol: str | None, since_ms: int) -> list[FillUpdate]:
    fills: list[FillUpdate] = []
    id_less_than: str | None = None
    while True:
        page = await spot.fills(symbol, start=since_ms - _SLACK_MS, id_less_than=id_less_than, limit=_PAGE)
        fills.extend(fill_update(fill) for fill in page)
        if len(page) < _PAGE or page.end_id is None:
            break
        id_less_than = page.end_id
    return sorted(fills, key=lambda fill: (fill.created_ms, fill.trade_id))


async def balances_now(spot: SpotAPI) -> list[BalanceUpdate]:
    return [balance_update(asset) for asset in await spot.assets()]
