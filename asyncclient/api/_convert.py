"""``client.convert``: swap one spot coin for another at a quoted price, as typed methods.

A conversion is two calls: :meth:`ConvertAPI.quote` prices it (a read, safe to repeat), :meth:`ConvertAPI.trade`
executes that quote. **The trade is not safe to repeat** (the catalogue marks it unsafe; the exchange documents no
de-duplication): after a failure whose outcome is unknown it raises ``OutcomeUnknownError``; look at
:meth:`ConvertAPI.records` (or the spot balances) before asking for a new quote.
"""

from __future__ import annotations

from typing import ClassVar, Unpack

import attrs

from .._errors import InputError
from ..models import Page
from ..models import _checks as checks
from ..models._conversion import ConvertCoin, ConvertQuote, ConvertRecord, ConvertResult
from ..models._request import WindowQuery, WireRequest, optional_id_less_than, optional_limit_100, param
from ._base import CallOptions, Group
from ._cast import one, page_at, rows
from ._common import Amount, Time

__all__ = ["ConvertAPI"]

#: Records: one query spans at most 90 days; the exchange requires both ends.
_SPAN_MS = 90 * 86_400_000


def _from_coin(value: object) -> str:
    return checks.coin(value, "from_coin")


def _to_coin(value: object) -> str:
    return checks.coin(value, "to_coin")


def _optional_from_size(value: object) -> str | None:
    return None if value is None else checks.amount(value, "from_size")


def _optional_to_size(value: object) -> str | None:
    return None if value is None else checks.amount(value, "to_size")


def _quoted_from_size(value: object) -> str:
    return checks.amount(value, "quote.from_size")


def _quoted_to_size(value: object) -> str:
    return checks.amount(value, "quote.to_size")


def _quoted_price(value: object) -> str:
    return checks.amount(value, "quote.price")


def _trace_id(value: object) -> str:
    return checks.text(value, "quote.trace_id")


@attrs.frozen(kw_only=True)
class QuoteQuery(WireRequest):
    """The price of converting ``from_size`` of ``from_coin`` or into ``to_size`` of ``to_coin`` (one of them)."""

    from_coin: str = attrs.field(converter=_from_coin, metadata=param("fromCoin"))
    to_coin: str = attrs.field(converter=_to_coin, metadata=param("toCoin"))
    from_size: str | None = attrs.field(default=None, converter=_optional_from_size, metadata=param("fromCoinSize"))
    to_size: str | None = attrs.field(default=None, converter=_optional_to_size, metadata=param("toCoinSize"))

    def __attrs_post_init__(self) -> None:
        if (self.from_size is None) == (self.to_size is None):
            raise InputError("give exactly one of from_size and to_size")


@attrs.frozen(kw_only=True)
class ConvertTradeRequest(WireRequest):
    """Convert at a quote: its coins, sizes, price and ``traceId``, as the quote gave them."""

    from_coin: str = attrs.field(converter=_from_coin, metadata=param("fromCoin"))
    from_size: str = attrs.field(converter=_quoted_from_size, metadata=param("fromCoinSize"))
    to_coin: str = attrs.field(converter=_to_coin, metadata=param("toCoin"))
    to_size: str = attrs.field(converter=_quoted_to_size, metadata=param("toCoinSize"))
    price: str = attrs.field(converter=_quoted_price, metadata=param("cnvtPrice"))
    trace_id: str = attrs.field(converter=_trace_id, metadata=param("traceId"))

    @classmethod
    def of(cls, quote: object) -> ConvertTradeRequest:
        """The trade on ``quote`` (a :class:`ConvertQuote` from :meth:`ConvertAPI.quote`)."""
        if not isinstance(quote, ConvertQuote):
            raise InputError(f"quote must be a ConvertQuote from quote(), got {type(quote).__name__}")
        return cls(
            from_coin=quote.from_coin,
            from_size=quote.from_size,
            to_coin=quote.to_coin,
            to_size=quote.to_size,
            price=quote.price,
            trace_id=quote.trace_id,
        )


@attrs.frozen(kw_only=True)
class ConvertRecordsQuery(WindowQuery):
    """Past conversions: at most 90 days (both ends sent), older than ``id_less_than``, up to 100 a page."""

    max_span_ms: ClassVar[int | None] = _SPAN_MS

    id_less_than: str | None = attrs.field(default=None, converter=optional_id_less_than, metadata=param("idLessThan"))
    limit: int | None = attrs.field(default=None, converter=optional_limit_100)


class ConvertAPI(Group):
    """Convert endpoints (``/api/v2/convert/...``). Get it as ``client.convert``."""

    def __repr__(self) -> str:
        return "ConvertAPI()"

    async def currencies(self, **options: Unpack[CallOptions]) -> list[ConvertCoin]:
        """The coins that convert, with the spot balance of each."""
        return await self._get("/api/v2/convert/currencies", None, rows(ConvertCoin), options)

    async def quote(
        self,
        from_coin: str,
        to_coin: str,
        *,
        from_size: Amount | None = None,
        to_size: Amount | None = None,
        **options: Unpack[CallOptions],
    ) -> ConvertQuote:
        """A price for converting ``from_size`` of ``from_coin`` (or into ``to_size`` of ``to_coin``)."""
        query = QuoteQuery(from_coin=from_coin, to_coin=to_coin, from_size=from_size, to_size=to_size)
        return await self._get("/api/v2/convert/quoted-price", query, one(ConvertQuote), options)

    async def trade(self, quote: ConvertQuote, **options: Unpack[CallOptions]) -> ConvertResult:
        """Convert at ``quote`` (before it expires, within seconds); never repeated after an ambiguous failure."""
        return await self._post("/api/v2/convert/trade", ConvertTradeRequest.of(quote), one(ConvertResult), options)

    async def records(
        self,
        *,
        start: Time | None = None,
        end: Time | None = None,
        id_less_than: str | None = None,
        limit: int | None = None,
        **options: Unpack[CallOptions],
    ) -> Page[ConvertRecord]:
        """Past conversions, newest first (the last 90 days by default)."""
        query = ConvertRecordsQuery(start=start, end=end, id_less_than=id_less_than, limit=limit).widest(with_end=True)
        return await self._get("/api/v2/convert/convert-record", query, page_at("dataList", ConvertRecord), options)
