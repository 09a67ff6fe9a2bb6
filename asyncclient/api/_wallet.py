"""``client.wallet``: transfers between the caller's accounts, deposits and withdrawals, as typed methods.

Repeat semantics follow the catalogue: a transfer carries a ``clientOid`` (one is generated when none is given)
because the exchange answers a repeated clientOid with the transfer it already made; a withdrawal is never
repeated after a failure whose outcome is unknown (the caller gets ``OutcomeUnknownError`` and should look at
:meth:`WalletAPI.withdrawal_records` with the clientOid it gave).
"""

from __future__ import annotations

from typing import Any, Unpack

from ..models._wallet import AccountType, DepositAddress, Transfer, TransferRecord, WalletRecord, WithdrawalAck
from ..models._wallet_requests import (
    CancelWithdrawalRequest,
    DepositAddressQuery,
    TransferCoinsQuery,
    TransferRecordsQuery,
    TransferRequest,
    WalletRecordsQuery,
    WithdrawalRequest,
)
from ._base import CallOptions
from ._cast import one, rows
from ._common import Amount, Time
from ._wallet_sub import SubAccountTransferMethods

__all__ = ["WalletAPI"]


def _coins(data: Any) -> list[str]:
    return [str(coin) for coin in data] if isinstance(data, list) else []


def _succeeded(data: Any) -> bool:
    return bool(data == "success")


class WalletAPI(SubAccountTransferMethods):
    """Wallet endpoints (``/api/v2/spot/wallet/...``). Get it as ``client.wallet``."""

    def __repr__(self) -> str:
        return "WalletAPI()"

    async def transfer(
        self,
        coin: str,
        amount: Amount,
        from_type: AccountType | str,
        to_type: AccountType | str,
        *,
        symbol: str | None = None,
        client_oid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> Transfer:
        """Move ``amount`` of ``coin`` between two of the caller's accounts (``symbol`` for isolated margin)."""
        request = TransferRequest(
            coin=coin, amount=amount, from_type=from_type, to_type=to_type, symbol=symbol, client_oid=client_oid
        )
        return await self._post("/api/v2/spot/wallet/transfer", request, one(Transfer), options)

    async def transferable_coins(
        self, from_type: AccountType | str, to_type: AccountType | str, **options: Unpack[CallOptions]
    ) -> list[str]:
        """The coins that can move from ``from_type`` to ``to_type``."""
        query = TransferCoinsQuery(from_type=from_type, to_type=to_type)
        return await self._get("/api/v2/spot/wallet/transfer-coin-info", query, _coins, options)

    async def transfer_records(
        self,
        coin: str,
        *,
        from_type: AccountType | str | None = None,
        client_oid: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[TransferRecord]:
        """Transfers of ``coin``, newest first (``client_oid`` finds one transfer)."""
        query = TransferRecordsQuery(
            coin=coin, from_type=from_type, client_oid=client_oid, start=start, end=end, limit=limit
        )
        return await self._get("/api/v2/spot/account/transferRecords", query, rows(TransferRecord), options)

    async def deposit_address(
        self, coin: str, *, chain: str | None = None, **options: Unpack[CallOptions]
    ) -> DepositAddress:
        """Where to deposit ``coin`` (on ``chain``, or the coin's default chain)."""
        query = DepositAddressQuery(coin=coin, chain=chain)
        return await self._get("/api/v2/spot/wallet/deposit-address", query, one(DepositAddress), options)

    async def deposit_records(
        self,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[WalletRecord]:
        """Deposits, newest first."""
        query = WalletRecordsQuery(coin=coin, start=start, end=end, limit=limit)
        return await self._get("/api/v2/spot/wallet/deposit-records", query, rows(WalletRecord), options)

    async def withdraw(
        self,
        coin: str,
        size: Amount,
        address: str,
        *,
        chain: str | None = None,
        tag: str | None = None,
        internal: bool = False,
        client_oid: str | None = None,
        **options: Unpack[CallOptions],
    ) -> WithdrawalAck:
        """Withdraw ``size`` of ``coin`` to ``address`` (``internal`` for a transfer to another Bitget user).

        Never repeated after an ambiguous failure: give a ``client_oid`` and look it up in
        :meth:`withdrawal_records` before trying again.
        """
        request = WithdrawalRequest(
            coin=coin, size=size, address=address, chain=chain, tag=tag, internal=internal, client_oid=client_oid
        )
        return await self._post("/api/v2/spot/wallet/withdrawal", request, one(WithdrawalAck), options)

    async def cancel_withdrawal(self, order_id: str, **options: Unpack[CallOptions]) -> bool:
        """Cancel a withdrawal that is still pending; True when the exchange accepted the cancel."""
        request = CancelWithdrawalRequest(order_id=order_id)
        return await self._post("/api/v2/spot/wallet/cancel-withdrawal", request, _succeeded, options)

    async def withdrawal_records(
        self,
        *,
        coin: str | None = None,
        client_oid: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> list[WalletRecord]:
        """Withdrawals, newest first (``client_oid`` finds one withdrawal)."""
        query = WalletRecordsQuery(coin=coin, client_oid=client_oid, start=start, end=end, limit=limit)
        return await self._get("/api/v2/spot/wallet/withdrawal-records", query, rows(WalletRecord), options)
