"""Tax records: one row of the spot, futures, margin or P2P ledger as the tax endpoints list it."""

from __future__ import annotations

from decimal import Decimal

import attrs

from ._wire import WireModel, wire

__all__ = ["TaxRecord"]


@attrs.frozen(kw_only=True)
class TaxRecord(WireModel):
    """One ledger entry (``/api/v2/tax/*-record``); ``tax_type`` is the entry's kind (``spotTaxType`` ...)."""

    record_id: str = attrs.field(metadata=wire("id"))
    coin: str | None = attrs.field(default=None, metadata=wire("coin", "marginCoin"))
    symbol: str | None = attrs.field(default=None, metadata=wire("symbol"))
    tax_type: str = attrs.field(metadata=wire("spotTaxType", "futureTaxType", "marginTaxType", "p2pTaxType"))
    amount: Decimal | None = attrs.field(default=None, metadata=wire("amount"))
    fee: Decimal | None = attrs.field(default=None, metadata=wire("fee"))
    #: The balance after the entry (``balance`` on spot, ``total`` on margin and P2P).
    balance: Decimal | None = attrs.field(default=None, metadata=wire("balance", "total"))
    ts_ms: int = attrs.field(metadata=wire("ts"))
