"""Margin flash repay and liquidation records, crossed and isolated.

- flash-repay: repays at once every debt the account can cover from its own balance of that coin (crossed: one
  ``coin`` or all; isolated: the pairs of ``symbolList`` or all); query-flash-repay-status says ``FINISH``.
- liquidation-history and liquidation-order: the simulator never liquidates, so they list nothing.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from .._routing import Handler, SimError, SimRequest
from ._ids import IdSequence
from ._margin import CrossedMargin, MarginEndpoints
from ._margin_isolated import IsolatedMarginEndpoints, margin_pair
from ._params import Params

__all__ = ["MarginExtrasEndpoints"]

ZERO = Decimal(0)


class MarginExtrasEndpoints:
    """Flash repay and liquidation records of the crossed and the isolated accounts."""

    def __init__(self, crossed: MarginEndpoints, isolated: IsolatedMarginEndpoints, ids: IdSequence) -> None:
        self._crossed = crossed
        self._isolated = isolated
        self._ids = ids
        #: repayId -> status, per uid.
        self._flash: dict[str, dict[str, str]] = {}

    def routes(self) -> dict[tuple[str, str], Handler]:
        """The endpoints this module serves, for the route table."""
        table: dict[tuple[str, str], Handler] = {
            ("POST", "/api/v2/margin/crossed/account/flash-repay"): self.crossed_flash_repay,
            ("POST", "/api/v2/margin/isolated/account/flash-repay"): self.isolated_flash_repay,
        }
        for mode in ("crossed", "isolated"):
            base = f"/api/v2/margin/{mode}"
            table[("POST", f"{base}/account/query-flash-repay-status")] = self.flash_repay_status
            table[("GET", f"{base}/liquidation-history")] = self.liquidation_history
            table[("GET", f"{base}/liquidation-order")] = self.liquidation_order
        return table

    def _repay_all(self, account: CrossedMargin, coins: list[str] | None, now_ms: int) -> None:
        """Pay interest, then principal, of each owed coin from that coin's available balance."""
        for coin, balance in list(account.balances.items()):
            if coins is not None and coin not in coins:
                continue
            amount = min(balance.borrow + balance.interest, balance.available)
            if amount <= 0:
                continue
            interest = min(amount, balance.interest)
            balance.interest -= interest
            balance.borrow -= amount - interest
            account.book._move(coin, -amount, ZERO, now_ms, group="repay", business="repay")

    def _record(self, uid: str) -> str:
        repay_id = str(self._ids.next())
        self._flash.setdefault(uid, {})[repay_id] = "FINISH"
        return repay_id

    def crossed_flash_repay(self, request: SimRequest) -> dict[str, str]:
        self._crossed._accounts.spot(request)
        assert request.uid is not None
        coin = (Params(request.params).text("coin") or "").upper() or None
        account = self._crossed.account(request.uid, request.now_ms)
        self._repay_all(account, None if coin is None else [coin], request.now_ms)
        return {"repayId": self._record(request.uid), "coin": coin or ""}

    def isolated_flash_repay(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        self._isolated._accounts.spot(request)
        uid = request.uid
        assert uid is not None
        raw = params.raw_list("symbolList") if "symbolList" in request.params else []
        symbols = [str(item).upper() for item in raw]
        for symbol in symbols:
            margin_pair(Params({"symbol": symbol}))
        if not symbols:
            symbols = sorted(key.split("/", 1)[1] for key in self._isolated._crossed if key.startswith(f"{uid}/"))
        rows = []
        for symbol in symbols:
            self._repay_all(self._isolated.isolated(uid, symbol, request.now_ms), None, request.now_ms)
            rows.append({"repayId": self._record(uid), "symbol": symbol, "result": "success"})
        return rows

    def flash_repay_status(self, request: SimRequest) -> list[dict[str, str]]:
        self._crossed._accounts.spot(request)
        assert request.uid is not None
        params = Params(request.params)
        ids = [str(item) for item in params.raw_list("idList")] if "idList" in request.params else []
        if not ids:
            raise SimError("40019", "Parameter idList cannot be empty")
        known = self._flash.get(request.uid, {})
        return [{"repayId": repay_id, "status": known.get(repay_id, "FAIL")} for repay_id in ids]

    def liquidation_history(self, request: SimRequest) -> dict[str, Any]:
        self._crossed._accounts.spot(request)
        return {"resultList": [], "maxId": "", "minId": ""}

    def liquidation_order(self, request: SimRequest) -> dict[str, Any]:
        self._crossed._accounts.spot(request)
        return {"resultList": [], "idLessThan": ""}
