"""The unified-account (v3) side of the simulated exchange: the v3 books and modes, and its endpoint modules."""

from __future__ import annotations

import itertools
from collections.abc import Mapping

from .._routing import Handler, SimError, SimRequest, route_table
from .endpoints._mix_public import MixPublic
from .endpoints._spot_public import SpotPublic
from .endpoints._uta_account import UtaAccountEndpoints
from .endpoints._uta_positions import UtaPositions
from .endpoints._uta_public import UtaPublic
from .endpoints._uta_trade import UtaTrade
from .state._state import State
from .state._uta_book import UtaBook

__all__ = ["UtaExchange"]


class UtaExchange:
    """The v3 endpoints over the same markets and ledgers as v2 (and the public market modules they share)."""

    def __init__(self, state: State) -> None:
        markets = state.markets
        #: The mode (classic or uta) of every account (``state.modes``).
        self.modes = state.modes
        self.books = state.uta_books
        self.spot_public, self.mix_public = SpotPublic(markets), MixPublic(markets)
        self.public = UtaPublic(markets, self.spot_public, self.mix_public)
        self.trade = UtaTrade(self.book_of)
        self.account = UtaAccountEndpoints(markets, self.book_of, self.modes)
        #: Strategy-order ids count up across every account.
        self.positions = UtaPositions(markets, self.book_of, itertools.count(1))

    def book_of(self, request: SimRequest) -> UtaBook:
        """The caller's v3 orders, caught up to the request's instant."""
        book = self.books.of(request.uid, request.now_ms) if request.uid is not None else None
        if book is None:
            raise SimError("40037", "Apikey does not exist", http_status=400)
        return book

    def endpoints(self) -> tuple[UtaPublic, UtaAccountEndpoints, UtaTrade, UtaPositions]:
        """The v3 endpoint modules (and the v2 upgrade endpoints), each declaring its own routes."""
        return (self.public, self.account, self.trade, self.positions)

    def handlers(self) -> Mapping[tuple[str, str], Handler]:
        """Every v3 route, plus the v2 upgrade endpoints, by method and path."""
        return route_table(module.routes() for module in self.endpoints())
