"""Signed USDT-M futures account endpoints: account(s), positions, leverage, margin mode and position mode."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from ..._routing import Mount, SimError, SimRequest, get, post
from ..state._futures import FuturesAccount, Position
from ..state._markets import PRODUCT_TYPE, Markets, format_decimal
from ..state._product_lines import CONTRACTS_BY_LINE
from ..state._symbols import Contract
from ._lookup import contract, require_product_type
from ._params import Params, invalid

__all__ = ["MixAccount", "require_margin_coin"]

_MARGIN_MODES = ("isolated", "crossed")
_POS_MODES = ("one_way_mode", "hedge_mode")


def require_margin_coin(params: Params, spec: Contract | None = None) -> str:
    """``marginCoin`` (any case) must be a margin coin of the line (USDT, USDC, or a COIN-M base), and ``spec``'s."""
    coin = params.required("marginCoin").upper()
    line = (params.text("productType") or PRODUCT_TYPE).upper()
    coins = {spec.margin_coin for spec in CONTRACTS_BY_LINE.get(line, {}).values()}
    if coin not in coins or (spec is not None and coin != spec.margin_coin):
        raise invalid("marginCoin")
    return coin


def _places(value: Decimal, places: int = 8) -> str:
    return format_decimal(round(value, places))


class MixAccount:
    """Handlers of the futures account and position endpoints; ``account_of`` gives the caller's account, caught up."""

    def __init__(self, markets: Markets, account_of: Callable[[SimRequest], FuturesAccount]) -> None:
        self._markets = markets
        self._account_of = account_of

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/mix",
            [
                get("/account/account", self.account),
                get("/account/accounts", self.accounts),
                get("/position/all-position", self.all_position),
                get("/position/single-position", self.single_position),
                post("/account/set-leverage", self.set_leverage),
                post("/account/set-margin-mode", self.set_margin_mode),
                post("/account/set-position-mode", self.set_position_mode),
            ],
        )

    def _summary(self, account: FuturesAccount, now_ms: int, coin: str | None = None) -> dict[str, Any]:
        coin = coin or account.coin
        unrealized = account.unrealized(now_ms, coin)
        available = account.available(now_ms, coin)
        equity = account.wallets.get(coin, Decimal(0)) + unrealized
        btc = Decimal(repr(self._markets.instruments["BTCUSDT"].price(now_ms)))
        usd_price = Decimal(1) if coin in ("USDT", "USDC") else self._usd_price(coin, now_ms)
        return {
            "marginCoin": coin,
            "locked": _places(account.frozen(coin)),
            "available": _places(available),
            "crossedMaxAvailable": _places(available),
            "isolatedMaxAvailable": _places(available),
            "maxTransferOut": _places(max(available, Decimal(0))),
            "accountEquity": _places(equity),
            "usdtEquity": _places(equity * usd_price),
            "btcEquity": _places(equity * usd_price / btc),
            "crossedRiskRate": "0",
            "unrealizedPL": _places(unrealized),
            "coupon": "0",
        }

    def _usd_price(self, coin: str, now_ms: int) -> Decimal:
        return Decimal(repr(self._markets.instruments[f"{coin}USDT"].price(now_ms)))

    def account(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        require_product_type(params)
        spec = contract(params)
        coin = require_margin_coin(params, spec)
        account = self._account_of(request)
        leverage = str(account.leverage_of(spec.symbol))
        summary = self._summary(account, request.now_ms, coin)
        summary.update(
            {
                "crossedMarginLeverage": leverage,
                "isolatedLongLever": leverage,
                "isolatedShortLever": leverage,
                "marginMode": account.margin_mode.get(spec.symbol, "crossed"),
                "posMode": account.pos_mode,
            }
        )
        return summary

    def accounts(self, request: SimRequest) -> list[dict[str, Any]]:
        require_product_type(Params(request.params))
        account = self._account_of(request)
        return [self._summary(account, request.now_ms, coin) for coin in account.wallets]

    def _position_row(self, account: FuturesAccount, position: Position, now_ms: int) -> dict[str, str]:
        spec = position.spec
        mark = account.mark(spec, now_ms)
        unrealized = position.unrealized(mark)
        lever = Decimal(position.leverage)
        keep = spec.keep_margin_rate
        if position.hold_side == "long":
            liquidation = position.open_price * (1 - 1 / lever + keep)
        else:
            liquidation = position.open_price * (1 + 1 / lever - keep)
        equity = position.margin + unrealized
        ratio = keep * mark * position.total / equity if equity > 0 else Decimal(1)
        return {
            "marginCoin": spec.margin_coin,
            "symbol": spec.symbol,
            "holdSide": position.hold_side,
            "openDelegateSize": "0",
            "marginSize": _places(position.margin),
            "available": format_decimal(position.total),
            "locked": "0",
            "total": format_decimal(position.total),
            "leverage": str(position.leverage),
            "achievedProfits": _places(position.achieved_profits),
            "openPriceAvg": _places(position.open_price, spec.price_place + 4),
            "marginMode": position.margin_mode,
            "posMode": account.pos_mode,
            "unrealizedPL": _places(unrealized),
            "liquidationPrice": _places(max(liquidation, Decimal(0)), spec.price_place + 4),
            "keepMarginRate": format_decimal(keep),
            "markPrice": format_decimal(mark),
            "breakEvenPrice": _places(position.open_price, spec.price_place + 4),
            "totalFee": _places(position.total_fee),
            "deductedFee": "0",
            "marginRatio": _places(ratio),
            "cTime": str(position.c_time),
            "uTime": str(position.u_time),
        }

    def all_position(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        require_product_type(params)
        coin = require_margin_coin(params) if params.text("marginCoin") is not None else None
        account = self._account_of(request)
        return [
            self._position_row(account, p, request.now_ms)
            for p in account.positions.values()
            if coin in (None, p.spec.margin_coin)
        ]

    def single_position(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        require_product_type(params)
        spec = contract(params)
        require_margin_coin(params, spec)
        account = self._account_of(request)
        return [
            self._position_row(account, p, request.now_ms)
            for (symbol, _), p in account.positions.items()
            if symbol == spec.symbol
        ]

    def _leverage_target(self, request: SimRequest) -> tuple[Params, Contract, FuturesAccount]:
        params = Params(request.params)
        require_product_type(params)
        spec = contract(params)
        require_margin_coin(params, spec)
        return params, spec, self._account_of(request)

    def set_leverage(self, request: SimRequest) -> dict[str, str]:
        params, spec, account = self._leverage_target(request)
        name = "leverage" if params.text("leverage") is not None else "longLeverage"
        leverage = params.integer(name, low=1)
        if leverage is None:
            raise SimError("40019", "Parameter leverage cannot be empty")
        if leverage > spec.max_lever:
            raise invalid(name)
        account.leverage[spec.symbol] = leverage
        return {
            "symbol": spec.symbol,
            "marginCoin": spec.margin_coin,
            "longLeverage": str(leverage),
            "shortLeverage": str(leverage),
            "crossMarginLeverage": str(leverage),
            "marginMode": account.margin_mode.get(spec.symbol, "crossed"),
        }

    def set_margin_mode(self, request: SimRequest) -> dict[str, str]:
        params, spec, account = self._leverage_target(request)
        mode = params.choice("marginMode", _MARGIN_MODES, required=True)
        assert mode is not None
        if account.busy(spec.symbol):
            raise SimError("45117", "Currently holding positions or orders, the margin mode cannot be adjusted")
        account.margin_mode[spec.symbol] = mode
        leverage = str(account.leverage_of(spec.symbol))
        return {
            "symbol": spec.symbol,
            "marginCoin": spec.margin_coin,
            "longLeverage": leverage,
            "shortLeverage": leverage,
            "marginMode": mode,
        }

    def set_position_mode(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        require_product_type(params)
        mode = params.choice("posMode", _POS_MODES, required=True)
        assert mode is not None
        account = self._account_of(request)
        if mode != account.pos_mode and account.busy():
            raise SimError("40920", "Position or order exists, the position mode cannot be switched")
        account.pos_mode = mode
        return {"posMode": mode}
