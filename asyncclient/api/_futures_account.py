"""Futures accounts, positions and their settings as typed methods, mixed into ``FuturesAPI``."""

from __future__ import annotations

import functools
from typing import Any, Unpack

from ..models import FuturesAccount, HoldSide, LeverageSettings, MarginMode, Position, PositionMode
from ..models._futures_fields import ContractRequest
from ..models._futures_queries import LeverageRequest, MarginModeRequest, PositionModeRequest
from ..models._futures_requests import MarginCoinFilter
from ._base import CallOptions
from ._cast import one, rows
from ._futures_line import FuturesLine

__all__ = ["FuturesAccountMethods"]


class FuturesAccountMethods(FuturesLine):
    """The accounts of the product line's margin coins, open positions, leverage, margin and position modes."""

    async def account(
        self, symbol: str, margin_coin: str | None = None, **options: Unpack[CallOptions]
    ) -> FuturesAccount:
        """The account of one margin coin, with the leverage and modes set for ``symbol``."""
        query = ContractRequest(symbol=symbol, margin_coin=self._margin_coin(margin_coin))
        return await self._get("/api/v2/mix/account/account", query, one(FuturesAccount), options)

    async def accounts(self, **options: Unpack[CallOptions]) -> list[FuturesAccount]:
        """Every margin coin's account in this product line."""
        return await self._get("/api/v2/mix/account/accounts", None, rows(FuturesAccount), options)

    async def positions(self, margin_coin: str | None = None, **options: Unpack[CallOptions]) -> list[Position]:
        """Every open position."""
        query = MarginCoinFilter(margin_coin=margin_coin)
        return await self._get("/api/v2/mix/position/all-position", query, rows(Position), options)

    async def position(
        self, symbol: str, margin_coin: str | None = None, **options: Unpack[CallOptions]
    ) -> list[Position]:
        """The positions of one contract (two in hedge mode: long and short; none when flat)."""
        query = ContractRequest(symbol=symbol, margin_coin=self._margin_coin(margin_coin))
        return await self._get("/api/v2/mix/position/single-position", query, rows(Position), options)

    async def set_leverage(
        self,
        symbol: str,
        leverage: int,
        *,
        margin_coin: str | None = None,
        hold_side: HoldSide | str | None = None,
        **options: Unpack[CallOptions],
    ) -> LeverageSettings:
        """Set the leverage of a contract (``hold_side`` for one side in isolated hedge mode)."""
        request = LeverageRequest(
            symbol=symbol, margin_coin=self._margin_coin(margin_coin), leverage=leverage, hold_side=hold_side
        )
        return await self._post("/api/v2/mix/account/set-leverage", request, one(LeverageSettings), options)

    async def set_margin_mode(
        self,
        symbol: str,
        margin_mode: MarginMode | str,
        *,
        margin_coin: str | None = None,
        **options: Unpack[CallOptions],
    ) -> LeverageSettings:
        """Switch a contract between isolated and crossed margin (only while it has no position or order)."""
        request = MarginModeRequest(symbol=symbol, margin_coin=self._margin_coin(margin_coin), margin_mode=margin_mode)
        return await self._post("/api/v2/mix/account/set-margin-mode", request, one(LeverageSettings), options)

    async def set_position_mode(
        self, position_mode: PositionMode | str, **options: Unpack[CallOptions]
    ) -> PositionMode:
        """Switch the product line between one-way and hedge mode; returns the mode now in force."""
        request = PositionModeRequest(position_mode=position_mode)
        answer = functools.partial(_position_mode, request.position_mode)
        return await self._post("/api/v2/mix/account/set-position-mode", request, answer, options)


def _position_mode(asked: PositionMode, data: Any) -> PositionMode:
    """The mode the answer says is in force (the one asked for when it says nothing)."""
    return PositionMode(str(data.get("posMode", asked.value))) if isinstance(data, dict) else asked
