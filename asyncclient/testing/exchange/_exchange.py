"""The simulated exchange: its state, the endpoint modules over it, and the routes they declare, collected."""

from __future__ import annotations

import time
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

from .._routing import Handler, Mount, route_table
from ._accounts import Accounts
from ._common import CommonEndpoints
from ._conversions import Conversions
from ._convert import ConvertEndpoints
from ._families import Families
from ._futures_plans import FuturesPlans
from ._ids import IdSequence
from ._margin import MarginEndpoints
from ._margin_accounts import MarginAccounts
from ._margin_extras import MarginExtrasEndpoints
from ._margin_isolated import IsolatedMarginEndpoints, IsolatedMarginTradeEndpoints
from ._margin_trade import MarginTradeEndpoints
from ._markets import Markets
from ._mix_account import MixAccount
from ._mix_extras import MixExtrasEndpoints
from ._mix_plan import MixPlanEndpoints
from ._mix_public import MixPublic
from ._mix_records import MixRecordsEndpoints
from ._mix_trade import MixTrade
from ._overview import OverviewEndpoints
from ._spot_account import SpotAccountEndpoints
from ._spot_plan import SpotPlanEndpoints
from ._spot_plans import SpotPlans
from ._spot_public import SpotPublic
from ._spot_replace import SpotReplaceEndpoints
from ._spot_trade import SpotTrade, spot_order_row
from ._sub_accounts import SubAccountEndpoints
from ._tax import TaxEndpoints
from ._uta_book import uta_order_row
from ._uta_exchange import UtaExchange
from ._uta_modes import guard_modes
from ._wallet import WalletEndpoints
from ._wallets import Wallets

__all__ = ["Exchange"]


class Endpoints(Protocol):
    """An endpoint module: handlers over the exchange's state, and the routes it declares for them."""

    def routes(self) -> Mount: ...


class Exchange:
    """Markets and accounts of one simulated exchange, deterministic for a seed (an ``ExchangeState``).

    Handlers are synchronous and take the simulator's clock from each request, so the same seed and the same
    request times give the same answers.
    """

    def __init__(self, seed: int = 1) -> None:
        self.seed = seed
        self.markets = Markets(seed)
        ids = IdSequence()
        self.accounts = Accounts(self.markets, ids)
        registered_ms = int(time.time() * 1000)
        spot_public, mix_public = SpotPublic(self.markets), MixPublic(self.markets)
        #: The unified-account (v3) side, and the mode (classic or uta) of every account.
        self.uta = UtaExchange(self.markets, self.accounts, ids, spot_public, mix_public)
        mix_trade = MixTrade(self.markets, self.accounts.futures)
        margin = MarginAccounts(self.markets, ids)
        spot_plans = SpotPlans(self.markets, ids)
        spot_plan_endpoints = SpotPlanEndpoints(self.markets, self.accounts, spot_plans)
        futures_plans = FuturesPlans(self.markets, self.accounts, ids)
        mix_plans = MixPlanEndpoints(self.markets, self.accounts, futures_plans, mix_trade.place_order)
        # Trigger orders fire whenever their owner's account is brought up to a request's instant.
        self.accounts.trigger_hooks.extend((spot_plans.fire, futures_plans.fire))
        self.accounts.plan_rows.update({"SPOT": spot_plan_endpoints.rows, "USDT-FUTURES": mix_plans.rows})
        #: Main accounts and their sub-accounts.
        self.families = Families(self.accounts, ids)
        #: Every endpoint module, v2 and v3; each declares its routes (``routes()``), collected here once.
        self.endpoints: tuple[Endpoints, ...] = (
            CommonEndpoints(self.markets),
            spot_public,
            mix_public,
            SpotAccountEndpoints(self.accounts.spot, registered_ms),
            SpotTrade(self.markets, self.accounts.spot),
            MixAccount(self.markets, self.accounts.futures),
            mix_trade,
            WalletEndpoints(self.accounts, Wallets(self.accounts, margin, ids)),
            MarginEndpoints(self.accounts, margin),
            MarginTradeEndpoints(self.markets, self.accounts, margin),
            IsolatedMarginEndpoints(self.accounts, margin),
            IsolatedMarginTradeEndpoints(self.markets, self.accounts, margin),
            MarginExtrasEndpoints(self.accounts, margin),
            SubAccountEndpoints(self.accounts, self.families),
            ConvertEndpoints(self.accounts, Conversions(self.markets, ids)),
            TaxEndpoints(self.accounts, margin),
            OverviewEndpoints(self.markets, self.accounts, margin),
            spot_plan_endpoints,
            SpotReplaceEndpoints(self.markets, self.accounts),
            mix_plans,
            MixExtrasEndpoints(self.markets, self.accounts),
            MixRecordsEndpoints(self.markets, self.accounts),
            *self.uta.endpoints(),
        )
        self._routes = guard_modes(route_table(module.routes() for module in self.endpoints), self.uta.modes)

    def handlers(self) -> Mapping[tuple[str, str], Handler]:
        """Handlers by ``(method, path)``."""
        return self._routes

    def open_account(self, uid: str, balances: Mapping[str, Decimal], *, futures_usdt: Decimal | None = None) -> None:
        """Create an account with spot balances (coin -> amount) and a USDT-M futures wallet.

        The futures wallet gets ``futures_usdt``, or as much USDT as the spot balances hold if not given.
        """
        self.accounts.open(uid, balances, int(time.time() * 1000), futures_usdt)

    def add_sub_account(self, main_uid: str, sub_uid: str, balances: Mapping[str, Decimal]) -> None:
        """Open ``sub_uid`` with spot ``balances`` (and no futures funds) as a sub-account of ``main_uid``."""
        self.accounts.open(sub_uid, balances, int(time.time() * 1000), Decimal(0))
        self.families.add(main_uid, sub_uid)

    def set_account_mode(self, uid: str, mode: str) -> None:
        """Make an account classic (v2 only) or unified (``"uta"``: v3 only)."""
        self.uta.modes.set(uid, mode)

    def orders_by_client_oid(self, uid: str) -> Mapping[str, list[dict[str, Any]]]:
        """Every order ever accepted per clientOid (spot and futures); a correct exchange has at most one."""
        account = self.accounts.existing(uid)
        if account is None:
            return {}
        found: dict[str, list[dict[str, Any]]] = {}
        for client_oid, orders in account.spot.by_client_oid.items():
            found.setdefault(client_oid, []).extend(spot_order_row(uid, order) for order in orders)
        for client_oid, futures_orders in account.futures.by_client_oid.items():
            found.setdefault(client_oid, []).extend(
                {"orderId": str(o.order_id), "clientOid": o.client_oid, "symbol": o.spec.symbol} for o in futures_orders
            )
        book = self.uta.books.get(uid)
        for client_oid, uta_orders in (book.by_client_oid if book is not None else {}).items():
            found.setdefault(client_oid, []).extend(uta_order_row(order) for order in uta_orders)
        return found

    def order_count(self, uid: str) -> int:
        """How many orders (spot and futures) the account has placed."""
        account = self.accounts.existing(uid)
        if account is None:
            return 0
        return len(account.spot.orders) + len(account.futures.orders)
