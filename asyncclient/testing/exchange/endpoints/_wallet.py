"""Wallet endpoints: transfers between the spot, futures (every line), margin (crossed, isolated by ``symbol``)
accounts, deposits, withdrawals; the moves themselves are the state's (``_transfers``).

Transfers move balances at once and keep the documented de-duplication: a repeated ``clientOid`` answers the
transfer it already made. Deposits are the spot ledger's deposit entries (every balance an account was opened
with). Withdrawals leave the spot balance at once, pay a flat fee and show as ``success``; one can be cancelled
only while ``pending``, which a simulated withdrawal never is, so cancelling answers the exchange's refusal.
"""

from __future__ import annotations

from decimal import Decimal

from ..._routing import Mount, SimError, SimRequest, get, post
from ..state._margin_accounts import MARGIN_COINS
from ..state._margin_pairs import MARGIN_PAIRS
from ..state._transfers import FUTURES_COINS, Transfer, Wallets, Withdrawal
from ._callers import Callers
from ._params import Params

__all__ = ["WalletEndpoints"]

_ACCOUNT_TYPES = ("spot", "usdt_futures", "usdc_futures", "coin_futures", "crossed_margin", "isolated_margin")
_EIGHT = Decimal("1e-8")


def _account_type(params: Params, name: str) -> str:
    """``fromType``/``toType``: the simulator has a spot and a USDT-M futures account."""
    value = params.choice(name, _ACCOUNT_TYPES, required=True)
    assert value is not None
    return value


def _eight(value: Decimal) -> str:
    return format(value.quantize(_EIGHT), "f")


