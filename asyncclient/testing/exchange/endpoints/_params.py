"""Reading request parameters the way the exchange does, answering its codes for missing and invalid values.

40019 "Parameter X cannot be empty" for a missing required value, 40020 "Parameter X error" for a value that
does not parse or is out of its closed set. Values arrive as strings (query) or JSON values (body); both are
accepted.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from ..._routing import SimError

__all__ = ["Params", "invalid", "missing"]


def missing(name: str) -> SimError:
    """The exchange's answer to a required parameter that was not sent."""
    return SimError("40019", f"Parameter {name} cannot be empty")


def invalid(name: str) -> SimError:
    """The exchange's answer to a parameter whose value it cannot use."""
    return SimError("40020", f"Parameter {name} error")


class Params:
    """Typed access to one request's parameters."""

    __slots__ = ("_raw",)

    def __init__(self, raw: Mapping[str, Any]) -> None:
        if not isinstance(raw, Mapping):  # a JSON body that is not an object
            raise SimError("40017", "Parameter verification failed")
        self._raw = raw

    def text(self, name: str) -> str | None:
        """The value as a string; None when absent, null or empty."""
        value = self._raw.get(name)
        if value is None or value == "":
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise invalid(name)
        return value if isinstance(value, str) else str(value)

    def required(self, name: str) -> str:
        value = self.text(name)
        if value is None:
            raise missing(name)
        return value

    def choice(
        self, name: str, choices: Collection[str], *, default: str | None = None, required: bool = False
    ) -> str | None:
        """A value from a closed set, matched case-insensitively and returned in the set's spelling."""
        value = self.required(name) if required else self.text(name)
        if value is None:
            return default
        lowered = value.lower()
        for option in choices:
            if option.lower() == lowered:
                return option
        raise invalid(name)

    def integer(self, name: str, *, default: int | None = None, low: int | None = None) -> int | None:
        """A whole number; below ``low`` or unparsable -> 40020."""
        value = self.text(name)
        if value is None:
            return default
        try:
            number = int(value)
        except ValueError:
            raise invalid(name) from None
        if low is not None and number < low:
            raise invalid(name)
        return number

    def limit(self, name: str = "limit", *, default: int, maximum: int) -> int:
        """A page size: at least 1, capped at the endpoint's maximum as the exchange does."""
        value = self.integer(name, default=default, low=1)
        assert value is not None
        return min(value, maximum)

    def decimal(self, name: str) -> Decimal | None:
        """A finite, non-negative decimal; anything else -> 40020."""
        value = self.text(name)
        if value is None:
            return None
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise invalid(name) from None
        if not number.is_finite() or number < 0:
            raise invalid(name)
        return number

    def positive_decimal(self, name: str) -> Decimal:
        """A required decimal greater than zero."""
        number = self.decimal(name)
        if number is None:
            raise missing(name)
        if number <= 0:
            raise invalid(name)
        return number

    def raw_list(self, name: str) -> list[Any]:
        """A required JSON array (batch endpoints)."""
        value = self._raw.get(name)
        if value is None or value == []:
            raise missing(name)
        if not isinstance(value, list):
            raise invalid(name)
        return value
