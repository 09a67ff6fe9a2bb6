"""``client.wallet``: transfers between the caller's accounts, deposits and withdrawals, as typed methods.

Repeat semantics follow the catalogue: a transfer carries a ``clientOid`` (one is generated when none is given)
because the exchange answers a repeated clientOid with the transfer it already made; a withdrawal is never
repeated after a failure whose outcome is unknown (the caller gets ``OutcomeUnknownError`` and should look at
:meth:`WalletAPI.withdrawal_records` with the clientOid it gave).
"""

from __future__ import annotations

from typing import Any

from .._errors import InputTypeError
from .._order_safety import new_client_oid
from ..models._wallet import AccountType, DepositAddress, Transfer, TransferRecord, WalletRecord, WithdrawalAck
from . import _validate as check
from ._common import Amount, Time, as_rows, drop_none
from ._protocol import Requester
from ._wallet_sub import SubAccountTransferMethods

__all__ = ["WalletAPI"]

_DAY_MS = 86_400_000
#: Deposit and withdrawal records: one query spans at most 90 days.
_RECORD_SPAN_MS = 90 * _DAY_MS


class WalletAPI(SubAccountTransferMethods):
    """Wallet endpoints (``/api/v2/spot/wallet/...``). Get it as ``client.wallet``."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def __repr__(self) -> str:
        return "WalletAPI()"

    async def _get(self, path: str, params: dict[str, Any]) -> Any:
        return await self._requester.request("GET", path, drop_none(params))

    async def _post(self, path: str, params: dict[str, Any]) -> Any:
        return await self._requester.request("POST", path, drop_none(params))

    async def transfer(
        self,
        coin: str,
        amount: Amount,
        from_type: AccountType | str,
        to_type: AccountType | str,
        *,
        symbol: str | None = None,
        client_oid: str | None = None,
    ) -> Transfer:
        """Move ``amount`` of ``coin`` between two of the caller's accounts (``symbol`` for isolated margin)."""
        params = {
            "coin": check.coin(coin),
            "amount": check.amount(amount, "amount"),
            "fromType": check.choice(from_type, AccountType, "from_type").value,
            "toType": check.choice(to_type, AccountType, "to_type").value,
            "symbol": None if symbol is None else check.symbol(symbol),
            "clientOid": new_client_oid() if client_oid is None else check.client_oid(client_oid),
        }
        return Transfer.from_wire(await self._post("/api/v2/spot/wallet/transfer", params))

    async def transferable_coins(self, from_type: AccountType | str, to_type: AccountType | str) -> list[str]:
        """The coins that can move from ``from_type`` to ``to_type``."""
        params = {
            "fromType": check.choice(from_type, AccountType, "from_type").value,
            "toType": check.choice(to_type, AccountType, "to_type").value,
        }
        return [str(coin) for coin in as_rows(await self._get("/api/v2/spot/wallet/transfer-coin-info", params))]

    async def transfer_records(
        self,
        coin: str,
        *,
        from_type: AccountType | str | None = None,
        client_oid: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
    ) -> list[TransferRecord]:
        """Transfers of ``coin``, newest first (``client_oid`` finds one transfer)."""
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_RECORD_SPAN_MS)
        params = {
            "coin": check.coin(coin),
            "fromType": None if from_type is None else check.choice(from_type, AccountType, "from_type").value,
            "clientOid": None if client_oid is None else check.client_oid(client_oid),
            "startTime": start_ms,
            "endTime": end_ms,
            "limit": None if limit is None else check.limit(limit, maximum=100),
        }
        rows = as_rows(await self._get("/api/v2/spot/account/transferRecords", params))
        return [TransferRecord.from_wire(row) for row in rows]

    async def deposit_address(self, coin: str, *, chain: str | None = None) -> DepositAddress:
        """Where to deposit ``coin`` (on ``chain``, or the coin's default chain)."""
        params = {"coin": check.coin(coin), "chain": None if chain is None else check.coin(chain, "chain")}
        return DepositAddress.from_wire(await self._get("/api/v2/spot/wallet/deposit-address", params))

    async def deposit_records(
        self,
        *,
        coin: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
    ) -> list[WalletRecord]:
        """Deposits, newest first."""
        return await self._records("/api/v2/spot/wallet/deposit-records", coin, None, start, end, limit)

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
    ) -> WithdrawalAck:
        """Withdraw ``size`` of ``coin`` to ``address`` (``internal`` for a transfer to another Bitget user).

        Never repeated after an ambiguous failure: give a ``client_oid`` and look it up in
        :meth:`withdrawal_records` before trying again.
        """
        if not isinstance(internal, bool):
            raise InputTypeError(f"internal must be a bool, got {type(internal).__name__}")
        params = {
            "coin": check.coin(coin),
            "transferType": "internal_transfer" if internal else "on_chain",
            "address": check.text(address, "address"),
            "chain": None if chain is None else check.coin(chain, "chain"),
            "tag": None if tag is None else check.text(tag, "tag"),
            "size": check.amount(size, "size"),
            "clientOid": None if client_oid is None else check.client_oid(client_oid),
        }
        return WithdrawalAck.from_wire(await self._post("/api/v2/spot/wallet/withdrawal", params))

    async def cancel_withdrawal(self, order_id: str) -> bool:
        """Cancel a withdrawal that is still pending; True when the exchange accepted the cancel."""
        data = await self._post("/api/v2/spot/wallet/cancel-withdrawal", {"orderId": check.order_id(order_id)})
        return bool(data == "success")

    async def withdrawal_records(
        self,
        *,
        coin: str | None = None,
        client_oid: str | None = None,
        start: Time | None = None,
        end: Time | None = None,
        limit: int | None = None,
    ) -> list[WalletRecord]:
        """Withdrawals, newest first (``client_oid`` finds one withdrawal)."""
        return await self._records("/api/v2/spot/wallet/withdrawal-records", coin, client_oid, start, end, limit)

    async def _records(
        self,
        path: str,
        coin: str | None,
        client_oid: str | None,
        start: Time | None,
        end: Time | None,
        limit: int | None,
    ) -> list[WalletRecord]:
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_RECORD_SPAN_MS)
        params = {
            "coin": None if coin is None else check.coin(coin),
            "clientOid": None if client_oid is None else check.client_oid(client_oid),
            "startTime": start_ms,
            "endTime": end_ms,
            "limit": None if limit is None else check.limit(limit, maximum=100),
        }
        return [WalletRecord.from_wire(row) for row in as_rows(await self._get(path, params))]
