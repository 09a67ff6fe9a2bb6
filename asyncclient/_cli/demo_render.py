"""The demo's report as rich tables, for a person at a terminal."""

from __future__ import annotations

from typing import Any

from .demo_report import DemoReport

__all__ = ["render_report"]


def _number(value: float | None, unit: str = "", digits: int = 0) -> str:
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}{unit}"


def render_report(report: DemoReport, console: Any) -> None:
    """Print the report on a ``rich.console.Console``: one table per part, then the checks."""
    console.rule(f"[bold]asyncclient demo report[/] - {report.target}, {report.duration_s:.1f} s")
    for table in (
        _traffic(report),
        _endpoints(report),
        _waits(report),
        _retries(report),
        _clock(report),
        _orders(report),
    ):
        if table is not None:
            console.print(table)
    for check in report.checks():
        mark = "[green]PASS[/]" if check.ok else "[red]FAIL[/]"
        console.print(f"{mark} {check.name}: {check.detail}")


def _pairs(title: str) -> Any:
    """A two-column table of labels and right-aligned figures."""
    from rich.table import Table

    table = Table(title=title, show_header=False, title_justify="left")
    table.add_column(style="bold")
    table.add_column(justify="right")
    return table


def _traffic(report: DemoReport) -> Any:
    traffic = _pairs("Traffic")
    traffic.add_row("requests sent by the client", _number(report.requests_sent))
    traffic.add_row("requests seen by the exchange", _number(report.requests_seen))
    traffic.add_row("429s for a broken limit", _number(report.limit_429s))
    traffic.add_row("429s injected as faults", _number(report.injected_429s))
    traffic.add_row("429s heard by the client", _number(report.client_429s))
    for fault, count in sorted(report.faults_injected.items()):
        traffic.add_row(f"fault injected: {fault}", _number(count))
    traffic.add_row("tickers pulls / order books / candles", _tuple(report))
    return traffic


def _endpoints(report: DemoReport) -> Any:
    from rich.table import Table

    if not report.requests_by_endpoint:
        return None
    endpoints = Table(title="Requests by endpoint (as the exchange saw them)", title_justify="left")
    endpoints.add_column("endpoint")
    endpoints.add_column("requests", justify="right")
    for endpoint, count in sorted(report.requests_by_endpoint.items(), key=lambda item: -item[1]):
        endpoints.add_row(endpoint, _number(count))
    return endpoints


def _waits(report: DemoReport) -> Any:
    from rich.table import Table

    if not report.scopes:
        return None
    margin = f", margin {report.limiter_margin_ms:.0f} ms" if report.limiter_margin_ms is not None else ""
    waits = Table(title=f"Limiter: budgets and waits{margin}", title_justify="left")
    waits.add_column("scope", overflow="fold")
    for name in ("budget", "sent", "waited", "avg wait", "max wait"):
        waits.add_column(name, justify="left" if name == "budget" else "right", no_wrap=True)
    for scope in report.scopes:
        waits.add_row(
            scope.scope,
            scope.limit,
            _number(scope.sent),
            _number(scope.waited),
            _number(scope.avg_wait_ms, " ms", 1),
            _number(scope.max_wait_ms, " ms", 1),
        )
    return waits


def _retries(report: DemoReport) -> Any:
    retries = _pairs("Retries and why")
    for reason, count in sorted(report.retries_by_reason.items()):
        retries.add_row(reason, _number(count))
    if not report.retries_by_reason:
        retries.add_row("retries", "0")
    retries.add_row("order lookups after an ambiguous answer", _number(report.order_lookups))
    return retries


def _clock(report: DemoReport) -> Any:
    clock = _pairs("Clock")
    clock.add_row("server offset estimated by the client", _number(report.clock_offset_estimated_ms, " ms", 1))
    clock.add_row("uncertainty of the estimate", _number(report.clock_uncertainty_ms, " ms", 1))
    clock.add_row("true offset (the simulator's clock)", _number(report.clock_offset_true_ms, " ms", 1))
    clock.add_row("error", _number(report.clock_error_ms, " ms", 1))
    return clock


def _orders(report: DemoReport) -> Any:
    orders = report.orders
    book = _pairs("Orders (the bot vs the exchange, by clientOid)")
    book.add_row("placements attempted", _number(orders.attempted))
    book.add_row("acknowledged / cancelled", f"{orders.acknowledged} / {orders.cancelled}")
    book.add_row("cancels that failed", _number(orders.cancel_failed))
    book.add_row("outcome unknown to the bot / refused", f"{orders.unknown} / {orders.rejected}")
    if orders.checked:
        book.add_row("held by the exchange exactly once", _number(orders.exactly_once))
        book.add_row("duplicated / missing", f"{len(orders.duplicated)} / {len(orders.missing)}")
    else:
        book.add_row("exactly once", "not checked (no simulator to compare with)")
    for name, count in sorted(report.bot_errors.items()):
        book.add_row(f"bot error: {name}", _number(count))
    return book


def _tuple(report: DemoReport) -> str:
    collector = report.collector
    return f"{collector.ticker_pulls:,} / {collector.books:,} / {collector.candles:,}"
