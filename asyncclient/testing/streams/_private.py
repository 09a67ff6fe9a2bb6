"""Private channel rows from the simulated spot accounts: orders, fills and balances, classic or unified.

Futures rows are in :mod:`._futures_rows`; :func:`event_for` turns either account's items into pushes.

The account's ``listener`` hook hands every order change and fill to :class:`AccountEvents` as it happens;
rows are written at that instant, so a push says what the order was then, not when the push goes out.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, Protocol

from ..exchange.state._futures import FuturesFill, FuturesOrder
from ..exchange.state._markets import format_decimal
from ..exchange.state._spot import SpotFill, SpotOrder
from ._futures_rows import futures_fill_row, futures_order_row

__all__ = ["AccountEvent", "SpotAccountLike", "balance_rows", "fill_row", "order_row"]

#: (kind, instType, symbol, classic row, unified row): kind is "orders" or "fill", instType SPOT or a futures line.
AccountEvent = tuple[str, str, str, dict[str, Any], dict[str, Any]]


class SpotAccountLike(Protocol):
    balances: Any
    listener: Callable[[SpotOrder | SpotFill], None] | None

    def catch_up(self, now_ms: int) -> None: ...


def _fee(order: SpotOrder) -> list[dict[str, str]]:
    if not order.fee:
        return []
    return [{"feeCoin": order.fee_coin, "fee": format_decimal(-order.fee)}]


def order_row(order: SpotOrder) -> tuple[dict[str, Any], dict[str, Any]]:
    """An order as the classic ``orders`` channel and the unified ``order`` topic write it."""
    average = format_decimal(order.quote_volume / order.base_volume) if order.base_volume else "0"
    classic = {
        "instId": order.spec.symbol,
        "orderId": str(order.order_id),
        "clientOid": order.client_oid,
        "price": format_decimal(order.price),
        "size": format_decimal(order.size),
        "newSize": format_decimal(order.size),
        "notional": format_decimal(order.price * order.size),
        "orderType": order.order_type,
        "force": order.force,
        "side": order.side,
        "accBaseVolume": format_decimal(order.base_volume),
        "priceAvg": average,
        "status": order.status,
        "cTime": str(order.c_time),
        "uTime": str(order.u_time),
        "feeDetail": _fee(order),
        "enterPointSource": "API",
    }
    unified = {
        "category": "spot",
        "symbol": order.spec.symbol,
        "orderId": str(order.order_id),
        "clientOid": order.client_oid,
        "price": format_decimal(order.price),
        "qty": format_decimal(order.size),
        "side": order.side,
        "orderType": order.order_type,
        "timeInForce": order.force,
        "orderStatus": order.status,
        "cumExecQty": format_decimal(order.base_volume),
        "cumExecValue": format_decimal(order.quote_volume),
        "avgPrice": average,
        "createdTime": str(order.c_time),
        "updatedTime": str(order.u_time),
    }
    return classic, unified


def fill_row(fill: SpotFill) -> tuple[dict[str, Any], dict[str, Any]]:
    """A fill as the classic ``fill`` channel and the unified ``fill`` topic write it."""
    order = fill.order
    classic = {
        "orderId": str(order.order_id),
        "tradeId": str(fill.trade_id),
        "symbol": order.spec.symbol,
        "orderType": order.order_type,
        "side": order.side,
        "priceAvg": format_decimal(fill.price),
        "size": format_decimal(fill.size),
        "amount": format_decimal(fill.price * fill.size),
        "tradeScope": fill.scope,
        "feeDetail": [
            {
                "feeCoin": order.fee_coin,
                "deduction": "no",
                "totalDeductionFee": "0",
                "totalFee": format_decimal(-fill.fee),
            }
        ],
        "cTime": str(fill.c_time),
        "uTime": str(fill.c_time),
    }
    unified = {
        "category": "spot",
        "symbol": order.spec.symbol,
        "orderId": str(order.order_id),
        "execId": str(fill.trade_id),
        "side": order.side,
        "execPrice": format_decimal(fill.price),
        "execQty": format_decimal(fill.size),
        "execValue": format_decimal(fill.price * fill.size),
        "tradeScope": fill.scope,
        "feeDetail": [{"feeCoin": order.fee_coin, "fee": format_decimal(fill.fee)}],
        "createdTime": str(fill.c_time),
        "updatedTime": str(fill.c_time),
    }
    return classic, unified


def balance_rows(balances: Any, coins: set[str] | None, *, unified: bool, now_ms: int) -> list[dict[str, Any]]:
    """Balances of ``coins`` (all held coins when None): classic rows, or one unified account row."""
    rows: list[dict[str, Any]] = []
    for coin, balance in sorted(balances.items()):
        if coins is not None and coin not in coins:
            continue
        if coins is None and not (balance.available or balance.frozen):
            continue
        available: Decimal = balance.available
        frozen: Decimal = balance.frozen
        if unified:
            rows.append(
                {
                    "coin": coin,
                    "available": format_decimal(available),
                    "locked": format_decimal(frozen),
                    "balance": format_decimal(available + frozen),
                    "equity": format_decimal(available + frozen),
                }
            )
        else:
            rows.append(
                {
                    "coin": coin,
                    "available": format_decimal(available),
                    "frozen": format_decimal(frozen),
                    "locked": "0",
                    "limitAvailable": "0",
                    "uTime": str(balance.u_time),
                }
            )
    if unified:
        return [{"coin": rows, "updateTime": str(now_ms)}]
    return rows


def event_for(item: SpotOrder | SpotFill | FuturesOrder | FuturesFill) -> AccountEvent:
    """The private push an order change or a fill makes, spot or USDT-M futures."""
    if isinstance(item, SpotFill):
        classic, unified = fill_row(item)
        return ("fill", "SPOT", item.order.spec.symbol, classic, unified)
    if isinstance(item, SpotOrder):
        classic, unified = order_row(item)
        return ("orders", "SPOT", item.spec.symbol, classic, unified)
    if isinstance(item, FuturesFill):
        classic, unified = futures_fill_row(item)
        return ("fill", item.order.spec.product_type, item.order.spec.symbol, classic, unified)
    classic, unified = futures_order_row(item)
    return ("orders", item.spec.product_type, item.spec.symbol, classic, unified)
