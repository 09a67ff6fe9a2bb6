"""The v3 (unified trading account) rows of the catalogue against every v3 row of the shared endpoint table.

``samples_v3/endpoints_v3.csv`` is a copy of the v3 rows of ``/work/shared/bitget/endpoints.csv``.
"""

from __future__ import annotations

import csv
from pathlib import Path

from asyncclient import RateLimit, Repeat, default_catalogue
from asyncclient._catalogue import MARKET_SCOPE, OVERALL_SCOPE

_TABLE = Path(__file__).parent / "samples_v3" / "endpoints_v3.csv"

#: Rows whose repeat class is judged differently from the shared table, and why (see catalogue_v3.csv).
_JUDGED = {
    "POST /api/v3/account/set-leverage": Repeat.SAFE,  # writes an explicit value, as v2's row
    "POST /api/v3/trade/place-strategy-order": Repeat.UNSAFE,  # no documented lookup by clientOid
    "POST /api/v3/trade/place-reality-order": Repeat.UNSAFE,  # the same
}
#: Rows without a documented limit, and the budget given instead.
_ASSUMED = {
    "GET /api/v3/market/time": RateLimit(20, 1),
    "GET /api/v3/public/time": RateLimit(20, 1),
    "POST /api/v3/user/modify-sub": RateLimit(10, 1),
}


def _rows() -> list[dict[str, str]]:
    with _TABLE.open(encoding="utf-8") as table:
        return [row for row in csv.DictReader(table) if row["api"] == "v3"]


def test_every_v3_row_is_in_the_catalogue_with_its_budget_auth_and_repeat() -> None:
    catalogue = default_catalogue()
    rows = _rows()
    assert len(rows) == 245
    for row in rows:
        key = f"{row['method']} {row['path']}"
        endpoint = catalogue[key]
        assert endpoint.known, key
        assert endpoint.signed == (row["auth"] == "signed"), key
        expected_limit = _ASSUMED.get(key) or RateLimit(int(row["limit"]), float(row["window_s"]))
        assert endpoint.limit == expected_limit, key
        assert endpoint.repeat is _JUDGED.get(key, Repeat(row["repeat"])), key
        # Public rows are counted per IP, signed ones per key, as the table's limit_per says.
        assert row["limit_per"] in ("", "uid" if endpoint.signed else "ip"), key
    v3_in_catalogue = {key for key in catalogue if " /api/v3/" in key}
    assert v3_in_catalogue == {f"{row['method']} {row['path']}" for row in rows}


def test_v3_market_data_shares_the_v2_market_budget() -> None:
    """Undocumented whether it does: the safe reading is one 20/s budget per IP for v2 and v3 market data."""
    catalogue = default_catalogue()
    v3_tickers = catalogue["GET /api/v3/market/tickers"]
    v2_tickers = catalogue["GET /api/v2/spot/market/tickers"]
    assert MARKET_SCOPE in v3_tickers.scopes and MARKET_SCOPE in v2_tickers.scopes
    oi_limit = catalogue["GET /api/v3/market/oi-limit"]
    assert oi_limit.scopes == (OVERALL_SCOPE, MARKET_SCOPE, "ip:/api/v3/market/oi-limit")


def test_uta_trading_rows() -> None:
    catalogue = default_catalogue()
    place = catalogue["POST /api/v3/trade/place-order"]
    assert place.signed and place.limit == RateLimit(10, 1) and place.repeat is Repeat.PLACE
    assert catalogue["POST /api/v3/trade/place-batch"].repeat is Repeat.BATCH_PLACE
    assert catalogue["POST /api/v3/trade/cancel-order"].repeat is Repeat.CANCEL
    assert catalogue["POST /api/v3/trade/modify-order"].repeat is Repeat.UNSAFE
    assert catalogue["GET /api/v3/trade/order-info"].limit == RateLimit(20, 1)
    assert catalogue["POST /api/v3/trade/countdown-cancel-all"].limit == RateLimit(1, 1)
