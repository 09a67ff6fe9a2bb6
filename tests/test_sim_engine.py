"""The simulator's one order engine: every ledger's take / rest / cancel decision, and the trigger check."""

from __future__ import annotations

from decimal import Decimal

import pytest

from asyncclient.testing.exchange.state._engine import Fate, decide, reached
from asyncclient.testing.exchange.state._spot_triggers import SpotPlan
from asyncclient.testing.exchange.state._symbols import SPOT_SYMBOLS

BID, ASK = Decimal(100), Decimal(101)


@pytest.mark.parametrize(
    ("is_buy", "market", "force", "price", "fate", "at"),
    [
        (True, True, "gtc", None, Fate.TAKE, ASK),  # market buys pay the ask
        (False, True, "gtc", None, Fate.TAKE, BID),  # market sells get the bid
        (True, False, "gtc", Decimal(102), Fate.TAKE, ASK),  # a crossing limit takes at the quote
        (False, False, "gtc", Decimal(99), Fate.TAKE, BID),
        (True, False, "post_only", Decimal(101), Fate.CANCEL, Decimal(101)),  # post-only never takes
        (True, False, "gtc", Decimal(100), Fate.REST, Decimal(100)),  # below the ask: rests at its price
        (False, False, "gtc", Decimal(101), Fate.REST, Decimal(101)),
        (True, False, "ioc", Decimal(100), Fate.CANCEL, Decimal(100)),  # ioc / fok never rest
        (False, False, "fok", Decimal(101), Fate.CANCEL, Decimal(101)),
        (True, False, "post_only", Decimal(100), Fate.REST, Decimal(100)),
    ],
)
def test_decide(is_buy: bool, market: bool, force: str, price: Decimal | None, fate: Fate, at: Decimal) -> None:
    assert decide(is_buy=is_buy, market=market, force=force, price=price, bid=BID, ask=ASK) == (fate, at)


def _plan(trigger: Decimal, *, rising: bool) -> SpotPlan:
    spec = SPOT_SYMBOLS["BTCUSDT"]
    return SpotPlan(1, "c", spec, "buy", trigger, "market", None, Decimal(1), "amount", "fill_price", rising, 0, 0, 0)


def test_a_trigger_fires_from_the_side_it_was_placed_on_and_moves_its_last_look() -> None:
    def extremes(symbol: str, since: int, until: int) -> tuple[Decimal, Decimal]:
        assert (symbol, since) == ("BTCUSDT", 0)
        return Decimal(90), Decimal(110)

    up, down = _plan(Decimal(110), rising=True), _plan(Decimal(89), rising=False)
    assert reached(extremes, up, 1_000) and up.checked_ms == 1_000
    assert not reached(extremes, down, 1_000) and down.checked_ms == 1_000
