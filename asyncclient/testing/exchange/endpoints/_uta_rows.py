"""v3 rows in the documented samples' shapes: instruments (spot and futures), tickers from v2 rows, and orders."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..state._futures import FuturesOrder
from ..state._markets import format_decimal
from ..state._spot import SpotOrder
from ..state._symbols import Contract, SpotSymbol
from ..state._uta_book import UtaOrder

__all__ = ["futures_instrument", "spot_instrument", "spot_ticker", "uta_order_row"]


def spot_instrument(spec: SpotSymbol) -> dict[str, Any]:
    return {
        "symbol": spec.symbol,
        "category": "SPOT",
        "baseCoin": spec.base_coin,
        "quoteCoin": spec.quote_coin,
        "buyLimitPriceRatio": "0.05",
        "sellLimitPriceRatio": "0.05",
        "feeRateUpRatio": "",
        "makerFeeRate": format_decimal(spec.maker_fee_rate),
        "takerFeeRate": format_decimal(spec.taker_fee_rate),
        "minOrderQty": format_decimal(spec.min_trade_amount),
        "maxOrderQty": format_decimal(spec.max_trade_amount),
        "pricePrecision": str(spec.price_precision),
        "quantityPrecision": str(spec.quantity_precision),
        "quotePrecision": str(spec.quote_precision),
        "minOrderAmount": format_decimal(spec.min_trade_usdt),
        "maxSymbolOrderNum": "400",
        "maxProductOrderNum": "400",
        "status": spec.status,
        "offTime": "",
        "limitOpenTime": "",
        "maintainTime": "",
        "areaSymbol": "no",
    }


def futures_instrument(spec: Contract) -> dict[str, Any]:
    return {
        "symbol": spec.symbol,
        "category": "USDT-FUTURES",
        "isRwa": "NO",
        "baseCoin": spec.base_coin,
        "quoteCoin": spec.quote_coin,
        "buyLimitPriceRatio": "0.05",
        "sellLimitPriceRatio": "0.05",
        "feeRateUpRatio": "0.1",
        "makerFeeRate": format_decimal(spec.maker_fee_rate),
        "takerFeeRate": format_decimal(spec.taker_fee_rate),
        "openCostUpRatio": "0.1",
        "minOrderQty": format_decimal(spec.min_trade_num),
        "maxOrderQty": "",
        "pricePrecision": str(spec.price_place),
        "quantityPrecision": str(spec.volume_place),
        "quotePrecision": "",
        "priceMultiplier": format_decimal(spec.tick),
        "quantityMultiplier": format_decimal(spec.size_multiplier),
        # The documented sample says symbolType; live answers (as ccxt records them) say type: send both.
        "symbolType": "perpetual",
        "type": "perpetual",
        "minOrderAmount": format_decimal(spec.min_trade_usdt),
        "maxSymbolOrderNum": "200",
        "maxProductOrderNum": "400",
        "maxPositionNum": "150",
        "status": "online",
        "offTime": "-1",
        "limitOpenTime": "-1",
        "deliveryTime": "",
        "deliveryStartTime": "",
        "deliveryPeriod": "",
        "launchTime": "",
        "fundInterval": "8",
        "minLeverage": "1",
        "maxLeverage": str(spec.max_lever),
        "maintainTime": "",
        "maxMarketOrderQty": "",
    }


def spot_ticker(row: dict[str, Any], *, category: str = "SPOT") -> dict[str, Any]:
    return {
        "category": category,
        "symbol": row["symbol"],
        "lastPrice": row["lastPr"],
        "openPrice24h": row.get("open", ""),
        "highPrice24h": row["high24h"],
        "lowPrice24h": row["low24h"],
        "ask1Price": row["askPr"],
        "bid1Price": row["bidPr"],
        "bid1Size": row["bidSz"],
        "ask1Size": row["askSz"],
        "price24hPcnt": row["change24h"],
        "volume24h": row["baseVolume"],
        "turnover24h": row["quoteVolume"],
    }


def uta_order_row(order: UtaOrder) -> dict[str, Any]:
    """An order as order-info, unfilled-orders and history-orders show it (the documented sample's keys)."""
    ledger = order.order
    if isinstance(ledger, SpotOrder):
        order_type, force, size, fee_coin = ledger.order_type, ledger.force, ledger.size, ledger.fee_coin
        hold_mode, reduce_only = "", False
    else:
        request = ledger.request
        order_type, force, size, fee_coin = request.order_type, request.force, request.size, "USDT"
        hold_mode, reduce_only = ledger.pos_mode, request.reduce_only
    market_buy = isinstance(ledger, SpotOrder) and order_type == "market" and ledger.side == "buy"
    filled, value, status = ledger.base_volume, ledger.quote_volume, ledger.status
    return {
        "orderId": str(ledger.order_id),
        "clientOid": order.client_oid,
        "category": order.category,
        "symbol": ledger.spec.symbol,
        "orderType": order_type,
        "side": _side(order),
        "price": format_decimal(ledger.price),
        "qty": "0" if market_buy else format_decimal(size),
        "amount": format_decimal(size) if market_buy else "0",
        "cumExecQty": format_decimal(filled),
        "cumExecValue": format_decimal(value),
        "avgPrice": format_decimal(value / filled) if filled else "0",
        "timeInForce": force,
        "orderStatus": status,
        "posSide": order.pos_side if hold_mode == "hedge_mode" else "",
        "holdMode": hold_mode,
        "tradeSide": _trade_side(order),
        "reduceOnly": "YES" if reduce_only else "NO",
        "feeDetail": [
            {"feeCoin": fee_coin if ledger.fee else None, "fee": format_decimal(ledger.fee) if ledger.fee else None}
        ],
        "cancelReason": "normal_cancel" if status == "cancelled" else "",
        "execType": "",
        "createdTime": str(ledger.c_time),
        "updatedTime": str(ledger.u_time),
    }


def _size(ledger: SpotOrder | FuturesOrder) -> Decimal:
    return ledger.size if isinstance(ledger, SpotOrder) else ledger.request.size


def _side(order: UtaOrder) -> str:
    """The v3 side: as placed (in hedge mode the ledger's side names the position, so it is worked back)."""
    ledger = order.order
    if isinstance(ledger, SpotOrder) or ledger.request.trade_side is None:
        return ledger.side if isinstance(ledger, SpotOrder) else ledger.request.side
    opening = ledger.request.trade_side == "open"
    return (
        ("buy" if order.pos_side == "long" else "sell") if opening else ("sell" if order.pos_side == "long" else "buy")
    )


def _trade_side(order: UtaOrder) -> str:
    ledger = order.order
    if isinstance(ledger, SpotOrder):
        return ""
    return ledger.request.trade_side or ("close" if ledger.request.reduce_only else "open")
