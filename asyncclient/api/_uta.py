"""``client.uta``: the unified trading account's v3 API as typed methods, one group for every category.

A unified account (every account created since May 2026) cannot call the classic v2 endpoints (40085), and a
classic account cannot call these (40084); :meth:`Client.account_mode <asyncclient.Client.account_mode>` tells
which one a key belongs to. Each method declares its path, its request model (which checks the arguments when it
is built) and its answer's model; the budgets and retry rules come from the catalogue (``catalogue_v3.csv``).
Every method takes the per-call options ``timeout``, ``retry`` and ``urgent``.
"""

from __future__ import annotations

from ._uta_account import UtaAccountMethods
from ._uta_market import UtaMarketMethods
from ._uta_orders import UtaOrderMethods
from ._uta_positions import UtaPositionMethods
from ._uta_trade import UtaTradeMethods

__all__ = ["UtaAPI"]


class UtaAPI(UtaMarketMethods, UtaAccountMethods, UtaTradeMethods, UtaOrderMethods, UtaPositionMethods):
    """Unified-account endpoints (``/api/v3/...``). Get it as ``client.uta``."""
