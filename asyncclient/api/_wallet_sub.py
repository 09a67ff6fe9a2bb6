"""Transfers between a main account and its sub-accounts as typed methods, mixed into ``WalletAPI``.

**Not safe to repeat**: the catalogue marks ``subaccount-transfer`` unsafe (the exchange documents no
de-duplication of its ``clientOid``), so after a failure whose outcome is unknown the client raises
``OutcomeUnknownError`` instead of sending again. Look the transfer up with :meth:`sub_transfer_records` and the
``client_oid`` you gave (one is generated when none is given) before trying again.
"""

from __future__ import annotations

from typing import Unpack

from ..models._wallet import AccountType, Transfer, TransferRecord
from ..models._wallet_requests import SubTransferRecordsQuery, SubTransferRequest
from ._base import CallOptions, Group
from ._cast import one, rows
from ._common import Amount, Time

__all__ = ["SubAccountTransferMethods"]


class SubAccountTransferMethods(Group):
    """Move coins within a family of accounts (main and sub-accounts, main account keys)."""

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
        **options: Unpack[CallOptions],
    ) -> Transfer:
        """Move ``amount`` of ``coin`` from one user of the family to another (never repeated: see the module)."""
        request = SubTransferRequest(
            coin=coin,
            amount=amount,
            from_type=from_type,
            to_type=to_type,
            from_user_id=from_user_id,
            to_user_id=to_user_id,
            symbol=symbol,
            client_oid=client_oid,
        )
        return await self._post("/api/v2/spot/wallet/subaccount-transfer", request, one(Transfer), options)

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
        **options: Unpack[CallOptions],
    ) -> list[TransferRecord]:
        """Transfers within the family, newest first (``role`` initiator or receiver; ``client_oid`` finds one)."""
        query = SubTransferRecordsQuery(
            coin=coin, role=role, sub_user_id=sub_user_id, client_oid=client_oid, start=start, end=end, limit=limit
        )
        return await self._get("/api/v2/spot/account/sub-main-trans-record", query, rows(TransferRecord), options)
