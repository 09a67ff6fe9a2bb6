"""Channel arguments as the exchange spells them, classic (v2) and unified (v3), checked before anything is sent."""

from __future__ import annotations

from .._errors import InputError
from ._channels import ChannelSpec

__all__ = ["INTERVALS", "book_kind", "private_spec", "public_spec", "stream_base_url"]

_LIVE_REST = "https://api.bitget.com"
_BOOK_KINDS = {None: "books", 1: "books1", 5: "books5", 15: "books15"}
#: Candle intervals: 1m ... 1M (1-hour and longer in UTC+8), and their UTC variants.
INTERVALS = frozenset(
    [
        "1m",
        "3m",
        "5m",
        "15m",
        "30m",
        "1H",
        "4H",
        "6H",
        "12H",
        "1D",
        "3D",
        "1W",
        "1M",
        "6Hutc",
        "12Hutc",
        "1Dutc",
        "3Dutc",
        "1Wutc",
        "1Mutc",
    ]
)
_INST_TYPES = frozenset({"SPOT", "USDT-FUTURES", "COIN-FUTURES", "USDC-FUTURES"})
_UNIFIED_TOPICS = {"ticker": "ticker", "trade": "publicTrade", "candle": "kline"}


def stream_base_url(rest_base_url: str, *, demo: bool = False) -> str:
    """The WebSocket host for a REST base URL: the exchange's own (``wspap`` for demo trading), else the same
    host over ``ws://``/``wss://`` (the simulator serves both on one port)."""
    if rest_base_url.rstrip("/") == _LIVE_REST:
        return "wss://wspap.bitget.com" if demo else "wss://ws.bitget.com"
    scheme, _, rest = rest_base_url.partition("://")
    return ("wss" if scheme == "https" else "ws") + "://" + rest.rstrip("/")


def _check_symbol(symbol: object) -> str:
    if not isinstance(symbol, str) or not symbol.isalnum():
        raise InputError(f"symbol must be letters and digits like 'BTCUSDT', got {symbol!r}")
    return symbol.upper()


def book_kind(levels: int | None) -> str:
    if levels not in _BOOK_KINDS:
        raise InputError(f"levels must be None, 1, 5 or 15, got {levels!r}")
    return _BOOK_KINDS[levels]


def public_spec(kind: str, symbol: str, inst_type: str, interval: str | None, *, unified: bool) -> ChannelSpec:
    """``kind`` is ticker, trade, candle or books[1|5|15]."""
    symbol = _check_symbol(symbol)
    if inst_type not in _INST_TYPES:
        raise InputError(f"inst_type must be one of {sorted(_INST_TYPES)}, got {inst_type!r}")
    if unified:
        arg = {"instType": inst_type.lower(), "topic": _UNIFIED_TOPICS.get(kind, kind), "symbol": symbol}
        if interval is not None:
            arg["interval"] = interval
    else:
        channel = f"candle{interval}" if kind == "candle" else kind
        arg = {"instType": inst_type, "channel": channel, "instId": symbol}
    return ChannelSpec(kind, tuple(arg.items()), symbol, False, unified, interval)


def private_spec(kind: str, symbol: str | None, *, unified: bool) -> ChannelSpec:
    """``kind`` is orders, fill or account; the spot account (classic) or the unified account."""
    target = _check_symbol(symbol) if symbol is not None else "default"
    if unified:
        arg = {"instType": "UTA", "topic": {"orders": "order"}.get(kind, kind)}
        return ChannelSpec(kind, tuple(arg.items()), "default", True, True)
    field = "coin" if kind == "account" else "instId"
    arg = {"instType": "SPOT", "channel": kind, field: target}
    return ChannelSpec(kind, tuple(arg.items()), target, True, False)
