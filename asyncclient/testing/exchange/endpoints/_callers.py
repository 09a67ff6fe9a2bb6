"""The caller's accounts, as a handler needs them: looked up by the request's uid and caught up to its instant."""

from __future__ import annotations

from ..._routing import SimError, SimRequest
from ..state._accounts import Account, Accounts
from ..state._futures import FuturesAccount
from ..state._spot import SpotAccount

__all__ = ["Callers"]


class Callers:
    """Handlers' view of :class:`Accounts`: a request without an account (no uid) is 40037."""

    def __init__(self, accounts: Accounts) -> None:
        self.accounts = accounts

    def _uid(self, request: SimRequest) -> str:
        if request.uid is None:
            raise SimError("40037", "Apikey does not exist", http_status=400)
        return request.uid

    def existing(self, uid: str) -> Account | None:
        return self.accounts.existing(uid)

    def spot(self, request: SimRequest) -> SpotAccount:
        """The caller's spot account, its trigger plans fired and resting orders filled up to the request."""
        return self.accounts.spot_of(self._uid(request), request.now_ms)

    def futures(self, request: SimRequest) -> FuturesAccount:
        """The caller's futures account of the request's ``productType`` (USDT-M without one), caught up."""
        product_type = request.params.get("productType")
        line = product_type if isinstance(product_type, str) else None
        return self.accounts.futures_of(self._uid(request), line, request.now_ms)
