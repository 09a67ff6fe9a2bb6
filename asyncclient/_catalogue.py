"""The endpoint catalogue: which endpoints exist, whether they are signed, their budgets, and retry safety.

The table itself is data (``catalogue.csv`` beside this module); the client, the limiter, the retry policy and the
simulator all read it through :class:`Catalogue`. Adding an endpoint is one row.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable, Iterator, Mapping
from functools import cache

import attrs

__all__ = [
    "ACCOUNT_LIMITS",
    "MARKET_SCOPE",
    "OVERALL_SCOPE",
    "Catalogue",
    "Endpoint",
    "RateLimit",
    "Repeat",
    "account_scope",
    "default_catalogue",
    "product_line",
]

#: One budget shared by every public market endpoint: 20 requests per second per IP.
MARKET_SCOPE = "ip:market"
#: The overall ceiling on top of every other budget: 6000 requests per minute per IP.
OVERALL_SCOPE = "ip:overall"
#: Signed budgets belong to the account (UID): a scope ``uid:<path>`` becomes ``uid:<uid>:<path>`` in the client.
UID_PREFIX = "uid:"
#: The tables of :func:`default_catalogue`, beside this module: classic (v2) and unified trading account (v3).
CATALOGUE_FILES = ("catalogue.csv", "catalogue_v3.csv")
#: Public endpoints live under these path segments; anything else is signed.
_PUBLIC_MARKERS = ("/public/", "/market/")


@attrs.frozen
class RateLimit:
    """At most ``limit`` requests in any window of ``window`` seconds.

    ``lockout``: seconds the exchange refuses everything in this scope once the budget is breached (the
    6,000/min per IP cap: 5 minutes), so a 429 pointing at it pauses the scope that long, not for a backoff.
    """

    limit: int = attrs.field(validator=attrs.validators.gt(0))
    window: float = attrs.field(default=1.0, validator=attrs.validators.gt(0))
    lockout: float | None = attrs.field(default=None, kw_only=True, eq=False)  # the same budget either way

    @property
    def per_second(self) -> float:
        return self.limit / self.window


MARKET_LIMIT = RateLimit(20, 1.0)
#: Breaching it locks the IP out for 5 minutes (changelog 2025-08-11; it used to be 1 minute).
OVERALL_LIMIT = RateLimit(6000, 60.0, lockout=300.0)
#: The per-account cap on signed requests, per product line, on top of every endpoint's own budget. A support
#: article (2025-10-21) gives 60-100/s per line for classic spot and futures and 120-250/s for the unified
#: account, by tier: the defaults are each range's lowest, safe for every tier. Raise them for yours with
#: ``Client(limits={"account:spot": RateLimit(100, 1.0)})``.
ACCOUNT_LIMITS: dict[str, RateLimit] = {
    "spot": RateLimit(60, 1.0),
    "futures": RateLimit(60, 1.0),
    "uta": RateLimit(120, 1.0),
}
_LINES = (
    ("/api/v2/spot/", "spot"),
    ("/api/v2/margin/", "spot"),
    ("/api/v2/copy/spot-", "spot"),
    ("/api/v2/mix/", "futures"),
    ("/api/v2/copy/mix-", "futures"),
    ("/api/v3/", "uta"),  # the unified account: one line until a call's category is known (the safe reading)
)


def product_line(path: str) -> str | None:
    """The product line whose per-account cap a signed path counts against, if any."""
    for prefix, line in _LINES:
        if path.startswith(prefix):
            return line
    return None


def account_scope(line: str) -> str:
    """The scope of one product line's per-account cap (``uid:account:spot``)."""
    return f"{UID_PREFIX}account:{line}"


#: Budget of a path that is not in the table, public or signed: the lowest any documented v2 endpoint has
#: (``GET /api/v2/mix/account/sub-account-assets``, 1 per 10 s), so no request to an unknown path can break its rule.
#: Declare the real budget with ``Client(limits={"GET /api/v2/...": RateLimit(...)})`` to go faster.
UNKNOWN_LIMIT = RateLimit(1, 10.0)
#: The former name, kept as an alias.
UNKNOWN_SIGNED_LIMIT = UNKNOWN_LIMIT
#: A budget no client or simulator in one process comes near: what :meth:`Catalogue.without_limits` gives out.
NO_LIMIT = RateLimit(1_000_000_000, 1.0)


