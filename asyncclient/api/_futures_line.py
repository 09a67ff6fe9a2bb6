"""The base of the futures group and its mixins: one product line (``productType``), added to every call."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from .._errors import InputError
from ..models import ProductType
from ..models import _checks as check
from ._base import CallOptions, Group, Params, wire_params
from ._protocol import Requester

__all__ = ["FuturesLine"]

T = TypeVar("T")


class FuturesLine(Group):
    """A :class:`Group` of one futures product line: its ``productType`` goes with every call."""

    def __init__(self, requester: Requester, product_type: ProductType | str = ProductType.USDT_FUTURES) -> None:
        super().__init__(requester)
        self.product_type = check.choice(product_type, ProductType, "product_type")

    def _margin_coin(self, margin_coin: str | None) -> str:
        """The caller's margin coin, or the product line's (USDT, USDC); COIN-M lines have none by default."""
        if margin_coin is not None:
            return check.coin(margin_coin, "margin_coin")
        default = self.product_type.default_margin_coin
        if default is None:
            raise InputError(f"margin_coin is required for {self.product_type.value} (e.g. 'BTC')")
        return default

    def _in_line(self, params: Params) -> dict[str, Any]:
        return {"productType": self.product_type.value, **wire_params(params)}

    async def _get(
        self, path: str, params: Params, cast_to: Callable[[Any], T], options: CallOptions, *, urgent: bool = False
    ) -> T:
        return await super()._get(path, self._in_line(params), cast_to, options, urgent=urgent)

    async def _post(
        self, path: str, params: Params, cast_to: Callable[[Any], T], options: CallOptions, *, urgent: bool = False
    ) -> T:
        return await super()._post(path, self._in_line(params), cast_to, options, urgent=urgent)
