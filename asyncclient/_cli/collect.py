"""``asyncclient collect candles``: candles of many symbols into one file, concurrently, resumable.

Each symbol's time range is cut into windows of ``--page-size`` candles; a window is one request, so every
candle of the range is asked for exactly once whatever the exchange's paging does. Windows of one symbol are
fetched a few at a time and written in order; the checkpoint (see :mod:`.candle_file`) records each window.
(Somewhat over 300 lines: the command, the checks it makes before any file exists, and the fetching share one
plan, and reading them in one place is how the resume guarantee is checked.)
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import importlib.util
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Protocol

import anyio
import anyio.to_thread

from .._client import Client
from .._errors import ClockSyncError
from ..models import Candle
from .candle_file import (
    FORMATS,
    CandleFile,
    CollectPlan,
    checkpoint_symbols,
    format_for_path,
    require_parquet_support,
)
from .exits import CommandError, ExitCode, run_async
from .options import add_base_url, default_base_url, format_ms, parse_time_ms, plural

__all__ = ["GRANULARITIES", "CollectProgress", "collect_candles", "fetch_window", "register"]

#: The largest ``limit`` the history-candles endpoint accepts.
HISTORY_PAGE_SIZE = 200
#: The largest ``limit`` the spot candles endpoint accepts.
MAX_PAGE_SIZE = 1000
#: Spot granularities of fixed length, in seconds (months vary in length and are left out).
GRANULARITIES = {
    "1min": 60,
    "3min": 180,
    "5min": 300,
    "15min": 900,
    "30min": 1800,
    "1h": 3600,
    "4h": 4 * 3600,
    "6h": 6 * 3600,
    "12h": 12 * 3600,
    "1day": 86400,
    "3day": 3 * 86400,
    "1week": 7 * 86400,
    "6Hutc": 6 * 3600,
    "12Hutc": 12 * 3600,
    "1Dutc": 86400,
    "3Dutc": 3 * 86400,
    "1Wutc": 7 * 86400,
}


class CollectProgress(Protocol):
    """Told about every window written, so a progress bar can move."""

    def advance(self, symbol: str, covered_ms: int, rows: int) -> None: ...


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``collect candles``."""
    collect = subparsers.add_parser(
        "collect",
        help="collect market data into a file (resumable)",
        description="Collect market data into a file; re-running the same command resumes where it stopped.",
    )
    kinds = collect.add_subparsers(dest="what", metavar="WHAT", required=True)
    parser = kinds.add_parser(
        "candles",
        help="spot candles of one or more symbols",
        description=(
            "Collect spot candles of SYMBOLs over [--start, --end) into --out, many symbols at once, as fast "
            "as the exchange's budget allows. If the run stops (Ctrl-C, a crash, a lost network), run the "
            "same command again: it continues where it stopped, with no candle lost or written twice."
        ),
        epilog=(
            "example: asyncclient collect candles BTCUSDT ETHUSDT --granularity 1min "
            "--start 2024-05-01 --end 2024-05-02 --out candles.csv"
        ),
    )
    parser.add_argument("symbols", nargs="+", metavar="SYMBOL", help="spot symbols, e.g. BTCUSDT ETHUSDT")
    parser.add_argument(
        "--granularity", default="1min", choices=list(GRANULARITIES), help="candle length (default: 1min)"
    )
    parser.add_argument("--start", required=True, help="first candle time: ISO 8601 (UTC if no zone) or epoch ms")
    parser.add_argument("--end", required=True, help="end of the range, exclusive: ISO 8601 or epoch ms")
    parser.add_argument("--out", required=True, type=Path, metavar="FILE", help="the output file")
    parser.add_argument(
        "--format",
        choices=FORMATS,
        help="csv, jsonl or parquet (default: from FILE's suffix; parquet needs pyarrow)",
    )
    parser.add_argument(
        "--page-size",
        type=int,
        default=MAX_PAGE_SIZE,
        metavar="N",
        help=f"candles per request, 1-{MAX_PAGE_SIZE} (default: {MAX_PAGE_SIZE})",
    )
    parser.add_argument(
        "--concurrency", type=int, default=8, metavar="N", help="requests in flight at most (default: 8)"
    )
    parser.add_argument(
        "--quiet", action="store_true", help="no progress (by default: bars on a terminal, a line every 5 s elsewhere)"
    )
    add_base_url(parser)
    parser.set_defaults(run=_run_candles)


