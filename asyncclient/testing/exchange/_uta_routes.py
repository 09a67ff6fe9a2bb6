"""The unified-account (v3) side of the simulated exchange: its state, and its routes by method and path."""

from __future__ import annotations

from collections.abc import Mapping

from .._routing import Handler, SimError, SimRequest
from ._accounts import Accounts
from ._ids import IdSequence
from ._markets import Markets
from ._mix_public import MixPublic
from ._spot_public import SpotPublic
from ._uta_account import UtaAccountEndpoints
from ._uta_book import UtaBook
from ._uta_modes import AccountModes
from ._uta_positions import UtaPositions
from ._uta_public import UtaPublic
from ._uta_trade import UtaTrade

__all__ = ["UtaExchange"]


class UtaExchange:
    """The v3 endpoints over the same markets and ledgers as v2, and the mode of every account."""

    def __init__(
        self, markets: Markets, accounts: Accounts, ids: IdSequence, spot_public: SpotPublic, mix_public: MixPublic
    ) -> None:
        self.modes = AccountModes()
        self._markets = markets
        self._accounts = accounts
        self._ids = ids
        self.books: dict[str, UtaBook] = {}
        self.public = UtaPublic(markets, spot_public, mix_public)
        self.trade = UtaTrade(self.book_of)
        self.account = UtaAccountEndpoints(markets, self.book_of, self.modes)
        self.positions = UtaPositions(markets, self.book_of)

    def book_of(self, request: SimRequest) -> UtaBook:
        """The caller's v3 orders, settled up to the request's instant."""
        if request.uid is None:
            raise SimError("40037", "Apikey does not exist", http_status=400)
        book = self.books.get(request.uid)
        if book is None:
            account = self._accounts.existing(request.uid)
            if account is None:
                raise SimError("40037", "Apikey does not exist", http_status=400)
            book = self.books[request.uid] = UtaBook(account, self._markets, self._ids)
        book.settle(request.now_ms)
        return book

    def handlers(self) -> Mapping[tuple[str, str], Handler]:
        """Every v3 route, plus the v2 upgrade endpoints."""
        public, trade, account, positions = self.public, self.trade, self.account, self.positions
        get: dict[str, Handler] = {
            "/api/v3/market/instruments": public.instruments,
            "/api/v3/market/tickers": public.tickers,
            "/api/v3/market/orderbook": public.orderbook,
            "/api/v3/market/candles": public.candles,
            "/api/v3/market/history-candles": public.history_candles,
            "/api/v3/market/fills": public.fills,
            "/api/v3/market/current-fund-rate": public.current_fund_rate,
            "/api/v3/market/history-fund-rate": public.history_fund_rate,
            "/api/v3/market/open-interest": public.open_interest,
            "/api/v3/market/position-tier": public.position_tier,
            "/api/v3/account/assets": account.assets,
            "/api/v3/account/settings": account.settings,
            "/api/v3/account/funding-assets": account.funding_assets,
            "/api/v3/account/fee-rate": account.fee_rate,
            "/api/v3/account/financial-records": account.financial_records,
            "/api/v3/account/deposit-records": account.deposit_records,
            "/api/v3/account/withdrawal-records": account.withdrawal_records,
            "/api/v3/account/switch-status": account.switch_status,
            "/api/v2/spot/account/upgrade-status": account.upgrade_status,
            "/api/v3/trade/order-info": trade.order_info,
            "/api/v3/trade/unfilled-orders": trade.unfilled_orders,
            "/api/v3/trade/history-orders": trade.history_orders,
            "/api/v3/trade/fills": trade.fills,
            "/api/v3/position/current-position": positions.current_position,
            "/api/v3/position/history-position": positions.history_position,
            "/api/v3/trade/unfilled-strategy-orders": positions.unfilled_strategy_orders,
            "/api/v3/trade/history-strategy-orders": positions.history_strategy_orders,
        }
        post: dict[str, Handler] = {
            "/api/v3/account/set-leverage": account.set_leverage,
            "/api/v3/account/set-hold-mode": account.set_hold_mode,
            "/api/v3/account/transfer": account.transfer,
            "/api/v3/account/switch": account.switch,
            "/api/v2/spot/account/upgrade": account.upgrade,
            "/api/v3/trade/place-order": trade.place_order,
            "/api/v3/trade/place-batch": trade.place_batch,
            "/api/v3/trade/cancel-order": trade.cancel_order,
            "/api/v3/trade/cancel-batch": trade.cancel_batch,
            "/api/v3/trade/cancel-symbol-order": trade.cancel_symbol_order,
            "/api/v3/trade/modify-order": trade.modify_order,
            "/api/v3/trade/batch-modify-order": trade.batch_modify_order,
            "/api/v3/trade/close-positions": trade.close_positions,
            "/api/v3/trade/countdown-cancel-all": trade.countdown_cancel_all,
            "/api/v3/trade/place-strategy-order": positions.place_strategy_order,
            "/api/v3/trade/modify-strategy-order": positions.modify_strategy_order,
            "/api/v3/trade/cancel-strategy-order": positions.cancel_strategy_order,
        }
        table: dict[tuple[str, str], Handler] = {("GET", path): handler for path, handler in get.items()}
        table.update({("POST", path): handler for path, handler in post.items()})
        return table
