"""The listed instruments with their market data, and the prices orders trade at.

A spot pair and the contract of the same name share one price path (no basis). Quotes: the bid is the walk's
price on the tick grid, the ask one tick above; market buys pay the ask, market sells get the bid.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal

from ._instrument import Instrument
from ._product_lines import ALL_CONTRACTS
from ._symbols import SPOT_SYMBOLS

__all__ = ["PRODUCT_TYPE", "TRADING_LINES", "Markets", "Quote", "format_decimal"]

#: The default futures product line (USDT-M perpetuals).
PRODUCT_TYPE = "USDT-FUTURES"
#: The product lines that trade: USDT-M, USDC-M and COIN-M.
TRADING_LINES = ("USDT-FUTURES", "USDC-FUTURES", "COIN-FUTURES")


def format_decimal(value: Decimal) -> str:
    """A Decimal as the exchange writes numbers: fixed point, no exponent, no trailing zeros."""
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text if text not in ("", "-0") else "0"


class Quote:
    """Best bid and ask of an instrument at one instant."""

    __slots__ = ("ask", "bid")

    def __init__(self, bid: Decimal, ask: Decimal) -> None:
        self.bid = bid
        self.ask = ask


def _on_grid(price: float, tick: Decimal) -> Decimal:
    return (Decimal(repr(price)) / tick).to_integral_value(ROUND_FLOOR) * tick


class Markets:
    """Every instrument of one seed."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.instruments: dict[str, Instrument] = {
            name: Instrument(seed, name, spec.base_price) for name, spec in SPOT_SYMBOLS.items()
        }
        for name, contract in ALL_CONTRACTS.items():
            self.instruments.setdefault(name, Instrument(seed, name, contract.base_price))

    def quote(self, symbol: str, tick: Decimal, now_ms: int) -> Quote:
        bid = _on_grid(self.instruments[symbol].price(now_ms), tick)
        return Quote(bid, bid + tick)

    def extremes(self, symbol: str, start_ms: int, end_ms: int) -> tuple[Decimal, Decimal]:
        """(lowest, highest) walk price over an interval, as Decimals for comparing with order prices."""
        low, high = self.instruments[symbol].walk.extremes(start_ms, end_ms)
        return Decimal(repr(low)), Decimal(repr(high))
