"""Quick looks at the exchange: ``asyncclient time``, ``ticker SYMBOL`` and ``book SYMBOL``."""

from __future__ import annotations

import argparse
import difflib
import json
import sys
import time
from decimal import Decimal
from typing import TextIO

from .._client import Client
from .._errors import Error, ExchangeError, ResponseFormatError
from ..models._convert import decimal_to_wire
from .exits import CommandError, ExitCode, run_async
from .options import add_base_url, add_json, default_base_url, format_ms

__all__ = ["register", "show_book", "show_ticker", "show_time"]


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``time``, ``ticker`` and ``book`` subcommands."""
    parser = subparsers.add_parser(
        "time",
        help="the exchange's clock and how far this machine's clock is from it",
        description="Print the exchange's server time and the local clock's offset from it (NTP-style).",
    )
    add_base_url(parser)
    add_json(parser)
    parser.set_defaults(run=_run_time)

    parser = subparsers.add_parser(
        "ticker",
        help="last price, best bid/ask and 24 h figures of a spot symbol",
        description="Print a spot ticker: last price, best bid and ask, 24 h high, low, change and volume.",
    )
    parser.add_argument("symbol", metavar="SYMBOL", help="a spot symbol, e.g. BTCUSDT")
    add_base_url(parser)
    add_json(parser)
    parser.set_defaults(run=_run_ticker)

    parser = subparsers.add_parser(
        "book",
        help="the order book of a spot symbol",
        description="Print the best levels of a spot symbol's order book, asks above bids, and the spread.",
    )
    parser.add_argument("symbol", metavar="SYMBOL", help="a spot symbol, e.g. BTCUSDT")
    parser.add_argument("--depth", type=int, default=10, metavar="N", help="levels per side, 1-150 (default: 10)")
    add_base_url(parser)
    add_json(parser)
    parser.set_defaults(run=_run_book)


def _client(args: argparse.Namespace) -> Client:
    return Client(base_url=args.base_url or default_base_url(), timeout=args.timeout, credentials_from_env=False)


def _symbol(text: str) -> str:
    symbol = text.strip().upper()
    if not symbol or not symbol.replace("_", "").isalnum():
        raise CommandError(f"SYMBOL must look like BTCUSDT, got {text!r}")
    return symbol


def _run_time(args: argparse.Namespace) -> int:
    async def main() -> int:
        async with _client(args) as client:
            await show_time(client, as_json=args.json, out=sys.stdout)
        return ExitCode.OK

    return run_async(main)


#: The exchange's code for a parameter value it does not know (an unknown symbol, here).
_NO_SUCH_PARAMETER = "40034"


async def unknown_symbol(client: Client, symbol: str, exc: ExchangeError) -> CommandError:
    """The error for a symbol the exchange does not list, with the nearest listed one as a hint."""
    try:
        listed = [pair.symbol for pair in await client.spot.symbols()]
    except Error:
        listed = []
    guess = difflib.get_close_matches(symbol, listed, n=3)
    hint = f"did you mean {' or '.join(guess)}?" if guess else "spot symbols look like BTCUSDT (base and quote coin)"
    error = CommandError(f"the exchange lists no spot symbol {symbol} ({exc})", code=ExitCode.EXCHANGE, hint=hint)
    error.__cause__ = exc
    return error


def _run_ticker(args: argparse.Namespace) -> int:
    async def main() -> int:
        symbol = _symbol(args.symbol)
        async with _client(args) as client:
            try:
                await show_ticker(client, symbol, as_json=args.json, out=sys.stdout)
            except ExchangeError as exc:
                if exc.code != _NO_SUCH_PARAMETER:
                    raise
                raise await unknown_symbol(client, symbol, exc) from exc
        return ExitCode.OK

    return run_async(main)


def _run_book(args: argparse.Namespace) -> int:
    async def main() -> int:
        symbol = _symbol(args.symbol)
        if not 1 <= args.depth <= 150:
            raise CommandError(f"--depth must be between 1 and 150, got {args.depth}")
        async with _client(args) as client:
            try:
                await show_book(client, symbol, depth=args.depth, as_json=args.json, out=sys.stdout)
            except ExchangeError as exc:
                if exc.code != _NO_SUCH_PARAMETER:
                    raise
                raise await unknown_symbol(client, symbol, exc) from exc
        return ExitCode.OK

    return run_async(main)


async def show_time(client: Client, *, as_json: bool, out: TextIO) -> None:
    """Print the server's time and the local clock's offset, from one round trip."""
    sent = time.time()
    server_ms = await client.server_time()
    received = time.time()
    round_trip_ms = round((received - sent) * 1000, 1)
    # Local clock minus server clock, taking the server's reading at the round trip's midpoint.
    local_offset_ms = round((sent + received) / 2 * 1000 - server_ms, 1)
    if as_json:
        figures = {
            "server_time_ms": server_ms,
            "server_time": format_ms(server_ms),
            "local_offset_ms": local_offset_ms,
            "round_trip_ms": round_trip_ms,
        }
        print(json.dumps(figures), file=out)
        return
    direction = "ahead of" if local_offset_ms >= 0 else "behind"
    print(f"server time  {format_ms(server_ms)}  ({server_ms} ms)", file=out)
    print(
        f"local clock  {abs(local_offset_ms):.1f} ms {direction} the server (round trip {round_trip_ms:.1f} ms)",
        file=out,
    )


async def show_ticker(client: Client, symbol: str, *, as_json: bool, out: TextIO) -> None:
    """Print one spot ticker."""
    try:
        ticker = await client.spot.ticker(symbol)
    except ResponseFormatError:
        raise CommandError(f"the exchange has no ticker for {symbol}", code=ExitCode.EXCHANGE) from None
    if ticker.symbol != symbol:
        raise CommandError(f"the exchange has no ticker for {symbol}", code=ExitCode.EXCHANGE)
    if as_json:
        print(json.dumps(ticker.to_wire()), file=out)
        return
    change = f"{ticker.change_24h * 100:+.2f}%" if ticker.change_24h is not None else "?"
    lines = [
        f"{symbol}  last {_shown(ticker.last_price)}  ({change} in 24 h)",
        f"  bid  {_shown(ticker.bid_price)} x {_shown(ticker.bid_size)}",
        f"  ask  {_shown(ticker.ask_price)} x {_shown(ticker.ask_size)}",
        f"  24 h high {_shown(ticker.high_24h)}  low {_shown(ticker.low_24h)}  "
        f"volume {_shown(ticker.base_volume)} ({_shown(ticker.quote_volume)} quote)",
    ]
    if ticker.timestamp_ms:
        lines.append(f"  at {format_ms(ticker.timestamp_ms)}")
    print("\n".join(lines), file=out)


async def show_book(client: Client, symbol: str, *, depth: int, as_json: bool, out: TextIO) -> None:
    """Print the best ``depth`` levels per side, asks (highest first) above bids, and the spread."""
    book = await client.spot.orderbook(symbol, limit=depth)
    asks = [(decimal_to_wire(level.price), decimal_to_wire(level.size)) for level in book.asks[:depth]]
    bids = [(decimal_to_wire(level.price), decimal_to_wire(level.size)) for level in book.bids[:depth]]
    if as_json:
        print(json.dumps({"symbol": symbol, "ts": str(book.timestamp_ms), "asks": asks, "bids": bids}), file=out)
        return
    width = max((len(p) for p, _ in asks + bids), default=5)
    print(f"{symbol} order book ({depth} levels)", file=out)
    print(f"  {'price':>{width}}  size", file=out)
    for price, size in reversed(asks):
        print(f"  {price:>{width}}  {size}  ask", file=out)
    if book.best_ask is not None and book.best_bid is not None:
        print(f"  {'-' * width}  spread {book.best_ask.price - book.best_bid.price}", file=out)
    for price, size in bids:
        print(f"  {price:>{width}}  {size}  bid", file=out)
    if book.timestamp_ms:
        print(f"  at {format_ms(book.timestamp_ms)}", file=out)


def _shown(value: Decimal | None) -> str:
    return "?" if value is None else decimal_to_wire(value)
