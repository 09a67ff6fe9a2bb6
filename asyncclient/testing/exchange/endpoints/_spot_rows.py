"""Spot orders and fills as the spot trade endpoints write them (orderInfo, unfilled-orders, fills)."""

from __future__ import annotations

import json
from typing import Any

from ..state._markets import format_decimal
from ..state._spot import SpotFill, SpotOrder

__all__ = ["spot_fill_row", "spot_order_row", "unfilled_row"]


def _fee_detail(order: SpotOrder) -> str:
    """The order's fees as the exchange writes them: a JSON document inside a string."""
    if not order.fee:
        return ""
    fee = -float(order.fee)
    coin = order.fee_coin
    return json.dumps(
        {
            "newFees": {"c": 0, "d": 0, "deduction": False, "r": fee, "t": fee, "totalDeductionFee": 0},
            coin: {"deduction": False, "feeCoinCode": coin, "totalDeductionFee": 0, "totalFee": fee},
        },
        separators=(",", ":"),
    )


def _average(order: SpotOrder) -> str:
    return format_decimal(order.quote_volume / order.base_volume) if order.base_volume else "0"


def spot_order_row(uid: str, order: SpotOrder) -> dict[str, Any]:
    """An order as orderInfo and history-orders show it."""
    return {
        "userId": uid,
        "symbol": order.spec.symbol,
        "orderId": str(order.order_id),
        "clientOid": order.client_oid,
        "price": format_decimal(order.price),
        "size": format_decimal(order.size),
        "orderType": order.order_type,
        "side": order.side,
        "status": order.status,
        "priceAvg": _average(order),
        "baseVolume": format_decimal(order.base_volume),
        "quoteVolume": format_decimal(order.quote_volume),
        "enterPointSource": "API",
        "feeDetail": _fee_detail(order),
        "orderSource": "market" if order.order_type == "market" else "normal",
        "cancelReason": "",
        "cTime": str(order.c_time),
        "uTime": str(order.u_time),
        "tpslType": "normal",
        "triggerPrice": None,
    }


def unfilled_row(uid: str, order: SpotOrder) -> dict[str, Any]:
    """An open order as unfilled-orders shows it (``priceAvg`` is the order's price there)."""
    return {
        "userId": uid,
        "symbol": order.spec.symbol,
        "orderId": str(order.order_id),
        "clientOid": order.client_oid,
        "priceAvg": format_decimal(order.price),
        "size": format_decimal(order.size),
        "orderType": order.order_type,
        "side": order.side,
        "status": order.status,
        "basePrice": "0",
        "baseVolume": format_decimal(order.base_volume),
        "quoteVolume": format_decimal(order.quote_volume),
        "enterPointSource": "API",
        "orderSource": "normal",
        "cTime": str(order.c_time),
        "uTime": str(order.u_time),
        "tpslType": "normal",
        "triggerPrice": None,
    }


def spot_fill_row(uid: str, fill: SpotFill) -> dict[str, Any]:
    order = fill.order
    return {
        "userId": uid,
        "symbol": order.spec.symbol,
        "orderId": str(order.order_id),
        "tradeId": str(fill.trade_id),
        "orderType": order.order_type,
        "side": order.side,
        "priceAvg": format_decimal(fill.price),
        "size": format_decimal(fill.size),
        "amount": format_decimal(fill.price * fill.size),
        "feeDetail": {
            "deduction": "no",
            "feeCoin": order.fee_coin,
            "totalDeductionFee": "",
            "totalFee": format_decimal(-fill.fee),
        },
        "tradeScope": fill.scope,
        "cTime": str(fill.c_time),
        "uTime": str(fill.c_time),
    }
