"""The instruments the simulated exchange lists: spot pairs and USDT-M perpetual contracts, with their rules.

The tables are fixed (the same for every seed); only prices and volumes depend on the seed.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from functools import cached_property

import attrs

__all__ = ["CONTRACTS", "QUOTE_COIN", "SPOT_SYMBOLS", "Contract", "SpotSymbol", "step"]

QUOTE_COIN = "USDT"


def step(places: int) -> Decimal:
    """The smallest increment with ``places`` decimals: 2 -> 0.01, 0 -> 1."""
    return Decimal(1).scaleb(-places)


@attrs.frozen
class SpotSymbol:
    """A spot pair and the rules an order on it must keep."""

    symbol: str
    base_coin: str
    quote_coin: str
    price_precision: int
    quantity_precision: int
    quote_precision: int
    #: Typical price around which the seeded walk wanders.
    base_price: float
    min_trade_usdt: Decimal = Decimal(5)
    max_trade_amount: Decimal = Decimal(10_000_000_000)
    taker_fee_rate: Decimal = Decimal("0.001")
    maker_fee_rate: Decimal = Decimal("0.001")
    status: str = "online"

    @cached_property
    def tick(self) -> Decimal:
        return step(self.price_precision)

    @cached_property
    def lot(self) -> Decimal:
        return step(self.quantity_precision)

    @cached_property
    def min_trade_amount(self) -> Decimal:
        return self.lot


@attrs.frozen
class Contract:
    """A USDT-M perpetual contract and its order rules."""

    symbol: str
    base_coin: str
    price_place: int
    volume_place: int
    base_price: float
    max_lever: int = 75
    min_trade_usdt: Decimal = Decimal(5)
    taker_fee_rate: Decimal = Decimal("0.0006")
    maker_fee_rate: Decimal = Decimal("0.0002")
    #: Maintenance margin rate used for the liquidation price estimate.
    keep_margin_rate: Decimal = Decimal("0.004")
    quote_coin: str = QUOTE_COIN
    #: The coin the contract is margined and settled in (the base coin on COIN-M).
    margin_coin: str = QUOTE_COIN
    product_type: str = "USDT-FUTURES"

    @cached_property
    def tick(self) -> Decimal:
        return step(self.price_place)

    @cached_property
    def size_multiplier(self) -> Decimal:
        return step(self.volume_place)

    @cached_property
    def min_trade_num(self) -> Decimal:
        return self.size_multiplier


# base coin, typical price, price decimals, quantity decimals
_SPOT_TABLE: tuple[tuple[str, float, int, int], ...] = (
    ("BTC", 60_000.0, 2, 6),
    ("ETH", 3_000.0, 2, 4),
    ("SOL", 150.0, 3, 3),
    ("BNB", 550.0, 3, 4),
    ("XRP", 0.6, 4, 2),
    ("DOGE", 0.15, 5, 1),
    ("ADA", 0.45, 4, 2),
    ("TRX", 0.12, 5, 2),
    ("TON", 5.5, 3, 3),
    ("AVAX", 30.0, 3, 3),
    ("SHIB", 0.000018, 9, 0),
    ("DOT", 6.5, 3, 3),
    ("LINK", 14.0, 3, 3),
    ("BCH", 400.0, 2, 4),
    ("LTC", 80.0, 2, 4),
    ("NEAR", 5.0, 3, 3),
    ("POL", 0.5, 4, 2),
    ("UNI", 8.0, 3, 3),
    ("ICP", 9.0, 3, 3),
    ("APT", 8.0, 3, 3),
    ("ETC", 22.0, 3, 3),
    ("XLM", 0.1, 5, 1),
    ("FIL", 4.5, 3, 3),
    ("ATOM", 7.0, 3, 3),
    ("ARB", 0.8, 4, 2),
    ("OP", 1.8, 4, 2),
    ("INJ", 22.0, 3, 3),
    ("SUI", 1.5, 4, 2),
    ("PEPE", 0.00001, 10, 0),
    ("BGB", 1.1, 4, 2),
)

# base coin, typical price, price places, volume places, max leverage
_CONTRACT_TABLE: tuple[tuple[str, float, int, int, int], ...] = (
    ("BTC", 60_000.0, 1, 3, 125),
    ("ETH", 3_000.0, 2, 2, 125),
    ("SOL", 150.0, 3, 1, 100),
    ("BNB", 550.0, 2, 2, 75),
    ("XRP", 0.6, 4, 0, 75),
    ("DOGE", 0.15, 5, 0, 75),
    ("ADA", 0.45, 4, 0, 75),
    ("AVAX", 30.0, 3, 1, 75),
    ("LINK", 14.0, 3, 1, 75),
    ("LTC", 80.0, 2, 2, 75),
    ("DOT", 6.5, 3, 1, 75),
    ("SUI", 1.5, 4, 0, 75),
)

SPOT_SYMBOLS: Mapping[str, SpotSymbol] = {
    f"{base}{QUOTE_COIN}": SpotSymbol(
        symbol=f"{base}{QUOTE_COIN}",
        base_coin=base,
        quote_coin=QUOTE_COIN,
        price_precision=price_places,
        quantity_precision=quantity_places,
        quote_precision=6,
        base_price=price,
    )
    for base, price, price_places, quantity_places in _SPOT_TABLE
}

CONTRACTS: Mapping[str, Contract] = {
    f"{base}{QUOTE_COIN}": Contract(
        symbol=f"{base}{QUOTE_COIN}",
        base_coin=base,
        price_place=price_places,
        volume_place=volume_places,
        base_price=price,
        max_lever=max_lever,
    )
    for base, price, price_places, volume_places, max_lever in _CONTRACT_TABLE
}
