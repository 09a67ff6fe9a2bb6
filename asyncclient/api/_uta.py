"""``client.uta``: the unified trading account's v3 API as typed methods, one group for every category.

A unified account (every account created since May 2026) cannot call the classic v2 endpoints (40085), and a
classic account cannot call these (40084); :meth:`Client.account_mode <asyncclient.Client.account_mode>` tells
which one a key belongs to. Each method validates its arguments, builds the exchange's parameters, calls
``request()`` and converts the answer; the budgets and retry rules come from the catalogue (``catalogue_v3.csv``).
"""

from __future__ import annotations

from ._uta_account import UtaAccountMethods
from ._uta_market import UtaMarketMethods
from ._uta_positions import UtaPositionMethods
from ._uta_trade import UtaTradeMethods

__all__ = ["UtaAPI"]


class UtaAPI(UtaMarketMethods, UtaAccountMethods, UtaTradeMethods, UtaPositionMethods):
    """Unified-account endpoints (``/api/v3/...``). Get it as ``client.uta``."""
