"""Coin conversions: quotes good for :data:`QUOTE_TTL_MS`, and the swaps that spend them (no requests here).

A quote prices the pair through the walk's USDT prices and charges no fee; a swap spends its quote (a second swap
on one quote is refused) and moves both coins on the spot balance at once.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

import attrs

from ..._routing import SimError
from ._ids import IdSequence
from ._markets import Markets
from ._spot import SpotAccount
from ._symbols import SPOT_SYMBOLS

__all__ = ["COINS", "QUOTE_TTL_MS", "Conversion", "Conversions", "ConvertQuote"]

QUOTE_TTL_MS = 10_000
PLACES = Decimal("1e-8")
#: Coins that convert: USDT and the base coin of every USDT pair.
COINS = ("USDT", *sorted({spec.base_coin for spec in SPOT_SYMBOLS.values() if spec.quote_coin == "USDT"}))
ZERO = Decimal(0)


@attrs.frozen
class ConvertQuote:
    trace_id: str
    from_coin: str
    from_size: Decimal
    to_coin: str
    to_size: Decimal
    price: Decimal
    expires_ms: int


@attrs.frozen
class Conversion:
    record_id: int
    quote: ConvertQuote
    ts: int


class Conversions:
    """The open quotes, and every account's conversions oldest first."""

    def __init__(self, markets: Markets, ids: IdSequence) -> None:
        self._markets = markets
        self._ids = ids
        self._quotes: dict[str, ConvertQuote] = {}
        self._done: dict[str, list[Conversion]] = {}

    def done(self, uid: str) -> list[Conversion]:
        return self._done.get(uid, [])

    def _usdt_price(self, coin: str, now_ms: int) -> Decimal:
        if coin == "USDT":
            return Decimal(1)
        spec = SPOT_SYMBOLS[f"{coin}USDT"]
        return self._markets.quote(spec.symbol, spec.tick, now_ms).bid

    def price(self, from_coin: str, to_coin: str, now_ms: int) -> Decimal:
        """How much of ``to_coin`` one ``from_coin`` buys now, to eight places, rounded down."""
        price = self._usdt_price(from_coin, now_ms) / self._usdt_price(to_coin, now_ms)
        return price.quantize(PLACES, ROUND_DOWN)

    def quote(
        self, from_coin: str, to_coin: str, price: Decimal, from_size: Decimal, to_size: Decimal, now_ms: int
    ) -> ConvertQuote:
        """A new quote, good for :data:`QUOTE_TTL_MS`."""
        trace_id = str(self._ids.next())
        quote = ConvertQuote(trace_id, from_coin, from_size, to_coin, to_size, price, now_ms + QUOTE_TTL_MS)
        self._quotes[trace_id] = quote
        return quote

    def take_quote(self, trace_id: str, now_ms: int) -> ConvertQuote:
        """Spend a quote; unknown, spent or expired -> 40020."""
        quote = self._quotes.pop(trace_id, None)
        if quote is None or now_ms > quote.expires_ms:
            raise SimError("40020", "The quote has expired or does not exist")
        return quote

    def swap(self, spot: SpotAccount, quote: ConvertQuote, now_ms: int) -> Conversion:
        """Give ``from_size`` of one coin for ``to_size`` of the other (43012 when short)."""
        if spot.balances[quote.from_coin].available < quote.from_size:
            raise SimError("43012", "Insufficient balance")
        spot._move(quote.from_coin, -quote.from_size, ZERO, now_ms, group="convert", business="convert_out")
        spot._move(quote.to_coin, quote.to_size, ZERO, now_ms, group="convert", business="convert_in")
        conversion = Conversion(self._ids.next(), quote, now_ms)
        self._done.setdefault(spot.uid, []).append(conversion)
        return conversion
