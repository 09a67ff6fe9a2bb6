"""Filling a futures or trigger-order channel's gap over REST with the typed futures and plan methods.

Futures orders: every open order, every order created since the gap, and each order last seen open that is in
neither (looked up by id). Fills since the gap; every position now (a position missing from the answer was
closed: the state reports it with ``total`` 0); every margin coin's account. Trigger orders: every waiting plan
and every plan in the history since the gap (spot plans are listed per symbol, so a spot trigger channel needs one).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeVar

from ._models import BalanceUpdate, FillUpdate, OrderUpdate, PositionUpdate, TriggerOrderUpdate

if TYPE_CHECKING:
    from ..api import FuturesAPI, SpotAPI
    from ..models import FuturesFill, FuturesOrder, Position

__all__ = ["futures_balances", "futures_fills_since", "futures_orders_since", "positions_now", "triggers_since"]

_PAGE = 100
_SLACK_MS = 60_000
T = TypeVar("T")


def _text(value: Any) -> str:
    return str(getattr(value, "value", value))


async def pages(fetch: Callable[[str | None], Awaitable[Any]]) -> list[Any]:
    """Every row of a paged answer, following ``end_id`` back."""
    rows: list[Any] = []
    id_less_than: str | None = None
    while True:
        page = await fetch(id_less_than)
        rows.extend(page)
        if len(page) < _PAGE or page.end_id is None:
            return rows
        id_less_than = page.end_id


def order_update(order: FuturesOrder) -> OrderUpdate:
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
        filled=order.base_volume or Decimal(0),
        price_avg=order.price_avg,
        created_ms=created,
        updated_ms=order.updated_ms or created,
        source="rest",
    )


def fill_update(fill: FuturesFill) -> FillUpdate:
    first = fill.fees[0] if fill.fees else None
    return FillUpdate(
        symbol=fill.symbol,
        order_id=fill.order_id,
        trade_id=fill.trade_id,
        side=_text(fill.side),
        price=fill.price,
        size=fill.base_volume,
        fee=fill.total_fee if fill.fees else None,
        fee_coin=first.fee_coin if first is not None else None,
        trade_scope=_text(fill.trade_scope) if fill.trade_scope is not None else None,
        created_ms=fill.created_ms,
        source="rest",
    )


def position_update(position: Position, now_ms: int) -> PositionUpdate:
    return PositionUpdate(
        symbol=position.symbol,
        hold_side=_text(position.hold_side),
        total=position.total,
        available=position.available,
        open_price=position.open_price_avg,
        margin=position.margin_size,
        leverage=position.leverage,
        margin_mode=_text(position.margin_mode) if position.margin_mode is not None else None,
        unrealized_pnl=position.unrealized_pnl,
        achieved_profits=position.achieved_profits,
        updated_ms=position.updated_ms or now_ms,
        source="rest",
    )


async def futures_open_orders(futures: FuturesAPI, symbol: str | None) -> list[OrderUpdate]:
    found = await pages(lambda before: futures.open_orders(symbol, id_less_than=before, limit=_PAGE))
    return [order_update(order) for order in found]


async def futures_orders_since(
    futures: FuturesAPI, symbol: str | None, since_ms: int, last_seen_open: Iterable[tuple[str, str]]
) -> list[OrderUpdate]:
    found: dict[str, FuturesOrder] = {}
    for order in await pages(lambda before: futures.open_orders(symbol, id_less_than=before, limit=_PAGE)):
        found[order.order_id] = order
    start = since_ms - _SLACK_MS
    history = await pages(lambda before: futures.history_orders(symbol, start=start, id_less_than=before, limit=_PAGE))
    found.update((order.order_id, order) for order in history)
    for order_id, order_symbol in last_seen_open:
        if order_id not in found:
            found[order_id] = await futures.order(order_symbol, order_id)
    updates = [order_update(order) for order in found.values()]
    return sorted(updates, key=lambda update: (update.updated_ms, update.order_id))


async def futures_fills_since(futures: FuturesAPI, symbol: str | None, since_ms: int) -> list[FillUpdate]:
    start = since_ms - _SLACK_MS
    rows = await pages(lambda before: futures.fills(symbol, start=start, id_less_than=before, limit=_PAGE))
    return sorted((fill_update(fill) for fill in rows), key=lambda fill: (fill.created_ms, fill.trade_id))


async def positions_now(futures: FuturesAPI, now_ms: int) -> list[PositionUpdate]:
    return [position_update(position, now_ms) for position in await futures.positions()]


async def futures_balances(futures: FuturesAPI) -> list[BalanceUpdate]:
    return [
        BalanceUpdate(row.margin_coin, row.available, row.locked or Decimal(0), None, source="rest")
        for row in await futures.accounts()
    ]


def _trigger(row: Any, status: str) -> TriggerOrderUpdate:
    created = int(row.created_ms or 0)
    return TriggerOrderUpdate(
        symbol=row.symbol,
        order_id=row.order_id,
        client_oid=row.client_oid,
        side=_text(row.side),
        order_type=_text(row.order_type),
        plan_type=_text(row.plan_type) if row.plan_type is not None else None,
        trigger_price=row.trigger_price,
        execute_price=row.execute_price,
        size=row.size if row.size is not None else Decimal(0),
        status=status,
        created_ms=created,
        updated_ms=int(row.updated_ms or created),
        source="rest",
    )


async def triggers_since(
    spot: SpotAPI, futures: FuturesAPI, inst_type: str, symbol: str | None, since_ms: int
) -> list[TriggerOrderUpdate]:
    """Every waiting plan and every plan that finished since ``since_ms``, oldest change first."""
    start = since_ms - _SLACK_MS
    found: list[TriggerOrderUpdate] = []
    if inst_type == "SPOT":
        assert symbol is not None
        waiting = await pages(lambda before: spot.current_plan_orders(symbol, id_less_than=before, limit=_PAGE))
        found += [_trigger(row, _text(row.status)) for row in waiting]
        history = await pages(
            lambda before: spot.history_plan_orders(symbol, start=start, id_less_than=before, limit=_PAGE)
        )
        found += [_trigger(row, _text(row.status)) for row in history]
    else:
        waiting = await pages(
            lambda before: futures.pending_plan_orders("normal_plan", symbol=symbol, id_less_than=before, limit=_PAGE)
        )
        history = await pages(
            lambda before: futures.history_plan_orders(
                "normal_plan", symbol=symbol, start=start, id_less_than=before, limit=_PAGE
            )
        )
        found += [_trigger(row, row.plan_status) for row in [*waiting, *history]]
    return sorted(found, key=lambda update: (update.updated_ms, update.order_id))
