"""Signed v3 account endpoints (``/api/v3/account/...``) and the mode changes (upgrade, switch back).

The unified account's coins are its spot ledger (``assets``); futures margin comes from its USDT-M ledger. Each
account also has a funding wallet (empty at first) that ``transfer`` moves coins in and out of. Deposit and
withdrawal records are empty: the simulator takes no deposits and makes no withdrawals.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ..._routing import Mount, SimError, SimRequest, get, post
from ..state._markets import Markets, format_decimal
from ..state._uta_modes import CLASSIC, UTA, AccountModes
from ._lookup import contract, spot_symbol
from ._params import Params, invalid
from ._uta_orders import BookOf
from ._uta_public import require_category
from ._uta_trade import cursor_page

__all__ = ["UtaAccountEndpoints"]

_ZERO = Decimal(0)


class UtaAccountEndpoints:
    """Handlers of the v3 account endpoints and of the v2 upgrade endpoints."""

    def __init__(self, markets: Markets, book_of: BookOf, modes: AccountModes) -> None:
        self._markets = markets
        self._book_of = book_of
        self._modes = modes

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api",
            [
                get("/v3/account/assets", self.assets),
                get("/v3/account/settings", self.settings),
                get("/v3/account/funding-assets", self.funding_assets),
                get("/v3/account/fee-rate", self.fee_rate),
                get("/v3/account/financial-records", self.financial_records),
                get("/v3/account/deposit-records", self.deposit_records),
                get("/v3/account/withdrawal-records", self.withdrawal_records),
                get("/v3/account/switch-status", self.switch_status),
                get("/v2/spot/account/upgrade-status", self.upgrade_status),
                post("/v3/account/set-leverage", self.set_leverage),
                post("/v3/account/set-hold-mode", self.set_hold_mode),
                post("/v3/account/transfer", self.transfer),
                post("/v3/account/switch", self.switch),
                post("/v2/spot/account/upgrade", self.upgrade),
            ],
        )

    def _uid(self, request: SimRequest) -> str:
        if request.uid is None:
            raise SimError("40037", "Apikey does not exist", http_status=400)
        return request.uid

    def assets(self, request: SimRequest) -> dict[str, Any]:
        book = self._book_of(request)
        coins = []
        equity = _ZERO
        for coin, balance in sorted(book.account.spot.balances.items()):
            total = balance.available + balance.frozen
            if total == 0:
                continue
            usd = total * self._usd_price(coin, request.now_ms)
            equity += usd
            coins.append(
                {
                    "coin": coin,
                    "equity": format_decimal(total),
                    "usdValue": format_decimal(usd.quantize(Decimal("0.00000001"))),
                    "balance": format_decimal(total),
                    "available": format_decimal(balance.available),
                    "debt": "0",
                    "locked": format_decimal(balance.frozen),
                }
            )
        futures = book.account.futures
        unrealised = futures.unrealized(request.now_ms)
        margin = sum((position.margin for position in futures.positions.values()), _ZERO)
        total_equity = (equity + unrealised).quantize(Decimal("0.00000001"))
        return {
            "accountEquity": format_decimal(total_equity),
            "usdtEquity": format_decimal(total_equity),
            "btcEquity": format_decimal(
                (total_equity / self._usd_price("BTC", request.now_ms)).quantize(Decimal("1e-8"))
            ),
            "unrealisedPnl": format_decimal(unrealised.quantize(Decimal("0.00000001"))),
            "usdtUnrealisedPnl": format_decimal(unrealised.quantize(Decimal("0.00000001"))),
            "btcUnrealizedPnl": format_decimal(
                (unrealised / self._usd_price("BTC", request.now_ms)).quantize(Decimal("0.00000001"))
            ),
            "effEquity": format_decimal(total_equity),
            "mmr": format_decimal(margin.quantize(Decimal("0.00000001"))),
            "imr": format_decimal(margin.quantize(Decimal("0.00000001"))),
            "mgnRatio": "0",
            "positionMgnRatio": "0",
            "assets": coins,
        }

    def _usd_price(self, coin: str, now_ms: int) -> Decimal:
        if coin in ("USDT", "USDC"):
            return Decimal(1)
        symbol = f"{coin}USDT"
        try:
            spec = spot_symbol(Params({"symbol": symbol}))
        except SimError:
            return _ZERO
        return self._markets.quote(spec.symbol, spec.tick, now_ms).bid

    def settings(self, request: SimRequest) -> dict[str, Any]:
        uid = self._uid(request)
        futures = self._book_of(request).account.futures
        symbols = sorted(set(futures.leverage) | set(futures.margin_mode))
        return {
            "uid": uid,
            "accountMode": self._modes.transition(uid, request.now_ms) or "unified",
            "accountLevel": "basic",
            "assetMode": "single_asset",
            "holdMode": futures.pos_mode,
            "stpMode": "none",
            "symbolConfigList": [
                {
                    "category": "USDT-FUTURES",
                    "symbol": symbol,
                    "marginMode": futures.margin_mode.get(symbol, "crossed"),
                    "leverage": str(futures.leverage_of(symbol)),
                }
                for symbol in symbols
            ],
            "coinConfigList": [],
        }

    def funding_assets(self, request: SimRequest) -> list[dict[str, str]]:
        wanted = Params(request.params).text("coin")
        wallet = self._book_of(request).funding
        return [
            {"coin": coin, "available": format_decimal(amount), "frozen": "0", "balance": format_decimal(amount)}
            for coin, amount in sorted(wallet.items())
            if amount and wanted in (None, coin)
        ]

    def fee_rate(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        category = require_category(params)
        if category == "SPOT":
            spot = spot_symbol(params)
            maker, taker = spot.maker_fee_rate, spot.taker_fee_rate
        else:
            spec = contract(params)
            maker, taker = spec.maker_fee_rate, spec.taker_fee_rate
        return {"makerFeeRate": format_decimal(maker), "takerFeeRate": format_decimal(taker)}

    def set_leverage(self, request: SimRequest) -> str:
        params = Params(request.params)
        require_category(params)
        spec = contract(params)
        leverage = params.integer("leverage", low=1)
        if leverage is None:
            raise SimError("40019", "Parameter leverage cannot be empty")
        if leverage > spec.max_lever:
            raise invalid("leverage")
        self._book_of(request).account.futures.leverage[spec.symbol] = leverage
        return "success"

    def set_hold_mode(self, request: SimRequest) -> str:
        mode = Params(request.params).choice("holdMode", ("one_way_mode", "hedge_mode"), required=True)
        futures = self._book_of(request).account.futures
        if mode != futures.pos_mode and futures.busy():
            raise SimError("40920", "Position or order exists, the position mode cannot be switched")
        assert mode is not None
        futures.pos_mode = mode
        return "success"

    def financial_records(self, request: SimRequest) -> dict[str, Any]:
        params = Params(request.params)
        coin = params.text("coin")
        spot = self._book_of(request).account.spot
        rows = [
            {
                "category": "SPOT",
                "id": str(bill.bill_id),
                "symbol": "",
                "coin": bill.coin,
                "type": bill.business_type.upper(),
                "amount": format_decimal(bill.size),
                "fee": format_decimal(bill.fees),
                "balance": format_decimal(bill.balance),
                "ts": str(bill.c_time),
            }
            for bill in reversed(spot.bills)
            if coin in (None, bill.coin)
        ]
        return cursor_page(rows, params, "id")

    def deposit_records(self, request: SimRequest) -> list[dict[str, Any]]:
        self._uid(request)
        return []

    def withdrawal_records(self, request: SimRequest) -> list[dict[str, Any]]:
        self._uid(request)
        return []

    def transfer(self, request: SimRequest) -> dict[str, str]:
        """Funding wallet <-> unified account; anything else is 40020, a shortfall 43012."""
        params = Params(request.params)
        source = params.choice("fromType", ("funding", "uta"), required=True)
        target = params.choice("toType", ("funding", "uta"), required=True)
        if source == target:
            raise invalid("toType")
        coin = params.required("coin").upper()
        amount = params.positive_decimal("amount")
        book = self._book_of(request)
        bill_id = book.transfer_funding(coin, amount, to_funding=source == "uta", now_ms=request.now_ms)
        return {"transferId": str(bill_id)}

    def switch(self, request: SimRequest) -> None:
        """Switch back to classic (refused while orders are open or positions held)."""
        book = self._book_of(request)
        if book.open_orders() or book.account.futures.positions:
            raise SimError("40920", "Position or order exists, the account cannot be switched")
        self._modes.begin(self._uid(request), CLASSIC, request.now_ms)

    def switch_status(self, request: SimRequest) -> dict[str, str]:
        status = self._modes.status(self._uid(request), CLASSIC, request.now_ms)
        return {"status": status, "reason": "" if status != "fail" else "no_switch_requested"}

    def upgrade(self, request: SimRequest) -> None:
        """``POST /api/v2/spot/account/upgrade``: a classic account becomes unified after the delay."""
        self._modes.begin(self._uid(request), UTA, request.now_ms)

    def upgrade_status(self, request: SimRequest) -> dict[str, str]:
        return {"status": self._modes.status(self._uid(request), UTA, request.now_ms)}
