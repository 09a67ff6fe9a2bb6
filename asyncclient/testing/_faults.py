"""Faults on demand: failures of a real exchange and of the network, switched on per path or globally.

Faults that happen *before* the exchange acts (``error``, ``drop``, ``html_502``, a 429 burst) never reach
the handler. The ambiguous ones (``error_after_accept``, ``drop_after_accept``) run the handler first, so an
order is really placed, then lose the answer. ``late`` is a slow exchange: the answer is lost at once (the
connection hangs, then closes) and the handler runs ``late_by`` seconds later, as a queued request would.
"""

from __future__ import annotations

import enum
import random
import threading
from typing import Any

import attrs

__all__ = ["Fault", "FaultSettings", "Faults"]


class Fault(enum.Enum):
    """What the protocol layer does instead of (or after) answering normally."""

    RATE_LIMIT = "rate_limit"  # 429 from a burst
    DROP = "drop"  # connection closed, no answer, handler not run
    ERROR = "error"  # HTTP 500, handler not run
    HTML_502 = "html_502"  # a proxy's HTML error page, handler not run
    ERROR_AFTER_ACCEPT = "error_after_accept"  # handler run, then HTTP 500
    DROP_AFTER_ACCEPT = "drop_after_accept"  # handler run, then connection closed
    TRUNCATE = "truncate"  # HTTP 200 with the JSON body cut in the middle
    LATE = "late"  # no answer; the handler runs ``late_by`` seconds later (a queued request)


def _rate(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{attribute.name} must be between 0 and 1, got {value}")


def _non_negative(_: object, attribute: attrs.Attribute[Any], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must not be negative, got {value}")


@attrs.frozen
class FaultSettings:
    """Probabilities (0..1) of each fault per request, added latency in seconds, and a 429 burst length.

    ``late_rate`` requests are processed ``late_by`` seconds after they arrived, and never answered.
    """

    error_rate: float = attrs.field(default=0.0, validator=_rate)
    error_after_accept_rate: float = attrs.field(default=0.0, validator=_rate)
    drop_rate: float = attrs.field(default=0.0, validator=_rate)
    drop_after_accept_rate: float = attrs.field(default=0.0, validator=_rate)
    html_502_rate: float = attrs.field(default=0.0, validator=_rate)
    truncate_rate: float = attrs.field(default=0.0, validator=_rate)
    latency: float = attrs.field(default=0.0, validator=_non_negative)
    rate_limit_burst: int = attrs.field(default=0, validator=_non_negative)
    #: Seconds added after the request is counted and handled: a page slow to build or to transfer.
    answer_latency: float = attrs.field(default=0.0, validator=_non_negative)
    late_rate: float = attrs.field(default=0.0, validator=_rate)
    late_by: float = attrs.field(default=0.0, validator=_non_negative)


class Faults:
    """The fault switches. Settings for a path replace the global settings for that path."""

    def __init__(self, seed: int = 0) -> None:
        self._random = random.Random(seed)
        self._lock = threading.Lock()
        self._global: FaultSettings | None = None
        self._by_path: dict[str, FaultSettings] = {}
        # Remaining 429 answers of a burst, by path (None = the global settings).
        self._bursts: dict[str | None, int] = {}
        #: False while no fault is set: the request path skips every check.
        self.active = False

    def set(
        self,
        path: str | None = None,
        *,
        error_rate: float = 0.0,
        error_after_accept_rate: float = 0.0,
        drop_rate: float = 0.0,
        drop_after_accept_rate: float = 0.0,
        html_502_rate: float = 0.0,
        truncate_rate: float = 0.0,
        latency: float = 0.0,
        rate_limit_burst: int = 0,
        answer_latency: float = 0.0,
        late_rate: float = 0.0,
        late_by: float = 0.0,
    ) -> None:
        """Replace the settings for ``path`` (``"/api/v2/..."``), or the global ones when ``path`` is None."""
        settings = FaultSettings(
            error_rate=error_rate,
            error_after_accept_rate=error_after_accept_rate,
            drop_rate=drop_rate,
            drop_after_accept_rate=drop_after_accept_rate,
            html_502_rate=html_502_rate,
            truncate_rate=truncate_rate,
            latency=latency,
            rate_limit_burst=rate_limit_burst,
            answer_latency=answer_latency,
            late_rate=late_rate,
            late_by=late_by,
        )
        with self._lock:
            if path is None:
                self._global = settings
            else:
                self._by_path[path] = settings
            self._bursts[path] = rate_limit_burst
            self.active = True

    def clear(self, path: str | None = None) -> None:
        """Remove the settings for one path, or every fault when ``path`` is None."""
        with self._lock:
            if path is None:
                self._global = None
                self._by_path.clear()
                self._bursts.clear()
            else:
                self._by_path.pop(path, None)
                self._bursts.pop(path, None)
            self.active = self._global is not None or bool(self._by_path)

    def settings_for(self, path: str) -> FaultSettings | None:
        """The settings that apply to ``path``, if any."""
        return self._by_path.get(path, self._global)

    def before(self, path: str) -> Fault | None:
        """The fault that replaces the handler for this request, if one is drawn."""
        key: str | None = path if path in self._by_path else None
        settings = self._by_path.get(path, self._global)
        if settings is None:
            return None
        with self._lock:
            if self._bursts.get(key, 0) > 0:
                self._bursts[key] -= 1
                return Fault.RATE_LIMIT
        if self._draw(settings.drop_rate):
            return Fault.DROP
        if self._draw(settings.error_rate):
            return Fault.ERROR
        if self._draw(settings.html_502_rate):
            return Fault.HTML_502
        if self._draw(settings.late_rate):
            return Fault.LATE
        return None

    def after(self, path: str) -> Fault | None:
        """The fault that spoils the answer of a request the handler has already acted on, if one is drawn."""
        settings = self.settings_for(path)
        if settings is None:
            return None
        if self._draw(settings.error_after_accept_rate):
            return Fault.ERROR_AFTER_ACCEPT
        if self._draw(settings.drop_after_accept_rate):
            return Fault.DROP_AFTER_ACCEPT
        if self._draw(settings.truncate_rate):
            return Fault.TRUNCATE
        return None

    def _draw(self, rate: float) -> bool:
        return rate > 0.0 and (rate >= 1.0 or self._random.random() < rate)
