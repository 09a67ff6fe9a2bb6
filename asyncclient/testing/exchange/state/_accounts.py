"""The accounts of the simulated exchange by uid, each with a spot side and a futures side per product line.

A new account's USDT-M wallet gets the USDT it is opened with (or ``futures_usdt``); its USDC-M wallet as many
USDC; its COIN-M wallets as much of each COIN-M base coin (BTC, ETH) as its spot balances hold.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

import attrs

from ._futures import FuturesAccount
from ._ids import IdSequence
from ._markets import Markets
from ._product_lines import COIN_CONTRACTS
from ._spot import SpotAccount
from ._symbols import QUOTE_COIN

__all__ = ["Account", "Accounts"]


@attrs.define
class Account:
    spot: SpotAccount
    #: The USDT-M line (``lines["USDT-FUTURES"]``).
    futures: FuturesAccount
    lines: dict[str, FuturesAccount] = attrs.field(factory=dict)

    def line(self, product_type: str) -> FuturesAccount:
        """The futures account of a product line (USDT-M for an unknown one)."""
        return self.lines.get(product_type.upper(), self.futures)


class Accounts:
    """Every account; lookups catch resting orders up with the price walk to the instant asked for."""

    def __init__(self, markets: Markets, ids: IdSequence) -> None:
        self._markets = markets
        self._ids = ids
        self._accounts: dict[str, Account] = {}
        #: Called with (uid, spot account, now_ms) before an account catches up: trigger orders fire here.
        self.trigger_hooks: list[Callable[[str, SpotAccount, int], None]] = []
        #: instType -> the trigger (plan) orders of a uid as rows (the streams' ``orders-algo`` channel reads them).
        self.plan_rows: dict[str, Callable[[str], list[dict[str, Any]]]] = {}

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
        account.lines["USDC-FUTURES"].wallet += futures_usdt
        coin_line = account.lines["COIN-FUTURES"]
        for coin in {spec.margin_coin for spec in COIN_CONTRACTS.values()}:
            amount = Decimal(balances.get(coin, 0))
            coin_line.wallets[coin] = coin_line.wallets.get(coin, Decimal(0)) + amount
        return account

    def _get(self, uid: str) -> Account:
        account = self._accounts.get(uid)
        if account is None:
            usdt = FuturesAccount(uid, self._ids, self._markets, Decimal(0))
            lines = {
                "USDT-FUTURES": usdt,
                "USDC-FUTURES": FuturesAccount(uid, self._ids, self._markets, Decimal(0), "USDC"),
                "COIN-FUTURES": FuturesAccount(uid, self._ids, self._markets, Decimal(0), "BTC"),
            }
            account = Account(SpotAccount(uid, self._ids, self._markets), usdt, lines)
            self._accounts[uid] = account
        return account

    def existing(self, uid: str) -> Account | None:
        return self._accounts.get(uid)

    def catch_up(self, uid: str, now_ms: int) -> None:
        """Bring a whole account up to ``now_ms``: fire its trigger plans, fill what the walk crossed (spot and
        every futures line), as a look at the account through the streams does."""
        account = self._accounts.get(uid)
        if account is None:
            return
        self._run_hooks(account.spot, now_ms)
        account.spot.catch_up(now_ms)
        for line in account.lines.values():
            line.catch_up(now_ms)

    def spot_of(self, uid: str, now_ms: int) -> SpotAccount:
        """The uid's spot account (made on first use), its trigger plans fired and resting orders filled."""
        spot = self._get(uid).spot
        self._run_hooks(spot, now_ms)
        spot.catch_up(now_ms)
        return spot

    def _run_hooks(self, spot: SpotAccount, now_ms: int) -> None:
        for hook in self.trigger_hooks:
            hook(spot.uid, spot, now_ms)

    def futures_of(self, uid: str, product_type: str | None, now_ms: int) -> FuturesAccount:
        """The uid's futures account of ``product_type`` (USDT-M when None or unknown), caught up to ``now_ms``."""
        account = self._get(uid)
        self._run_hooks(account.spot, now_ms)
        futures = account.line(product_type) if product_type is not None else account.futures
        futures.catch_up(now_ms)
        return futures