def _plan_from_args(args: argparse.Namespace) -> tuple[CollectPlan, list[str]]:
    start_ms, end_ms = parse_time_ms(args.start), parse_time_ms(args.end)
    if end_ms <= start_ms:
        raise CommandError(f"--end ({format_ms(end_ms)}) must be after --start ({format_ms(start_ms)})")
    if not 1 <= args.page_size <= MAX_PAGE_SIZE:
        raise CommandError(f"--page-size must be between 1 and {MAX_PAGE_SIZE}, got {args.page_size}")
    if args.concurrency < 1:
        raise CommandError(f"--concurrency must be at least 1, got {args.concurrency}")
    symbols = []
    for text in args.symbols:
        symbol = text.strip().upper()
        if not symbol.isalnum():
            raise CommandError(f"SYMBOL must look like BTCUSDT, got {text!r}")
        if symbol not in symbols:
            symbols.append(symbol)
    fmt = format_for_path(args.out, args.format)
    if fmt == "parquet":
        require_parquet_support()
    return CollectPlan(args.granularity, start_ms, end_ms, fmt), symbols


def _run_candles(args: argparse.Namespace) -> int:
    async def main() -> int:
        plan, symbols = _plan_from_args(args)
        client = Client(base_url=args.base_url or default_base_url(), timeout=args.timeout, credentials_from_env=False)
        async with client:
            await check_range_closed(client, plan)
            # Before any file is made: a typo must not leave a checkpoint that every later run trips on.
            await check_symbols(client, symbols, checkpoint_symbols(args.out), args.out)
            store = await anyio.to_thread.run_sync(CandleFile, args.out, plan, symbols)
            if store.complete:
                candles = plural(sum(store.written.values()), "candle")
                print(f"{args.out} is already complete ({candles}); nothing to do")
                return ExitCode.OK
            before = sum(store.written.values())
            step_ms = GRANULARITIES[plan.granularity] * 1000
            progress: Any = contextlib.nullcontext()
            if not args.quiet and sys.stderr.isatty() and importlib.util.find_spec("rich") is not None:
                from .collect_progress import RichCollectProgress

                progress = RichCollectProgress(store, step_ms=step_ms)
            elif not args.quiet:
                from .collect_progress import LineCollectProgress

                progress = LineCollectProgress(store, step_ms=step_ms)
            with progress as shown:
                await collect_candles(
                    client, store, page_size=args.page_size, concurrency=args.concurrency, progress=shown
                )
        await anyio.to_thread.run_sync(store.finish)
        total = sum(store.written.values())
        resumed = ""
        if store.resumed:
            resumed = f" ({plural(before, 'candle')} {'was' if before == 1 else 'were'} there from an earlier run)"
        print(f"wrote {plural(total, 'candle')} of {plural(len(store.written), 'symbol')} to {args.out}{resumed}")
        return ExitCode.OK

    return run_async(main)


async def check_symbols(client: Client, symbols: Sequence[str], resumed: Sequence[str], out: Path) -> None:
    """Refuse symbols the exchange does not list, naming the likely one meant and how to recover a checkpoint."""
    listed = {pair.symbol for pair in await client.spot.symbols()}
    unknown = [symbol for symbol in symbols if symbol not in listed]
    if unknown:
        guesses = {symbol: difflib.get_close_matches(symbol, listed, n=1) for symbol in unknown}
        meant = [f"{symbol} -> {guess[0]}?" for symbol, guess in guesses.items() if guess]
        raise CommandError(
            f"the exchange lists no spot symbol {', '.join(unknown)}" + (f" ({', '.join(meant)})" if meant else ""),
            hint="check the spelling (`asyncclient ticker SYMBOL` looks one up); nothing was written",
        )
    stale = [symbol for symbol in resumed if symbol not in listed]
    if stale:
        checkpoint = out.with_name(out.name + ".checkpoint.json")
        raise CommandError(
            f"{checkpoint} (from an earlier run) lists {', '.join(stale)}, which the exchange does not list, so "
            "every run resuming it would fail",
            hint=f"delete {out} and {checkpoint} and run again with the right symbols, or choose another --out",
        )


async def check_range_closed(client: Client, plan: CollectPlan) -> None:
    """Refuse a range whose last candle is still open on the exchange: it would change after being written."""
    server_ms = await client.server_time()
    step_ms = GRANULARITIES[plan.granularity] * 1000
    if plan.end_ms + step_ms > server_ms:
        raise CommandError(
            f"--end {format_ms(plan.end_ms)} is too recent: the exchange's candles up to it are not all "
            f"closed (its clock says {format_ms(server_ms)})",
            hint=f"use an --end at least one {plan.granularity} candle before the exchange's time",
        )


