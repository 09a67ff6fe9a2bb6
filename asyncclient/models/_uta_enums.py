"""Closed sets of the unified trading account (v3) API, tolerant of values added later (see :class:`OpenEnum`)."""

from __future__ import annotations

from ._enums import OpenEnum

__all__ = ["AccountMode", "Category", "HoldMode", "SwitchState", "TriggerBy"]


class Category(OpenEnum):
    """The product line of a v3 call: one endpoint serves them all, told apart by ``category``."""

    SPOT = "SPOT"
    MARGIN = "MARGIN"
    USDT_FUTURES = "USDT-FUTURES"
    COIN_FUTURES = "COIN-FUTURES"
    USDC_FUTURES = "USDC-FUTURES"

    @property
    def is_futures(self) -> bool:
        return self.value.endswith("-FUTURES")


class AccountMode(OpenEnum):
    """Which API an account's keys may call.

    :meth:`Client.account_mode <asyncclient.Client.account_mode>` answers ``CLASSIC`` (the v2 groups
    ``client.spot``/``client.futures``) or ``UNIFIED`` (``client.uta``). The v3 settings endpoint reports the
    unified variants ``unified``/``hybrid`` and the transitions ``upgrading``/``switching``.
    """

    CLASSIC = "classic"
    UNIFIED = "unified"
    HYBRID = "hybrid"
    UPGRADING = "upgrading"
    SWITCHING = "switching"


class HoldMode(OpenEnum):
    """Position mode of a unified account: one position per symbol, or a long and a short."""

    ONE_WAY = "one_way_mode"
    HEDGE = "hedge_mode"


class TriggerBy(OpenEnum):
    """The price a take-profit or stop-loss watches."""

    MARKET = "market"
    MARK = "mark"


class SwitchState(OpenEnum):
    """The state of an asynchronous account switch or upgrade (it takes about a minute)."""

    PROCESSING = "processing"
    SUCCESS = "success"
    FAIL = "fail"
