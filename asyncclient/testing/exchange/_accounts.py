"""The accounts of the simulated exchange by uid, each with a spot side and a USDT-M futures side."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal

import attrs

from .._routing import SimError, SimRequest
from ._futures import FuturesAccount
from ._ids import IdSequence
from ._markets import Markets
from ._spot import SpotAccount
from ._symbols import QUOTE_COIN

__all__ = ["Account", "Accounts"]


@attrs.define
class Account:
    spot: SpotAccount
    futures: FuturesAccount


class Accounts:
    """Every account; lookups settle resting orders against the price walk up to the request's instant."""

    def __init__(self, markets: Markets, ids: IdSequence) -> None:
        self._markets = markets
        self._ids = ids
        self._accounts: dict[str, Account] = {}
        #: Called with (uid, spot account, now_ms) before an account is settled: trigger orders fire here.
        self.settle_hooks: list[Callable[[str, SpotAccount, int], None]] = []

    def open(
        self, uid: str, balances: Mapping[str, Decimal], now_ms: int, futures_usdt: Decimal | None = None
    ) -> Account:
        """Create (or top up) an account: ``balances`` go to spot, ``futures_usdt`` to the futures wallet."""
        account = self._get(uid)
        for coin, amount in balances.items():
            account.spot.deposit(coin.upper(), Decimal(amount), now_ms)
        if futures_usdt is None:
            futures_usdt = Decimal(balances.get(QUOTE_COIN, 0))
        account.futures.wallet += futures_usdt
        return account

    def _get(self, uid: str) -> Account:
        account = self._accounts.get(uid)
        if account is None:
            account = Account(
                SpotAccount(uid, self._ids, self._markets),
                FuturesAccount(uid, self._ids, self._markets, Decimal(0)),
            )
            self._accounts[uid] = account
        return account

    def existing(self, uid: str) -> Account | None:
        return self._accounts.get(uid)

    def _caller(self, request: SimRequest) -> Account:
        if request.uid is None:
            raise SimError("40037", "Apikey does not exist", http_status=400)
        return self._get(request.uid)

    def spot(self, request: SimRequest) -> SpotAccount:
        """The caller's spot account, its resting orders settled up to ``now_ms``."""
        spot = self._caller(request).spot
        self._run_hooks(spot, request.now_ms)
        spot.settle(request.now_ms)
        return spot

    def _run_hooks(self, spot: SpotAccount, now_ms: int) -> None:
        for hook in self.settle_hooks:
            hook(spot.uid, spot, now_ms)

    def futures(self, request: SimRequest) -> FuturesAccount:
        """The caller's futures account, its resting orders settled up to ``now_ms``."""
        account = self._caller(request)
        self._run_hooks(account.spot, request.now_ms)
        futures = account.futures
        futures.settle(request.now_ms)
        return futures
