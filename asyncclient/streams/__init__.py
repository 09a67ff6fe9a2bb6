"""WebSocket streams: ``async with client.streams() as streams: async for t in streams.ticker("BTCUSDT")``.

Loaded on first use (``Client.streams()``), so ``import asyncclient`` stays light; the limiter's scope function
for the WebSocket budgets (:mod:`._budgets`) imports nothing else.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from ._clock import RealClock, ScaledClock, StreamClock
    from ._errors import (
        StreamAuthError,
        StreamClosedError,
        StreamError,
        StreamFormatError,
        StreamMessageTooLargeError,
        StreamRefusedError,
    )
    from ._models import (
        BalanceUpdate,
        BookLevel,
        CandleUpdate,
        FillUpdate,
        Gap,
        OrderBookView,
        OrderUpdate,
        PositionUpdate,
        TickerUpdate,
        TradeUpdate,
        TriggerOrderUpdate,
    )
    from ._specs import stream_base_url
    from ._streams import Streams
    from ._subscription import Policy, Subscription

_EXPORTS = {
    "RealClock": "._clock",
    "ScaledClock": "._clock",
    "StreamClock": "._clock",
    **dict.fromkeys(
        (
            "StreamAuthError",
            "StreamClosedError",
            "StreamError",
            "StreamFormatError",
            "StreamMessageTooLargeError",
            "StreamRefusedError",
        ),
        "._errors",
    ),
    **dict.fromkeys(
        (
            "BalanceUpdate",
            "BookLevel",
            "CandleUpdate",
            "FillUpdate",
            "Gap",
            "OrderBookView",
            "OrderUpdate",
            "PositionUpdate",
            "TickerUpdate",
            "TradeUpdate",
            "TriggerOrderUpdate",
        ),
        "._models",
    ),
    "Streams": "._streams",
    "stream_base_url": "._specs",
    "Policy": "._subscription",
    "Subscription": "._subscription",
}

__all__ = [
    "BalanceUpdate",
    "BookLevel",
    "CandleUpdate",
    "FillUpdate",
    "Gap",
    "OrderBookView",
    "OrderUpdate",
    "Policy",
    "PositionUpdate",
    "RealClock",
    "ScaledClock",
    "StreamAuthError",
    "StreamClock",
    "StreamClosedError",
    "StreamError",
    "StreamFormatError",
    "StreamMessageTooLargeError",
    "StreamRefusedError",
    "Streams",
    "Subscription",
    "TickerUpdate",
    "TradeUpdate",
    "TriggerOrderUpdate",
    "stream_base_url",
]


__getattr__ = lazy_names(__name__, _EXPORTS, globals())
