"""What the streams need of the client: a protocol, so the streams never import the client (no import circle)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .._pipeline import Pipeline
    from .._protocols import Clock
    from ..api import FuturesAPI, SpotAPI, UtaAPI

__all__ = ["StreamsHost"]


class StreamsHost(Protocol):
    """What streams need of the client (a :class:`~asyncclient.Client` is one): its URL, limiter and signer
    (through the pipeline), clock, and the spot API for recovering missed private events."""

    base_url: str

    @property
    def pipeline(self) -> Pipeline: ...

    @property
    def clock(self) -> Clock: ...

    @property
    def has_credentials(self) -> bool: ...

    @property
    def spot(self) -> SpotAPI: ...

    @property
    def futures(self) -> FuturesAPI: ...

    def futures_for(self, product_type: Any) -> FuturesAPI: ...

    @property
    def uta(self) -> UtaAPI: ...
