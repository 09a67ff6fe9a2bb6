"""The demo's report: what was sent, what the exchange saw, how the client kept its rules, and the checks.

Figures come from both sides: the client's own stats (limiter, retries, clock) and, against the embedded
simulator, the exchange's records (requests, 429s, faults, orders by ``clientOid``) and its true clock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from .demo_workload import BotCounters, CollectorCounters

__all__ = ["Check", "DemoReport", "OrderAudit", "ScopeWaits", "audit_orders"]

#: Faults that the simulator answers 429 for on purpose (not a limit the client broke).
_INJECTED_RATE_LIMIT = "rate_limit"


@attrs.frozen
class ScopeWaits:
    """How one limiter scope made requests wait."""

    scope: str
    limit: str
    sent: int
    waited: int
    avg_wait_ms: float
    max_wait_ms: float


@attrs.frozen
class OrderAudit:
    """The bot's orders against the exchange's book of orders, by ``clientOid``."""

    attempted: int
    acknowledged: int
    cancelled: int
    #: Outcome unknown to the bot (an answer lost) or refused: how many the exchange nevertheless holds.
    unknown: int
    rejected: int
    #: clientOids the exchange holds exactly once / more than once / not at all although acknowledged.
    exactly_once: int
    duplicated: tuple[str, ...]
    missing: tuple[str, ...]
    #: Acknowledged with an orderId other than the one the exchange holds.
    mismatched: tuple[str, ...]
    #: Reported to the bot as refused, yet held by the exchange: an order the bot does not know it has.
    orphaned: tuple[str, ...]
    checked: bool
    #: Acknowledged orders whose cancel failed.
    cancel_failed: int = 0

    @property
    def adds_up(self) -> bool:
        """Whether the rows agree: attempted = acknowledged + unknown + refused, acknowledged = cancelled + failed."""
        return (
            self.attempted == self.acknowledged + self.unknown + self.rejected
            and self.acknowledged == self.cancelled + self.cancel_failed
        )

    @property
    def ok(self) -> bool:
        return not (self.duplicated or self.missing or self.mismatched or self.orphaned)


def audit_orders(
    bot: BotCounters | None, exchange_orders: Mapping[str, Sequence[Mapping[str, Any]]] | None
) -> OrderAudit:
    """Compare the bot's view with the exchange's (None: nothing to compare with)."""
    outcomes = bot.outcomes if bot is not None else {}
    order_ids = bot.order_ids if bot is not None else {}
    counts = Counter(outcomes.values())
    duplicated, missing, mismatched, orphaned = [], [], [], []
    exactly_once = 0
    if exchange_orders is not None:
        for client_oid, outcome in outcomes.items():
            held = exchange_orders.get(client_oid, ())
            if len(held) > 1:
                duplicated.append(client_oid)
            elif len(held) == 1:
                exactly_once += 1
                held_id = str(held[0].get("orderId", ""))
                if outcome == "placed" and held_id and held_id != order_ids.get(client_oid):
                    mismatched.append(client_oid)
                if outcome == "rejected":
                    orphaned.append(client_oid)
            elif outcome == "placed":
                missing.append(client_oid)
    return OrderAudit(
        attempted=len(outcomes),
        acknowledged=counts["placed"],
        cancelled=bot.cancelled if bot is not None else 0,
        unknown=counts["unknown"],
        rejected=counts["rejected"],
        exactly_once=exactly_once,
        duplicated=tuple(duplicated),
        missing=tuple(missing),
        mismatched=tuple(mismatched),
        orphaned=tuple(orphaned),
        checked=exchange_orders is not None,
        cancel_failed=bot.cancel_failed if bot is not None else 0,
    )


@attrs.frozen
class Check:
    name: str
    ok: bool
    detail: str


@attrs.frozen
class DemoReport:
    """Everything the demo measured; :meth:`checks` says whether the client kept the exchange's rules."""

    target: str
    duration_s: float
    #: Requests the client sent (limiter sends on the overall scope), and requests the exchange saw.
    requests_sent: int | None
    requests_seen: int | None
    requests_by_endpoint: Mapping[str, int]
    #: 429s the exchange answered because a limit was broken / injected as a fault / the client heard.
    limit_429s: int | None
    injected_429s: int | None
    client_429s: int | None
    faults_injected: Mapping[str, int]
    scopes: tuple[ScopeWaits, ...]
    retries_by_reason: Mapping[str, int]
    order_lookups: int | None
    clock_offset_estimated_ms: float | None
    clock_uncertainty_ms: float | None
    clock_offset_true_ms: float | None
    collector: CollectorCounters
    orders: OrderAudit
    bot_errors: Mapping[str, int]
    #: Seconds the limiter adds to every window (as milliseconds).
    limiter_margin_ms: float | None = None

    @property
    def clock_error_ms(self) -> float | None:
        if self.clock_offset_estimated_ms is None or self.clock_offset_true_ms is None:
            return None
        return self.clock_offset_estimated_ms - self.clock_offset_true_ms

    def checks(self) -> list[Check]:
        """The claims the demo makes, each with whether it held."""
        checks = []
        if self.limit_429s is not None:
            checks.append(
                Check(
                    "no 429 for a broken limit",
                    self.limit_429s == 0,
                    f"{self.limit_429s} seen by the exchange",
                )
            )
        elif self.client_429s is not None:
            checks.append(Check("no 429 received", self.client_429s == 0, f"{self.client_429s} heard by the client"))
        if self.orders.checked and self.orders.attempted:
            checks.append(
                Check(
                    "every order placed exactly once",
                    self.orders.ok,
                    f"{self.orders.exactly_once} of {self.orders.attempted} clientOids held once; "
                    f"{len(self.orders.duplicated)} duplicated, {len(self.orders.missing)} missing, "
                    f"{len(self.orders.mismatched)} with another orderId, "
                    f"{len(self.orders.orphaned)} placed although reported refused",
                )
            )
        orders = self.orders
        if orders.attempted:
            checks.append(
                Check(
                    "the order figures add up",
                    orders.adds_up,
                    f"{orders.attempted} attempted = {orders.acknowledged} acknowledged + {orders.unknown} unknown "
                    f"+ {orders.rejected} refused; {orders.acknowledged} acknowledged = {orders.cancelled} "
                    f"cancelled + {orders.cancel_failed} whose cancel failed",
                )
            )
            checks.append(
                Check(
                    "every acknowledged order cancelled",
                    orders.cancel_failed == 0 and orders.cancelled == orders.acknowledged,
                    f"{orders.cancelled} of {orders.acknowledged}",
                )
            )
        if self.bot_errors or orders.attempted:
            # Every fault the demo injects is one the client must absorb: an error reaching the bot is a failure.
            checks.append(Check("no error reached the bot", not self.bot_errors, _counts_text(self.bot_errors)))
        error = self.clock_error_ms
        if error is not None:
            # The estimate must be far inside the exchange's 30 s window; a few round trips is plenty.
            bound = max(50.0, 2 * (self.clock_uncertainty_ms or 0.0))
            checks.append(
                Check(
                    "clock offset estimated",
                    abs(error) <= bound,
                    f"off by {error:+.1f} ms (allowed ±{bound:.0f} ms)",
                )
            )
        refused = {name: n for name, n in self.bot_errors.items() if name in _REFUSALS}
        refused.update({name: n for name, n in self.collector.errors.items() if name in _REFUSALS})
        checks.append(Check("no request refused for its signature or time", not refused, _counts_text(refused)))
        return checks

    @property
    def ok(self) -> bool:
        return all(check.ok for check in self.checks())

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "duration_s": round(self.duration_s, 3),
            "requests": {
                "sent": self.requests_sent,
                "seen_by_exchange": self.requests_seen,
                "by_endpoint": dict(self.requests_by_endpoint),
            },
            "rate_limited": {
                "limit_429s": self.limit_429s,
                "injected_429s": self.injected_429s,
                "client_429s": self.client_429s,
            },
            "faults_injected": dict(self.faults_injected),
            "limiter": {
                "margin_ms": self.limiter_margin_ms,
                "scopes": [attrs.asdict(scope) for scope in self.scopes],
            },
            "retries": {"by_reason": dict(self.retries_by_reason), "order_lookups": self.order_lookups},
            "clock": {
                "estimated_offset_ms": self.clock_offset_estimated_ms,
                "uncertainty_ms": self.clock_uncertainty_ms,
                "true_offset_ms": self.clock_offset_true_ms,
                "error_ms": self.clock_error_ms,
            },
            "market_data": {
                "ticker_pulls": self.collector.ticker_pulls,
                "order_books": self.collector.books,
                "candles": self.collector.candles,
                "errors": dict(self.collector.errors),
            },
            "orders": {
                **attrs.asdict(self.orders, filter=lambda field, _: field.name != "checked"),
                "checked_against_exchange": self.orders.checked,
                "errors": dict(self.bot_errors),
            },
            "checks": [attrs.asdict(check) for check in self.checks()],
            "ok": self.ok,
        }


_REFUSALS = frozenset({"TimestampError", "AuthenticationError", "PermissionDeniedError", "MissingCredentialsError"})


def _counts_text(counts: Mapping[str, int]) -> str:
    if not counts:
        return "none"
    return ", ".join(f"{name} x{number}" for name, number in sorted(counts.items()))
