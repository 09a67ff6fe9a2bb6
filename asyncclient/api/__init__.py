"""Typed endpoint groups (``client.spot``, ``client.futures``, ``client.wallet``): thin methods over request()."""

from ._account import AccountAPI, CommonAPI
from ._futures import FuturesAPI
from ._margin import MarginAPI
from ._protocol import Requester
from ._spot import SpotAPI
from ._wallet import WalletAPI

__all__ = ["AccountAPI", "CommonAPI", "FuturesAPI", "MarginAPI", "Requester", "SpotAPI", "WalletAPI"]
