"""``asyncclient demo``: the simulator, a market-data collector and an order bot on one client, then a report.

By default the exchange is the embedded simulator on a loopback port, its clock skewed and a few faults
switched on (500s, a 429 burst, latency, order answers lost after the order was placed). With ``--base-url``
the public part runs against that exchange; signed reads run when credentials are in the environment, and
orders only with ``--place-orders``.

(Over 300 lines: the demo's workload wiring, its simulator setup and the command's arguments read best together; the
report and its rendering are apart.)
"""

from __future__ import annotations

import argparse
import json
import logging
import secrets
import sys
import time
from collections.abc import Sequence
from typing import Any

import anyio
import attrs

from .._catalogue import OVERALL_SCOPE
from .._client import Client
from .._errors import Error
from .._limiter import DEFAULT_MARGIN, StrictWindowLimiter
from .._retry import RetryPolicy
from ..models import AccountMode
from .demo_figures import scope_waits, sim_figures
from .demo_report import DemoReport, audit_orders
from .demo_workload import MarketCollector, MarketSymbol, OrderBot, load_symbols, read_account
from .exits import CommandError, ExitCode, run_async

__all__ = ["DemoOptions", "register", "run_demo"]

_PLACE_PATH = "/api/v2/spot/trade/place-order"
_CANCEL_PATH = "/api/v2/spot/trade/cancel-order"
_UTA_PLACE_PATH = "/api/v3/trade/place-order"
_UTA_CANCEL_PATH = "/api/v3/trade/cancel-order"
_TICKERS_PATH = "/api/v2/spot/market/tickers"


@attrs.frozen
class DemoOptions:
    duration: float = 20.0
    #: None: the embedded simulator.
    base_url: str | None = None
    seed: int = 7
    clock_offset: float = 37.0
    faults: bool = True
    symbols: int | None = None
    place_orders: bool = False
    workers: int = 4
    timeout: float = 10.0
    #: Seconds added to every limiter window; None: the library's default (see ``SIMULATOR_MARGIN``).
    margin: float | None = None
    #: The embedded simulator's account: ``classic`` (v2, client.spot) or ``uta`` (v3, client.uta).
    account_mode: str = "classic"


