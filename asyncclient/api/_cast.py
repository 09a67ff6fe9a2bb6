"""What to make of an answer's ``data``: the ``cast_to`` argument of a group's ``_get`` and ``_post``.

Each helper builds a function from the raw data to the method's return type, so a method declares its answer
(``rows(MarginAsset)``, ``one(Loan)``, ``decimal_at("riskRateRatio")``) rather than converting it by hand. A
shape that does not fit raises :class:`~asyncclient.ResponseFormatError` (the models' own parsing does the same).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from typing import Any, Protocol, TypeVar

from .._errors import ResponseFormatError
from ..models._orders import Page

__all__ = [
    "FromWire",
    "cursor_page",
    "decimal_at",
    "finite_decimal_at",
    "first",
    "id_cursor_page",
    "nothing",
    "one",
    "page_at",
    "parsed_rows",
    "rows",
    "rows_at",
    "rows_at_first",
    "rows_in",
]

M_co = TypeVar("M_co", covariant=True)
M = TypeVar("M")


class FromWire(Protocol[M_co]):
    """A model class: ``Model.from_wire(payload)``."""

    @classmethod
    def from_wire(cls, payload: Any) -> M_co: ...


def _as_rows(data: Any) -> list[Any]:
    """A list answer; ``null`` (or anything else) means no rows."""
    return list(data) if isinstance(data, list) else []


def rows(model: type[FromWire[M]]) -> Callable[[Any], list[M]]:
    """A list answer, each row one ``model``; ``null`` is no rows."""

    def cast(data: Any) -> list[M]:
        return [model.from_wire(row) for row in _as_rows(data)]

    return cast


def rows_at(key: str, model: type[FromWire[M]]) -> Callable[[Any], list[M]]:
    """A list under ``key`` of an object answer (``{"resultList": [...]}``), each row one ``model``."""

    def cast(data: Any) -> list[M]:
        return [model.from_wire(row) for row in _as_rows(data.get(key) if isinstance(data, dict) else None)]

    return cast


def one(model: type[FromWire[M]]) -> Callable[[Any], M]:
    """An object answer as one ``model``."""
    return model.from_wire


def decimal_at(key: str) -> Callable[[Any], Decimal]:
    """One decimal field of an object answer; a missing or unreadable one is a ResponseFormatError."""

    def cast(data: Any) -> Decimal:
        value = data.get(key) if isinstance(data, dict) else None
        try:
            return Decimal(str(value))
        except (InvalidOperation, ValueError):
            raise ResponseFormatError(f"answer field {key} is not a number: {value!r}") from None

    return cast


def nothing(data: Any) -> None:
    """An answer whose data the caller does not need (an acknowledgement)."""
    del data


def rows_in(key: str, model: type[FromWire[M]]) -> Callable[[Any], list[M]]:
    """A list answer, or the list under ``key`` of an object answer (v3 answers either way), each row one ``model``."""

    def cast(data: Any) -> list[M]:
        found = data.get(key) if isinstance(data, dict) else data
        return [model.from_wire(row) for row in _as_rows(found)]

    return cast


def rows_at_first(keys: tuple[str, ...], model: type[FromWire[M]]) -> Callable[[Any], list[M]]:
    """A list under the first of ``keys`` that holds rows (answers that name the list either way)."""

    def cast(data: Any) -> list[M]:
        found = data if isinstance(data, dict) else {}
        for key in keys:
            if found_rows := _as_rows(found.get(key)):
                return [model.from_wire(row) for row in found_rows]
        return []

    return cast


def parsed_rows(parse: Callable[[Any], M]) -> Callable[[Any], list[M]]:
    """A list answer, each row through ``parse`` (a row that is not an object: ``Candle.from_spot_row``)."""

    def cast(data: Any) -> list[M]:
        return [parse(row) for row in _as_rows(data)]

    return cast


def cursor_page(model: type[FromWire[M]]) -> Callable[[Any], Page[M]]:
    """One page of a v3 cursor-paged answer ``{"list": [...], "cursor": "..."}``, each row one ``model``.

    The page's ``end_id`` is the cursor of the next (older) page: None when the answer has none or no rows.
    """
    items_of = rows_in("list", model)

    def cast(data: Any) -> Page[M]:
        items = tuple(items_of(data))
        cursor = data.get("cursor") if isinstance(data, dict) else None
        return Page(items, str(cursor) if cursor not in (None, "") and items else None)

    return cast


def id_cursor_page(parse: Callable[[Any], M], cursor: Callable[[M], str | None]) -> Callable[[Any], Page[M]]:
    """A v2 list answer as one :class:`Page`, each row through ``parse``; the last row's ``cursor`` (its id) is
    the next page's ``idLessThan``."""

    def cast(data: Any) -> Page[M]:
        items = tuple(parse(row) for row in _as_rows(data))
        return Page(items, cursor(items[-1]) if items else None)

    return cast


def page_at(key: str, model: type[FromWire[M]], cursor: str = "endId") -> Callable[[Any], Page[M]]:
    """One :class:`Page`: the rows under ``key``, the next page's cursor under ``cursor`` (None when absent)."""

    def cast(data: Any) -> Page[M]:
        found = data if isinstance(data, dict) else {}
        end_id = found.get(cursor)
        items = tuple(model.from_wire(row) for row in _as_rows(found.get(key)))
        return Page(items, str(end_id) if end_id not in (None, "") else None)

    return cast


def first(model: type[FromWire[M]], missing: str) -> Callable[[Any], M]:
    """The first row of a list answer as one ``model``; an empty list is a ResponseFormatError saying ``missing``."""

    def cast(data: Any) -> M:
        found = _as_rows(data)
        if not found:
            raise ResponseFormatError(missing)
        return model.from_wire(found[0])

    return cast


def finite_decimal_at(key: str) -> Callable[[Any], Decimal]:
    """As :func:`decimal_at`, refusing ``NaN`` and infinities too (an estimate the caller computes with)."""
    read = decimal_at(key)

    def cast(data: Any) -> Decimal:
        value = read(data)
        if not value.is_finite():
            raise ResponseFormatError(f"answer field {key} is not a number: {value!r}")
        return value

    return cast
