"""The typed groups (``client.spot``, ``client.futures``, ``client.uta`` ...) over any ``request()``.

:class:`~asyncclient.Client` and :class:`~asyncclient.ClientView` share these accessors: each group is built on
first use, on the object it was asked from, and sends through that object's ``request()``.
"""

from __future__ import annotations

import abc
import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ._errors import AccountModeError

if TYPE_CHECKING:  # the typed groups and models load on first use: request() alone never needs them
    from ._retry import RetryPolicy
    from .api import (
        AccountAPI,
        CommonAPI,
        ConvertAPI,
        FuturesAPI,
        IsolatedMarginAPI,
        MarginAPI,
        SpotAPI,
        TaxAPI,
        UtaAPI,
        WalletAPI,
    )
    from .models import AccountMode, ProductType

__all__ = ["TypedGroups"]


class TypedGroups(abc.ABC):
    """One accessor per typed group; a subclass provides ``request()``."""

    @abc.abstractmethod
    async def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        *,
        urgent: bool = False,
        timeout: float | None = None,
        retry: RetryPolicy | None = None,
    ) -> Any:
        """Send one call and return the envelope's ``data`` (the client's, or a view's with its own defaults)."""

    @functools.cached_property
    def spot(self) -> SpotAPI:
        """Spot market data, trading and account endpoints as typed methods (thin layers over request())."""
        from .api import SpotAPI

        return SpotAPI(self)

    @functools.cached_property
    def futures(self) -> FuturesAPI:
        """USDT-M futures endpoints as typed methods; see :meth:`futures_for` for COIN-M and USDC-M."""
        from .api import FuturesAPI
        from .models import ProductType

        return FuturesAPI(self, ProductType.USDT_FUTURES)

    @functools.cached_property
    def uta(self) -> UtaAPI:
        """The unified trading account's v3 endpoints (every category) as typed methods."""
        from .api import UtaAPI

        return UtaAPI(self)

    async def account_mode(self) -> AccountMode:
        """Whether this key's account is classic (use ``spot``/``futures``) or unified (use ``uta``).

        Probes ``GET /api/v3/account/settings``: a unified account answers it, a classic one gets 40084.
        """
        from .models import AccountMode

        try:
            await self.request("GET", "/api/v3/account/settings")
        except AccountModeError as exc:
            if exc.account_mode == "classic":
                return AccountMode.CLASSIC
            raise
        return AccountMode.UNIFIED

    @functools.cached_property
    def wallet(self) -> WalletAPI:
        """Transfers between accounts, deposits and withdrawals as typed methods."""
        from .api import WalletAPI

        return WalletAPI(self)

    @functools.cached_property
    def margin(self) -> MarginAPI:
        """The crossed-margin account (assets, limits, borrowing, repayment, interest) as typed methods."""
        from .api import MarginAPI

        return MarginAPI(self)

    @functools.cached_property
    def convert(self) -> ConvertAPI:
        """Convert one spot coin into another at a quoted price (quote, trade, records) as typed methods."""
        from .api import ConvertAPI

        return ConvertAPI(self)

    @functools.cached_property
    def tax(self) -> TaxAPI:
        """The account's ledgers for tax reports (spot, futures, margin, P2P) as typed methods."""
        from .api import TaxAPI

        return TaxAPI(self)

    @functools.cached_property
    def isolated_margin(self) -> IsolatedMarginAPI:
        """The isolated-margin accounts, one per pair (assets, borrowing, orders, records) as typed methods."""
        from .api import IsolatedMarginAPI

        return IsolatedMarginAPI(self)

    @functools.cached_property
    def account(self) -> AccountAPI:
        """The account as a whole (info, balances per account type, funding and sub-account assets)."""
        from .api import AccountAPI

        return AccountAPI(self)

    @functools.cached_property
    def common(self) -> CommonAPI:
        """Fee rates and announcements as typed methods."""
        from .api import CommonAPI

        return CommonAPI(self)

    def futures_for(self, product_type: ProductType | str) -> FuturesAPI:
        """Futures endpoints of another product line: ``client.futures_for(ProductType.COIN_FUTURES)``."""
        from .api import FuturesAPI

        return FuturesAPI(self, product_type)
