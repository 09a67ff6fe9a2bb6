"""Typed endpoint groups: ``client.spot``, ``client.futures`` and ``client.uta``: thin methods over ``request()``."""

from ._futures import FuturesAPI
from ._protocol import Requester
from ._spot import SpotAPI
from ._uta import UtaAPI

__all__ = ["FuturesAPI", "Requester", "SpotAPI", "UtaAPI"]
