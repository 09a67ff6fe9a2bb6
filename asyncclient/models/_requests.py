"""What a caller may pass for money. (The orders a caller describes are request models now:
``_spot_requests.SpotOrderRequest`` and ``_futures_requests.FuturesOrderRequest``.)"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["Amount"]

#: What a caller may pass for money: a Decimal, an int, or a numeric string (never a float).
Amount = Decimal | int | str
