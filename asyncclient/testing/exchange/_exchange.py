"""The simulated exchange: its state, the endpoint modules over it, and the routes they declare, collected."""

from __future__ import annotations

import time
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Protocol

from .._routing import Handler, Mount, route_table
from ._uta_exchange import UtaExchange
from .endpoints._callers import Callers
from .endpoints._common import CommonEndpoints
from .endpoints._convert import ConvertEndpoints
from .endpoints._margin import MarginEndpoints
from .endpoints._margin_extras import MarginExtrasEndpoints
from .endpoints._margin_isolated import IsolatedMarginEndpoints, IsolatedMarginTradeEndpoints
from .endpoints._margin_trade import MarginTradeEndpoints
from .endpoints._mix_account import MixAccount
from .endpoints._mix_extras import MixExtrasEndpoints
from .endpoints._mix_plan import MixPlanEndpoints
from .endpoints._mix_records import MixRecordsEndpoints
from .endpoints._mix_trade import MixTrade
from .endpoints._mode_guard import guard_modes
from .endpoints._overview import OverviewEndpoints
from .endpoints._spot_account import SpotAccountEndpoints
from .endpoints._spot_plan import SpotPlanEndpoints
from .endpoints._spot_replace import SpotReplaceEndpoints
from .endpoints._spot_rows import spot_order_row
from .endpoints._spot_trade import SpotTrade
from .endpoints._sub_accounts import SubAccountEndpoints
from .endpoints._tax import TaxEndpoints
from .endpoints._uta_rows import uta_order_row
from .endpoints._wallet import WalletEndpoints
from .state._state import State

__all__ = ["Exchange"]


class Endpoints(Protocol):
    """An endpoint module: handlers over the exchange's state, and the routes it declares for them."""

    def routes(self) -> Mount: ...


def _classic_endpoints(state: State, uta: UtaExchange) -> tuple[Endpoints, ...]:
    """The v2 endpoint modules over ``state`` (the v3 ones share the public market modules of ``uta``)."""
    callers, markets = Callers(state.accounts), state.markets
    mix_trade = MixTrade(markets, callers.futures)
    spot_plans = SpotPlanEndpoints(markets, callers, state.spot_plans)
    mix_plans = MixPlanEndpoints(markets, callers, state.futures_plans, mix_trade.place_order)
    # The streams' ``orders-algo`` channel lists the trigger plans as the REST lists write them.
    state.accounts.plan_rows.update({"SPOT": spot_plans.rows, "USDT-FUTURES": mix_plans.rows})
    return (
        CommonEndpoints(),
        uta.spot_public,
        uta.mix_public,
        SpotAccountEndpoints(callers.spot, int(time.time() * 1000)),
        SpotTrade(markets, callers.spot),
        MixAccount(markets, callers.futures),
        mix_trade,
        WalletEndpoints(callers, state.wallets),
        MarginEndpoints(callers, state.margin),
        MarginTradeEndpoints(markets, callers, state.margin),
        IsolatedMarginEndpoints(callers, state.margin),
        IsolatedMarginTradeEndpoints(markets, callers, state.margin),
        MarginExtrasEndpoints(callers, state.margin),
        SubAccountEndpoints(callers, state.families),
        ConvertEndpoints(callers, state.conversions),
        TaxEndpoints(callers, state.margin),
        OverviewEndpoints(markets, callers, state.margin),
        spot_plans,
        SpotReplaceEndpoints(markets, callers),
        mix_plans,
        MixExtrasEndpoints(markets, callers),
        MixRecordsEndpoints(markets, callers),
    )


class Exchange:
    """Markets and accounts of one simulated exchange, deterministic for a seed (an ``ExchangeState``).

    Handlers are synchronous and take the simulator's clock from each request, so the same seed and the same
    request times give the same answers. The state is :attr:`state`; the endpoint modules over it are
    :attr:`endpoints`, each declaring its routes, collected here once.
    """

    def __init__(self, seed: int = 1) -> None:
        self.seed = seed
        self.state = state = State(seed)
        self.markets = state.markets
        self.accounts = state.accounts
        self.families = state.families
        #: The unified-account (v3) side: its endpoints, books, and the mode (classic or uta) of every account.
        self.uta = UtaExchange(state)
        self.endpoints: tuple[Endpoints, ...] = (*_classic_endpoints(state, self.uta), *self.uta.endpoints())
        self._routes = guard_modes(route_table(module.routes() for module in self.endpoints), state.modes)

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
        self.state.modes.set(uid, mode)

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
        book = self.state.uta_books.get(uid)
        for client_oid, uta_orders in (book.by_client_oid if book is not None else {}).items():
            found.setdefault(client_oid, []).extend(uta_order_row(order) for order in uta_orders)
        return found

    def order_count(self, uid: str) -> int:
        """How many orders (spot and futures) the account has placed."""
        account = self.accounts.existing(uid)
        if account is None:
            return 0
        return len(account.spot.orders) + len(account.futures.orders)
