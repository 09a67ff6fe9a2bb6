"""``asyncclient demo``: a short run against its embedded simulator, and the report's figures and checks."""

from __future__ import annotations

import json
from collections import Counter

import anyio
import attrs
import pytest

from asyncclient import Client
from asyncclient._cli.demo import DemoOptions, run_demo
from asyncclient._cli.demo_report import DemoReport, audit_orders
from asyncclient._cli.demo_workload import BotCounters, CollectorCounters, OrderBot, load_symbols
from asyncclient.cli import main
from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, Simulator

PLACE = "/api/v2/spot/trade/place-order"


@pytest.mark.anyio
async def test_a_short_demo_keeps_every_rule() -> None:
    # A wider margin than the demo's: on a loaded test machine the in-process server's queue varies more.
    report = await run_demo(DemoOptions(duration=3.0, margin=0.5))
    # The simulator's own records: no 429 for a broken limit; the three injected ones were heard and retried.
    assert report.limit_429s == 0
    assert report.injected_429s == 3
    assert report.client_429s == 3
    assert report.retries_by_reason.get("rate_limited", 0) >= 3
    # What the client sent is what the exchange saw.
    assert report.requests_sent == report.requests_seen
    assert report.requests_seen is not None and report.requests_seen > 20
    # Every order the bot tried is on the exchange at most once, and each acknowledged one exactly once.
    orders = report.orders
    assert orders.checked and orders.attempted >= 1
    assert orders.ok and not orders.duplicated and not orders.missing and not orders.orphaned
    assert orders.exactly_once >= orders.acknowledged >= 1
    # The clock: estimated from the server, 37 s ahead, within the check's bound.
    assert report.clock_offset_true_ms == pytest.approx(37_000, abs=1)
    assert report.clock_error_ms is not None and abs(report.clock_error_ms) < 200
    assert report.collector.books > 0 and report.collector.candles > 0
    assert all(check.ok for check in report.checks()), report.checks()
    assert {scope.scope for scope in report.scopes} >= {"ip:market", "ip:overall"}
    assert report.limiter_margin_ms == 500


def test_the_demo_command_prints_its_report_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--duration", "1.5", "--json", "--quiet", "--no-faults"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    assert report["rate_limited"]["limit_429s"] == 0
    assert report["faults_injected"] == {}
    assert report["orders"]["duplicated"] == [] and report["orders"]["attempted"] >= 1
    assert report["clock"]["true_offset_ms"] == pytest.approx(37_000, abs=1)
    assert [check["name"] for check in report["checks"]] == [
        "no 429 for a broken limit",
        "every order placed exactly once",
        "the order figures add up",
        "every acknowledged order cancelled",
        "no error reached the bot",
        "clock offset estimated",
        "no request refused for its signature or time",
    ]


def test_the_demo_prints_a_report_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--duration", "1", "--quiet", "--no-faults", "--symbols", "3"]) == 0
    out = capsys.readouterr().out
    for heading in ("asyncclient demo report", "Traffic", "Limiter", "Retries and why", "Clock", "Orders"):
        assert heading in out
    assert "PASS every order placed exactly once" in out
    assert "FAIL" not in out


@pytest.mark.anyio
async def test_the_bot_places_each_order_once_when_answers_are_lost() -> None:
    sim = Simulator(seed=4, clock_offset=-20.0)
    uid = sim.add_account(SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE)
    # Half the placements are made, then answered 500 or dropped: the retry must find them, not repeat them.
    sim.faults.set(PLACE, error_after_accept_rate=0.3, drop_after_accept_rate=0.2)
    client = Client(
        SIM_API_KEY,
        SIM_API_SECRET,
        SIM_PASSPHRASE,
        base_url="http://sim",
        transport=sim.transport(),
        credentials_from_env=False,
    )
    async with client:
        markets = await load_symbols(client, 1)
        bot = OrderBot(client, markets[0], run_id="t")
        await bot.run(anyio.Event(), max_orders=12)
        lookups = client.retry_stats.lookups
    audit = audit_orders(bot.counters, sim.orders_by_client_oid(uid))
    assert audit.attempted == 12
    assert audit.ok, audit
    assert audit.exactly_once == audit.attempted - audit.rejected
    assert lookups >= 1


def test_the_audit_finds_duplicates_missing_and_orphaned_orders() -> None:
    bot = BotCounters(
        outcomes={
            "a": "placed",
            "b": "placed",
            "c": "placed",
            "d": "rejected",
            "e": "unknown",
            "f": "placed",
        },
        order_ids={"a": "1", "b": "2", "c": "3", "f": "6"},
    )
    held = {
        "a": [{"orderId": "1"}],
        "b": [{"orderId": "2"}, {"orderId": "22"}],
        "d": [{"orderId": "4"}],
        "e": [{"orderId": "5"}],
        "f": [{"orderId": "7"}],
    }
    audit = audit_orders(bot, held)
    assert audit.duplicated == ("b",)
    assert audit.missing == ("c",)
    assert audit.orphaned == ("d",)
    assert audit.mismatched == ("f",)
    assert audit.exactly_once == 4  # a, d, e, f
    assert (audit.acknowledged, audit.rejected, audit.unknown) == (4, 1, 1)
    assert not audit.ok
    assert audit_orders(bot, None).checked is False


def demo_report(bot: BotCounters) -> DemoReport:
    return DemoReport(
        target="sim",
        duration_s=1.0,
        requests_sent=10,
        requests_seen=10,
        requests_by_endpoint={},
        limit_429s=0,
        injected_429s=0,
        client_429s=0,
        faults_injected={},
        scopes=(),
        retries_by_reason={},
        order_lookups=0,
        clock_offset_estimated_ms=None,
        clock_uncertainty_ms=None,
        clock_offset_true_ms=None,
        collector=CollectorCounters(),
        orders=audit_orders(bot, {oid: [{"orderId": oid}] for oid in bot.outcomes}),
        bot_errors=dict(bot.errors),
    )


def test_the_report_fails_when_its_own_rows_disagree() -> None:
    oids = [f"o{i}" for i in range(140)]
    good = BotCounters(outcomes=dict.fromkeys(oids, "placed"), order_ids={oid: oid for oid in oids}, cancelled=140)
    assert demo_report(good).ok
    # The first run's report: 140 placed, 139 cancelled, one cancel ending in OutcomeUnknownError, yet all PASS.
    bad = attrs.evolve(good, cancelled=139, errors=Counter({"OutcomeUnknownError": 1}))
    failed = {check.name: check for check in demo_report(bad).checks() if not check.ok}
    assert set(failed) == {"the order figures add up", "every acknowledged order cancelled", "no error reached the bot"}
    assert "140 acknowledged = 139 cancelled + 0 whose cancel failed" in failed["the order figures add up"].detail
    assert not demo_report(bad).ok
    # Counted as the bot now counts it, the rows add up, and the failed cancel still fails the report.
    counted = attrs.evolve(bad, cancel_failed=1, errors=Counter({"cancel: OutcomeUnknownError": 1}))
    names = {check.name for check in demo_report(counted).checks() if not check.ok}
    assert names == {"every acknowledged order cancelled", "no error reached the bot"}