class Repeat(enum.StrEnum):
    """How an endpoint may be repeated after a failure whose outcome is unknown."""

    SAFE = "safe"  # reads and idempotent settings: repeat freely
    CANCEL = "cancel"  # repeatable; "already cancelled" counts as done
    PLACE = "place"  # made safe with a clientOid and a lookup before re-sending
    BATCH_PLACE = "batch_place"  # the same, item by item
    UNSAFE = "unsafe"  # never repeated after an ambiguous failure


@attrs.frozen
class Endpoint:
    """One row of the catalogue."""

    method: str
    path: str
    signed: bool
    limit: RateLimit
    repeat: Repeat
    known: bool = True
    #: Who the exchange counts the budget for: ``"ip"`` or ``"uid"`` (the account).
    per: str = attrs.field(default=attrs.Factory(lambda self: "uid" if self.signed else "ip", takes_self=True))
    #: The ``GET`` path(s) that find an order (or transfer) by ``clientOid``/``orderId`` after an ambiguous
    #: failure; several are separated by ``|`` and asked in turn (pending plans, then their history).
    lookup: str | None = None

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def own_scope(self) -> str:
        """The endpoint's own budget: per IP when public, per account (UID) when signed."""
        return f"{'uid' if self.signed else 'ip'}:{self.path}"

    @property
    def scopes(self) -> tuple[str, ...]:
        """Every budget a request to this endpoint takes from, broadest first."""
        if self.signed:
            line = product_line(self.path)
            if line is None:
                return (OVERALL_SCOPE, self.own_scope)
            return (OVERALL_SCOPE, account_scope(line), self.own_scope)
        if self.limit.per_second < MARKET_LIMIT.per_second:
            return (OVERALL_SCOPE, MARKET_SCOPE, self.own_scope)
        return (OVERALL_SCOPE, MARKET_SCOPE)


def is_public_path(path: str) -> bool:
    """Whether an endpoint not in the table is public (market data and server time)."""
    return any(marker in path for marker in _PUBLIC_MARKERS)


class Catalogue(Mapping[str, Endpoint]):
    """Endpoints by ``"METHOD /path"``, plus the limit of every scope they use."""

    def __init__(
        self,
        endpoints: Iterable[Endpoint],
        *,
        market_limit: RateLimit = MARKET_LIMIT,
        overall_limit: RateLimit = OVERALL_LIMIT,
        account_limits: Mapping[str, RateLimit] | None = None,
        unknown_limit: RateLimit = UNKNOWN_LIMIT,
    ) -> None:
        self._endpoints = {endpoint.key: endpoint for endpoint in endpoints}
        self.market_limit = market_limit
        self.overall_limit = overall_limit
        #: The per-account cap of each product line (see :data:`ACCOUNT_LIMITS`).
        self.account_limits = dict(ACCOUNT_LIMITS if account_limits is None else account_limits)
        #: The budget of a path not in the table (its own scope; public ones share the market budget too).
        self.unknown_limit = unknown_limit

    def __getitem__(self, key: str) -> Endpoint:
        return self._endpoints[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._endpoints)

    def __len__(self) -> int:
        return len(self._endpoints)

    def lookup(self, method: str, path: str) -> Endpoint:
        """The row for ``method path``; an unknown path gets a conservative row of its own.

        Unknown: signed unless the path is public, budget :attr:`unknown_limit` (the lowest documented one),
        never repeated after an ambiguous failure unless it is a ``GET``.
        """
        found = self._endpoints.get(f"{method} {path}")
        if found is not None:
            return found
        signed = not is_public_path(path)
        return Endpoint(
            method=method,
            path=path,
            signed=signed,
            limit=self.unknown_limit,
            repeat=Repeat.SAFE if method == "GET" else Repeat.UNSAFE,
            known=False,
        )

    def scope_limit(self, scope: str) -> RateLimit:
        """The budget of one scope named in :attr:`Endpoint.scopes`."""
        if scope == OVERALL_SCOPE:
            return self.overall_limit
        if scope == MARKET_SCOPE:
            return self.market_limit
        if "/" not in scope and ":account:" in scope:
            line = scope.rpartition(":account:")[2]
            found = self.account_limits.get(line)
            if found is not None:
                return found
        path = scope[scope.find("/") :] if "/" in scope else scope
        for method in ("GET", "POST"):
            endpoint = self._endpoints.get(f"{method} {path}")
            if endpoint is not None:
                return endpoint.limit
        return self.unknown_limit

    def without_limits(self) -> Catalogue:
        """A copy with every budget raised out of reach: each endpoint's, the market's and the overall one.

        The way to test retries or throughput without pacing: give it to the client and the simulator alike,
        so neither waits nor answers 429 unless a fault is injected. Paths not in the table are unlimited too.
        """
        endpoints = (attrs.evolve(endpoint, limit=NO_LIMIT) for endpoint in self._endpoints.values())
        lines = dict.fromkeys(self.account_limits, NO_LIMIT)
        return Catalogue(
            endpoints, market_limit=NO_LIMIT, overall_limit=NO_LIMIT, unknown_limit=NO_LIMIT, account_limits=lines
        )

    def with_limits(self, overrides: Mapping[str, RateLimit]) -> Catalogue:
        """A copy with some budgets replaced: keys are ``"METHOD /path"``, ``MARKET_SCOPE``, ``OVERALL_SCOPE``
        or ``"account:<line>"`` (``account:spot``, ``account:futures``, ``account:uta``: the per-account caps).

        A key for an endpoint that is not in the table adds it (signed unless its path is public).
        """
        endpoints = dict(self._endpoints)
        lines = dict(self.account_limits)
        for key, limit in overrides.items():
            if key in (MARKET_SCOPE, OVERALL_SCOPE):
                continue
            if key.startswith("account:"):
                lines[key.removeprefix("account:")] = limit
                continue
            method, _, path = key.partition(" ")
            if method not in ("GET", "POST") or not path.startswith("/"):
                raise ValueError(f"limit override key must look like 'GET /api/...', got {key!r}")
            endpoints[key] = attrs.evolve(self.lookup(method, path), limit=limit, known=True)
        return Catalogue(
            endpoints.values(),
            market_limit=overrides.get(MARKET_SCOPE, self.market_limit),
            overall_limit=overrides.get(OVERALL_SCOPE, self.overall_limit),
            account_limits=lines,
            unknown_limit=self.unknown_limit,
        )


