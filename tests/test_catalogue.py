"""The endpoint catalogue: rows, scopes, unknown paths and overrides."""

from __future__ import annotations

import pytest

from asyncclient import RateLimit, Repeat, default_catalogue
from asyncclient._catalogue import MARKET_SCOPE, OVERALL_SCOPE


def test_core_rows_and_scopes() -> None:
    catalogue = default_catalogue()
    place = catalogue["POST /api/v2/spot/trade/place-order"]
    assert place.signed and place.limit == RateLimit(10, 1) and place.repeat is Repeat.PLACE
    # signed budgets belong to the account (UID), and the product line's per-account cap comes on top
    assert place.scopes == (OVERALL_SCOPE, "uid:account:spot", "uid:/api/v2/spot/trade/place-order")
    futures = catalogue["POST /api/v2/mix/order/place-order"]
    assert futures.scopes == (OVERALL_SCOPE, "uid:account:futures", "uid:/api/v2/mix/order/place-order")
    tickers = catalogue["GET /api/v2/spot/market/tickers"]
    assert not tickers.signed and tickers.scopes == (OVERALL_SCOPE, MARKET_SCOPE)
    coins = catalogue["GET /api/v2/spot/public/coins"]
    assert coins.scopes == (OVERALL_SCOPE, MARKET_SCOPE, "ip:/api/v2/spot/public/coins")
    assert catalogue["GET /api/v2/spot/account/info"].limit == RateLimit(1, 1)
    assert len(catalogue) >= 45


def test_scope_limits() -> None:
    catalogue = default_catalogue()
    assert catalogue.scope_limit(OVERALL_SCOPE) == RateLimit(6000, 60)
    assert catalogue.scope_limit(OVERALL_SCOPE).lockout == 300  # once breached: 5 minutes locked out
    assert catalogue.scope_limit(MARKET_SCOPE) == RateLimit(20, 1)
    assert catalogue.scope_limit("ip:/api/v2/spot/public/coins") == RateLimit(3, 1)
    assert catalogue.scope_limit("key:abc123:/api/v2/spot/trade/place-order") == RateLimit(10, 1)
    assert catalogue.scope_limit("uid:123:/api/v2/spot/trade/place-order") == RateLimit(10, 1)


def test_per_account_caps_default_to_the_lowest_tier_and_can_be_raised() -> None:
    catalogue = default_catalogue()
    assert catalogue.scope_limit("uid:123:account:spot") == RateLimit(60, 1)
    assert catalogue.scope_limit("uid:123:account:futures") == RateLimit(60, 1)
    assert catalogue.scope_limit("uid:123:account:uta") == RateLimit(120, 1)
    raised = catalogue.with_limits({"account:futures": RateLimit(100, 1.0)})
    assert raised.scope_limit("uid:1:account:futures") == RateLimit(100, 1)
    assert raised.scope_limit("uid:1:account:spot") == RateLimit(60, 1)
    assert catalogue.without_limits().scope_limit("uid:1:account:spot").limit >= 10**9
    # paths outside the spot and futures lines (earn, broker...) have no per-line cap
    assert catalogue.lookup("POST", "/api/v2/earn/savings/subscribe").scopes[1].startswith("uid:/")


def test_unknown_paths_are_signed_unless_public() -> None:
    catalogue = default_catalogue()
    private = catalogue.lookup("POST", "/api/v2/earn/savings/new-thing")
    assert private.signed and not private.known and private.repeat is Repeat.UNSAFE
    public = catalogue.lookup("GET", "/api/v2/spot/market/new-thing")
    assert not public.signed and public.repeat is Repeat.SAFE and MARKET_SCOPE in public.scopes
    # The lowest documented budget, on a scope of its own (on top of the market budget for public paths).
    assert private.limit == public.limit == RateLimit(1, 10)
    assert catalogue.scope_limit(public.scopes[-1]) == RateLimit(1, 10)


def test_overrides_replace_and_add() -> None:
    base = default_catalogue()
    changed = base.with_limits(
        {
            "POST /api/v2/spot/trade/place-order": RateLimit(1, 1),
            "GET /api/v2/earn/loan/new-thing": RateLimit(2, 1),
            MARKET_SCOPE: RateLimit(10, 1),
        }
    )
    assert changed["POST /api/v2/spot/trade/place-order"].limit == RateLimit(1, 1)
    assert changed["GET /api/v2/earn/loan/new-thing"].signed
    assert changed.scope_limit(MARKET_SCOPE) == RateLimit(10, 1)
    assert base["POST /api/v2/spot/trade/place-order"].limit == RateLimit(10, 1)
    with pytest.raises(ValueError, match="GET /api"):
        base.with_limits({"place-order": RateLimit(1, 1)})


def test_parse_refuses_malformed_tables() -> None:
    from asyncclient._catalogue import parse_catalogue

    good = "method,path,auth,limit,window,repeat\nGET,/api/v2/x,public,5,1,safe\n"
    assert parse_catalogue("# comment\n" + good)[0].limit == RateLimit(5, 1)
    with pytest.raises(ValueError, match="columns"):
        parse_catalogue("verb,path\nGET,/api/v2/x\n")
    with pytest.raises(ValueError, match="row 2 has 5 fields"):
        parse_catalogue("method,path,auth,limit,window,repeat\nGET,/api/v2/x,public,5,1\n")
    with pytest.raises(ValueError, match="malformed"):
        parse_catalogue("method,path,auth,limit,window,repeat\nPUT,/api/v2/x,public,5,1,safe\n")


def test_without_limits_raises_every_budget_and_keeps_the_rows() -> None:
    base = default_catalogue()
    roomy = base.without_limits()
    assert list(roomy) == list(base)
    unlimited = RateLimit(1_000_000_000, 1)
    for key, endpoint in roomy.items():
        original = base[key]
        assert endpoint.limit == unlimited
        assert (endpoint.signed, endpoint.repeat, endpoint.known) == (original.signed, original.repeat, True)
        assert all(roomy.scope_limit(scope) == unlimited for scope in endpoint.scopes)
    assert roomy.market_limit == unlimited and roomy.overall_limit == unlimited
    # Public endpoints with a budget of their own drop it: only the shared market budget is left, raised.
    assert roomy["GET /api/v2/spot/public/coins"].scopes == (OVERALL_SCOPE, MARKET_SCOPE)
    assert roomy.lookup("GET", "/api/v2/spot/market/new-thing").limit == unlimited
    assert base["GET /api/v2/spot/public/coins"].limit == RateLimit(3, 1)
    assert base.scope_limit(OVERALL_SCOPE) == RateLimit(6000, 60)
