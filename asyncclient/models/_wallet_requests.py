"""Requests of ``client.wallet``: transfers (own accounts and sub-accounts), withdrawals and their records.

Each checks its arguments when built (an :class:`~asyncclient.InputError` naming the argument) and writes the
exchange's keys. A transfer without a ``client_oid`` gets a fresh one: the exchange answers a repeated clientOid
with the transfer it already made, and the caller can look it up by that id.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from .._errors import InputError, InputTypeError, shown
from .._order_lookup import new_client_oid
from . import _checks as checks
from ._request import (
    WindowQuery,
    WireRequest,
    optional_client_oid,
    optional_coin,
    optional_limit_100,
    optional_symbol,
    param,
)
from ._wallet import AccountType

__all__ = [
    "CancelWithdrawalRequest",
    "DepositAddressQuery",
    "SubTransferRecordsQuery",
    "SubTransferRequest",
    "TransferCoinsQuery",
    "TransferRecordsQuery",
    "TransferRequest",
    "WalletRecordsQuery",
    "WithdrawalRequest",
]

#: Deposit, withdrawal and transfer records: one query spans at most 90 days.
_RECORD_SPAN_MS = 90 * 86_400_000
_ROLES = ("initiator", "receiver")


def _amount(value: object) -> str:
    return checks.amount(value, "amount")


def _size(value: object) -> str:
    return checks.amount(value, "size")


def _from_type(value: object) -> AccountType:
    return checks.choice(value, AccountType, "from_type")


def _optional_from_type(value: object) -> AccountType | None:
    return None if value is None else _from_type(value)


def _to_type(value: object) -> AccountType:
    return checks.choice(value, AccountType, "to_type")


def _client_oid_or_new(value: object) -> str:
    return new_client_oid() if value is None else checks.client_oid(value)


def _user_id(value: object, name: str) -> str:
    if not isinstance(value, str) or not value.isdigit():
        raise InputError(f"{name} must be a user id of digits, got {shown(value)}")
    return value


def _from_user_id(value: object) -> str:
    return _user_id(value, "from_user_id")


def _to_user_id(value: object) -> str:
    return _user_id(value, "to_user_id")


def _optional_sub_user_id(value: object) -> str | None:
    return None if value is None else _user_id(value, "sub_user_id")


def _optional_role(value: object) -> str | None:
    if value is not None and value not in _ROLES:
        raise InputError(f"role must be one of {', '.join(_ROLES)}, got {shown(value)}")
    return value


def _chain(value: object) -> str | None:
    return None if value is None else checks.coin(value, "chain")


def _address(value: object) -> str:
    return checks.text(value, "address")


def _tag(value: object) -> str | None:
    return None if value is None else checks.text(value, "tag")


def _internal(value: object) -> bool:
    if not isinstance(value, bool):  # "no" is truthy: it would send an internal transfer
        raise InputTypeError(f"internal must be a bool, got {type(value).__name__}")
    return value


@attrs.frozen(kw_only=True)
class TransferCoinsQuery(WireRequest):
    """The coins that can move between two account types."""

    from_type: AccountType = attrs.field(converter=_from_type, metadata=param("fromType"))
    to_type: AccountType = attrs.field(converter=_to_type, metadata=param("toType"))


@attrs.frozen(kw_only=True)
class TransferRequest(TransferCoinsQuery):
    """Move ``amount`` of ``coin`` between two of the caller's accounts (``symbol``: an isolated-margin pair)."""

    coin: str = attrs.field(converter=checks.coin)
    amount: str = attrs.field(converter=_amount)
    symbol: str | None = attrs.field(default=None, converter=optional_symbol)
    client_oid: str = attrs.field(default=None, converter=_client_oid_or_new, metadata=param("clientOid"))


@attrs.frozen(kw_only=True)
class SubTransferRequest(TransferRequest):
    """A transfer from one user of a family (main account and sub-accounts) to another."""

    from_user_id: str = attrs.field(converter=_from_user_id, metadata=param("fromUserId"))
    to_user_id: str = attrs.field(converter=_to_user_id, metadata=param("toUserId"))


@attrs.frozen(kw_only=True)
class WalletRecordsQuery(WindowQuery):
    """Deposits or withdrawals (or, in subclasses, transfers): at most 90 days, up to 100 a page."""

    max_span_ms: ClassVar[int | None] = _RECORD_SPAN_MS

    coin: str | None = attrs.field(default=None, converter=optional_coin)
    client_oid: str | None = attrs.field(default=None, converter=optional_client_oid, metadata=param("clientOid"))
    limit: int | None = attrs.field(default=None, converter=optional_limit_100)


@attrs.frozen(kw_only=True)
class TransferRecordsQuery(WalletRecordsQuery):
    """Transfers of one coin between the caller's accounts (``from_type``: from one account type)."""

    coin: str = attrs.field(converter=checks.coin)
    from_type: AccountType | None = attrs.field(default=None, converter=_optional_from_type, metadata=param("fromType"))


@attrs.frozen(kw_only=True)
class SubTransferRecordsQuery(WalletRecordsQuery):
    """Transfers within the family, as ``role`` initiator or receiver, with one sub-account."""

    role: str | None = attrs.field(default=None, converter=_optional_role)
    sub_user_id: str | None = attrs.field(default=None, converter=_optional_sub_user_id, metadata=param("subUid"))


@attrs.frozen(kw_only=True)
class DepositAddressQuery(WireRequest):
    """Where to deposit ``coin`` (on ``chain``, or the coin's default chain)."""

    coin: str = attrs.field(converter=checks.coin)
    chain: str | None = attrs.field(default=None, converter=_chain)


@attrs.frozen(kw_only=True)
class WithdrawalRequest(WireRequest):
    """Withdraw ``size`` of ``coin`` to ``address`` (on chain, or ``internal`` to another Bitget user).

    The address and memo are sent as written: a control character (a CRLF file, a pasted line) is refused, and
    ``internal`` must be a bool (``"no"`` would read as true).
    """

    coin: str = attrs.field(converter=checks.coin)
    size: str = attrs.field(converter=_size)
    address: str = attrs.field(converter=_address)
    chain: str | None = attrs.field(default=None, converter=_chain)
    tag: str | None = attrs.field(default=None, converter=_tag)
    internal: bool = attrs.field(default=False, converter=_internal)
    client_oid: str | None = attrs.field(default=None, converter=optional_client_oid, metadata=param("clientOid"))

    def to_wire(self) -> dict[str, Any]:
        params = super().to_wire()
        del params["internal"]
        params["transferType"] = "internal_transfer" if self.internal else "on_chain"
        return params


@attrs.frozen(kw_only=True)
class CancelWithdrawalRequest(WireRequest):
    """Cancel a pending withdrawal by its order id."""

    order_id: str = attrs.field(converter=checks.order_id, metadata=param("orderId"))
