"""Everything one simulated exchange holds, built in one place; no requests and no routes here."""

from __future__ import annotations

from ._accounts import Accounts
from ._conversions import Conversions
from ._families import Families
from ._futures_triggers import FuturesPlans
from ._ids import IdSequence
from ._margin_accounts import MarginAccounts
from ._markets import Markets
from ._spot_triggers import SpotPlans
from ._transfers import Wallets
from ._uta_book import UtaBooks
from ._uta_modes import AccountModes

__all__ = ["State"]


class State:
    """Markets, the accounts (their spot and futures ledgers trade through the one order engine), margin,
    wallets, sub-account families, conversions, trigger plans, and the v3 books and account modes."""

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.markets = Markets(seed)
        #: One id counter for every order, trade and bill, so ids are unique and only grow.
        self.ids = IdSequence()
        self.accounts = Accounts(self.markets, self.ids)
        self.margin = MarginAccounts(self.markets, self.ids)
        self.wallets = Wallets(self.accounts, self.margin, self.ids)
        #: Main accounts and their sub-accounts.
        self.families = Families(self.accounts, self.ids)
        self.conversions = Conversions(self.markets, self.ids)
        self.spot_plans = SpotPlans(self.markets, self.ids)
        self.futures_plans = FuturesPlans(self.markets, self.accounts, self.ids)
        # Trigger orders fire whenever their owner's account catches up to a request's instant.
        self.accounts.trigger_hooks.extend((self.spot_plans.fire, self.futures_plans.fire))
        self.uta_books = UtaBooks(self.markets, self.accounts, self.ids)
        #: The mode (classic or uta) of every account, and the switches under way.
        self.modes = AccountModes()
