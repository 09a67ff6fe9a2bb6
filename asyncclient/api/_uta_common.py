"""Shared by the unified-account (v3) groups: the base with ``_get``/``_post``, input checks, cursor pages.

v3 history endpoints page with an opaque ``cursor``: each answer is ``{"list": [...], "cursor": "..."}`` and
the cursor is passed back to get the next (older) page.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

from .._errors import InputError, InputTypeError
from ..models import Category, OpenEnum, Page, WireModel
from . import _validate as check
from ._common import Time, as_rows, drop_none

__all__ = [
    "UtaGroup",
    "UtaRequester",
    "category",
    "cursor_page",
    "follow_cursor",
    "history_query",
    "ids",
    "optional_category",
    "optional_choice",
    "optional_client_oid",
    "rows_of",
    "uta_client_oid",
    "yes_no",
]

M = TypeVar("M", bound=WireModel)
T = TypeVar("T")

#: What the unified account accepts as a clientOid (the place-order page's pattern).
_UTA_CLIENT_OID = re.compile(r"^[\.A-Z\:/a-z0-9_-]{1,32}$")


class UtaRequester(Protocol):
    """:class:`~asyncclient.api.Requester`, whose POST params may also be a list (v3 batch bodies are arrays)."""

    async def request(
        self,
        method: str,
        path: str,
        params: Mapping[str, Any] | Sequence[Mapping[str, Any]] | None = None,
        *,
        urgent: bool = False,
        timeout: float | None = None,
    ) -> Any: ...


class UtaGroup:
    """The base of the v3 method groups: one requester, and the two verbs."""

    def __init__(self, requester: UtaRequester) -> None:
        self._requester = requester

    async def _get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return await self._requester.request("GET", path, drop_none(params or {}))

    async def _post(self, path: str, params: dict[str, Any] | Sequence[dict[str, Any]], *, urgent: bool = False) -> Any:
        body = drop_none(params) if isinstance(params, dict) else [drop_none(item) for item in params]
        return await self._requester.request("POST", path, body, urgent=urgent)


def category(value: object, name: str = "category", *, futures_only: bool = False) -> str:
    """A :class:`Category` (or its value) as the wire spells it; ``futures_only`` refuses SPOT and MARGIN."""
    member = check.choice(value, Category, name)
    if futures_only and not member.is_futures:
        raise InputError(f"{name} must be a futures category (USDT-FUTURES, COIN-FUTURES, USDC-FUTURES), got {value!r}")
    return member.value


def optional_category(value: object | None, *, futures_only: bool = False) -> str | None:
    return None if value is None else category(value, futures_only=futures_only)


def optional_choice(value: object | None, enum: type[OpenEnum], name: str) -> str | None:
    return None if value is None else check.choice(value, enum, name).value


def uta_client_oid(value: object, name: str = "client_oid") -> str:
    """A clientOid the unified account accepts: 1-32 of letters, digits and ``.:/_-``."""
    if not isinstance(value, str):
        raise InputTypeError(f"{name} must be a string, got {type(value).__name__}")
    if not _UTA_CLIENT_OID.match(value):
        raise InputError(f"{name} must be 1-32 letters, digits or '.:/_-', got {value!r}")
    return value


def optional_client_oid(value: object | None, name: str = "client_oid") -> str | None:
    return None if value is None else uta_client_oid(value, name)


def yes_no(value: object | None, name: str) -> str | None:
    """A boolean flag as the exchange spells it (``yes``/``no``); None leaves it out."""
    if value is None:
        return None
    if not isinstance(value, bool):
        raise InputTypeError(f"{name} must be True, False or None, got {value!r}")
    return "yes" if value else "no"


def ids(order_id: str | None, client_oid: str | None) -> dict[str, str]:
    """``orderId`` or ``clientOid``: exactly one names an order."""
    if (order_id is None) == (client_oid is None):
        raise InputError("pass exactly one of order_id and client_oid")
    if order_id is not None:
        return {"orderId": check.order_id(order_id)}
    return {"clientOid": uta_client_oid(client_oid)}


def history_query(
    start: Time | None, end: Time | None, cursor: str | None, limit: int | None, *, max_limit: int = 100
) -> dict[str, Any]:
    """``startTime``, ``endTime``, ``cursor`` and ``limit`` of a v3 history call."""
    start_ms, end_ms = check.time_window(start, end)
    if cursor is not None and not isinstance(cursor, str):
        raise InputTypeError(f"cursor must be a string, got {type(cursor).__name__}")
    return {
        "startTime": start_ms,
        "endTime": end_ms,
        "cursor": cursor,
        "limit": None if limit is None else check.limit(limit, maximum=max_limit),
    }


def rows_of(data: Any) -> list[Any]:
    """The rows of an answer that is a list, or an object holding one under ``list``."""
    if isinstance(data, Mapping):
        return as_rows(data.get("list"))
    return as_rows(data)


def cursor_page(data: Any, model: type[M]) -> Page[M]:
    """One page of a cursor-paged answer; ``end_id`` is the cursor of the next page (None when there is none)."""
    items = tuple(model.from_wire(row) for row in rows_of(data))
    cursor = data.get("cursor") if isinstance(data, Mapping) else None
    return Page(items, str(cursor) if cursor not in (None, "") and items else None)


async def follow_cursor(fetch: Callable[[str | None], Awaitable[Page[T]]]) -> AsyncIterator[T]:
    """Every item of every page, following each page's cursor until a page has none, is empty, or the cursor
    does not move (so a misbehaving server cannot loop us forever)."""
    cursor: str | None = None
    while True:
        page = await fetch(cursor)
        for item in page:
            yield item
        if not page or page.end_id is None or page.end_id == cursor:
            return
        cursor = page.end_id
