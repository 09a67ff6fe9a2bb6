"""The futures product lines the simulator lists: USDT-M, USDC-M and COIN-M perpetuals.

USDT-M contracts (``BTCUSDT``) are the ones that trade; USDC-M (``BTCPERP``, margined in USDC) and COIN-M
(``BTCUSD``, margined in the base coin) are listed with market data, so clients that list every product line
(ccxt's ``load_markets()``) work. The demo lines (``SUSDT-FUTURES`` ...) are accepted and list nothing.
"""

from __future__ import annotations

from collections.abc import Mapping

from ._symbols import CONTRACTS, Contract

__all__ = [
    "ALL_CONTRACTS",
    "COIN_CONTRACTS",
    "CONTRACTS_BY_LINE",
    "DEMO_LINES",
    "USDC_CONTRACTS",
]

#: Demo-trading product lines: accepted, with no contracts.
DEMO_LINES = ("SUSDT-FUTURES", "SUSDC-FUTURES", "SCOIN-FUTURES")

# base coin, typical price, price places, volume places, max leverage
_USDC_TABLE: tuple[tuple[str, float, int, int, int], ...] = (
    ("BTC", 60_000.0, 1, 4, 125),
    ("ETH", 3_000.0, 2, 3, 100),
    ("SOL", 150.0, 3, 2, 50),
)
_COIN_TABLE: tuple[tuple[str, float, int, int, int], ...] = (
    ("BTC", 60_000.0, 1, 3, 125),
    ("ETH", 3_000.0, 2, 2, 100),
)

USDC_CONTRACTS: Mapping[str, Contract] = {
    f"{base}PERP": Contract(
        symbol=f"{base}PERP",
        base_coin=base,
        price_place=price_places,
        volume_place=volume_places,
        base_price=price,
        max_lever=max_lever,
        quote_coin="USDC",
        margin_coin="USDC",
        product_type="USDC-FUTURES",
    )
    for base, price, price_places, volume_places, max_lever in _USDC_TABLE
}
COIN_CONTRACTS: Mapping[str, Contract] = {
    f"{base}USD": Contract(
        symbol=f"{base}USD",
        base_coin=base,
        price_place=price_places,
        volume_place=volume_places,
        base_price=price,
        max_lever=max_lever,
        quote_coin="USD",
        margin_coin=base,
        product_type="COIN-FUTURES",
    )
    for base, price, price_places, volume_places, max_lever in _COIN_TABLE
}
CONTRACTS_BY_LINE: Mapping[str, Mapping[str, Contract]] = {
    "USDT-FUTURES": CONTRACTS,
    "USDC-FUTURES": USDC_CONTRACTS,
    "COIN-FUTURES": COIN_CONTRACTS,
    **{line: {} for line in DEMO_LINES},
}
#: Every listed contract of every line, by symbol (the symbols do not collide).
ALL_CONTRACTS: Mapping[str, Contract] = {
    symbol: spec for contracts in CONTRACTS_BY_LINE.values() for symbol, spec in contracts.items()
}
