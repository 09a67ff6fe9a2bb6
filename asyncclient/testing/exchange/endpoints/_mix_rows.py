"""Futures orders and fills as the futures order endpoints write them (detail, pending, history, fills)."""

from __future__ import annotations

from typing import Any

from ..state._futures import FuturesFill, FuturesOrder
from ..state._markets import format_decimal

__all__ = ["mix_fill_row", "mix_order_row"]


def _trade_side(order: FuturesOrder) -> tuple[str, str]:
    """(tradeSide, posSide) as the exchange reports them for the order's position mode."""
    request = order.request
    if order.pos_mode == "one_way_mode":
        return f"{request.side}_single", "net"
    return request.trade_side or "open", "long" if request.side == "buy" else "short"


def mix_order_row(order: FuturesOrder, status_field: str) -> dict[str, Any]:
    """An order as detail (``state``) and the order lists (``status``) show it."""
    request = order.request
    trade_side, pos_side = _trade_side(order)
    average = order.quote_volume / order.base_volume if order.base_volume else None
    return {
        "symbol": order.spec.symbol,
        "size": format_decimal(request.size),
        "orderId": str(order.order_id),
        "clientOid": order.client_oid,
        "baseVolume": format_decimal(order.base_volume),
        "fee": format_decimal(-order.fee),
        "price": format_decimal(order.price),
        "priceAvg": "" if average is None else format_decimal(average),
        status_field: order.status,
        "side": request.side,
        "force": request.force,
        "totalProfits": format_decimal(order.profit),
        "posSide": pos_side,
        "marginCoin": order.spec.margin_coin,
        "quoteVolume": format_decimal(order.quote_volume),
        "leverage": str(order.leverage),
        "marginMode": request.margin_mode,
        "enterPointSource": "API",
        "tradeSide": trade_side,
        "posMode": order.pos_mode,
        "orderType": request.order_type,
        "orderSource": "market" if request.order_type == "market" else "normal",
        "presetStopSurplusPrice": "",
        "presetStopLossPrice": "",
        "reduceOnly": "YES" if request.reduce_only else "NO",
        "cTime": str(order.c_time),
        "uTime": str(order.u_time),
    }


def mix_fill_row(fill: FuturesFill) -> dict[str, Any]:
    order = fill.order
    trade_side, _ = _trade_side(order)
    return {
        "tradeId": str(fill.trade_id),
        "symbol": order.spec.symbol,
        "orderId": str(order.order_id),
        "price": format_decimal(fill.price),
        "baseVolume": format_decimal(fill.size),
        "feeDetail": [
            {
                "deduction": "no",
                "feeCoin": order.spec.margin_coin,
                "totalDeductionFee": "0",
                "totalFee": format_decimal(-fill.fee),
            }
        ],
        "side": order.request.side,
        "quoteVolume": format_decimal(fill.price * fill.size),
        "profit": format_decimal(fill.profit),
        "enterPointSource": "API",
        "tradeSide": trade_side,
        "posMode": order.pos_mode,
        "tradeScope": fill.scope,
        "cTime": str(fill.c_time),
    }
