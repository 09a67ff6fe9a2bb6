"""The crossed-margin endpoints: balances moved in from spot, borrowing, hourly interest, repayment, risk.

The accounts and their rules (equity, borrowing limit, interest) are the state's (``_margin_accounts``); orders
on them are ``_margin_trade``'s. The isolated accounts (``_margin_isolated``) serve the same endpoints under
``/isolated``.
"""

from __future__ import annotations

from ..._routing import Mount, SimError, SimRequest, get, post
from ..state._margin_accounts import (
    CROSSED_LEVERAGE,
    DAILY_INTEREST_RATE,
    MARGIN_COINS,
    CrossedMargin,
    MarginAccounts,
    eight,
)
from ..state._markets import format_decimal
from ._callers import Callers
from ._params import Params

__all__ = ["MarginEndpoints"]

_eight = eight


class MarginEndpoints:
    """Handlers of ``/api/v2/margin/crossed/account/*`` and its records; transfers come from the wallet."""

    #: Where these endpoints are mounted (the isolated accounts mount the same ones under ``/isolated``).
    prefix = "/api/v2/margin/crossed"

    def __init__(self, accounts: Callers, margin: MarginAccounts) -> None:
        self._accounts = accounts
        self._margin = margin

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            self.prefix,
            [
                get("/account/assets", self.assets),
                get("/account/max-borrowable-amount", self.max_borrowable),
                get("/account/max-transfer-out-amount", self.max_transfer_out),
                get("/account/risk-rate", self.risk_rate),
                post("/account/borrow", self.borrow),
                post("/account/repay", self.repay),
                get("/borrow-history", self.borrow_history),
                get("/repay-history", self.repay_history),
                get("/interest-history", self.interest_history),
                get("/tier-data", self.tier_data),
                get("/interest-rate-and-limit", self.interest_rate_and_limit),
            ],
        )

    def _caller(self, request: SimRequest) -> CrossedMargin:
        self._accounts.spot(request)  # refuses a request without an account
        assert request.uid is not None
        return self._margin.crossed(request.uid, request.now_ms)

    def _coin(self, params: Params) -> str:
        coin = params.required("coin").upper()
        if coin not in MARGIN_COINS:
            raise SimError("40034", f"Parameter {coin} does not exist")
        return coin

    def assets(self, request: SimRequest) -> list[dict[str, str]]:
        account = self._caller(request)
        wanted = (Params(request.params).text("coin") or "").upper() or None
        return [
            {
                "coin": coin,
                "totalAmount": _eight(balance.available + balance.frozen),
                "available": _eight(balance.available),
                "frozen": _eight(balance.frozen),
                "borrow": _eight(balance.borrow),
                "interest": _eight(balance.interest),
                "net": _eight(balance.available + balance.frozen - balance.borrow - balance.interest),
                "cTime": str(balance.c_time),
                "uTime": str(balance.u_time),
                "coupon": "0",
            }
            for coin, balance in sorted(account.balances.items())
            if wanted in (None, coin)
        ]

    def max_borrowable(self, request: SimRequest) -> dict[str, str]:
        account = self._caller(request)
        coin = self._coin(Params(request.params))
        return {"coin": coin, "maxBorrowableAmount": _eight(self._margin.max_borrow(account, coin, request.now_ms))}

    def max_transfer_out(self, request: SimRequest) -> dict[str, str]:
        account = self._caller(request)
        coin = self._coin(Params(request.params))
        return {"coin": coin, "maxTransferOutAmount": _eight(self._margin.transferable(account, coin, request.now_ms))}

    def risk_rate(self, request: SimRequest) -> dict[str, str]:
        account = self._caller(request)
        assets, debt = self._margin.equity(account, request.now_ms)
        return {"riskRateRatio": _eight(debt / assets) if assets else "0"}

    def borrow(self, request: SimRequest) -> dict[str, str]:
        account = self._caller(request)
        params = Params(request.params)
        coin = self._coin(params)
        amount = params.positive_decimal("borrowAmount")
        loan = self._margin.lend(account, coin, amount, request.now_ms, borrow_type="manual_loan")
        return {"loanId": loan["loanId"], "coin": coin, "borrowAmount": loan["borrowAmount"]}

    def repay(self, request: SimRequest) -> dict[str, str]:
        account = self._caller(request)
        params = Params(request.params)
        coin = self._coin(params)
        repay = self._margin.repay(account, coin, params.positive_decimal("repayAmount"), request.now_ms)
        balance = account.balances[coin]
        remain = balance.borrow + balance.interest
        return {
            "coin": coin,
            "repayId": repay["repayId"],
            "remainDebtAmount": _eight(remain),
            "repayAmount": repay["repayAmount"],
        }

    def borrow_history(self, request: SimRequest) -> dict[str, object]:
        return self._records(request, self._caller(request).loans, "loanId")

    def repay_history(self, request: SimRequest) -> dict[str, object]:
        return self._records(request, self._caller(request).repays, "repayId")

    def interest_history(self, request: SimRequest) -> dict[str, object]:
        return self._records(request, self._caller(request).interests, "interestId", coin_key="loanCoin")

    def _records(
        self, request: SimRequest, rows: list[dict[str, str]], id_key: str, *, coin_key: str = "coin"
    ) -> dict[str, object]:
        params = Params(request.params)
        params.integer("startTime", low=0)  # accepted, as the exchange requires it; the simulator keeps everything
        coin = (params.text("coin") or "").upper() or None
        limit = params.limit(default=100, maximum=500)
        found = [row for row in reversed(rows) if coin in (None, row[coin_key])][:limit]
        ids = [row[id_key] for row in found]
        return {"resultList": found, "maxId": ids[0] if ids else "", "minId": ids[-1] if ids else ""}

    def tier_data(self, request: SimRequest) -> list[dict[str, str]]:
        self._caller(request)
        coin = self._coin(Params(request.params))
        return [
            {
                "tier": "1",
                "leverage": str(CROSSED_LEVERAGE),
                "coin": coin,
                "maxBorrowableAmount": "1000000",
                "maintainMarginRate": "0.05",
            }
        ]

    def interest_rate_and_limit(self, request: SimRequest) -> list[dict[str, object]]:
        self._caller(request)
        coin = self._coin(Params(request.params))
        daily = format_decimal(DAILY_INTEREST_RATE)
        annual = format_decimal(DAILY_INTEREST_RATE * 365)
        return [
            {
                "transferable": True,
                "leverage": str(CROSSED_LEVERAGE),
                "coin": coin,
                "borrowable": True,
                "dailyInterestRate": daily,
                "annualInterestRate": annual,
                "maxBorrowableAmount": "1000000",
                "vipList": [
                    {
                        "level": "0",
                        "limit": "1000000",
                        "dailyInterestRate": daily,
                        "annualInterestRate": annual,
                        "discountRate": "1",
                    }
                ],
            }
        ]
