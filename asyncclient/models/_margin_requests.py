"""Requests of the margin accounts (crossed and isolated): borrow, repay, flash repay and the record queries.

Isolated-margin requests are the crossed ones plus the pair (``symbol``). Orders are in :mod:`._margin_order_requests`.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from . import _checks as checks
from ._request import (
    WindowQuery,
    WireRequest,
    optional_client_oid,
    optional_coin,
    optional_id_less_than,
    optional_limit_100,
    optional_limit_500,
    optional_symbol,
    param,
)

__all__ = [
    "BorrowRequest",
    "FlashRepayStatusQuery",
    "IsolatedBorrowRequest",
    "IsolatedFlashRepayRequest",
    "IsolatedRecordsQuery",
    "IsolatedRepayRequest",
    "LiquidationQuery",
    "MarginRecordsQuery",
    "RepayRequest",
]

#: Borrow, repay, interest and liquidation records: one query spans at most 90 days.
_RECORD_SPAN_MS = 90 * 86_400_000


def _amount(value: object) -> str:
    return checks.amount(value, "amount")


def _repay_ids(value: object) -> tuple[str, ...]:
    return tuple(checks.order_id(one, "repay_ids") for one in checks.batch(value, "repay_ids", maximum=100))


def _optional_symbols(value: object) -> tuple[str, ...] | None:
    """Up to 100 pairs; an empty list (every pair) is sent as no list at all."""
    if isinstance(value, tuple | list) and not value:
        return None
    return tuple(checks.symbol(one, "symbols") for one in checks.batch(value, "symbols", maximum=100))


@attrs.frozen(kw_only=True)
class BorrowRequest(WireRequest):
    """Borrow ``amount`` of ``coin``, optionally under the caller's id."""

    coin: str = attrs.field(converter=checks.coin)
    amount: str = attrs.field(converter=_amount, metadata=param("borrowAmount"))
    client_oid: str | None = attrs.field(default=None, converter=optional_client_oid, metadata=param("clientOid"))


@attrs.frozen(kw_only=True)
class IsolatedBorrowRequest(BorrowRequest):
    """Borrow into the isolated account of the pair ``symbol`` (``coin``: its base or quote)."""

    symbol: str = attrs.field(converter=checks.symbol)


@attrs.frozen(kw_only=True)
class RepayRequest(WireRequest):
    """Repay up to ``amount`` of ``coin``."""

    coin: str = attrs.field(converter=checks.coin)
    amount: str = attrs.field(converter=_amount, metadata=param("repayAmount"))


@attrs.frozen(kw_only=True)
class IsolatedRepayRequest(RepayRequest):
    """Repay in the isolated account of the pair ``symbol``."""

    symbol: str = attrs.field(converter=checks.symbol)


@attrs.frozen(kw_only=True)
class IsolatedFlashRepayRequest(WireRequest):
    """Repay every debt of up to 100 pairs (none: every pair) from their own balances."""

    symbols: tuple[str, ...] | None = attrs.field(
        default=None, converter=_optional_symbols, metadata=param("symbolList")
    )


@attrs.frozen(kw_only=True)
class FlashRepayStatusQuery(WireRequest):
    """Where 1 to 100 flash repayments stand, by their ids."""

    repay_ids: tuple[str, ...] = attrs.field(converter=_repay_ids, metadata=param("idList"))


@attrs.frozen(kw_only=True)
class MarginRecordsQuery(WindowQuery):
    """Borrow, repay or interest records of one coin (or all): at most 90 days, up to 500 a page.

    The exchange requires ``startTime``: send ``query.widest()``.
    """

    max_span_ms: ClassVar[int | None] = _RECORD_SPAN_MS

    coin: str | None = attrs.field(default=None, converter=optional_coin)
    limit: int | None = attrs.field(default=None, converter=optional_limit_500)


@attrs.frozen(kw_only=True)
class IsolatedRecordsQuery(MarginRecordsQuery):
    """The records of one isolated pair."""

    symbol: str = attrs.field(converter=checks.symbol)


@attrs.frozen(kw_only=True)
class LiquidationQuery(WindowQuery):
    """Liquidations (or their orders) of the account or of one isolated pair: at most 90 days, 100 a page.

    The exchange requires ``startTime``: send ``query.widest()``.
    """

    max_span_ms: ClassVar[int | None] = _RECORD_SPAN_MS

    symbol: str | None = attrs.field(default=None, converter=optional_symbol)
    id_less_than: str | None = attrs.field(default=None, converter=optional_id_less_than, metadata=param("idLessThan"))
    limit: int | None = attrs.field(default=None, converter=optional_limit_100)
