"""Transfers between a main account and its sub-accounts as typed methods, mixed into ``WalletAPI``.

**Not safe to repeat**: the catalogue marks ``subaccount-transfer`` unsafe (the exchange documents no
de-duplication of its ``clientOid``), so after a failure whose outcome is unknown the client raises
``OutcomeUnknownError`` instead of sending again. Look the transfer up with :meth:`sub_transfer_records` and the
``client_oid`` you gave (one is generated when none is given) before trying again.
"""

from __future__ import annotations

from .._errors import InputError
from .._order_safety import new_client_oid
from ..models._wallet import AccountType, Transfer, TransferRecord
from . import _validate as check
from ._common import Amount, Time, as_rows, drop_none
from ._protocol import Requester

__all__ = ["SubAccountTransferMethods"]

_SPAN_MS = 90 * 86_400_000
_ROLES = ("initiator", "receiver")


class SubAccountTransferMethods:
    """Move coins within a family of accounts (main and sub-accounts, main account keys)."""

    _requester: Requester

    async def sub_account_transfer(
        self,
        coin: str,
        amount: Amount,
        from_type: AccountType | str,
        to_type: AccountType | str,
        from_user_id: str,
        to_user_id: str,
        *,
        symbol: str | None = None,
        client_oid: str | None = None,
    ) -> Transfer:
        """Move ``amount`` of ``coin`` from one user of the family to another (never repeated: see the module)."""
        params = {
            "coin": check.coin(coin),
            "amount": check.amount(amount, "amount"),
            "fromType": check.choice(from_type, AccountType, "from_type").value,
            "toType": check.choice(to_type, AccountType, "to_type").value,
            "fromUserId": _user_id(from_user_id, "from_user_id"),
            "toUserId": _user_id(to_user_id, "to_user_id"),
            "symbol": None if symbol is None else check.symbol(symbol),
            "clientOid": new_client_oid() if client_oid is None else check.client_oid(client_oid),
        }
        data = await self._requester.request("POST", "/api/v2/spot/wallet/subaccount-transfer", drop_none(params))
        return Transfer.from_wire(data)

    async def sub_transfer_records(
        self,
        *,
        coin: str | None = None,
        role: str | None = None,
        sub_user_id: str | None = None,
        client_oid: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
    ) -> list[TransferRecord]:
        """Transfers within the family, newest first (``role`` initiator or receiver; ``client_oid`` finds one)."""
        if role is not None and role not in _ROLES:
            raise InputError(f"role must be one of {', '.join(_ROLES)}, got {role!r}")
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_SPAN_MS)
        params = {
            "coin": None if coin is None else check.coin(coin),
            "role": role,
            "subUid": None if sub_user_id is None else _user_id(sub_user_id, "sub_user_id"),
            "clientOid": None if client_oid is None else check.client_oid(client_oid),
            "startTime": start_ms,
            "endTime": end_ms,
            "limit": None if limit is None else check.limit(limit, maximum=100),
        }
        data = await self._requester.request("GET", "/api/v2/spot/account/sub-main-trans-record", drop_none(params))
        return [TransferRecord.from_wire(row) for row in as_rows(data)]


def _user_id(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.isdigit():
        raise InputError(f"{name} must be a user id of digits, got {value!r}")
    return value
