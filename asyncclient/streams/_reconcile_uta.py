"""Filling a unified account's private gap over the v3 REST methods (``client.uta``), every category at once.

Orders: every open order, every finished order since the gap per category (spot and the futures lines), and each
order last seen open that is in neither, looked up by id. Fills: every fill since the gap. Balances: every coin
of the unified account. Positions: every open position of the futures categories.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ._models import BalanceUpdate, FillUpdate, OrderUpdate, PositionUpdate

if TYPE_CHECKING:
    from ..api import UtaAPI
    from ..models import UtaFill, UtaOrder

__all__ = ["uta_balances", "uta_fills_since", "uta_open_orders", "uta_orders_since", "uta_positions"]

_PAGE = 100
_SLACK_MS = 60_000
_ORDER_CATEGORIES = ("SPOT", "USDT-FUTURES")
_FUTURES_CATEGORIES = ("USDT-FUTURES",)


def _text(value: Any) -> str:
    return str(getattr(value, "value", value))


async def _cursor_pages(fetch: Callable[[str | None], Awaitable[Any]]) -> list[Any]:
    rows: list[Any] = []
    cursor: str | None = None
    while True:
        page = await fetch(cursor)
        rows.extend(page)
        if len(page) < _PAGE or page.end_id is None or page.end_id == cursor:
            return rows
        cursor = page.end_id


def order_update(order: UtaOrder) -> OrderUpdate:
    return OrderUpdate(
        symbol=order.symbol,
        order_id=order.order_id,
        client_oid=order.client_oid,
        side=_text(order.side),
        order_type=_text(order.order_type),
        status=_text(order.status),
        price=order.price,
        size=order.qty if order.qty is not None else Decimal(0),
        filled=order.filled_qty or Decimal(0),
        price_avg=order.avg_price,
        created_ms=order.created_ms,
        updated_ms=order.updated_ms or order.created_ms,
        source="rest",
    )


def fill_update(fill: UtaFill) -> FillUpdate:
    first = fill.fees[0] if fill.fees else None
    return FillUpdate(
        symbol=fill.symbol,
        order_id=fill.order_id,
        trade_id=fill.exec_id,
        side=_text(fill.side),
        price=fill.price,
        size=fill.qty,
        fee=first.fee if first is not None else None,
        fee_coin=first.coin if first is not None else None,
        trade_scope=_text(fill.trade_scope) if fill.trade_scope is not None else None,
        created_ms=fill.created_ms,
        source="rest",
    )


async def uta_open_orders(uta: UtaAPI) -> list[OrderUpdate]:
    rows = await _cursor_pages(lambda cursor: uta.open_orders(cursor=cursor, limit=_PAGE))
    return [order_update(order) for order in rows]


async def uta_orders_since(uta: UtaAPI, since_ms: int, last_seen_open: Iterable[str]) -> list[OrderUpdate]:
    found: dict[str, UtaOrder] = {}
    for order in await _cursor_pages(lambda cursor: uta.open_orders(cursor=cursor, limit=_PAGE)):
        found[order.order_id] = order
    start = since_ms - _SLACK_MS
    for category in _ORDER_CATEGORIES:
        history = await _cursor_pages(
            lambda cursor, c=category: uta.order_history(c, start=start, cursor=cursor, limit=_PAGE)  # type: ignore[misc]
        )
        found.update((order.order_id, order) for order in history)
    for order_id in last_seen_open:
        if order_id not in found:
            found[order_id] = await uta.order_info(order_id)
    updates = [order_update(order) for order in found.values()]
    return sorted(updates, key=lambda update: (update.updated_ms, update.order_id))


async def uta_fills_since(uta: UtaAPI, since_ms: int) -> list[FillUpdate]:
    start = since_ms - _SLACK_MS
    rows = await _cursor_pages(lambda cursor: uta.trade_fills(start=start, cursor=cursor, limit=_PAGE))
    return sorted((fill_update(fill) for fill in rows), key=lambda fill: (fill.created_ms, fill.trade_id))


async def uta_balances(uta: UtaAPI) -> list[BalanceUpdate]:
    assets = await uta.assets()
    return [
        BalanceUpdate(a.coin, a.available or Decimal(0), a.locked or Decimal(0), None, source="rest")
        for a in assets.assets
    ]


async def uta_positions(uta: UtaAPI, now_ms: int) -> list[PositionUpdate]:
    found: list[PositionUpdate] = []
    for category in _FUTURES_CATEGORIES:
        found.extend(
            PositionUpdate(
                symbol=p.symbol,
                hold_side=_text(p.pos_side),
                total=p.total,
                available=p.available,
                open_price=p.avg_price,
                margin=p.position_balance,
                leverage=p.leverage,
                margin_mode=_text(p.margin_mode) if p.margin_mode is not None else None,
                unrealized_pnl=p.unrealised_pnl,
                achieved_profits=p.realised_pnl,
                updated_ms=p.updated_ms or now_ms,
                source="rest",
            )
            for p in await uta.positions(category)
        )
    return found
