"""``client.convert``: swap one spot coin for another at a quoted price, as typed methods.

A conversion is two calls: :meth:`ConvertAPI.quote` prices it (a read, safe to repeat), :meth:`ConvertAPI.trade`
executes that quote. **The trade is not safe to repeat** (the catalogue marks it unsafe; the exchange documents no
de-duplication): after a failure whose outcome is unknown it raises ``OutcomeUnknownError``; look at
:meth:`ConvertAPI.records` (or the spot balances) before asking for a new quote.
"""

from __future__ import annotations

from typing import Any

from .._errors import InputError
from ..models import Page
from ..models._conversion import ConvertCoin, ConvertQuote, ConvertRecord, ConvertResult
from . import _validate as check
from ._common import Amount, Time, as_rows, drop_none, now_ms, optional_amount
from ._protocol import Requester

__all__ = ["ConvertAPI"]

#: Records: one query spans at most 90 days; the exchange requires both ends.
_SPAN_MS = 90 * 86_400_000


class ConvertAPI:
    """Convert endpoints (``/api/v2/convert/...``). Get it as ``client.convert``."""

    def __init__(self, requester: Requester) -> None:
        self._requester = requester

    def __repr__(self) -> str:
        return "ConvertAPI()"

    async def currencies(self) -> list[ConvertCoin]:
        """The coins that convert, with the spot balance of each."""
        data = await self._requester.request("GET", "/api/v2/convert/currencies", {})
        return [ConvertCoin.from_wire(row) for row in as_rows(data)]

    async def quote(
        self, from_coin: str, to_coin: str, *, from_size: Amount | None = None, to_size: Amount | None = None
    ) -> ConvertQuote:
        """A price for converting ``from_size`` of ``from_coin`` (or into ``to_size`` of ``to_coin``)."""
        if (from_size is None) == (to_size is None):
            raise InputError("give exactly one of from_size and to_size")
        params = {
            "fromCoin": check.coin(from_coin, "from_coin"),
            "toCoin": check.coin(to_coin, "to_coin"),
            "fromCoinSize": optional_amount(from_size, "from_size"),
            "toCoinSize": optional_amount(to_size, "to_size"),
        }
        data = await self._requester.request("GET", "/api/v2/convert/quoted-price", drop_none(params))
        return ConvertQuote.from_wire(data)

    async def trade(self, quote: ConvertQuote) -> ConvertResult:
        """Convert at ``quote`` (before it expires, within seconds); never repeated after an ambiguous failure."""
        if not isinstance(quote, ConvertQuote):
            raise InputError(f"quote must be a ConvertQuote from quote(), got {type(quote).__name__}")
        params = {
            "fromCoin": quote.from_coin,
            "fromCoinSize": check.amount(quote.from_size, "quote.from_size"),
            "toCoin": quote.to_coin,
            "toCoinSize": check.amount(quote.to_size, "quote.to_size"),
            "cnvtPrice": check.amount(quote.price, "quote.price"),
            "traceId": quote.trace_id,
        }
        return ConvertResult.from_wire(await self._requester.request("POST", "/api/v2/convert/trade", params))

    async def records(
        self,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
    ) -> Page[ConvertRecord]:
        """Past conversions, newest first (the last 90 days by default)."""
        start_ms, end_ms = check.time_window(start, end, max_span_ms=_SPAN_MS)
        end_ms = end_ms if end_ms is not None else now_ms()
        params: dict[str, Any] = {
            "startTime": start_ms if start_ms is not None else end_ms - _SPAN_MS,
            "endTime": end_ms,
            "idLessThan": None if id_less_than is None else check.order_id(id_less_than, "id_less_than"),
            "limit": None if limit is None else check.limit(limit, maximum=100),
        }
        data = await self._requester.request("GET", "/api/v2/convert/convert-record", drop_none(params))
        if not isinstance(data, dict):
            return Page(())
        end_id = data.get("endId")
        items = tuple(ConvertRecord.from_wire(row) for row in as_rows(data.get("dataList")))
        return Page(items, str(end_id) if end_id not in (None, "") else None)
