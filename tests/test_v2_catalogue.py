"""The catalogue against the facts: every v2 row of the team's endpoint table with its budget and auth.

``samples/endpoints_v2.csv`` is a copy of the v2 rows of ``shared/bitget/endpoints.csv`` (the facts gathered from the
exchange's docs), kept in the repository so that a clone alone runs the suite.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from _endpoints_page import PAGE, render

from asyncclient import RateLimit, Repeat, default_catalogue

_FACTS = Path(__file__).parent / "samples" / "endpoints_v2.csv"
#: Rows whose repeat class is judged differently from the facts' first reading, and why.
_JUDGED = {
    # Setting leverage to a value twice leaves the same state.
    "POST /api/v2/mix/account/set-leverage": Repeat.SAFE,
    "POST /api/v2/mix/account/set-all-leverage": Repeat.SAFE,
}
#: Rows without a documented budget, and the one the catalogue gives them.
_UNDOCUMENTED = {"GET /api/v2/mix/market/long-short-ratio": (RateLimit(1, 1), "ip")}


def _facts() -> list[dict[str, str]]:
    with _FACTS.open(encoding="utf-8") as table:
        return [row for row in csv.DictReader(table) if row["api"] == "v2"]


def test_every_v2_row_with_its_budget_auth_scope_and_repeat_class() -> None:
    catalogue = default_catalogue()
    facts = _facts()
    assert len(facts) == 335
    for row in facts:
        key = f"{row['method']} {row['path']}"
        assert key in catalogue, key
        endpoint = catalogue[key]
        assert endpoint.signed == (row["auth"] == "signed"), key
        if key in _UNDOCUMENTED:
            assert (endpoint.limit, endpoint.per) == _UNDOCUMENTED[key]
        else:
            assert endpoint.limit == RateLimit(int(row["limit"]), float(row["window_s"])), key
            assert endpoint.per == row["limit_per"], key
        assert endpoint.repeat is _JUDGED.get(key, Repeat(row["repeat"])), key
    v2 = [key for key in catalogue if key.split(" ", 1)[1].startswith("/api/v2/")]
    assert len(v2) == len(facts)  # nothing the facts do not know


def test_the_rows_that_disagreed_with_the_docs() -> None:
    catalogue = default_catalogue()
    assert catalogue["GET /api/v2/spot/market/fills"].limit == RateLimit(10, 1)
    assert catalogue["GET /api/v2/spot/market/fills"].per == "ip"
    assert catalogue["POST /api/v2/spot/wallet/withdrawal"].limit == RateLimit(5, 1)
    assert catalogue["POST /api/v2/spot/wallet/withdrawal"].repeat is Repeat.UNSAFE
    assert catalogue["POST /api/v2/spot/wallet/transfer"].repeat is Repeat.PLACE
    assert catalogue["GET /api/v2/mix/account/sub-account-assets"].limit == RateLimit(1, 10)


def test_placing_rows_name_a_lookup_that_is_in_the_catalogue() -> None:
    catalogue = default_catalogue()
    for key, endpoint in catalogue.items():
        if endpoint.lookup is not None:
            assert all(f"GET {part}" in catalogue for part in endpoint.lookup.split("|")), key
            assert endpoint.repeat in (Repeat.PLACE, Repeat.BATCH_PLACE, Repeat.CANCEL), key
    assert catalogue["POST /api/v2/spot/trade/place-order"].lookup == "/api/v2/spot/trade/orderInfo"
    assert catalogue["POST /api/v2/mix/order/click-backhand"].lookup == "/api/v2/mix/order/detail"
    # Every placing endpoint, v2 and v3, has a way to look its order up: exactly-once, never a blind re-send. The
    # lookup comes from the catalogue alone (order safety never guesses it from the path).
    placing = [e for e in catalogue.values() if e.repeat in (Repeat.PLACE, Repeat.BATCH_PLACE)]
    assert len(placing) >= 15 and all(e.lookup for e in placing), [e.key for e in placing if not e.lookup]
    assert catalogue["POST /api/v3/trade/place-order"].lookup == "/api/v3/trade/order-info"


def test_the_endpoints_page_matches_the_catalogue() -> None:
    page = PAGE.read_text(encoding="utf-8")
    assert page == render(default_catalogue()), "run: python tests/_endpoints_page.py"
    assert page.count("\n| GET ") + page.count("\n| POST ") == len(default_catalogue())


def test_parse_reads_the_per_and_lookup_columns() -> None:
    from asyncclient._catalogue import parse_catalogue

    text = "method,path,auth,limit,window,per,repeat,lookup\nPOST,/api/v2/x,signed,5,1,ip,place,/api/v2/y\n"
    (row,) = parse_catalogue(text)
    assert (row.per, row.lookup, row.repeat) == ("ip", "/api/v2/y", Repeat.PLACE)
    with pytest.raises(ValueError, match="malformed"):
        parse_catalogue(text.replace(",ip,", ",key,"))
    # The short form without the optional columns still reads; per follows auth.
    (short,) = parse_catalogue("method,path,auth,limit,window,repeat\nGET,/api/v2/x,signed,5,1,safe\n")
    assert (short.per, short.lookup) == ("uid", None)


def test_every_path_the_simulator_serves_has_its_documented_budget() -> None:
    from asyncclient.testing import Simulator

    catalogue = default_catalogue()
    routes = Simulator().app.routes
    assert len(routes) >= 100
    for (method, path), route in routes.items():
        key = f"{method} {path}"
        assert key in catalogue, key  # the simulator serves no path the catalogue does not know
        assert route.endpoint == catalogue[key], key
    served = set(routes)
    for key in ("POST /api/v2/margin/crossed/account/borrow", "POST /api/v2/spot/trade/place-plan-order"):
        method, path = key.split(" ")
        assert (method, path) in served
    assert routes[("POST", "/api/v2/spot/wallet/withdrawal")].endpoint.limit == RateLimit(5, 1)
