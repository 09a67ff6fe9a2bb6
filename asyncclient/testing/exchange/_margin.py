"""The crossed-margin account: balances moved in from spot, borrowing, hourly interest, repayment, risk.

(A little over 300 lines: the account and its eleven read/write endpoints share the interest and limit rules.)

Kept simple on purpose: one crossed account per uid; coins are worth their USDT price on the walk (USDT is 1);
equity = value of balances - debt - interest; a coin can be borrowed up to what keeps debt within
``equity * (leverage - 1)`` (leverage 3, the pairs' crossed maximum). Interest accrues every full hour on the
debt at the coin's daily rate / 24 and is paid before principal. Orders (``_margin_trade``) trade on the
balances through a spot-like book.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import cast

import attrs

from .._routing import Handler, SimError, SimRequest
from ._accounts import Accounts
from ._ids import IdSequence
from ._margin_pairs import MARGIN_PAIRS
from ._markets import Markets, format_decimal
from ._params import Params
from ._spot import Balance, SpotAccount
from ._symbols import SPOT_SYMBOLS

__all__ = ["CROSSED_LEVERAGE", "DAILY_INTEREST_RATE", "CrossedMargin", "MarginEndpoints"]

CROSSED_LEVERAGE = 3
DAILY_INTEREST_RATE = Decimal("0.0001")
_HOUR_MS = 3_600_000
_EIGHT = Decimal("1e-8")
ZERO = Decimal(0)
#: Coins of the margin pairs: the ones the crossed account can hold and borrow.
MARGIN_COINS = frozenset({"USDT"} | {pair.spot.base_coin for pair in MARGIN_PAIRS.values()})


@attrs.define
class MarginBalance(Balance):
    """A spot-like balance that also owes: what was borrowed and the interest on it."""

    borrow: Decimal = ZERO
    interest: Decimal = ZERO
    c_time: int = 0


@attrs.define
class CrossedMargin:
    """One uid's crossed-margin account; ``book`` trades on its balances (the same objects) like a spot account."""

    book: SpotAccount
    balances: dict[str, MarginBalance] = attrs.field(factory=lambda: defaultdict(MarginBalance))
    accrued_until_ms: int = 0
    loans: list[dict[str, str]] = attrs.field(factory=list)
    repays: list[dict[str, str]] = attrs.field(factory=list)
    interests: list[dict[str, str]] = attrs.field(factory=list)
    #: Debt may reach ``equity * (leverage - 1)``; an isolated account names its pair.
    leverage: int = CROSSED_LEVERAGE
    symbol: str = ""

    def __attrs_post_init__(self) -> None:
        # Orders freeze and fill these balances; borrowing and interest stay beside them.
        self.book.balances = cast("dict[str, Balance]", self.balances)


def _eight(value: Decimal) -> str:
    return format_decimal(value.quantize(_EIGHT))


