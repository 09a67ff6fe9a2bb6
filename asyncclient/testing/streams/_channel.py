"""A subscription argument as the exchange reads it, classic (v2) or unified (v3), normalized to one key.

Classic: ``{"instType": "SPOT", "channel": "candle1m", "instId": "BTCUSDT"}`` (private: ``instId`` or
``coin`` is ``"default"``). Unified: ``{"instType": "spot", "topic": "kline", "symbol": "BTCUSDT",
"interval": "1m"}`` (private: ``{"instType": "UTA", "topic": "order"}``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import attrs

__all__ = ["PRIVATE", "PUBLIC_SIMPLE", "Channel", "parse_arg"]

PUBLIC_SIMPLE = frozenset({"ticker", "trade", "books", "books1", "books5", "books15"})
#: Private channel names, classic names; unified topics map onto them.
PRIVATE = frozenset({"orders", "fill", "account"})
_UNIFIED_TOPICS = {"ticker": "ticker", "publicTrade": "trade", "order": "orders", "fill": "fill", "account": "account"}
_CLASSIC_TYPES = {"SPOT": "SPOT", "USDT-FUTURES": "USDT-FUTURES"}
_UNIFIED_TYPES = {"spot": "SPOT", "usdt-futures": "USDT-FUTURES", "UTA": "UTA"}


@attrs.frozen
class Channel:
    """One channel: ``kind`` (ticker, trade, books..., candle<interval>, orders, fill, account), market, symbol."""

    kind: str
    inst_type: str  # SPOT, USDT-FUTURES or UTA
    symbol: str  # "default" for every symbol of a private channel
    unified: bool
    arg: Mapping[str, Any] = attrs.field(eq=False, hash=False)

    @property
    def private(self) -> bool:
        return self.kind in PRIVATE

    @property
    def interval(self) -> str | None:
        return self.kind[len("candle") :] if self.kind.startswith("candle") else None


def parse_arg(raw: Any, *, unified: bool) -> Channel | None:
    """The channel an argument names, or None if it is malformed (the caller answers 30016/30001)."""
    if not isinstance(raw, Mapping):
        return None
    arg = {str(key): value for key, value in raw.items()}
    if unified:
        inst_type = _UNIFIED_TYPES.get(str(arg.get("instType", "")))
        topic = str(arg.get("topic", ""))
        kind = f"candle{arg.get('interval', '')}" if topic == "kline" else _UNIFIED_TOPICS.get(topic, topic)
        symbol = str(arg.get("symbol", "default")).upper() if kind not in PRIVATE else "default"
    else:
        inst_type = _CLASSIC_TYPES.get(str(arg.get("instType", "")))
        kind = str(arg.get("channel", ""))
        symbol = str(arg.get("instId", arg.get("coin", ""))).upper()
        if symbol == "DEFAULT":
            symbol = "default"
    if inst_type is None or not kind or not symbol:
        return None
    return Channel(kind, inst_type, symbol, unified, arg)
