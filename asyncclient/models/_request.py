"""The base of every request model: fields validated by their attrs converters, written in the exchange's keys.

A request model declares each parameter once, with the check that validates it and the key the exchange reads
(``coin: str = attrs.field(converter=checks.coin, metadata=param("coin"))``). Building the model runs the checks,
so a bad value raises :class:`~asyncclient.InputError` before anything is sent; ``to_wire()`` gives the
parameters as sent, unset ones left out (the exchange reads a missing key as "no filter").
"""

from __future__ import annotations

import enum
import time
from datetime import datetime
from decimal import Decimal
from typing import Any, ClassVar, Self

import attrs

from ._checks import client_oid, coin, limit, order_id, symbol, time_ms, time_window
from ._convert import decimal_to_wire

__all__ = [
    "CoinFilter",
    "CoinQuery",
    "CoinRecordsQuery",
    "SymbolFilter",
    "SymbolQuery",
    "WindowQuery",
    "WireRequest",
    "optional_client_oid",
    "optional_coin",
    "optional_end",
    "optional_id_less_than",
    "optional_limit_100",
    "optional_limit_500",
    "optional_order_id",
    "optional_start",
    "optional_symbol",
    "param",
]

_PARAM_KEY = "asyncclient.param"


def param(key: str) -> dict[str, Any]:
    """Field metadata: the exchange's name of this parameter (``attrs.field(metadata=param("borrowAmount"))``)."""
    return {_PARAM_KEY: key}


_KEYS: dict[type, tuple[tuple[str, str], ...]] = {}


def _keys(cls: type[WireRequest]) -> tuple[tuple[str, str], ...]:
    """(attribute, wire key) of each parameter of ``cls``, computed once per class."""
    keys = _KEYS.get(cls)
    if keys is None:
        keys = _KEYS[cls] = tuple(
            (field.name, field.metadata.get(_PARAM_KEY, field.name)) for field in attrs.fields(cls)
        )
    return keys


def _wire_value(value: object) -> object:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Decimal):
        return decimal_to_wire(value)
    if isinstance(value, datetime):
        return int(value.timestamp() * 1000)
    return value


@attrs.frozen(kw_only=True)
class WireRequest:
    """Parameters of one call, checked when built; :meth:`to_wire` is what goes on the wire."""

    #: Parameters the exchange requires that the caller never chooses (e.g. ``{"type": "step0"}``).
    fixed: ClassVar[dict[str, object]] = {}

    def to_wire(self) -> dict[str, Any]:
        """The exchange's parameters: wire keys, decimal strings, epoch ms; unset (None) ones dropped."""
        params: dict[str, Any] = dict(self.fixed)
        for name, key in _keys(type(self)):
            value = getattr(self, name)
            if value is not None:
                params[key] = _wire_value(value)
        return params


# -- converters shared by the request models: named functions, so mypy's attrs plugin reads their types --


def optional_coin(value: object) -> str | None:
    """A coin, or None for "every coin"."""
    return None if value is None else coin(value)


def optional_start(value: object) -> int | None:
    """The start of a window: epoch ms (int or aware datetime), or None."""
    return None if value is None else time_ms(value, "start")


def optional_end(value: object) -> int | None:
    """The end of a window: epoch ms (int or aware datetime), or None."""
    return None if value is None else time_ms(value, "end")


def optional_limit_100(value: object) -> int | None:
    """A page size of 1 to 100, or None for the exchange's default."""
    return None if value is None else limit(value, maximum=100)


def optional_limit_500(value: object) -> int | None:
    """A page size of 1 to 500, or None for the exchange's default."""
    return None if value is None else limit(value, maximum=500)


@attrs.frozen(kw_only=True)
class CoinQuery(WireRequest):
    """One coin (required)."""

    coin: str = attrs.field(converter=coin)


@attrs.frozen(kw_only=True)
class CoinRecordsQuery(WireRequest):
    """Records of one coin (or every coin) in a time window, newest first."""

    #: The longest window one query may span (None: no limit).
    max_span_ms: ClassVar[int | None] = None

    coin: str | None = attrs.field(default=None, converter=optional_coin)
    start: int | None = attrs.field(default=None, converter=optional_start, metadata=param("startTime"))
    end: int | None = attrs.field(default=None, converter=optional_end, metadata=param("endTime"))
    limit: int | None = attrs.field(default=None, converter=optional_limit_500)

    def __attrs_post_init__(self) -> None:
        time_window(self.start, self.end, max_span_ms=self.max_span_ms)


def optional_symbol(value: object) -> str | None:
    """A symbol, or None for "every symbol"."""
    return None if value is None else symbol(value)


def optional_client_oid(value: object) -> str | None:
    """A client order id, or None."""
    return None if value is None else client_oid(value)


def optional_order_id(value: object) -> str | None:
    """An order id, or None."""
    return None if value is None else order_id(value)


def optional_id_less_than(value: object) -> str | None:
    """The ``idLessThan`` cursor of a list (rows older than that id), or None for the newest."""
    return None if value is None else order_id(value, "id_less_than")


@attrs.frozen(kw_only=True)
class CoinFilter(WireRequest):
    """One coin, or None for every coin."""

    coin: str | None = attrs.field(default=None, converter=optional_coin)


@attrs.frozen(kw_only=True)
class SymbolQuery(WireRequest):
    """One symbol (required)."""

    symbol: str = attrs.field(converter=symbol)


@attrs.frozen(kw_only=True)
class SymbolFilter(WireRequest):
    """One symbol, or None for every symbol."""

    symbol: str | None = attrs.field(default=None, converter=optional_symbol)


@attrs.frozen(kw_only=True)
class WindowQuery(WireRequest):
    """A query over a time window (start <= end, at most ``max_span_ms`` apart); subclasses add the filters."""

    #: The longest window one query may span (None: no limit).
    max_span_ms: ClassVar[int | None] = None

    start: int | None = attrs.field(default=None, converter=optional_start, metadata=param("startTime"))
    end: int | None = attrs.field(default=None, converter=optional_end, metadata=param("endTime"))

    def __attrs_post_init__(self) -> None:
        time_window(self.start, self.end, max_span_ms=self.max_span_ms)

    def widest(self, *, with_end: bool = False) -> Self:
        """This query with an unset start at the widest window before ``end`` (or now).

        For endpoints that require ``startTime``; ``with_end`` also sets an unset end to now, for those that
        require both ends.
        """
        if self.start is not None and (self.end is not None or not with_end):
            return self
        end = self.end if self.end is not None else int(time.time() * 1000)
        start = self.start if self.start is not None else end - (self.max_span_ms or 0)
        return attrs.evolve(self, start=start, end=end if with_end else self.end)
