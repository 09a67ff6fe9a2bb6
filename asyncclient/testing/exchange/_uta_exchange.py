"""The unified-account (v3) side of the simulated exchange: the v3 books and modes, and its endpoint modules."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from .._routing import Handler, SimError, SimRequest, route_table
from ._accounts import Accounts
from ._ids import IdSequence
from ._markets import Markets
from ._mix_public import MixPublic
from ._spot_public import SpotPublic
from ._uta_account import UtaAccountEndpoints
from ._uta_book import UtaBook
from ._uta_modes import AccountModes
from ._uta_positions import UtaPositions
from ._uta_public import UtaPublic
from ._uta_trade import UtaTrade

__all__ = ["UtaExchange"]


class UtaExchange:
    """The v3 endpoints over the same markets and ledgers as v2, and the mode of every account."""

    def __init__(
        self, markets: Markets, accounts: Accounts, ids: IdSequence, spot_public: SpotPublic, mix_public: MixPublic
    ) -> None:
        self.modes = AccountModes()
        self._markets = markets
        self._accounts = accounts
        self._ids = ids
        self.books: dict[str, UtaBook] = {}
        self.public = UtaPublic(markets, spot_public, mix_public)
        self.trade = UtaTrade(self.book_of)
        self.account = UtaAccountEndpoints(markets, self.book_of, self.modes)
        #: Strategy-order ids count up across every account.
        self.positions = UtaPositions(markets, self.book_of, itertools.count(1))

    def book_of(self, request: SimRequest) -> UtaBook:
        """The caller's v3 orders, caught up to the request's instant."""
        if request.uid is None:
            raise SimError("40037", "Apikey does not exist", http_status=400)
        book = self.books.get(request.uid)
        if book is None:
            account = self._accounts.existing(request.uid)
            if account is None:
                raise SimError("40037", "Apikey does not exist", http_status=400)
            book = self.books[request.uid] = UtaBook(account, self._markets, self._ids)
        book.catch_up(request.now_ms)
        return book

    def endpoints(self) -> tuple[UtaPublic, UtaAccountEndpoints, UtaTrade, UtaPositions]:
        """The v3 endpoint modules (and the v2 upgrade endpoints), each declaring its own routes."""
        return (self.public, self.account, self.trade, self.positions)

    def handlers(self) -> Mapping[tuple[str, str], Handler]:
        """Every v3 route, plus the v2 upgrade endpoints, by method and path."""
        return route_table(module.routes() for module in self.endpoints())
