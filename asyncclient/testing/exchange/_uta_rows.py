"""v3 market rows in the documented samples' shapes: instruments (spot and futures) and tickers from v2 rows."""

from __future__ import annotations

from typing import Any

from ._markets import format_decimal
from ._symbols import Contract, SpotSymbol

__all__ = ["futures_instrument", "spot_instrument", "spot_ticker"]


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
