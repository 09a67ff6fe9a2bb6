"""The route table: ``(method, path)`` -> handler, for every endpoint the simulated exchange serves."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .._routing import Handler
from ._common import CommonEndpoints
from ._mix_account import MixAccount
from ._mix_public import MixPublic
from ._mix_trade import MixTrade
from ._spot_account import SpotAccountEndpoints
from ._spot_public import SpotPublic
from ._spot_trade import SpotTrade

__all__ = ["route_table"]


def route_table(
    *,
    common: CommonEndpoints,
    spot_public: SpotPublic,
    mix_public: MixPublic,
    spot_account: SpotAccountEndpoints,
    spot_trade: SpotTrade,
    mix_account: MixAccount,
    mix_trade: MixTrade,
    more: Iterable[Mapping[tuple[str, str], Handler]] = (),
) -> Mapping[tuple[str, str], Handler]:
    """Every served endpoint by method and path (the paths of the endpoint catalogue).

    ``more``: the tables of handler modules that list their own routes (``routes()``), added as they are.
    """
    get: dict[str, Handler] = {
        "/api/v2/public/time": spot_public.server_time,
        "/api/v2/common/trade-rate": common.trade_rate,
        "/api/v2/spot/public/symbols": spot_public.symbols,
        "/api/v2/spot/public/coins": spot_public.coins,
        "/api/v2/margin/currencies": spot_public.margin_currencies,
        "/api/v2/spot/market/tickers": spot_public.tickers,
        "/api/v2/spot/market/orderbook": spot_public.orderbook,
        "/api/v2/spot/market/merge-depth": spot_public.merge_depth,
        "/api/v2/spot/market/candles": spot_public.candles,
        "/api/v2/spot/market/history-candles": spot_public.history_candles,
        "/api/v2/spot/market/fills": spot_public.fills,
        "/api/v2/spot/market/fills-history": spot_public.fills_history,
        "/api/v2/mix/market/contracts": mix_public.contracts,
        "/api/v2/mix/market/ticker": mix_public.ticker,
        "/api/v2/mix/market/tickers": mix_public.tickers,
        "/api/v2/mix/market/merge-depth": mix_public.merge_depth,
        "/api/v2/mix/market/candles": mix_public.candles,
        "/api/v2/mix/market/history-candles": mix_public.history_candles,
        "/api/v2/mix/market/fills": mix_public.fills,
        "/api/v2/mix/market/fills-history": mix_public.fills_history,
        "/api/v2/mix/market/open-interest": mix_public.open_interest,
        "/api/v2/mix/market/current-fund-rate": mix_public.current_fund_rate,
        "/api/v2/mix/market/symbol-price": mix_public.symbol_price,
        "/api/v2/spot/account/info": spot_account.info,
        "/api/v2/spot/account/assets": spot_account.assets,
        "/api/v2/spot/account/bills": spot_account.bills,
        "/api/v2/spot/trade/orderInfo": spot_trade.order_info,
        "/api/v2/spot/trade/unfilled-orders": spot_trade.unfilled_orders,
        "/api/v2/spot/trade/history-orders": spot_trade.history_orders,
        "/api/v2/spot/trade/fills": spot_trade.fills,
        "/api/v2/mix/account/account": mix_account.account,
        "/api/v2/mix/account/accounts": mix_account.accounts,
        "/api/v2/mix/position/all-position": mix_account.all_position,
        "/api/v2/mix/position/single-position": mix_account.single_position,
        "/api/v2/mix/order/detail": mix_trade.detail,
        "/api/v2/mix/order/orders-pending": mix_trade.orders_pending,
        "/api/v2/mix/order/orders-history": mix_trade.orders_history,
        "/api/v2/mix/order/fills": mix_trade.fills,
    }
    post: dict[str, Handler] = {
        "/api/v2/spot/trade/place-order": spot_trade.place_order,
        "/api/v2/spot/trade/batch-orders": spot_trade.batch_orders,
        "/api/v2/spot/trade/cancel-order": spot_trade.cancel_order,
        "/api/v2/spot/trade/batch-cancel-order": spot_trade.batch_cancel_order,
        "/api/v2/spot/trade/cancel-symbol-order": spot_trade.cancel_symbol_order,
        "/api/v2/mix/account/set-leverage": mix_account.set_leverage,
        "/api/v2/mix/account/set-margin-mode": mix_account.set_margin_mode,
        "/api/v2/mix/account/set-position-mode": mix_account.set_position_mode,
        "/api/v2/mix/order/place-order": mix_trade.place_order,
        "/api/v2/mix/order/batch-place-order": mix_trade.batch_place_order,
        "/api/v2/mix/order/cancel-order": mix_trade.cancel_order,
        "/api/v2/mix/order/batch-cancel-orders": mix_trade.batch_cancel_orders,
        "/api/v2/mix/order/cancel-all-orders": mix_trade.cancel_all_orders,
        "/api/v2/mix/order/close-positions": mix_trade.close_positions,
    }
    table: dict[tuple[str, str], Handler] = {("GET", path): handler for path, handler in get.items()}
    table.update({("POST", path): handler for path, handler in post.items()})
    for routes in more:
        table.update(routes)
    return table
