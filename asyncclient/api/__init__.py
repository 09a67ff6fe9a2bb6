"""Typed endpoint groups (``client.spot``, ``futures``, ``uta``, ``wallet``, ``margin`` ...): thin, over request().

Each group's module loads on first use (``client.spot`` imports the spot modules only), through the module
``__getattr__`` below; the ``TYPE_CHECKING`` imports name every group for mypy and IDEs.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
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

#: Public name -> the module that defines it.
_LAZY = {
    "AccountAPI": "._account",
    "CommonAPI": "._account",
    "ConvertAPI": "._convert",
    "FuturesAPI": "._futures",
    "IsolatedMarginAPI": "._margin_isolated",
    "MarginAPI": "._margin",
    "Requester": "._protocol",
    "SpotAPI": "._spot",
    "TaxAPI": "._tax",
    "UtaAPI": "._uta",
    "WalletAPI": "._wallet",
}


__getattr__ = lazy_names(__name__, _LAZY, globals())


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


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
