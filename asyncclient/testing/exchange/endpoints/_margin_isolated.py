"""The isolated-margin accounts: one per uid and pair, each holding the pair's two coins, borrowing within the
pair's isolated leverage (``/api/v2/margin/isolated/...``).

The accounting is the crossed account's (``_margin``): interest every full hour, interest paid before principal,
orders through a spot-like book on the account's balances; only the key (uid and symbol), the leverage, the coins
(the pair's base and quote) and the answers' shapes (base and quote figures side by side, a ``symbol`` on every
row) differ.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..._routing import SimError, SimRequest
from ..state._margin_accounts import DAILY_INTEREST_RATE, CrossedMargin, MarginAccounts
from ..state._margin_pairs import MARGIN_PAIRS, MarginPair
from ..state._markets import Markets, format_decimal
from ._callers import Callers
from ._margin import MarginEndpoints
from ._margin_trade import MarginTradeEndpoints
from ._params import Params

__all__ = ["IsolatedMarginEndpoints", "IsolatedMarginTradeEndpoints"]

BASE = "/api/v2/margin/isolated"
_EIGHT = Decimal("1e-8")


def _eight(value: Decimal) -> str:
    return format_decimal(value.quantize(_EIGHT))


def margin_pair(params: Params, *, required: bool = True) -> MarginPair | None:
    """The margin pair named by ``symbol``; unknown -> 40034."""
    text = params.required("symbol") if required else params.text("symbol")
    if text is None:
        return None
    pair = MARGIN_PAIRS.get(text.upper())
    if pair is None:
        raise SimError("40034", f"Parameter {text.upper()} does not exist")
    return pair


class IsolatedMarginEndpoints(MarginEndpoints):
    """Handlers of ``/api/v2/margin/isolated/account/*``, its records and tiers."""

    prefix = BASE

    def _uid(self, request: SimRequest) -> str:
        self._accounts.spot(request)  # refuses a request without an account
        assert request.uid is not None
        return request.uid

    def _caller(self, request: SimRequest) -> CrossedMargin:
        pair = margin_pair(Params(request.params))
        assert pair is not None
        return self._margin.isolated(self._uid(request), pair.spot.symbol, request.now_ms)

    def _mine(self, request: SimRequest) -> list[CrossedMargin]:
        """The caller's isolated account of ``symbol``, or all of them."""
        uid = self._uid(request)
        pair = margin_pair(Params(request.params), required=False)
        if pair is not None:
            return [self._margin.isolated(uid, pair.spot.symbol, request.now_ms)]
        return [self._margin.isolated(uid, symbol, request.now_ms) for symbol in self._margin.isolated_symbols(uid)]

    def _coin(self, params: Params) -> str:
        pair = margin_pair(params)
        assert pair is not None
        coin = params.required("coin").upper()
        if coin not in (pair.spot.base_coin, pair.spot.quote_coin):
            raise SimError("40034", f"Parameter {coin} does not exist")
        return coin

    def assets(self, request: SimRequest) -> list[dict[str, str]]:
        rows = []
        for account in self._mine(request):
            pair = MARGIN_PAIRS[account.symbol].spot
            for coin in (pair.base_coin, pair.quote_coin):
                balance = account.balances[coin]
                rows.append(
                    {
                        "symbol": account.symbol,
                        "coin": coin,
                        "totalAmount": _eight(balance.available + balance.frozen),
                        "available": _eight(balance.available),
                        "frozen": _eight(balance.frozen),
                        "borrow": _eight(balance.borrow),
                        "interest": _eight(balance.interest),
                        "net": _eight(balance.available + balance.frozen - balance.borrow - balance.interest),
                        "coupon": "0",
                        "cTime": str(balance.c_time),
                        "uTime": str(balance.u_time),
                    }
                )
        return rows

    def _both(self, request: SimRequest, figure: str, amount: Any) -> dict[str, str]:
        account = self._caller(request)
        pair = MARGIN_PAIRS[account.symbol].spot
        base, quote = pair.base_coin, pair.quote_coin
        now = request.now_ms
        return {
            "symbol": account.symbol,
            "baseCoin": base,
            f"baseCoin{figure}": _eight(amount(account, base, now)),
            "quoteCoin": quote,
            f"quoteCoin{figure}": _eight(amount(account, quote, now)),
        }

    def max_borrowable(self, request: SimRequest) -> dict[str, str]:
        return self._both(request, "MaxBorrowAmount", self._margin.max_borrow)

    def max_transfer_out(self, request: SimRequest) -> dict[str, str]:
        return self._both(request, "MaxTransferOutAmount", self._margin.transferable)

    def risk_rate(self, request: SimRequest) -> list[dict[str, str]]:  # type: ignore[override]
        rows = []
        for account in self._mine(request):
            assets, debt = self._margin.equity(account, request.now_ms)
            rows.append({"symbol": account.symbol, "riskRateRatio": _eight(debt / assets) if assets else "0"})
        return rows

    def borrow(self, request: SimRequest) -> dict[str, str]:
        return {**super().borrow(request), "symbol": self._caller(request).symbol}

    def repay(self, request: SimRequest) -> dict[str, str]:
        return {**super().repay(request), "symbol": self._caller(request).symbol}

    def _records(
        self, request: SimRequest, rows: list[dict[str, str]], id_key: str, *, coin_key: str = "coin"
    ) -> dict[str, object]:
        symbol = self._caller(request).symbol
        return super()._records(request, [{**row, "symbol": symbol} for row in rows], id_key, coin_key=coin_key)

    def tier_data(self, request: SimRequest) -> list[dict[str, str]]:
        account = self._caller(request)
        pair = MARGIN_PAIRS[account.symbol]
        return [
            {
                "tier": "1",
                "symbol": account.symbol,
                "leverage": str(pair.max_isolated_leverage),
                "baseCoin": pair.spot.base_coin,
                "quoteCoin": pair.spot.quote_coin,
                "baseMaxBorrowableAmount": "1000000",
                "quoteMaxBorrowableAmount": "1000000",
                "maintainMarginRate": "0.05",
                "initRate": format_decimal(Decimal(1) / pair.max_isolated_leverage),
            }
        ]

    def interest_rate_and_limit(self, request: SimRequest) -> list[dict[str, object]]:
        account = self._caller(request)
        pair = MARGIN_PAIRS[account.symbol]
        daily = format_decimal(DAILY_INTEREST_RATE)
        annual = format_decimal(DAILY_INTEREST_RATE * 365)
        row: dict[str, object] = {"symbol": account.symbol, "leverage": str(pair.max_isolated_leverage)}
        for side, coin in (("base", pair.spot.base_coin), ("quote", pair.spot.quote_coin)):
            row.update(
                {
                    f"{side}Coin": coin,
                    f"{side}Transferable": True,
                    f"{side}Borrowable": True,
                    f"{side}DailyInterestRate": daily,
                    f"{side}AnnuallyInterestRate": annual,
                    f"{side}MaxBorrowableAmount": "1000000",
                }
            )
        return [row]


class IsolatedMarginTradeEndpoints(MarginTradeEndpoints):
    """Handlers of ``/api/v2/margin/isolated`` orders and fills: the crossed ones on the pair's own account."""

    prefix = BASE

    def __init__(self, markets: Markets, accounts: Callers, margin: MarginAccounts) -> None:
        super().__init__(markets, accounts, margin)
        self._isolated = IsolatedMarginEndpoints(accounts, margin)

    def _account(self, request: SimRequest) -> CrossedMargin:
        return self._isolated._caller(request)
