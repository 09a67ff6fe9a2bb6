"""Private channel rows from the simulated futures accounts: orders, fills, positions and the account.

Classic rows are what ``/v2/ws/private`` pushes on ``instType`` USDT-FUTURES, USDC-FUTURES or COIN-FUTURES
(``orders``, ``fill``, ``positions``, ``account``); unified rows what ``/v3/ws/private`` pushes on the
``order``, ``fill``, ``position`` and ``account`` topics, with ``category`` the product line in lower case.
"""

from __future__ import annotations

from typing import Any

from ..exchange.state._futures import FuturesAccount, FuturesFill, FuturesOrder, Position
from ..exchange.state._markets import format_decimal

__all__ = ["futures_account_rows", "futures_fill_row", "futures_order_row", "position_rows"]

Row = dict[str, Any]


def _pos_side(order: FuturesOrder) -> str:
    request = order.request
    if order.pos_mode != "hedge_mode":
        return "net"
    return "long" if request.side == "buy" else "short"


def futures_order_row(order: FuturesOrder) -> tuple[Row, Row]:
    request = order.request
    coin = order.spec.margin_coin
    average = format_decimal(order.quote_volume / order.base_volume) if order.base_volume else "0"
    fee = [{"feeCoin": coin, "fee": format_decimal(-order.fee)}] if order.fee else []
    classic = {
        "instId": order.spec.symbol,
        "orderId": str(order.order_id),
        "clientOid": order.client_oid,
        "price": format_decimal(order.price),
        "size": format_decimal(request.size),
        "orderType": request.order_type,
        "force": request.force,
        "side": request.side,
        "posSide": _pos_side(order),
        "posMode": order.pos_mode,
        "tradeSide": request.trade_side or ("open" if order.pos_mode == "hedge_mode" else ""),
        "marginCoin": coin,
        "marginMode": request.margin_mode,
        "leverage": str(order.leverage),
        "reduceOnly": "yes" if request.reduce_only else "no",
        "accBaseVolume": format_decimal(order.base_volume),
        "priceAvg": average,
        "pnl": format_decimal(order.profit),
        "status": order.status,
        "feeDetail": fee,
        "cTime": str(order.c_time),
        "uTime": str(order.u_time),
        "enterPointSource": "API",
    }
    unified = {
        "category": order.spec.product_type.lower(),
        "symbol": order.spec.symbol,
        "orderId": str(order.order_id),
        "clientOid": order.client_oid,
        "price": format_decimal(order.price),
        "qty": format_decimal(request.size),
        "holdMode": order.pos_mode,
        "holdSide": _pos_side(order),
        "tradeSide": request.trade_side or "",
        "orderType": request.order_type,
        "timeInForce": request.force,
        "side": request.side,
        "marginMode": request.margin_mode,
        "marginCoin": coin,
        "reduceOnly": "yes" if request.reduce_only else "no",
        "cumExecQty": format_decimal(order.base_volume),
        "cumExecValue": format_decimal(order.quote_volume),
        "avgPrice": average,
        "totalProfit": format_decimal(order.profit),
        "orderStatus": order.status,
        "leverage": str(order.leverage),
        "feeDetail": [{"feeCoin": coin, "fee": format_decimal(order.fee)}] if order.fee else [],
        "createdTime": str(order.c_time),
        "updatedTime": str(order.u_time),
    }
    return classic, unified


