"""Wallet endpoints: transfers between the spot, futures (every line), margin (crossed, isolated by ``symbol``)
accounts, deposits, withdrawals. (A little over 300 lines: transfers, deposits and withdrawals share one ledger.)

Transfers move balances at once and keep the documented de-duplication: a repeated ``clientOid`` answers the
transfer it already made. Deposits are the spot ledger's deposit entries (every balance an account was opened
with). Withdrawals leave the spot balance at once, pay a flat fee and show as ``success``; one can be cancelled
only while ``pending``, which a simulated withdrawal never is, so cancelling answers the exchange's refusal.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from .._routing import Handler, SimError, SimRequest
from ._accounts import Accounts
from ._ids import IdSequence
from ._margin import MARGIN_COINS, MarginEndpoints
from ._margin_isolated import IsolatedMarginEndpoints
from ._margin_pairs import MARGIN_PAIRS
from ._params import Params
from ._product_lines import CONTRACTS_BY_LINE

__all__ = ["WalletEndpoints"]

_ACCOUNT_TYPES = ("spot", "usdt_futures", "usdc_futures", "coin_futures", "crossed_margin", "isolated_margin")
#: The futures account types, their product lines and the coins their wallets hold.
_FUTURES_LINES = {"usdt_futures": "USDT-FUTURES", "usdc_futures": "USDC-FUTURES", "coin_futures": "COIN-FUTURES"}
_FUTURES_COINS = {
    kind: tuple(sorted({spec.margin_coin for spec in CONTRACTS_BY_LINE[line].values()}))
    for kind, line in _FUTURES_LINES.items()
}
WITHDRAWAL_FEE = Decimal(1)
_EIGHT = Decimal("1e-8")


@attrs.define
class _Transfer:
    transfer_id: int
    client_oid: str
    coin: str
    size: Decimal
    from_type: str
    to_type: str
    ts: int


@attrs.define
class _Withdrawal:
    order_id: int
    client_oid: str
    coin: str
    size: Decimal
    address: str
    chain: str
    ts: int


def _account_type(params: Params, name: str) -> str:
    """``fromType``/``toType``: the simulator has a spot and a USDT-M futures account."""
    value = params.choice(name, _ACCOUNT_TYPES, required=True)
    assert value is not None
    return value


def _eight(value: Decimal) -> str:
    return format(value.quantize(_EIGHT), "f")


class WalletEndpoints:
    """Handlers of ``/api/v2/spot/wallet/*`` and the transfer records, over the exchange's accounts."""

    def __init__(
        self, accounts: Accounts, ids: IdSequence, margin: MarginEndpoints, isolated: MarginEndpoints | None = None
    ) -> None:
        self._accounts = accounts
        self._ids = ids
        self._margin = margin
        self._isolated = isolated
        self._transfers: dict[str, list[_Transfer]] = {}
        self._withdrawals: dict[str, list[_Withdrawal]] = {}

    def routes(self) -> dict[tuple[str, str], Handler]:
        """The endpoints this module serves, for the route table."""
        return {
            ("POST", "/api/v2/spot/wallet/transfer"): self.transfer,
            ("GET", "/api/v2/spot/wallet/transfer-coin-info"): self.transfer_coins,
            ("GET", "/api/v2/spot/account/transferRecords"): self.transfer_records,
            ("GET", "/api/v2/spot/wallet/deposit-address"): self.deposit_address,
            ("GET", "/api/v2/spot/wallet/deposit-records"): self.deposit_records,
            ("POST", "/api/v2/spot/wallet/withdrawal"): self.withdrawal,
            ("GET", "/api/v2/spot/wallet/withdrawal-records"): self.withdrawal_records,
            ("POST", "/api/v2/spot/wallet/cancel-withdrawal"): self.cancel_withdrawal,
        }

    def _uid(self, request: SimRequest) -> str:
        self._accounts.spot(request)  # settles, and refuses a request without an account
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
        done = self._transfers.setdefault(uid, [])
        if client_oid:
            for earlier in done:
                if earlier.client_oid == client_oid:  # documented: the repeat answers the existing transfer
                    return {"transferId": str(earlier.transfer_id), "clientOid": client_oid}
        if from_type == to_type:
            raise SimError("40020", "Parameter toType error")
        for kind in (from_type, to_type):
            if kind in _FUTURES_COINS and coin not in _FUTURES_COINS[kind]:
                raise SimError("40020", "Parameter coin error")
        if "crossed_margin" in (from_type, to_type) and coin not in MARGIN_COINS:
            raise SimError("40020", "Parameter coin error")
        if "isolated_margin" in (from_type, to_type):
            pair = MARGIN_PAIRS.get((params.text("symbol") or "").upper())
            if pair is None or coin not in (pair.spot.base_coin, pair.spot.quote_coin):
                raise SimError("40020", "Parameter symbol error")
        self._move(request, coin, size, from_type, to_type)
        record = _Transfer(self._ids.next(), client_oid or "", coin, size, from_type, to_type, request.now_ms)
        done.append(record)
        return {"transferId": str(record.transfer_id), "clientOid": record.client_oid}

    def _move(self, request: SimRequest, coin: str, size: Decimal, from_type: str, to_type: str) -> None:
        """Take ``size`` out of ``from_type`` (43012 if it cannot give it) and put it into ``to_type``."""
        spot = self._accounts.spot(request)
        assert request.uid is not None
        account = self._accounts.existing(request.uid)
        assert account is not None
        endpoints, margin = self._margin, self._margin.account(request.uid, request.now_ms)
        if "isolated_margin" in (from_type, to_type) and isinstance(self._isolated, IsolatedMarginEndpoints):
            symbol = str(request.params.get("symbol", "")).upper()
            endpoints, margin = self._isolated, self._isolated.isolated(request.uid, symbol, request.now_ms)
        now = request.now_ms
        if from_type == "spot":
            if spot.balances[coin].available < size:
                raise SimError("43012", "Insufficient balance")
            spot._move(coin, -size, Decimal(0), now, group="transfer", business="transfer_out")
        elif from_type in _FUTURES_LINES:
            futures = account.line(_FUTURES_LINES[from_type])
            futures.settle(now)
            if futures.available(now, coin) < size:
                raise SimError("43012", "Insufficient balance")
            futures.wallets[coin] -= size
            futures.book_bill("", coin, "trans_to_exchange", -size, Decimal(0), now)
        else:
            if endpoints.transferable(margin, coin, now) < size:
                raise SimError("43012", "Insufficient balance")
            margin.book._move(coin, -size, Decimal(0), now, group="transfer", business="transfer_out")
        if to_type == "spot":
            spot._move(coin, size, Decimal(0), now, group="transfer", business="transfer_in")
        elif to_type in _FUTURES_LINES:
            futures = account.line(_FUTURES_LINES[to_type])
            futures.wallets[coin] = futures.wallets.get(coin, Decimal(0)) + size
            futures.book_bill("", coin, "trans_from_exchange", size, Decimal(0), now)
        else:
            margin.balances[coin].c_time = margin.balances[coin].c_time or now
            margin.book._move(coin, size, Decimal(0), now, group="transfer", business="transfer_in")

    def transfer_coins(self, request: SimRequest) -> list[str]:
        params = Params(request.params)
        self._uid(request)
        from_type = _account_type(params, "fromType")
        to_type = _account_type(params, "toType")
        for kind in (from_type, to_type):
            if kind in _FUTURES_COINS:
                return list(_FUTURES_COINS[kind])
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
            for t in reversed(self._transfers.get(uid, []))
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
        spot = self._accounts.spot(request)
        fee = WITHDRAWAL_FEE if coin == "USDT" else Decimal(0)
        if spot.balances[coin].available < size + fee:
            raise SimError("43012", "Insufficient balance")
        spot._move(coin, -size, -fee, request.now_ms, group="withdraw", business="withdraw")
        record = _Withdrawal(
            self._ids.next(), params.text("clientOid") or "", coin, size, address, chain, request.now_ms
        )
        self._withdrawals.setdefault(uid, []).append(record)
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
            for w in reversed(self._withdrawals.get(uid, []))
            if coin in (None, w.coin) and client_oid in (None, w.client_oid) and order_id in (None, str(w.order_id))
        ]
        return rows[:limit]

    def cancel_withdrawal(self, request: SimRequest) -> str:
        params = Params(request.params)
        uid = self._uid(request)
        order_id = params.required("orderId")
        if not any(str(w.order_id) == order_id for w in self._withdrawals.get(uid, [])):
            raise SimError("40768", "Order does not exist")
        raise SimError("47003", "The withdrawal has completed and cannot be cancelled")


def _transfer_row(record: _Transfer) -> dict[str, str]:
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


def _withdrawal_row(record: _Withdrawal, uid: str) -> dict[str, str]:
    fee = WITHDRAWAL_FEE if record.coin == "USDT" else Decimal(0)
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
