"""Typed endpoint groups: ``client.spot`` and ``client.futures``, thin methods over ``client.request()``."""

from ._futures import FuturesAPI
from ._protocol import Requester
from ._spot import SpotAPI

__all__ = ["FuturesAPI", "Requester", "SpotAPI"]
