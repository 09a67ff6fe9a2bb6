"""Money moving between an account's wallets and out of the exchange: transfers and withdrawals (no requests here).

A transfer moves a balance at once between spot, a futures line's wallet and a margin account (crossed, or the
isolated one of a pair); it is refused (43012) when the source cannot give it: spot's available balance, a
futures line's available margin, a margin account's transferable amount. A withdrawal leaves the spot balance at
once and pays a flat fee (1 USDT; other coins none).
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..._routing import SimError
from ._accounts import Accounts
from ._ids import IdSequence
from ._margin_accounts import CrossedMargin, MarginAccounts
from ._product_lines import CONTRACTS_BY_LINE

__all__ = ["FUTURES_COINS", "FUTURES_LINES", "WITHDRAWAL_FEE", "Transfer", "Wallets", "Withdrawal"]

#: The futures account types, their product lines and the coins their wallets hold.
FUTURES_LINES = {"usdt_futures": "USDT-FUTURES", "usdc_futures": "USDC-FUTURES", "coin_futures": "COIN-FUTURES"}
FUTURES_COINS = {
    kind: tuple(sorted({spec.margin_coin for spec in CONTRACTS_BY_LINE[line].values()}))
    for kind, line in FUTURES_LINES.items()
}
WITHDRAWAL_FEE = Decimal(1)
ZERO = Decimal(0)


@attrs.define
class Transfer:
    transfer_id: int
    client_oid: str
    coin: str
    size: Decimal
    from_type: str
    to_type: str
    ts: int


@attrs.define
class Withdrawal:
    order_id: int
    client_oid: str
    coin: str
    size: Decimal
    address: str
    chain: str
    ts: int

    @property
    def fee(self) -> Decimal:
        return withdrawal_fee(self.coin)


def withdrawal_fee(coin: str) -> Decimal:
    return WITHDRAWAL_FEE if coin == "USDT" else ZERO


class Wallets:
    """Every account's transfers and withdrawals, and the moves they make."""

    def __init__(self, accounts: Accounts, margin: MarginAccounts, ids: IdSequence) -> None:
        self._accounts = accounts
        self._margin = margin
        self._ids = ids
        self._transfers: dict[str, list[Transfer]] = {}
        self._withdrawals: dict[str, list[Withdrawal]] = {}

    def transfers_of(self, uid: str) -> list[Transfer]:
        return self._transfers.get(uid, [])

    def withdrawals_of(self, uid: str) -> list[Withdrawal]:
        return self._withdrawals.get(uid, [])

    def earlier_transfer(self, uid: str, client_oid: str | None) -> Transfer | None:
        """The transfer already made with this clientOid (documented: a repeat answers it), if any."""
        if not client_oid:
            return None
        return next((t for t in self.transfers_of(uid) if t.client_oid == client_oid), None)

    def transfer(
        self,
        uid: str,
        coin: str,
        size: Decimal,
        from_type: str,
        to_type: str,
        *,
        symbol: str,
        client_oid: str,
        now_ms: int,
    ) -> Transfer:
        """Move ``size`` of ``coin`` from one wallet to another (``symbol``: the isolated account's pair)."""
        margin: CrossedMargin | None = None
        if "crossed_margin" in (from_type, to_type):
            margin = self._margin.crossed(uid, now_ms)
        elif "isolated_margin" in (from_type, to_type):
            margin = self._margin.isolated(uid, symbol, now_ms)
        self._take(uid, coin, size, from_type, margin, now_ms)
        self._give(uid, coin, size, to_type, margin, now_ms)
        record = Transfer(self._ids.next(), client_oid, coin, size, from_type, to_type, now_ms)
        self._transfers.setdefault(uid, []).append(record)
        return record

    def _take(self, uid: str, coin: str, size: Decimal, kind: str, margin: CrossedMargin | None, now: int) -> None:
        account = self._accounts.existing(uid)
        assert account is not None
        if kind == "spot":
            if account.spot.balances[coin].available < size:
                raise SimError("43012", "Insufficient balance")
            account.spot._move(coin, -size, ZERO, now, group="transfer", business="transfer_out")
        elif kind in FUTURES_LINES:
            futures = account.line(FUTURES_LINES[kind])
            futures.catch_up(now)
            if futures.available(now, coin) < size:
                raise SimError("43012", "Insufficient balance")
            futures.wallets[coin] -= size
            futures.book_bill("", coin, "trans_to_exchange", -size, ZERO, now)
        else:
            assert margin is not None
            if self._margin.transferable(margin, coin, now) < size:
                raise SimError("43012", "Insufficient balance")
            margin.book._move(coin, -size, ZERO, now, group="transfer", business="transfer_out")

    def _give(self, uid: str, coin: str, size: Decimal, kind: str, margin: CrossedMargin | None, now: int) -> None:
        account = self._accounts.existing(uid)
        assert account is not None
        if kind == "spot":
            account.spot._move(coin, size, ZERO, now, group="transfer", business="transfer_in")
        elif kind in FUTURES_LINES:
            futures = account.line(FUTURES_LINES[kind])
            futures.wallets[coin] = futures.wallets.get(coin, ZERO) + size
            futures.book_bill("", coin, "trans_from_exchange", size, ZERO, now)
        else:
            assert margin is not None
            margin.balances[coin].c_time = margin.balances[coin].c_time or now
            margin.book._move(coin, size, ZERO, now, group="transfer", business="transfer_in")

    def withdraw(
        self, uid: str, coin: str, size: Decimal, *, address: str, chain: str, client_oid: str, now_ms: int
    ) -> Withdrawal:
        """Take ``size`` and the fee off the spot balance (43012 when short)."""
        account = self._accounts.existing(uid)
        assert account is not None
        fee = withdrawal_fee(coin)
        if account.spot.balances[coin].available < size + fee:
            raise SimError("43012", "Insufficient balance")
        account.spot._move(coin, -size, -fee, now_ms, group="withdraw", business="withdraw")
        record = Withdrawal(self._ids.next(), client_oid, coin, size, address, chain, now_ms)
        self._withdrawals.setdefault(uid, []).append(record)
        return record
