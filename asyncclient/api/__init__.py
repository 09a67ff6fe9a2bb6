"""Typed endpoint groups (``client.spot``, ``futures``, ``uta``, ``wallet``, ``margin`` ...): thin, over request()."""

from ._account import AccountAPI, CommonAPI
from ._convert import ConvertAPI
from ._futures import FuturesAPI
from ._margin import MarginAPI
from ._margin_isolated import IsolatedMarginAPI
from ._protocol import Requester
from ._spot import SpotAPI
from ._tax import TaxAPI
from ._uta import UtaAPI
from ._wallet import WalletAPI

__all__ = [
    "AccountAPI",
    "CommonAPI",
    "ConvertAPI",
    "FuturesAPI",
    "IsolatedMarginAPI",
    "MarginAPI",
    "Requester",
    "SpotAPI",
    "TaxAPI",
    "UtaAPI",
    "WalletAPI",
]
