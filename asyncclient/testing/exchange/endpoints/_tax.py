"""Tax records (``/api/v2/tax/...``): the account's ledgers as the tax endpoints list them, newest first.

spot-record lists the spot bills, future-record the futures bills of every line, margin-record the crossed
margin account's bills; the simulator has no P2P trading, so p2p-record lists nothing. The exchange requires
``startTime`` and ``endTime`` (at most 366 days apart).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..._routing import Mount, SimError, SimRequest, get
from ..state._margin_accounts import MarginAccounts
from ..state._markets import format_decimal
from ._callers import Callers
from ._params import Params

__all__ = ["TaxEndpoints"]

_SPAN_MS = 366 * 86_400_000
_EIGHT = Decimal("1e-8")


def _eight(value: Decimal) -> str:
    return format_decimal(value.quantize(_EIGHT))


class TaxEndpoints:
    """Handlers of spot-record, future-record, margin-record and p2p-record."""

    def __init__(self, accounts: Callers, margin: MarginAccounts) -> None:
        self._accounts = accounts
        self._margin = margin

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/tax",
            [
                get("/spot-record", self.spot_record),
                get("/future-record", self.future_record),
                get("/margin-record", self.margin_record),
                get("/p2p-record", self.p2p_record),
            ],
        )

    def _window(self, params: Params) -> tuple[int, int, int, int | None, str | None]:
        """(start, end, limit, idLessThan, coin) of a tax query."""
        start = params.integer("startTime", low=0)
        end = params.integer("endTime", low=0)
        if start is None or end is None:
            raise SimError("40019", "Parameter startTime and endTime cannot be empty")
        if end < start or end - start > _SPAN_MS:
            raise SimError("40020", "Parameter endTime error")
        limit = params.limit(default=500, maximum=500)
        before = params.integer("idLessThan", low=1)
        coin = (params.text("coin") or params.text("marginCoin") or "").upper() or None
        return start, end, limit, before, coin

    def _select(self, params: Params, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        start, end, limit, before, coin = self._window(params)
        found = [
            row
            for row in sorted(rows, key=lambda r: int(r["id"]), reverse=True)
            if start <= int(row["ts"]) <= end
            and (before is None or int(row["id"]) < before)
            and coin in (None, row.get("coin"), row.get("marginCoin"))
        ]
        return found[:limit]

    def spot_record(self, request: SimRequest) -> list[dict[str, Any]]:
        spot = self._accounts.spot(request)
        rows = [
            {
                "id": str(b.bill_id),
                "coin": b.coin,
                "spotTaxType": b.business_type,
                "amount": _eight(b.size),
                "fee": _eight(b.fees),
                "balance": _eight(b.balance),
                "ts": str(b.c_time),
            }
            for b in spot.bills
        ]
        return self._select(Params(request.params), rows)

    def future_record(self, request: SimRequest) -> list[dict[str, Any]]:
        self._accounts.spot(request)
        assert request.uid is not None
        account = self._accounts.existing(request.uid)
        assert account is not None
        rows = [
            {
                "id": str(b.bill_id),
                "symbol": b.symbol,
                "marginCoin": b.coin,
                "futureTaxType": b.business_type,
                "amount": _eight(b.amount),
                "fee": _eight(b.fee),
                "ts": str(b.c_time),
            }
            for line in account.lines.values()
            for b in line.bills
        ]
        return self._select(Params(request.params), rows)

    def margin_record(self, request: SimRequest) -> list[dict[str, Any]]:
        self._accounts.spot(request)
        assert request.uid is not None
        book = self._margin.crossed(request.uid, request.now_ms).book
        rows = [
            {
                "id": str(b.bill_id),
                "coin": b.coin,
                "marginTaxType": b.business_type,
                "amount": _eight(b.size),
                "fee": _eight(b.fees),
                "total": _eight(b.balance),
                "symbol": "",
                "ts": str(b.c_time),
            }
            for b in book.bills
        ]
        return self._select(Params(request.params), rows)

    def p2p_record(self, request: SimRequest) -> list[dict[str, Any]]:
        self._accounts.spot(request)
        self._window(Params(request.params))
        return []
