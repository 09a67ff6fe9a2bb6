"""The simulated exchange: deterministic markets and rule-keeping accounts (:class:`Exchange`).

``state/`` holds everything the exchange holds and the rules that change it (one order engine decides take,
rest or cancel for spot, margin and futures); ``endpoints/`` reads requests, calls the state, shapes answers,
and each of its modules declares the routes it serves; :class:`Exchange` builds both and collects the routes.

What it does where the exchange's documents leave a choice:

- Prices follow a random walk that is a pure function of (seed, symbol, time); candles are served oldest
  first, the newest ``limit`` buckets up to ``endTime`` (default now), including the one still open.
  Candles of 6 hours and longer without ``utc`` open on UTC+8 boundaries, as the exchange's samples show.
- Orders fill lazily: on each request of an account, resting limit orders the walk crossed since the last
  request fill whole at their own price (maker); marketable and market orders fill at once at the quote
  (taker). There are no partial fills.
- ``orderInfo`` answers a list (empty for an unknown order); cancelling a finished or unknown spot order
  answers 43001, a futures one 40768; empty futures order and fill pages are ``{"entrustedList": null,
  "endId": null}``.
- Futures: USDT-FUTURES only; one leverage per symbol, no funding payments and no liquidation.
- Unified (UTA) accounts (``add_account(..., mode="uta")``) call the v3 API over the same ledgers: SPOT and
  USDT-FUTURES have instruments, the other categories none; a classic account's signed v3 call is 40084, a
  unified account's signed v2 call 40085; upgrades and switches finish ``uta.modes.switch_delay_ms`` later.
"""

from __future__ import annotations

from ._exchange import Exchange

__all__ = ["Exchange"]