#: The limiter's margin against the embedded simulator. The limiter counts each slot from the moment the answer
#: arrives (the exchange counted the request before answering), so queueing in the simulator's server, which
#: shares this process and its CPU, is already covered; the margin only absorbs the server's millisecond
#: rounding and the scheduling jitter of a busy process. Measured: 0 limit 429s in 12 s runs at 10 ms.
SIMULATOR_MARGIN = 0.05


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the ``demo`` subcommand."""
    parser = subparsers.add_parser(
        "demo",
        help="see the client keep the exchange's rules: simulator, collector and bot, then a report",
        description=(
            "Start the embedded exchange simulator (clock skewed, faults on) and run a market-data collector "
            "and an order bot through one client for --duration seconds, then report: requests, 429s, "
            "limiter waits, retries, clock offset estimated vs true, and orders placed exactly once. "
            "Exit status 1 when a check fails."
        ),
    )
    parser.add_argument("--duration", type=float, default=20.0, metavar="SECONDS", help="default: 20")
    parser.add_argument(
        "--base-url",
        metavar="URL",
        help="run against this exchange instead of the embedded simulator (e.g. https://api.bitget.com): "
        "public data always, signed reads when BITGET_API_KEY/SECRET/PASSPHRASE are set, orders only with "
        "--place-orders",
    )
    parser.add_argument(
        "--place-orders",
        action="store_true",
        help="with --base-url and credentials: let the bot place and cancel small orders far from the market",
    )
    parser.add_argument("--symbols", type=int, metavar="N", help="collect the first N symbols (default: all)")
    parser.add_argument("--seed", type=int, default=7, help="the simulator's seed (default: 7)")
    parser.add_argument(
        "--clock-offset",
        type=float,
        default=37.0,
        metavar="SECONDS",
        help="the simulator's clock skew (default: 37)",
    )
    parser.add_argument("--no-faults", action="store_true", help="switch the simulator's faults off")
    parser.add_argument(
        "--account-mode",
        choices=["classic", "uta"],
        default="classic",
        help="the embedded simulator's account: classic (v2 API) or uta, a unified account (v3 API); "
        "with --base-url the key's own mode is used (default: classic)",
    )
    parser.add_argument(
        "--margin",
        type=float,
        metavar="SECONDS",
        help=f"seconds the limiter adds to every window (default: {SIMULATOR_MARGIN} against the embedded "
        f"simulator, the library's {DEFAULT_MARGIN} otherwise)",
    )
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--quiet", action="store_true", help="no live view while running")
    parser.set_defaults(run=_run)


def _run(args: argparse.Namespace) -> int:
    if args.duration <= 0:
        print("asyncclient: error: --duration must be positive", file=sys.stderr)
        return ExitCode.USAGE
    from .._dist import require_extra

    require_extra("asyncclient demo", "cli", "rich")
    if args.base_url is None:
        require_extra("asyncclient demo (it serves the embedded simulator)", "sim", "uvicorn")
    options = DemoOptions(
        duration=args.duration,
        base_url=args.base_url,
        seed=args.seed,
        clock_offset=args.clock_offset,
        faults=not args.no_faults,
        symbols=args.symbols,
        place_orders=args.place_orders,
        margin=args.margin,
        account_mode=args.account_mode,
    )

    async def main() -> int:
        report = await run_demo(options, live=not args.quiet)
        if args.json:
            print(json.dumps(report.to_json(), indent=1))
        else:
            from rich.console import Console

            from .demo_render import render_report

            render_report(report, Console())
        return ExitCode.OK if report.ok else ExitCode.CHECK_FAILED

    # The report shows every 429 and retry; the library's warnings would only scroll the live view away.
    logger = logging.getLogger("asyncclient")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        return run_async(main)
    finally:
        logger.setLevel(level)


#: Against the embedded simulator only: a placement lost before the exchange acted is re-sent 1 s after it left.
#: Safe there: the demo's faults never delay processing by more than their few ms of latency. Against a real
#: exchange the client keeps the safe default horizon (30 s and more; see docs/rules.md).
DEMO_RETRY = RetryPolicy(resend_after=1.0)


def switch_on_faults(sim: Any) -> None:
    """The demo's weather: occasional 500s and HTML 502s, latency, a 429 burst, order answers lost."""
    sim.faults.set(error_rate=0.02, html_502_rate=0.005, latency=0.003)
    sim.faults.set(_TICKERS_PATH, rate_limit_burst=3, error_rate=0.02, latency=0.003)
    sim.faults.set(
        _PLACE_PATH, error_rate=0.03, error_after_accept_rate=0.08, drop_after_accept_rate=0.04, latency=0.003
    )
    sim.faults.set(_CANCEL_PATH, error_rate=0.03, drop_after_accept_rate=0.03, latency=0.003)
    sim.faults.set(
        _UTA_PLACE_PATH, error_rate=0.03, error_after_accept_rate=0.08, drop_after_accept_rate=0.04, latency=0.003
    )
    sim.faults.set(_UTA_CANCEL_PATH, error_rate=0.03, drop_after_accept_rate=0.03, latency=0.003)


async def run_demo(options: DemoOptions, *, live: bool = False) -> DemoReport:
    """Run the demo and return its report (against the embedded simulator unless ``base_url`` is set)."""
    if options.base_url is not None:
        margin = DEFAULT_MARGIN if options.margin is None else options.margin
        limiter = StrictWindowLimiter(margin=margin)
        async with Client(base_url=options.base_url, timeout=options.timeout, limiter=limiter) as client:
            return await _run_workloads(client, options, sim=None, uid=None, live=live, margin=margin)
    from ..testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator, serve

    sim = Simulator(seed=options.seed, clock_offset=options.clock_offset)
    uid = sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, mode=options.account_mode)
    if options.faults:
        switch_on_faults(sim)
    margin = SIMULATOR_MARGIN if options.margin is None else options.margin
    async with serve(sim) as url:
        client = Client(
            api_key=SIM_API_KEY,
            api_secret=SIM_API_SECRET,
            passphrase=SIM_PASSPHRASE,
            base_url=url,
            timeout=options.timeout,
            limiter=StrictWindowLimiter(margin=margin),
            retry=DEMO_RETRY,
            credentials_from_env=False,
        )
        async with client:
            return await _run_workloads(client, options, sim=sim, uid=uid, live=live, margin=margin)


