"""Typed endpoint groups (``client.spot``, ``futures``, ``uta``, ``wallet``, ``margin`` ...): thin, over request()."""

from ._account import AccountAPI, CommonAPI
from ._futures import FuturesAPI
from ._margin import MarginAPI
from ._protocol import Requester
from ._spot import SpotAPI
from ._uta import UtaAPI
from ._wallet import WalletAPI

__all__ = ["AccountAPI", "CommonAPI", "FuturesAPI", "MarginAPI", "Requester", "SpotAPI", "UtaAPI", "WalletAPI"]
