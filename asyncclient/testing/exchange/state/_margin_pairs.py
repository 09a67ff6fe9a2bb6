"""The spot pairs open to margin trading (cross and isolated), with their leverage and borrowing rules."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

import attrs

from ._markets import format_decimal
from ._symbols import SPOT_SYMBOLS, SpotSymbol

__all__ = ["MARGIN_PAIRS", "MarginPair", "margin_currency_row"]


@attrs.frozen
class MarginPair:
    """A spot pair that can be traded on borrowed funds."""

    spot: SpotSymbol
    max_crossed_leverage: int
    max_isolated_leverage: int
    #: Daily interest rate on a borrowed coin (the same for both coins of the pair, kept simple).
    daily_interest_rate: Decimal = Decimal("0.0001")
    warning_risk_ratio: Decimal = Decimal("0.8")
    liquidation_risk_ratio: Decimal = Decimal(1)


# base coin, max crossed leverage, max isolated leverage
_TABLE = (("BTC", 3, 10), ("ETH", 3, 10), ("SOL", 3, 5), ("XRP", 3, 5), ("DOGE", 3, 5), ("LTC", 3, 5))

MARGIN_PAIRS: Mapping[str, MarginPair] = {
    f"{base}USDT": MarginPair(SPOT_SYMBOLS[f"{base}USDT"], crossed, isolated) for base, crossed, isolated in _TABLE
}


def margin_currency_row(pair: MarginPair) -> dict[str, Any]:
    """One entry of ``GET /api/v2/margin/currencies``."""
    spec = pair.spot
    return {
        "symbol": spec.symbol,
        "baseCoin": spec.base_coin,
        "quoteCoin": spec.quote_coin,
        "maxCrossedLeverage": str(pair.max_crossed_leverage),
        "maxIsolatedLeverage": str(pair.max_isolated_leverage),
        "warningRiskRatio": format_decimal(pair.warning_risk_ratio),
        "liquidationRiskRatio": format_decimal(pair.liquidation_risk_ratio),
        "minTradeAmount": format_decimal(spec.min_trade_amount),
        "maxTradeAmount": format_decimal(spec.max_trade_amount),
        "takerFeeRate": format_decimal(spec.taker_fee_rate),
        "makerFeeRate": format_decimal(spec.maker_fee_rate),
        "pricePrecision": str(spec.price_precision),
        "quantityPrecision": str(spec.quantity_precision),
        "minTradeUSDT": format_decimal(spec.min_trade_usdt),
        "isBorrowable": True,
        "userMinBorrow": "0.00000001",
        "status": "1",
        "isIsolatedBaseBorrowable": True,
        "isIsolatedQuoteBorrowable": True,
        "isCrossBorrowable": True,
    }
