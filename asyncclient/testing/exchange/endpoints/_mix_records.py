"""Futures estimates and records: max openable size, liquidation price, position history, account bills.

- max-open: what ``available`` buys at the line's leverage (fee included), at ``openPrice`` or the market.
- liq-price: the same estimate as a position's ``liquidationPrice`` (open price moved by 1/leverage less the
  maintenance rate), for a position of ``openAmount`` opened at ``openPrice`` or the market.
- history-position: positions closed to zero, newest first; bills: every fill's PnL and fee, newest first.
"""

from __future__ import annotations

from decimal import ROUND_FLOOR, Decimal
from typing import Any

from ..._routing import Mount, SimRequest, get
from ..state._futures import FuturesAccount, FuturesBill, Position
from ..state._markets import Markets, format_decimal
from ..state._symbols import Contract
from ._callers import Callers
from ._lookup import contract, require_product_type
from ._mix_account import require_margin_coin
from ._paging import PageWindow, newest_first
from ._params import Params

__all__ = ["MixRecordsEndpoints"]

_EIGHT = Decimal("1e-8")


class MixRecordsEndpoints:
    """Handlers of max-open, liq-price, history-position and bill."""

    def __init__(self, markets: Markets, accounts: Callers) -> None:
        self._markets = markets
        self._accounts = accounts

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/mix",
            [
                get("/account/max-open", self.max_open),
                get("/account/liq-price", self.liq_price),
                get("/position/history-position", self.history_position),
                get("/account/bill", self.bill),
            ],
        )

    def _estimate(self, request: SimRequest) -> tuple[Params, Contract, FuturesAccount, str, Decimal]:
        """(params, contract, account, position side, open price) of an estimate."""
        params = Params(request.params)
        require_product_type(params)
        spec = contract(params)
        require_margin_coin(params, spec)
        side = params.choice("posSide", ("long", "short"), required=True)
        order_type = params.choice("orderType", ("limit", "market"), required=True)
        account = self._accounts.futures(request)
        if order_type == "limit":
            price = params.positive_decimal("openPrice")
        else:
            quote = self._markets.quote(spec.symbol, spec.tick, request.now_ms)
            price = quote.ask if side == "long" else quote.bid
        return params, spec, account, side or "long", price

    def max_open(self, request: SimRequest) -> dict[str, str]:
        _, spec, account, _, price = self._estimate(request)
        available = account.available(request.now_ms, spec.margin_coin)
        leverage = Decimal(account.leverage_of(spec.symbol))
        usd = available * price if spec.product_type == "COIN-FUTURES" else available
        size = max(usd, Decimal(0)) / (price / leverage + price * spec.taker_fee_rate)
        rounded = (size / spec.size_multiplier).to_integral_value(ROUND_FLOOR) * spec.size_multiplier
        return {"maxOpen": format_decimal(rounded)}

    def liq_price(self, request: SimRequest) -> dict[str, str]:
        params, spec, account, side, price = self._estimate(request)
        params.positive_decimal("openAmount")
        lever = Decimal(account.leverage_of(spec.symbol))
        keep = spec.keep_margin_rate
        move = 1 / lever - keep
        liquidation = price * (1 - move) if side == "long" else price * (1 + move)
        places = Decimal(1).scaleb(-spec.price_place)
        return {"liqPrice": format_decimal(max(liquidation, Decimal(0)).quantize(places))}

    def history_position(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        require_product_type(params)
        spec = contract(params) if params.text("symbol") is not None else None
        window = PageWindow(params, default_limit=20, max_limit=100)
        account = self._accounts.futures(request)
        closed = account.closed_positions

        def accept(position: Position) -> bool:
            return spec is None or position.spec.symbol == spec.symbol

        ids = [p.position_id for p in closed]
        found = newest_first(closed, ids, window, lambda p: p.u_time, accept)
        rows = [_history_row(p) for p in found]
        return {"list": rows, "endId": str(found[-1].position_id) if found else ""}

    def bill(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        require_product_type(params)
        coin = (params.text("coin") or "").upper() or None
        business = params.text("businessType")
        window = PageWindow(params, default_limit=20, max_limit=100)
        account = self._accounts.futures(request)

        def accept(bill: FuturesBill) -> bool:
            return coin in (None, bill.coin) and business in (None, bill.business_type)

        found = newest_first(account.bills, [b.bill_id for b in account.bills], window, lambda b: b.c_time, accept)
        return {"bills": [_bill_row(bill) for bill in found], "endId": str(found[-1].bill_id) if found else ""}


def _eight(value: Decimal) -> str:
    return format_decimal(value.quantize(_EIGHT))


def _history_row(position: Position) -> dict[str, str]:
    spec = position.spec
    close_price = position.close_value / position.closed_total if position.closed_total else Decimal(0)
    pnl = position.achieved_profits
    open_fee, close_fee = -position.total_fee, -position.close_fee
    return {
        "positionId": str(position.position_id),
        "symbol": spec.symbol,
        "marginCoin": spec.margin_coin,
        "holdSide": position.hold_side,
        "openAvgPrice": format_decimal(position.open_price),
        "closeAvgPrice": _eight(close_price),
        "marginMode": position.margin_mode,
        "openTotalPos": format_decimal(position.opened_total),
        "closeTotalPos": format_decimal(position.closed_total),
        "pnl": _eight(pnl),
        "netProfit": _eight(pnl + open_fee + close_fee),
        "totalFunding": "0",
        "openFee": _eight(open_fee),
        "closeFee": _eight(close_fee),
        "ctime": str(position.c_time),
        "utime": str(position.u_time),
    }


def _bill_row(bill: FuturesBill) -> dict[str, str]:
    return {
        "billId": str(bill.bill_id),
        "symbol": bill.symbol,
        "amount": _eight(bill.amount),
        "fee": _eight(bill.fee),
        "feeByCoupon": "",
        "businessType": bill.business_type,
        "coin": bill.coin,
        "balance": _eight(bill.balance),
        "cTime": str(bill.c_time),
    }