async def _run_workloads(
    client: Client, options: DemoOptions, *, sim: Any | None, uid: str | None, live: bool, margin: float
) -> DemoReport:
    # Read the server's clock now, so the report has an estimate even when nothing signed is sent.
    await client.sync_clock()
    markets = await load_symbols(client, options.symbols)
    if not markets:
        raise CommandError("the exchange lists no online spot symbols", code=ExitCode.EXCHANGE)
    collector = MarketCollector(client, markets, workers=options.workers)
    trading = sim is not None or (options.place_orders and client.has_credentials)
    # A unified account trades through client.uta, a classic one through client.spot.
    unified = client.has_credentials and await _account_mode(client) is AccountMode.UNIFIED
    bot = OrderBot(client, _bot_market(markets), run_id=secrets.token_hex(3), unified=unified) if trading else None
    stop = anyio.Event()
    started = time.monotonic()

    async def stop_after_duration() -> None:
        await anyio.sleep(options.duration)
        stop.set()

    async def run_all() -> None:
        async with anyio.create_task_group() as group:
            group.start_soon(stop_after_duration)
            group.start_soon(collector.run, stop)
            if bot is not None:
                group.start_soon(bot.run, stop)
            elif client.has_credentials:
                group.start_soon(read_account, client, unified)
            if view is not None:
                group.start_soon(view.run, stop)

    view = None
    if live:
        from .demo_live import LiveView

        view = LiveView(options.duration, lambda: _snapshot(client, collector, bot, sim))
    # A last safety net: workers finish the call in hand after the stop, which retries may stretch.
    with anyio.move_on_after(options.duration + 60):
        if view is not None:
            with view:
                await run_all()
        else:
            await run_all()
    elapsed = time.monotonic() - started
    report = _build_report(client, options, sim=sim, uid=uid, collector=collector, bot=bot, elapsed=elapsed)
    return attrs.evolve(report, limiter_margin_ms=margin * 1000)


async def _account_mode(client: Client) -> AccountMode:
    """The key's account mode; classic when the probe cannot tell (the classic calls then say why)."""
    try:
        return await client.account_mode()
    except Error:
        return AccountMode.CLASSIC


def _bot_market(markets: Sequence[MarketSymbol]) -> MarketSymbol:
    for market in markets:
        if market.symbol == "BTCUSDT":
            return market
    return markets[0]


def _snapshot(
    client: Client, collector: MarketCollector, bot: OrderBot | None, sim: Any | None
) -> list[tuple[str, str]]:
    rows = []
    limiter = client.limiter_stats
    if limiter is not None and OVERALL_SCOPE in limiter:
        rows.append(("requests sent", f"{limiter[OVERALL_SCOPE].sent:,}"))
        rows.append(("waiting for budget", f"{limiter.waiting:,}"))
    counters = collector.counters
    rows.append(
        (
            "tickers / books / candles",
            f"{counters.ticker_pulls:,} / {counters.books:,} / {counters.candles:,}",
        )
    )
    if bot is not None:
        rows.append(("orders placed / cancelled", f"{bot.counters.placed:,} / {bot.counters.cancelled:,}"))
    rows.append(("retries", f"{sum(client.retry_stats.retries_by_reason.values()):,}"))
    if sim is not None:
        rows.append(("429s (injected ones too)", f"{sim.records.rate_limited:,}"))
    clock = client.clock_stats
    if clock is not None and clock.synced:
        rows.append(("server clock offset", f"{clock.offset_ms / 1000:+.3f} s"))
    return rows


def _build_report(
    client: Client,
    options: DemoOptions,
    *,
    sim: Any | None,
    uid: str | None,
    collector: MarketCollector,
    bot: OrderBot | None,
    elapsed: float,
) -> DemoReport:
    limiter = client.limiter_stats
    overall = limiter[OVERALL_SCOPE] if limiter is not None and OVERALL_SCOPE in limiter else None
    retries = client.retry_stats
    clock = client.clock_stats
    synced = clock if clock is not None and clock.synced else None
    figures = sim_figures(sim, uid)
    return DemoReport(
        target=options.base_url or "embedded simulator",
        duration_s=elapsed,
        requests_sent=overall.sent if overall is not None else None,
        requests_seen=figures.seen,
        requests_by_endpoint=figures.by_endpoint,
        limit_429s=figures.limit_429s,
        injected_429s=figures.injected_429s,
        # Every request takes from the overall scope, so its count is the number of 429s heard.
        client_429s=overall.rate_limited if overall is not None else None,
        faults_injected=figures.faults,
        scopes=scope_waits(limiter),
        retries_by_reason=dict(retries.retries_by_reason),
        order_lookups=retries.lookups,
        clock_offset_estimated_ms=round(synced.offset_ms, 2) if synced is not None else None,
        clock_uncertainty_ms=round(synced.uncertainty_ms, 2) if synced is not None else None,
        clock_offset_true_ms=round(sim.clock.offset_ms, 2) if sim is not None else None,
        collector=collector.counters,
        orders=audit_orders(bot.counters if bot is not None else None, figures.exchange_orders),
        bot_errors=dict(bot.counters.errors) if bot is not None else {},
    )
