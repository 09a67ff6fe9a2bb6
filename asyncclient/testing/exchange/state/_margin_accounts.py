"""The margin accounts of every uid: crossed (one per uid) and isolated (one per uid and pair), with their debt.

Kept simple on purpose: coins are worth their USDT price on the walk (USDT is 1); equity = value of balances -
debt - interest; a coin can be borrowed up to what keeps debt within ``equity * (leverage - 1)`` (leverage 3 for
the crossed account, the pair's isolated maximum for an isolated one). Interest accrues every full hour on the
debt at the coin's daily rate / 24 and is paid before principal. Orders trade on the balances through a spot-like
book (``CrossedMargin.book``), so they fill as spot orders do. Loans, repayments and interest are kept as the
exchange lists them.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import cast

import attrs

from ..._routing import SimError
from ._ids import IdSequence
from ._margin_pairs import MARGIN_PAIRS
from ._markets import Markets, format_decimal
from ._spot import Balance, SpotAccount
from ._symbols import SPOT_SYMBOLS

__all__ = [
    "CROSSED_LEVERAGE",
    "DAILY_INTEREST_RATE",
    "MARGIN_COINS",
    "CrossedMargin",
    "MarginAccounts",
    "MarginBalance",
    "eight",
]

CROSSED_LEVERAGE = 3
DAILY_INTEREST_RATE = Decimal("0.0001")
_HOUR_MS = 3_600_000
_EIGHT = Decimal("1e-8")
ZERO = Decimal(0)
#: Coins of the margin pairs: the ones the crossed account can hold and borrow.
MARGIN_COINS = frozenset({"USDT"} | {pair.spot.base_coin for pair in MARGIN_PAIRS.values()})


def eight(value: Decimal) -> str:
    """An amount as the margin endpoints write it: eight decimals, no trailing zeros."""
    return format_decimal(value.quantize(_EIGHT))


@attrs.define
class MarginBalance(Balance):
    """A spot-like balance that also owes: what was borrowed and the interest on it."""

    borrow: Decimal = ZERO
    interest: Decimal = ZERO
    c_time: int = 0


@attrs.define
class CrossedMargin:
    """One margin account; ``book`` trades on its balances (the same objects) like a spot account."""

    book: SpotAccount
    balances: dict[str, MarginBalance] = attrs.field(factory=lambda: defaultdict(MarginBalance))
    accrued_until_ms: int = 0
    loans: list[dict[str, str]] = attrs.field(factory=list)
    repays: list[dict[str, str]] = attrs.field(factory=list)
    interests: list[dict[str, str]] = attrs.field(factory=list)
    #: The ``loanType`` each order was placed with, by order id.
    loan_types: dict[int, str] = attrs.field(factory=dict)
    #: Debt may reach ``equity * (leverage - 1)``; an isolated account names its pair.
    leverage: int = CROSSED_LEVERAGE
    symbol: str = ""

    def __attrs_post_init__(self) -> None:
        # Orders freeze and fill these balances; borrowing and interest stay beside them.
        self.book.balances = cast("dict[str, Balance]", self.balances)


class MarginAccounts:
    """Every margin account, made on first use, with interest accrued whenever one is looked up."""

    def __init__(self, markets: Markets, ids: IdSequence) -> None:
        self._markets = markets
        self._ids = ids
        self._accounts: dict[str, CrossedMargin] = {}
        #: Flash repayments by uid: repayId -> status.
        self._flash: dict[str, dict[str, str]] = {}

    def crossed(self, uid: str, now_ms: int) -> CrossedMargin:
        """The uid's crossed account, caught up to ``now_ms``."""
        return self._load(uid, uid, now_ms, CROSSED_LEVERAGE, "")

    def isolated(self, uid: str, symbol: str, now_ms: int) -> CrossedMargin:
        """The uid's isolated account of ``symbol``, caught up to ``now_ms``."""
        pair = MARGIN_PAIRS[symbol]
        return self._load(f"{uid}/{symbol}", uid, now_ms, pair.max_isolated_leverage, symbol)

    def isolated_symbols(self, uid: str) -> list[str]:
        """The pairs the uid has an isolated account of, sorted."""
        return sorted(key.split("/", 1)[1] for key in self._accounts if key.startswith(f"{uid}/"))

    def _load(self, key: str, uid: str, now_ms: int, leverage: int, symbol: str) -> CrossedMargin:
        account = self._accounts.get(key)
        if account is None:
            book = SpotAccount(uid, self._ids, self._markets)
            account = CrossedMargin(book, accrued_until_ms=now_ms, leverage=leverage, symbol=symbol)
            self._accounts[key] = account
        account.book.catch_up(now_ms)
        self._accrue(account, now_ms)
        return account

    def _accrue(self, account: CrossedMargin, now_ms: int) -> None:
        """Charge the interest of every full hour since the last charge."""
        hours = (now_ms - account.accrued_until_ms) // _HOUR_MS
        if hours <= 0:
            return
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
                        "interestAmount": eight(amount),
                        "interstType": "scheduled",
                        "cTime": str(now_ms),
                        "uTime": str(now_ms),
                    }
                )
        account.accrued_until_ms += hours * _HOUR_MS

    def price(self, coin: str, now_ms: int) -> Decimal:
        """A coin's USDT price (the bid of its USDT pair; USDT is 1)."""
        if coin == "USDT":
            return Decimal(1)
        spec = SPOT_SYMBOLS[f"{coin}USDT"]
        return self._markets.quote(spec.symbol, spec.tick, now_ms).bid

    def equity(self, account: CrossedMargin, now_ms: int) -> tuple[Decimal, Decimal]:
        """(value of the balances, debt with interest), in USDT."""
        assets = debt = ZERO
        for coin, balance in account.balances.items():
            price = self.price(coin, now_ms)
            assets += (balance.available + balance.frozen) * price
            debt += (balance.borrow + balance.interest) * price
        return assets, debt

    def max_borrow(self, account: CrossedMargin, coin: str, now_ms: int) -> Decimal:
        assets, debt = self.equity(account, now_ms)
        room = (assets - debt) * (account.leverage - 1) - debt
        return max(room, ZERO) / self.price(coin, now_ms)

    def transferable(self, account: CrossedMargin, coin: str, now_ms: int) -> Decimal:
        """What may leave the account: the available coin, while the rest still covers the debt at leverage."""
        balance = account.balances[coin]
        assets, debt = self.equity(account, now_ms)
        if debt == 0:
            return balance.available
        spare = (assets - debt * account.leverage / (account.leverage - 1)) / self.price(coin, now_ms)
        return max(min(balance.available, spare), ZERO)

    def lend(
        self, account: CrossedMargin, coin: str, amount: Decimal, now_ms: int, *, borrow_type: str
    ) -> dict[str, str]:
        """Borrow ``amount`` of ``coin`` into the account (43117 past the limit); the loan's record."""
        if amount > self.max_borrow(account, coin, now_ms):
            raise SimError("43117", "Exceeds the maximum amount that can be borrowed")
        account.balances[coin].borrow += amount
        account.book._move(coin, amount, ZERO, now_ms, group="borrow", business="borrow")
        loan = {
            "loanId": str(self._ids.next()),
            "coin": coin,
            "borrowAmount": eight(amount),
            "borrowType": borrow_type,
            "cTime": str(now_ms),
            "uTime": str(now_ms),
        }
        account.loans.append(loan)
        return loan

    def repay(self, account: CrossedMargin, coin: str, wanted: Decimal, now_ms: int) -> dict[str, str]:
        """Pay back up to ``wanted`` of the coin's debt, interest first (43120 no debt, 43012 short); the record."""
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
        account.book._move(coin, -amount, ZERO, now_ms, group="repay", business="repay")
        repay = {
            "repayId": str(self._ids.next()),
            "coin": coin,
            "repayAmount": eight(amount),
            "repayType": "manual_repay",
            "repayInterest": eight(interest),
            "repayPrincipal": eight(principal),
            "cTime": str(now_ms),
            "uTime": str(now_ms),
        }
        account.repays.append(repay)
        return repay

    def flash_repay(self, account: CrossedMargin, coins: list[str] | None, now_ms: int) -> str:
        """Pay interest, then principal, of each owed coin (of ``coins``, or all) from that coin's available
        balance; the repayment's id."""
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
        repay_id = str(self._ids.next())
        self._flash.setdefault(account.book.uid, {})[repay_id] = "FINISH"
        return repay_id

    def flash_repay_status(self, uid: str, repay_id: str) -> str:
        return self._flash.get(uid, {}).get(repay_id, "FAIL")
