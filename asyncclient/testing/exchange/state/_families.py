"""Main accounts, their sub-accounts, and the transfers inside one family (no requests here).

A transfer moves a coin between the spot or USDT-M futures sides of two users of one family (main to sub, sub to
main, or sub to sub); the source must hold it (43012).
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from ..._routing import SimError
from ._accounts import Accounts
from ._ids import IdSequence

__all__ = ["Families", "SubTransfer"]

ZERO = Decimal(0)


@attrs.frozen
class SubTransfer:
    transfer_id: int
    client_oid: str
    coin: str
    size: Decimal
    from_type: str
    to_type: str
    from_uid: str
    to_uid: str
    ts: int


class Families:
    """Which sub-accounts each main account has, and every transfer between family members, oldest first."""

    def __init__(self, accounts: Accounts, ids: IdSequence) -> None:
        self._accounts = accounts
        self._ids = ids
        #: main uid -> its sub-account uids, in creation order.
        self.subs: dict[str, list[str]] = {}
        self.transfers: list[SubTransfer] = []

    def add(self, main_uid: str, sub_uid: str) -> None:
        self.subs.setdefault(main_uid, []).append(sub_uid)

    def main_of(self, uid: str) -> str:
        return next((main for main, subs in self.subs.items() if uid in subs), uid)

    def family(self, uid: str) -> set[str]:
        """The uid's main account and all of its sub-accounts."""
        main = self.main_of(uid)
        return {main, *self.subs.get(main, [])}

    def used(self, client_oid: str) -> bool:
        return any(t.client_oid == client_oid for t in self.transfers)

    def transfer(
        self, coin: str, size: Decimal, from_type: str, to_type: str, from_uid: str, to_uid: str, *, client_oid: str,
        now_ms: int,
    ) -> SubTransfer:  # fmt: skip
        """Move ``size`` of ``coin`` from one member's spot or futures side to another's."""
        source, target = self._accounts.existing(from_uid), self._accounts.existing(to_uid)
        assert source is not None and target is not None
        if from_type == "spot":
            if source.spot.balances[coin].available < size:
                raise SimError("43012", "Insufficient balance")
            source.spot._move(coin, -size, ZERO, now_ms, group="transfer", business="transfer_out")
        else:
            if source.futures.available(now_ms) < size:
                raise SimError("43012", "Insufficient balance")
            source.futures.wallet -= size
        if to_type == "spot":
            target.spot._move(coin, size, ZERO, now_ms, group="transfer", business="transfer_in")
        else:
            target.futures.wallet += size
        record = SubTransfer(self._ids.next(), client_oid, coin, size, from_type, to_type, from_uid, to_uid, now_ms)
        self.transfers.append(record)
        return record
