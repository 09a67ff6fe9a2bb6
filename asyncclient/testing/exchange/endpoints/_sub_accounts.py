"""Sub-accounts: transfers between a main account and its sub-accounts, their records, the sub-accounts' assets.

Sub-accounts are made with :meth:`Exchange.add_sub_account` (they have no API key of their own here). A transfer
(``/api/v2/spot/wallet/subaccount-transfer``) moves a coin between the spot or USDT-M futures sides of two users
of one family (main to sub, sub to main, or sub to sub: the state's ``_families``); a repeated ``clientOid`` is
refused, as the exchange documents no de-duplication for it (the client never repeats the call after an ambiguous
failure).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..._routing import Mount, SimError, SimRequest, get, post
from ..state._families import Families, SubTransfer
from ..state._markets import format_decimal
from ._callers import Callers
from ._params import Params

__all__ = ["SubAccountEndpoints"]

_TYPES = ("spot", "usdt_futures")
_EIGHT = Decimal("1e-8")


class SubAccountEndpoints:
    """Handlers of subaccount-transfer, sub-main-trans-record and subaccount-assets."""

    def __init__(self, accounts: Callers, families: Families) -> None:
        self._accounts = accounts
        self._families = families

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/spot",
            [
                post("/wallet/subaccount-transfer", self.transfer),
                get("/account/sub-main-trans-record", self.records),
                get("/account/subaccount-assets", self.assets),
            ],
        )

    def transfer(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        self._accounts.spot(request)
        assert request.uid is not None
        from_type = params.choice("fromType", _TYPES, required=True) or "spot"
        to_type = params.choice("toType", _TYPES, required=True) or "spot"
        coin = params.required("coin").upper()
        size = params.positive_decimal("amount")
        from_uid, to_uid = params.required("fromUserId"), params.required("toUserId")
        client_oid = params.text("clientOid") or ""
        family = self._families.family(request.uid)
        if from_uid not in family or to_uid not in family or from_uid == to_uid:
            raise SimError("40020", "Parameter userId error")
        if client_oid and self._families.used(client_oid):
            raise SimError("40020", "Duplicate clientOid")
        if "usdt_futures" in (from_type, to_type) and coin != "USDT":
            raise SimError("40020", "Parameter coin error")
        record = self._families.transfer(
            coin, size, from_type, to_type, from_uid, to_uid, client_oid=client_oid, now_ms=request.now_ms
        )
        return {"transferId": str(record.transfer_id), "clientOid": client_oid}

    def records(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        self._accounts.spot(request)
        assert request.uid is not None
        coin = (params.text("coin") or "").upper() or None
        client_oid = params.text("clientOid")
        sub_uid = params.text("subUid")
        role = params.choice("role", ("initiator", "receiver"))
        limit = params.limit(default=100, maximum=100)
        family = self._families.family(request.uid)
        rows = [
            _record_row(t)
            for t in reversed(self._families.transfers)
            if t.from_uid in family
            and coin in (None, t.coin)
            and client_oid in (None, t.client_oid)
            and sub_uid in (None, t.from_uid, t.to_uid)
            and (role is None or (t.from_uid if role == "initiator" else t.to_uid) == request.uid)
        ]
        return rows[:limit]

    def assets(self, request: SimRequest) -> list[dict[str, Any]]:
        self._accounts.spot(request)
        assert request.uid is not None
        limit = Params(request.params).limit(default=10, maximum=50)
        rows = []
        for sub_uid in self._families.subs.get(request.uid, [])[:limit]:
            account = self._accounts.existing(sub_uid)
            assert account is not None
            assets = [
                {
                    "coin": coin,
                    "available": format_decimal(balance.available.quantize(_EIGHT)),
                    "frozen": format_decimal(balance.frozen.quantize(_EIGHT)),
                    "locked": "0",
                    "uTime": str(balance.u_time),
                }
                for coin, balance in sorted(account.spot.balances.items())
                if balance.available or balance.frozen
            ]
            rows.append({"id": sub_uid, "userId": sub_uid, "assetsList": assets})
        return rows


def _record_row(record: SubTransfer) -> dict[str, str]:
    return {
        "coin": record.coin,
        "status": "Successful",
        "toType": record.to_type,
        "fromType": record.from_type,
        "size": format_decimal(record.size.quantize(_EIGHT)),
        "ts": str(record.ts),
        "clientOid": record.client_oid,
        "transferId": str(record.transfer_id),
        "fromUserId": record.from_uid,
        "toUserId": record.to_uid,
    }
