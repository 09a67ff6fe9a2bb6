"""Account overview and common endpoints: balances per account type, funding assets, sub-accounts, announcements.

The funding, earn and bots accounts hold nothing and there are no sub-accounts, so their answers are empty;
balances are valued in USDT at the walk's price. Announcements are a fixed list, filtered as the exchange does.
"""

from __future__ import annotations

from decimal import Decimal

from ..._routing import Mount, SimRequest, get
from ..state._margin_accounts import MarginAccounts
from ..state._markets import Markets, format_decimal
from ..state._symbols import SPOT_SYMBOLS
from ._callers import Callers
from ._params import Params

__all__ = ["ANNOUNCEMENTS", "OverviewEndpoints"]

_EIGHT = Decimal("1e-8")

ANNOUNCEMENTS: tuple[dict[str, str], ...] = (
    {
        "annId": "1001",
        "annTitle": "Simulated exchange: new listing",
        "annDesc": "A pair was listed on the simulated exchange.",
        "annType": "coin_listings",
        "language": "en_US",
        "cTime": "1732000000000",
        "annUrl": "https://simulator.invalid/announcements/1001",
    },
    {
        "annId": "1002",
        "annTitle": "Simulated exchange: maintenance",
        "annDesc": "The simulated exchange never goes down for maintenance.",
        "annType": "latest_news",
        "language": "en_US",
        "cTime": "1732100000000",
        "annUrl": "https://simulator.invalid/announcements/1002",
    },
)


class OverviewEndpoints:
    """Handlers of ``/api/v2/account/*``, sub-account assets and the public announcements."""

    def __init__(self, markets: Markets, accounts: Callers, margin: MarginAccounts) -> None:
        self._markets = markets
        self._accounts = accounts
        self._margin = margin

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2",
            [
                get("/account/all-account-balance", self.all_account_balance),
                get("/account/funding-assets", self.funding_assets),
                get("/public/annoucements", self.announcements),
            ],
        )

    def _usdt(self, coin: str, amount: Decimal, now_ms: int) -> Decimal:
        if coin in ("USDT", "USDC") or amount == 0:  # USDC counts at par
            return amount
        spec = SPOT_SYMBOLS.get(f"{coin}USDT")
        return amount * self._markets.quote(spec.symbol, spec.tick, now_ms).bid if spec else Decimal(0)

    def all_account_balance(self, request: SimRequest) -> list[dict[str, str]]:
        spot = self._accounts.spot(request)
        futures = self._accounts.futures(request)
        assert request.uid is not None
        now = request.now_ms
        spot_value = sum(
            (self._usdt(coin, b.available + b.frozen, now) for coin, b in spot.balances.items()), Decimal(0)
        )
        margin = self._margin.crossed(request.uid, now)
        margin_value = sum(
            (
                self._usdt(coin, b.available + b.frozen - b.borrow - b.interest, now)
                for coin, b in margin.balances.items()
            ),
            Decimal(0),
        )
        account = self._accounts.existing(request.uid)
        lines = account.lines.values() if account is not None else [futures]
        futures_value = sum(
            (
                self._usdt(coin, line.wallets[coin] + line.unrealized(now, coin), now)
                for line in lines
                for coin in line.wallets
            ),
            Decimal(0),
        )
        values = {
            "spot": spot_value,
            "futures": futures_value,
            "funding": Decimal(0),
            "earn": Decimal(0),
            "bots": Decimal(0),
            "margin": margin_value,
        }
        return [{"accountType": kind, "usdtBalance": format_decimal(v.quantize(_EIGHT))} for kind, v in values.items()]

    def funding_assets(self, request: SimRequest) -> list[dict[str, str]]:
        self._accounts.spot(request)
        return []

    def announcements(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        kind = params.text("annType")
        language = params.text("language") or "en_US"
        limit = params.limit(default=10, maximum=10)
        rows = [
            {key: value for key, value in ann.items() if key != "annType"}
            for ann in reversed(ANNOUNCEMENTS)
            if kind in (None, ann["annType"]) and ann["language"] == language
        ]
        return rows[:limit]