class WalletEndpoints:
    """Handlers of ``/api/v2/spot/wallet/*`` and the transfer records, over the exchange's accounts."""

    def __init__(self, accounts: Callers, wallets: Wallets) -> None:
        self._accounts = accounts
        self._wallets = wallets

    def routes(self) -> Mount:
        """The endpoints this module serves."""
        return Mount(
            "/api/v2/spot",
            [
                post("/wallet/transfer", self.transfer),
                get("/wallet/transfer-coin-info", self.transfer_coins),
                get("/account/transferRecords", self.transfer_records),
                get("/wallet/deposit-address", self.deposit_address),
                get("/wallet/deposit-records", self.deposit_records),
                post("/wallet/withdrawal", self.withdrawal),
                get("/wallet/withdrawal-records", self.withdrawal_records),
                post("/wallet/cancel-withdrawal", self.cancel_withdrawal),
            ],
        )

    def _uid(self, request: SimRequest) -> str:
        self._accounts.spot(request)  # catches up, and refuses a request without an account
        assert request.uid is not None
        return request.uid

    # -- transfers ---------------------------------------------------------------------------------------------

    def transfer(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        uid = self._uid(request)
        from_type = _account_type(params, "fromType")
        to_type = _account_type(params, "toType")
        coin = params.required("coin").upper()
        size = params.positive_decimal("amount")
        client_oid = params.text("clientOid")
        earlier = self._wallets.earlier_transfer(uid, client_oid)
        if earlier is not None:
            return {"transferId": str(earlier.transfer_id), "clientOid": earlier.client_oid}
        if from_type == to_type:
            raise SimError("40020", "Parameter toType error")
        for kind in (from_type, to_type):
            if kind in FUTURES_COINS and coin not in FUTURES_COINS[kind]:
                raise SimError("40020", "Parameter coin error")
        if "crossed_margin" in (from_type, to_type) and coin not in MARGIN_COINS:
            raise SimError("40020", "Parameter coin error")
        if "isolated_margin" in (from_type, to_type):
            pair = MARGIN_PAIRS.get((params.text("symbol") or "").upper())
            if pair is None or coin not in (pair.spot.base_coin, pair.spot.quote_coin):
                raise SimError("40020", "Parameter symbol error")
        symbol = (params.text("symbol") or "").upper()
        record = self._wallets.transfer(
            uid, coin, size, from_type, to_type, symbol=symbol, client_oid=client_oid or "", now_ms=request.now_ms
        )
        return {"transferId": str(record.transfer_id), "clientOid": record.client_oid}

    def transfer_coins(self, request: SimRequest) -> list[str]:
        params = Params(request.params)
        self._uid(request)
        from_type = _account_type(params, "fromType")
        to_type = _account_type(params, "toType")
        for kind in (from_type, to_type):
            if kind in FUTURES_COINS:
                return list(FUTURES_COINS[kind])
        if "crossed_margin" in (from_type, to_type):
            return sorted(MARGIN_COINS)
        if "isolated_margin" in (from_type, to_type):
            pair = MARGIN_PAIRS.get((params.text("symbol") or "").upper())
            return [] if pair is None else sorted({pair.spot.base_coin, pair.spot.quote_coin})
        spot = self._accounts.spot(request)
        return sorted(coin for coin, balance in spot.balances.items() if balance.available > 0)

    def transfer_records(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        uid = self._uid(request)
        coin = params.required("coin").upper()
        from_type = params.text("fromType")
        client_oid = params.text("clientOid")
        limit = params.limit(default=100, maximum=100)
        rows = [
            _transfer_row(t)
            for t in reversed(self._wallets.transfers_of(uid))
            if t.coin == coin and from_type in (None, t.from_type) and client_oid in (None, t.client_oid)
        ]
        return rows[:limit]

    # -- deposits ----------------------------------------------------------------------------------------------

    def deposit_address(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        uid = self._uid(request)
        coin = params.required("coin").upper()
        chain = params.text("chain") or coin
        return {
            "address": f"sim-{chain.lower()}-{uid}",
            "chain": chain,
            "coin": coin,
            "tag": "",
            "url": f"https://explorer.invalid/{chain.lower()}/sim-{uid}",
        }

    def deposit_records(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        spot = self._accounts.spot(request)
        coin = (params.text("coin") or "").upper() or None
        start = params.integer("startTime", low=0)
        end = params.integer("endTime", low=0)
        limit = params.limit(default=20, maximum=100)
        rows = [
            {
                "orderId": str(bill.bill_id),
                "tradeId": str(bill.bill_id),
                "coin": bill.coin,
                "type": "deposit",
                "size": _eight(bill.size),
                "status": "success",
                "toAddress": f"sim-{bill.coin.lower()}-{spot.uid}",
                "dest": "on_chain",
                "chain": bill.coin,
                "fromAddress": "sim-external",
                "cTime": str(bill.c_time),
                "uTime": str(bill.c_time),
            }
            for bill in reversed(spot.bills)
            if bill.business_type == "deposit"
            and coin in (None, bill.coin)
            and (start is None or bill.c_time >= start)
            and (end is None or bill.c_time <= end)
        ]
        return rows[:limit]

    # -- withdrawals -------------------------------------------------------------------------------------------

    def withdrawal(self, request: SimRequest) -> dict[str, str]:
        params = Params(request.params)
        uid = self._uid(request)
        coin = params.required("coin").upper()
        params.choice("transferType", ("on_chain", "internal_transfer"), required=True)
        address = params.required("address")
        size = params.positive_decimal("size")
        chain = params.text("chain") or coin
        record = self._wallets.withdraw(
            uid, coin, size, address=address, chain=chain, client_oid=params.text("clientOid") or "",
            now_ms=request.now_ms,
        )  # fmt: skip
        return {"orderId": str(record.order_id), "clientOid": record.client_oid}

    def withdrawal_records(self, request: SimRequest) -> list[dict[str, str]]:
        params = Params(request.params)
        uid = self._uid(request)
        coin = (params.text("coin") or "").upper() or None
        client_oid = params.text("clientOid")
        order_id = params.text("orderId")
        limit = params.limit(default=20, maximum=100)
        rows = [
            _withdrawal_row(w, uid)
            for w in reversed(self._wallets.withdrawals_of(uid))
            if coin in (None, w.coin) and client_oid in (None, w.client_oid) and order_id in (None, str(w.order_id))
        ]
        return rows[:limit]

    def cancel_withdrawal(self, request: SimRequest) -> str:
        params = Params(request.params)
        uid = self._uid(request)
        order_id = params.required("orderId")
        if not any(str(w.order_id) == order_id for w in self._wallets.withdrawals_of(uid)):
            raise SimError("40768", "Order does not exist")
        raise SimError("47003", "The withdrawal has completed and cannot be cancelled")


def _transfer_row(record: Transfer) -> dict[str, str]:
    return {
        "coin": record.coin,
        "status": "Successful",
        "toType": record.to_type,
        "toSymbol": "",
        "fromType": record.from_type,
        "fromSymbol": "",
        "size": _eight(record.size),
        "ts": str(record.ts),
        "clientOid": record.client_oid,
        "transferId": str(record.transfer_id),
    }


def _withdrawal_row(record: Withdrawal, uid: str) -> dict[str, str]:
    fee = record.fee
    return {
        "orderId": str(record.order_id),
        "tradeId": str(record.order_id),
        "coin": record.coin,
        "dest": "on_chain",
        "clientOid": record.client_oid,
        "type": "withdraw",
        "tag": "",
        "size": _eight(record.size),
        "fee": _eight(-fee),
        "status": "success",
        "toAddress": record.address,
        "fromAddress": f"sim-{record.coin.lower()}-{uid}",
        "confirm": "1",
        "chain": record.chain,
        "cTime": str(record.ts),
        "uTime": str(record.ts),
    }
