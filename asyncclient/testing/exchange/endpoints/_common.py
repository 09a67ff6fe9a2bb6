"""Signed common endpoints: the account's trading fee rate for a symbol."""

from __future__ import annotations

from ..._routing import Mount, SimRequest, get
from ..state._markets import format_decimal
from ._lookup import contract, spot_symbol
from ._params import Params

__all__ = ["CommonEndpoints"]

#: ``businessType`` values the simulator answers; it has no margin accounts, so ``margin`` is 40020.
_BUSINESS_TYPES = ("spot", "mix")


class CommonEndpoints:
    """Handlers of ``/api/v2/common/...``: every account pays the symbol's listed rates (no VIP tiers)."""

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/common",
            [
                get("/trade-rate", self.trade_rate),
            ],
        )

    def trade_rate(self, request: SimRequest) -> dict[str, str]:
        """``{makerFeeRate, takerFeeRate}`` of the spot pair or USDT-M contract named by ``symbol``."""
        params = Params(request.params)
        business = params.choice("businessType", _BUSINESS_TYPES, required=True)
        spec = spot_symbol(params) if business == "spot" else contract(params)
        return {
            "makerFeeRate": format_decimal(spec.maker_fee_rate),
            "takerFeeRate": format_decimal(spec.taker_fee_rate),
        }