def futures_fill_row(fill: FuturesFill) -> tuple[Row, Row]:
    order = fill.order
    coin = order.spec.margin_coin
    classic = {
        "orderId": str(order.order_id),
        "tradeId": str(fill.trade_id),
        "symbol": order.spec.symbol,
        "orderType": order.request.order_type,
        "side": order.request.side,
        "price": format_decimal(fill.price),
        "baseVolume": format_decimal(fill.size),
        "size": format_decimal(fill.size),
        "quoteVolume": format_decimal(fill.price * fill.size),
        "profit": format_decimal(fill.profit),
        "tradeSide": order.request.trade_side or "",
        "posMode": order.pos_mode,
        "tradeScope": fill.scope,
        "feeDetail": [{"feeCoin": coin, "deduction": "no", "totalFee": format_decimal(-fill.fee)}],
        "cTime": str(fill.c_time),
        "uTime": str(fill.c_time),
    }
    unified = {
        "category": order.spec.product_type.lower(),
        "symbol": order.spec.symbol,
        "orderId": str(order.order_id),
        "execId": str(fill.trade_id),
        "side": order.request.side,
        "execPrice": format_decimal(fill.price),
        "execQty": format_decimal(fill.size),
        "execValue": format_decimal(fill.price * fill.size),
        "execPnl": format_decimal(fill.profit),
        "tradeScope": fill.scope,
        "feeDetail": [{"feeCoin": coin, "fee": format_decimal(fill.fee)}],
        "createdTime": str(fill.c_time),
        "updatedTime": str(fill.c_time),
    }
    return classic, unified


def _position_row(account: FuturesAccount, position: Position, now_ms: int, *, unified: bool) -> Row:
    mark = account.mark(position.spec, now_ms)
    unrealized = format_decimal(position.unrealized(mark))
    if unified:
        return {
            "symbol": position.spec.symbol,
            "category": position.spec.product_type.lower(),
            "marginCoin": position.spec.margin_coin,
            "marginMode": position.margin_mode,
            "holdMode": account.pos_mode,
            "posSide": position.hold_side,
            "size": format_decimal(position.total),
            "available": format_decimal(position.total),
            "frozen": "0",
            "avgPrice": format_decimal(position.open_price),
            "leverage": str(position.leverage),
            "marginSize": format_decimal(position.margin),
            "markPrice": format_decimal(mark),
            "unrealisedPnl": unrealized,
            "curRealisedPnl": format_decimal(position.achieved_profits),
            "positionStatus": "open" if position.total else "ended",
            "createdTime": str(position.c_time),
            "updatedTime": str(position.u_time),
        }
    return {
        "posId": f"{position.spec.symbol}-{position.hold_side}",
        "instId": position.spec.symbol,
        "marginCoin": position.spec.margin_coin,
        "marginSize": format_decimal(position.margin),
        "marginMode": position.margin_mode,
        "holdSide": position.hold_side,
        "posMode": account.pos_mode,
        "total": format_decimal(position.total),
        "available": format_decimal(position.total),
        "frozen": "0",
        "openPriceAvg": format_decimal(position.open_price),
        "leverage": position.leverage,
        "achievedProfits": format_decimal(position.achieved_profits),
        "unrealizedPL": unrealized,
        "totalFee": format_decimal(position.total_fee),
        "cTime": str(position.c_time),
        "uTime": str(position.u_time),
        "autoMargin": "off",
    }


def position_rows(account: FuturesAccount, now_ms: int, *, unified: bool) -> list[Row]:
    """Every open position (the channel pushes the whole set each time, as the exchange does)."""
    positions = sorted(account.positions.values(), key=lambda p: (p.spec.symbol, p.hold_side))
    return [_position_row(account, position, now_ms, unified=unified) for position in positions]


def futures_account_rows(account: FuturesAccount, now_ms: int) -> list[Row]:
    """The classic futures ``account`` rows, one per margin coin of the line."""
    rows: list[Row] = []
    for coin, wallet in sorted(account.wallets.items()):
        available = account.available(now_ms, coin)
        equity = wallet + account.unrealized(now_ms, coin)
        rows.append(
            {
                "marginCoin": coin,
                "frozen": format_decimal(account.frozen(coin)),
                "available": format_decimal(available),
                "maxOpenPosAvailable": format_decimal(available),
                "maxTransferOut": format_decimal(available),
                "equity": format_decimal(equity),
                "usdtEquity": format_decimal(equity),
            }
        )
    return rows
