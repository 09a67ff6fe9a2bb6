"""The instruments a request names: a spot pair, a contract of a product line, or a product line itself.

The exchange's answers: an unknown symbol is 40034 ("Parameter X does not exist"), an unknown or unlisted
``productType`` 40020; a missing one 40019 (:meth:`Params.required`).
"""

from __future__ import annotations

from ..._routing import SimError
from ..state._markets import PRODUCT_TYPE, TRADING_LINES
from ..state._product_lines import CONTRACTS_BY_LINE
from ..state._symbols import SPOT_SYMBOLS, Contract, SpotSymbol
from ._params import Params

__all__ = ["contract", "listed_contract", "listed_product_type", "require_product_type", "spot_symbol"]


def spot_symbol(params: Params, name: str = "symbol") -> SpotSymbol:
    """The spot pair named by a required parameter; unknown -> 40034."""
    symbol = params.required(name).upper()
    spec = SPOT_SYMBOLS.get(symbol)
    if spec is None:
        raise SimError("40034", f"Parameter {symbol} does not exist")
    return spec


def contract(params: Params, name: str = "symbol") -> Contract:
    """The contract of the request's line (``productType``, USDT-M without one) named by ``name``; else 40034."""
    symbol = params.required(name).upper()
    line = (params.text("productType") or PRODUCT_TYPE).upper()
    spec = CONTRACTS_BY_LINE.get(line, {}).get(symbol)
    if spec is None:
        raise SimError("40034", f"Parameter {symbol} does not exist")
    return spec


def require_product_type(params: Params) -> str:
    """``productType`` must be given and name a trading line (any case); demo lines are not simulated."""
    value = params.required("productType").upper()
    if value not in TRADING_LINES:
        raise SimError("40020", "Parameter productType error")
    return value


def listed_product_type(params: Params) -> str:
    """``productType`` (any case) naming a listed line; another -> 40020 as the exchange answers."""
    value = params.required("productType").upper()
    if value not in CONTRACTS_BY_LINE:
        raise SimError("40020", "Parameter productType error")
    return value


def listed_contract(params: Params, product_type: str, name: str = "symbol") -> Contract:
    """The contract of ``product_type`` named by a required parameter; unknown on that line -> 40034."""
    symbol = params.required(name).upper()
    spec = CONTRACTS_BY_LINE[product_type].get(symbol)
    if spec is None:
        raise SimError("40034", f"Parameter {symbol} does not exist")
    return spec
