"""Signed spot account endpoints: account info, assets and bills."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..._routing import Mount, SimRequest, get
from ..state._markets import format_decimal
from ..state._spot import Bill, SpotAccount
from ._paging import PageWindow, newest_first
from ._params import Params

__all__ = ["SpotAccountEndpoints"]


def _bill_row(bill: Bill) -> dict[str, str]:
    return {
        "cTime": str(bill.c_time),
        "coin": bill.coin,
        "groupType": bill.group_type,
        "businessType": bill.business_type,
        "size": format_decimal(bill.size),
        "balance": format_decimal(bill.balance),
        "fees": format_decimal(bill.fees),
        "billId": str(bill.bill_id),
    }


class SpotAccountEndpoints:
    """Handlers of the spot account endpoints; ``account_of`` catches up and returns the caller's account."""

    def __init__(self, account_of: Callable[[SimRequest], SpotAccount], registered_ms: int) -> None:
        self._account_of = account_of
        self._registered_ms = registered_ms

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/spot/account",
            [
                get("/info", self.info),
                get("/assets", self.assets),
                get("/bills", self.bills),
            ],
        )

    def info(self, request: SimRequest) -> dict[str, Any]:
        account = self._account_of(request)
        return {
            "userId": account.uid,
            "inviterId": "",
            "ips": "",
            "authorities": ["stor", "stow", "sptr"],
            "parentId": int(account.uid) if account.uid.isdigit() else 0,
            "traderType": "",
            "channelCode": "",
            "channel": "",
            "regisTime": str(self._registered_ms),
        }

    def assets(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        account = self._account_of(request)
        coin = params.text("coin")
        asset_type = params.choice("assetType", ("hold_only", "all"), default="hold_only")
        rows: list[dict[str, str]] = []
        for name, balance in sorted(account.balances.items()):
            if coin is not None and name != coin.upper():
                continue
            if asset_type == "hold_only" and coin is None and not (balance.available or balance.frozen):
                continue
            rows.append(
                {
                    "coin": name,
                    "available": format_decimal(balance.available),
                    "frozen": format_decimal(balance.frozen),
                    "locked": "0",
                    "limitAvailable": "0",
                    "uTime": str(balance.u_time),
                }
            )
        return rows

    def bills(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        coin = params.text("coin")
        group = params.text("groupType")
        business = params.text("businessType")
        window = PageWindow(params, default_limit=100, max_limit=500)
        account = self._account_of(request)

        def accept(bill: Bill) -> bool:
            return (
                (coin is None or bill.coin == coin.upper())
                and (group is None or bill.group_type == group)
                and (business is None or bill.business_type == business)
            )

        return [_bill_row(b) for b in newest_first(account.bills, account.bill_ids, window, lambda b: b.c_time, accept)]