async def fetch_window(
    client: Client, symbol: str, granularity: str, start_ms: int, end_ms: int, *, page_size: int
) -> list[Candle]:
    """The candles opening in ``[start_ms, end_ms)`` (``page_size`` at most), ascending, without repeats."""
    # endTime is sent one ms before the window's end, so it does not matter whether the exchange counts it
    # inclusive or exclusive; candles outside the window are dropped, as are repeats.
    candles = await client.spot.candles(symbol, granularity, start=start_ms, end=end_ms - 1, limit=page_size)
    found = _in_window(candles, start_ms, end_ms)
    if not found:
        # The candles endpoint looks back a limited time (about a month of 1min candles); older windows come
        # from history-candles, at most 200 a request, newest first below endTime.
        found = await _history_window(client, symbol, granularity, start_ms, end_ms)
    return found


async def _history_window(client: Client, symbol: str, granularity: str, start_ms: int, end_ms: int) -> list[Candle]:
    step_ms = GRANULARITIES[granularity] * 1000
    chunk_ms = step_ms * HISTORY_PAGE_SIZE
    found: list[Candle] = []
    for chunk_start in range(start_ms, end_ms, chunk_ms):
        chunk_end = min(chunk_start + chunk_ms, end_ms)
        page = await client.spot.history_candles(symbol, granularity, chunk_end - 1, limit=HISTORY_PAGE_SIZE)
        found.extend(_in_window(page, chunk_start, chunk_end))
    return found


def _in_window(candles: Sequence[Candle], start_ms: int, end_ms: int) -> list[Candle]:
    """The candles opening in ``[start_ms, end_ms)``, ascending, each once."""
    by_ts = {candle.open_time_ms: candle for candle in candles if start_ms <= candle.open_time_ms < end_ms}
    return [by_ts[ts] for ts in sorted(by_ts)]


async def _sync_before_backfill(client: Client) -> None:
    """Sync the client's clock first, when it keeps one: a backfill spends the whole market budget, and only once
    the clock is synced are its slots settled at the server's stamps rather than at the (slower) answers. A failed
    sync costs only that: slots are counted from the answers until a later sync succeeds."""
    stats = client.clock_stats
    if stats is None or not stats.enabled or stats.synced:
        return
    with contextlib.suppress(ClockSyncError):
        await client.sync_clock()


async def collect_candles(
    client: Client,
    store: CandleFile,
    *,
    page_size: int = MAX_PAGE_SIZE,
    concurrency: int = 8,
    progress: CollectProgress | None = None,
) -> None:
    """Fetch and write every pending window of every symbol in ``store``; safe to cancel at any point."""
    await _sync_before_backfill(client)
    plan = store.plan
    window_ms = GRANULARITIES[plan.granularity] * 1000 * page_size
    in_flight = anyio.CapacityLimiter(concurrency)
    write_lock = anyio.Lock()
    pending = [symbol for symbol in store.next_start if store.pending(symbol)]
    lookahead = max(1, min(8, concurrency // max(1, len(pending))))

    async def fetch(symbol: str, start: int, pages: dict[int, list[Candle]]) -> None:
        async with in_flight:
            pages[start] = await fetch_window(
                client,
                symbol,
                plan.granularity,
                start,
                min(start + window_ms, plan.end_ms),
                page_size=page_size,
            )

    async def collect_symbol(symbol: str) -> None:
        while store.pending(symbol):
            first = store.next_start[symbol]
            starts = [first + i * window_ms for i in range(lookahead) if first + i * window_ms < plan.end_ms]
            pages: dict[int, list[Candle]] = {}
            async with anyio.create_task_group() as group:
                for start in starts:
                    group.start_soon(fetch, symbol, start, pages)
            for start in starts:
                window_end = min(start + window_ms, plan.end_ms)
                async with write_lock:
                    # Not abandoned on cancellation: a page is written and committed whole, or not at all.
                    await anyio.to_thread.run_sync(store.append, symbol, pages[start], window_end)
                if progress is not None:
                    progress.advance(symbol, window_end - start, len(pages[start]))

    async with anyio.create_task_group() as group:
        for symbol in pending:
            group.start_soon(collect_symbol, symbol)
