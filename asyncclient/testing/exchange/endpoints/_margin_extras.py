"""Margin flash repay and liquidation records, crossed and isolated.

- flash-repay: repays at once every debt the account can cover from its own balance of that coin (crossed: one
  ``coin`` or all; isolated: the pairs of ``symbolList`` or all); query-flash-repay-status says ``FINISH``.
- liquidation-history and liquidation-order: the simulator never liquidates, so they list nothing.
"""

from __future__ import annotations

from typing import Any

from ..._routing import Mount, SimError, SimRequest, get, post
from ..state._margin_accounts import MarginAccounts
from ._callers import Callers
from ._margin_isolated import margin_pair
from ._params import Params

__all__ = ["MarginExtrasEndpoints"]


class MarginExtrasEndpoints:
    """Flash repay and liquidation records of the crossed and the isolated accounts."""

    def __init__(self, accounts: Callers, margin: MarginAccounts) -> None:
        self._accounts = accounts
        self._margin = margin

    def routes(self) -> Mount:
        """The endpoints this module serves, for the crossed and the isolated accounts alike."""
        return Mount(
            "/api/v2/margin",
            [
                post("/crossed/account/flash-repay", self.crossed_flash_repay),
                post("/isolated/account/flash-repay", self.isolated_flash_repay),
                *(
                    Mount(
                        f"/{mode}",
                        [
                            post("/account/query-flash-repay-status", self.flash_repay_status),
                            get("/liquidation-history", self.liquidation_history),
                            get("/liquidation-order", self.liquidation_order),
                        ],
                    )
                    for mode in ("crossed", "isolated")
                ),
            ],
        )

    def crossed_flash_repay(self, request: SimRequest) -> dict[str, str]:
        self._accounts.spot(request)
        assert request.uid is not None
        coin = (Params(request.params).text("coin") or "").upper() or None
        account = self._margin.crossed(request.uid, request.now_ms)
        repay_id = self._margin.flash_repay(account, None if coin is None else [coin], request.now_ms)
        return {"repayId": repay_id, "coin": coin or ""}

    def isolated_flash_repay(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        self._accounts.spot(request)
        uid = request.uid
        assert uid is not None
        raw = params.raw_list("symbolList") if "symbolList" in request.params else []
        symbols = [str(item).upper() for item in raw]
        for symbol in symbols:
            margin_pair(Params({"symbol": symbol}))
        if not symbols:
            symbols = self._margin.isolated_symbols(uid)
        rows = []
        for symbol in symbols:
            repay_id = self._margin.flash_repay(
                self._margin.isolated(uid, symbol, request.now_ms), None, request.now_ms
            )
            rows.append({"repayId": repay_id, "symbol": symbol, "result": "success"})
        return rows

    def flash_repay_status(self, request: SimRequest) -> list[dict[str, str]]:
        self._accounts.spot(request)
        assert request.uid is not None
        params = Params(request.params)
        ids = [str(item) for item in params.raw_list("idList")] if "idList" in request.params else []
        if not ids:
            raise SimError("40019", "Parameter idList cannot be empty")
        uid = request.uid
        return [{"repayId": repay_id, "status": self._margin.flash_repay_status(uid, repay_id)} for repay_id in ids]

    def liquidation_history(self, request: SimRequest) -> dict[str, Any]:
        self._accounts.spot(request)
        return {"resultList": [], "maxId": "", "minId": ""}

    def liquidation_order(self, request: SimRequest) -> dict[str, Any]:
        self._accounts.spot(request)
        return {"resultList": [], "idLessThan": ""}
