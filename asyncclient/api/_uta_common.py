"""The base of the unified-account (v3) groups: :class:`Group`, plus JSON-array bodies and cursor paging.

v3 batch bodies are JSON arrays (one item per order, each with its own category and symbol): ``_post_items``
sends one, as ``Group._post`` sends an object. v3 history endpoints page with an opaque ``cursor``: each answer is
``{"list": [...], "cursor": "..."}`` and the cursor is passed back to get the next (older) page; ``_pages`` follows
it, sending the caller's options with every page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import attrs

from ..models import _checks as checks
from ..models._uta_queries import CursorQuery
from ._base import CallOptions, Group, _with_default
from ._cast import FromWire, cursor_page

if TYPE_CHECKING:
    from .._retry import RetryPolicy

__all__ = ["UtaGroup", "UtaRequester", "WireItems", "page_limit"]

T = TypeVar("T")
M = TypeVar("M")


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
        retry: RetryPolicy | None = None,
    ) -> Any: ...


class WireItems(Protocol):
    """A batch request model: its wire form is a JSON array."""

    def to_wire(self) -> Sequence[Mapping[str, Any]]: ...


def page_limit(value: object) -> int:
    """The page size of an ``iter_*`` method (1 to 100)."""
    return checks.limit(value, "page_size", maximum=100)


class UtaGroup(Group):
    """The base of the v3 method groups: :class:`Group` over a requester that also sends JSON arrays."""

    _requester: UtaRequester

    def __init__(self, requester: UtaRequester) -> None:
        super().__init__(requester)

    async def _post_items(
        self, path: str, items: WireItems, cast_to: Callable[[Any], T], options: CallOptions, *, urgent: bool = False
    ) -> T:
        """POST ``path`` with the JSON array ``items.to_wire()`` as its body; the answer through ``cast_to``."""
        data = await self._requester.request("POST", path, items.to_wire(), **_with_default(options, urgent))
        return cast_to(data)

    async def _pages(
        self, path: str, query: CursorQuery, model: type[FromWire[M]], options: CallOptions
    ) -> AsyncIterator[M]:
        """Every item of every page of ``query``, newest first, following each page's cursor until a page has
        none, is empty, or the cursor does not move (so a misbehaving server cannot loop us forever)."""
        cast = cursor_page(model)
        cursor: str | None = None
        while True:
            page = await self._get(path, attrs.evolve(query, cursor=cursor), cast, options)
            for item in page:
                yield item
            if not page or page.end_id is None or page.end_id == cursor:
                return
            cursor = page.end_id
