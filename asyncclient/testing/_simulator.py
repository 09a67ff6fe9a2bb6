"""The simulator: one object owning the clock, keys, limits, faults, records and exchange state of the app."""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from .._catalogue import Catalogue, default_catalogue
from ._app import Served, SimulatorApp
from ._auth import ApiKey, KeyRegistry, load_public_key
from ._clock import SimClock
from ._faults import Faults
from ._limits import RateLimits
from ._records import Records
from ._routing import ExchangeState, SimRequest
from ._transport import SimulatorTransport
from .exchange import Exchange
from .streams import StreamHub

__all__ = ["ACCOUNT_MODES", "DEMO_BALANCES", "SERVER_TIME_PATH", "Simulator"]

SERVER_TIME_PATH = "/api/v2/public/time"
#: The modes an account can be in: classic (v2 API) or a unified trading account (v3 API).
ACCOUNT_MODES = ("classic", "uta")
#: Balances an account gets when none are given.
DEMO_BALANCES: Mapping[str, str] = {"USDT": "100000", "BTC": "2", "ETH": "20"}


class Simulator:
    """A rule-faithful Bitget exchange (classic v2 and unified v3) that runs offline.

    ``clock_offset`` puts the server's clock that many seconds ahead of the machine's (behind when negative);
    ``clock_drift`` makes it gain that many seconds per second. Serve it in-process with :meth:`transport` or
    on a loopback port with :func:`asyncclient.testing.serve`.
    """

    def __init__(
        self,
        seed: int = 1,
        clock_offset: float = 0.0,
        clock_drift: float = 0.0,
        *,
        exchange: ExchangeState | None = None,
        catalogue: Catalogue | None = None,
        rate_limits: bool = True,
        retry_after_header: bool = True,
        wall_clock: Callable[[], float] = time.time,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.seed = seed
        self.clock = SimClock(clock_offset, clock_drift, wall=wall_clock)
        self.catalogue = catalogue or default_catalogue()
        self.exchange: ExchangeState = exchange if exchange is not None else Exchange(seed=seed)
        self.limits = RateLimits(self.catalogue, enabled=rate_limits, monotonic=monotonic)
        self.faults = Faults(seed)
        self.records = Records(orders_lookup=getattr(self.exchange, "orders_by_client_oid", None))
        self._keys = KeyRegistry()
        self._uids = random.Random(f"uids-{seed}")
        self._uid_set: set[str] = set()
        handlers = dict(self.exchange.handlers())
        handlers[("GET", SERVER_TIME_PATH)] = self._server_time
        routes = {
            (method, path): Served(self.catalogue.lookup(method, path), handler)
            for (method, path), handler in handlers.items()
        }
        self.app = SimulatorApp(
            routes=routes,
            keys=self._keys,
            clock=self.clock,
            limits=self.limits,
            faults=self.faults,
            records=self.records,
            retry_after_header=retry_after_header,
        )
        #: The WebSocket streams, served by the same app (``/v2/ws/public`` ...; see :mod:`.streams`).
        self.streams = StreamHub(self.exchange, self._keys, self.clock, monotonic=monotonic)
        self.app.websocket = self.streams

    def _server_time(self, request: SimRequest) -> dict[str, str]:
        return {"serverTime": str(self.clock.now_ms())}

    @property
    def retry_after_header(self) -> bool:
        """Whether a 429 carries ``Retry-After`` (in seconds); settable at run time."""
        return self.app.retry_after_header

    @retry_after_header.setter
    def retry_after_header(self, value: bool) -> None:
        self.app.retry_after_header = value

    @property
    def routes(self) -> list[tuple[str, str]]:
        """Every ``(method, path)`` the simulator serves."""
        return sorted(self.app.routes)

    def add_account(
        self,
        api_key: str,
        api_secret: str = "",
        passphrase: str = "",
        rsa_public_key: str | bytes | None = None,
        balances: Mapping[str, str | int | Decimal] | None = None,
        mode: str = "classic",
        *,
        uid: str | None = None,
    ) -> str:
        """Register an API key (HMAC with ``api_secret``, or RSA with ``rsa_public_key``) on a new account, or
        on the existing account ``uid`` (its keys share its signed budgets, as on the exchange).

        Returns the account's uid. ``balances`` (coin -> amount) default to :data:`DEMO_BALANCES`. ``mode`` is
        ``"classic"`` (the v2 API; v3 signed calls get 40084) or ``"uta"``, a unified trading account (the v3
        API; v2 signed calls get 40085).
        """
        if mode not in ACCOUNT_MODES:
            raise ValueError(f"mode must be one of {ACCOUNT_MODES}, got {mode!r}")
        if not api_key or not passphrase:
            raise ValueError("api_key and passphrase must not be empty")
        if bool(api_secret) == (rsa_public_key is not None):
            raise ValueError("give exactly one of api_secret (HMAC) and rsa_public_key (RSA)")
        if uid is not None and uid not in self._uid_set:
            raise ValueError("no account has that uid: add its first key without uid=")
        public_key = load_public_key(rsa_public_key) if rsa_public_key is not None else None
        existing = uid is not None
        uid = uid if uid is not None else self._new_uid()
        self._keys.add(
            ApiKey(
                api_key=api_key,
                uid=uid,
                passphrase=passphrase,
                secret=api_secret.encode(),
                public_key=public_key,
            )
        )
        if not existing:
            amounts = {coin: Decimal(str(amount)) for coin, amount in (balances or DEMO_BALANCES).items()}
            self.exchange.open_account(uid, amounts)
        if mode != "classic":
            set_mode = getattr(self.exchange, "set_account_mode", None)
            if set_mode is None:
                raise ValueError("this exchange state has no unified accounts")
            set_mode(uid, mode)
        return uid

    def add_sub_account(self, main_uid: str, balances: Mapping[str, str | int | Decimal] | None = None) -> str:
        """Open a sub-account of ``main_uid`` (no API key of its own) with spot ``balances``; returns its uid."""
        add = getattr(self.exchange, "add_sub_account", None)
        if add is None:
            raise ValueError("this exchange state has no sub-accounts")
        uid = self._new_uid()
        add(main_uid, uid, {coin: Decimal(str(amount)) for coin, amount in (balances or {}).items()})
        return uid

    def _new_uid(self) -> str:
        while True:
            uid = str(self._uids.randrange(10**9, 10**10))
            if uid not in self._uid_set:
                self._uid_set.add(uid)
                return uid

    def uid_of(self, api_key: str) -> str:
        """The uid of the account an API key belongs to."""
        key = self._keys.get(api_key)
        if key is None:
            raise KeyError("no such API key is registered")
        return key.uid

    def transport(self, client_ip: str = "127.0.0.1") -> SimulatorTransport:
        """An httpx transport that serves requests in this process, as if they came from ``client_ip``."""
        return SimulatorTransport(self.app, client_ip)

    def orders_by_client_oid(self, uid: str) -> Mapping[str, Any]:
        """The account's orders grouped by ``clientOid``."""
        return self.records.orders_by_client_oid(uid)

    def __repr__(self) -> str:
        return f"Simulator(seed={self.seed}, accounts={len(self._keys)}, clock={self.clock!r})"