class MarginEndpoints:
    """Handlers of ``/api/v2/margin/crossed/account/*`` and its records; transfers come from the wallet."""

    def __init__(self, markets: Markets, accounts: Accounts, ids: IdSequence) -> None:
        self._markets = markets
        self._accounts = accounts
        self._ids = ids
        self._crossed: dict[str, CrossedMargin] = {}

    def routes(self) -> dict[tuple[str, str], Handler]:
        """The endpoints this module serves, for the route table."""
        base = "/api/v2/margin/crossed"
        return {
            ("GET", f"{base}/account/assets"): self.assets,
            ("GET", f"{base}/account/max-borrowable-amount"): self.max_borrowable,
            ("GET", f"{base}/account/max-transfer-out-amount"): self.max_transfer_out,
            ("GET", f"{base}/account/risk-rate"): self.risk_rate,
            ("POST", f"{base}/account/borrow"): self.borrow,
            ("POST", f"{base}/account/repay"): self.repay,
            ("GET", f"{base}/borrow-history"): self.borrow_history,
            ("GET", f"{base}/repay-history"): self.repay_history,
            ("GET", f"{base}/interest-history"): self.interest_history,
            ("GET", f"{base}/tier-data"): self.tier_data,
            ("GET", f"{base}/interest-rate-and-limit"): self.interest_rate_and_limit,
        }

    # -- state ---------------------------------------------------------------------------------------------------

    def account(self, uid: str, now_ms: int) -> CrossedMargin:
        """The uid's crossed account with interest accrued up to ``now_ms`` (the wallet uses it for transfers)."""
        return self.load(uid, uid, now_ms)

    def load(
        self, key: str, uid: str, now_ms: int, *, leverage: int = CROSSED_LEVERAGE, symbol: str = ""
    ) -> CrossedMargin:
        """The margin account under ``key`` (made on first use), interest accrued up to ``now_ms``."""
        account = self._crossed.get(key)
        if account is None:
            book = SpotAccount(uid, self._ids, self._markets)
            account = CrossedMargin(book, accrued_until_ms=now_ms, leverage=leverage, symbol=symbol)
            self._crossed[key] = account
        account.book.settle(now_ms)
        hours = (now_ms - account.accrued_until_ms) // _HOUR_MS
        if hours > 0:
            for coin, balance in account.balances.items():
                if balance.borrow > 0:
                    amount = balance.borrow * DAILY_INTEREST_RATE / 24 * hours
                    balance.interest += amount
                    account.interests.append(
                        {
                            "interestId": str(self._ids.next()),
                            "loanCoin": coin,
                            "interestCoin": coin,
                            "dailyInterestRate": format_decimal(DAILY_INTEREST_RATE),
                            "interestAmount": _eight(amount),
                            "interstType": "scheduled",
                            "cTime": str(now_ms),
                            "uTime": str(now_ms),
                        }
                    )
            account.accrued_until_ms += hours * _HOUR_MS
        return account

    def _caller(self, request: SimRequest) -> CrossedMargin:
        self._accounts.spot(request)  # refuses a request without an account
        assert request.uid is not None
        return self.account(request.uid, request.now_ms)

    def _price(self, coin: str, now_ms: int) -> Decimal:
        if coin == "USDT":
            return Decimal(1)
        spec = SPOT_SYMBOLS[f"{coin}USDT"]
        return self._markets.quote(spec.symbol, spec.tick, now_ms).bid

    def _equity(self, account: CrossedMargin, now_ms: int) -> tuple[Decimal, Decimal]:
        """(value of the balances, debt with interest), in USDT."""
        assets = debt = ZERO
        for coin, balance in account.balances.items():
            price = self._price(coin, now_ms)
            assets += (balance.available + balance.frozen) * price
            debt += (balance.borrow + balance.interest) * price
        return assets, debt

    def _coin(self, params: Params) -> str:
        coin = params.required("coin").upper()
        if coin not in MARGIN_COINS:
            raise SimError("40034", f"Parameter {coin} does not exist")
        return coin

    def _max_borrow(self, account: CrossedMargin, coin: str, now_ms: int) -> Decimal:
        assets, debt = self._equity(account, now_ms)
        room = (assets - debt) * (account.leverage - 1) - debt
        return max(room, ZERO) / self._price(coin, now_ms)

    # -- handlers ------------------------------------------------------------------------------------------------

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
        return {"coin": coin, "maxBorrowableAmount": _eight(self._max_borrow(account, coin, request.now_ms))}

    def max_transfer_out(self, request: SimRequest) -> dict[str, str]:
        account = self._caller(request)
        coin = self._coin(Params(request.params))
        return {"coin": coin, "maxTransferOutAmount": _eight(self.transferable(account, coin, request.now_ms))}

    def transferable(self, account: CrossedMargin, coin: str, now_ms: int) -> Decimal:
        """What may leave the account: the available coin, while the rest still covers the debt at leverage."""
        balance = account.balances[coin]
        assets, debt = self._equity(account, now_ms)
        if debt == 0:
            return balance.available
        spare = (assets - debt * account.leverage / (account.leverage - 1)) / self._price(coin, now_ms)
        return max(min(balance.available, spare), ZERO)

    def risk_rate(self, request: SimRequest) -> dict[str, str]:
        account = self._caller(request)
        assets, debt = self._equity(account, request.now_ms)
        return {"riskRateRatio": _eight(debt / assets) if assets else "0"}

    def borrow(self, request: SimRequest) -> dict[str, str]:
        account = self._caller(request)
        params = Params(request.params)
        coin = self._coin(params)
        amount = params.positive_decimal("borrowAmount")
        loan = self.lend(account, coin, amount, request.now_ms, borrow_type="manual_loan")
        return {"loanId": loan["loanId"], "coin": coin, "borrowAmount": loan["borrowAmount"]}

    def lend(
        self, account: CrossedMargin, coin: str, amount: Decimal, now_ms: int, *, borrow_type: str
    ) -> dict[str, str]:
        """Borrow ``amount`` of ``coin`` into the account (43117 past the limit); the loan's record."""
        if amount > self._max_borrow(account, coin, now_ms):
            raise SimError("43117", "Exceeds the maximum amount that can be borrowed")
        account.balances[coin].borrow += amount
        account.book._move(coin, amount, ZERO, now_ms, group="borrow", business="borrow")
        loan = {
            "loanId": str(self._ids.next()),
            "coin": coin,
            "borrowAmount": _eight(amount),
            "borrowType": borrow_type,
            "cTime": str(now_ms),
            "uTime": str(now_ms),
        }
        account.loans.append(loan)
        return loan

    def repay(self, request: SimRequest) -> dict[str, str]:
        account = self._caller(request)
        params = Params(request.params)
        coin = self._coin(params)
        wanted = params.positive_decimal("repayAmount")
        balance = account.balances[coin]
        owed = balance.borrow + balance.interest
        if owed == 0:
            raise SimError("43120", "No debt to repay")
        amount = min(wanted, owed)
        if amount > balance.available:
            raise SimError("43012", "Insufficient balance")
        interest = min(amount, balance.interest)
        principal = amount - interest
        balance.interest -= interest
        balance.borrow -= principal
        account.book._move(coin, -amount, ZERO, request.now_ms, group="repay", business="repay")
        repay = {
            "repayId": str(self._ids.next()),
            "coin": coin,
            "repayAmount": _eight(amount),
            "repayType": "manual_repay",
            "repayInterest": _eight(interest),
            "repayPrincipal": _eight(principal),
            "cTime": str(request.now_ms),
            "uTime": str(request.now_ms),
        }
        account.repays.append(repay)
        remain = balance.borrow + balance.interest
        return {
            "coin": coin,
            "repayId": repay["repayId"],
            "remainDebtAmount": _eight(remain),
            "repayAmount": _eight(amount),
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