_COLUMNS = ["method", "path", "auth", "limit", "window", "repeat"]
#: Optional columns, after the required ones: ``per`` (ip | uid) and ``lookup`` (a GET path or empty).
_OPTIONAL_COLUMNS = ("per", "lookup")


def parse_catalogue(text: str) -> list[Endpoint]:
    """Rows of a catalogue table in CSV form (comment lines start with ``#``)."""
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    header, rows = lines[0].split(","), lines[1:]
    if sorted(header) != sorted(_COLUMNS + [name for name in _OPTIONAL_COLUMNS if name in header]):
        raise ValueError(f"unexpected catalogue columns: {header}")
    endpoints = []
    for number, line in enumerate(rows, start=2):
        fields = line.split(",")
        if len(fields) != len(header):
            raise ValueError(f"catalogue row {number} has {len(fields)} fields, expected {len(header)}: {line!r}")
        row = dict(zip(header, fields, strict=True))
        method, path, auth = row["method"], row["path"], row["auth"]
        per, lookup = row.get("per") or ("uid" if auth == "signed" else "ip"), row.get("lookup") or None
        if (
            method not in ("GET", "POST")
            or not path.startswith("/api/")
            or auth not in ("public", "signed")
            or per not in ("ip", "uid")
            or (lookup is not None and not all(part.startswith("/api/") for part in lookup.split("|")))
        ):
            raise ValueError(f"catalogue row {number} is malformed: {line!r}")
        limit = RateLimit(int(row["limit"]), float(row["window"]))
        endpoints.append(Endpoint(method, path, auth == "signed", limit, Repeat(row["repeat"]), per=per, lookup=lookup))
    return endpoints


@cache
def default_catalogue() -> Catalogue:
    """The catalogue shipped with the library: the classic (v2) table and the unified-account (v3) one."""
    endpoints: list[Endpoint] = []
    for name in CATALOGUE_FILES:
        with open(os.path.join(os.path.dirname(__file__), name), encoding="utf-8") as table:
            endpoints.extend(parse_catalogue(table.read()))
    return Catalogue(endpoints)
