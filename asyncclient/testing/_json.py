"""JSON for the simulator's wire: orjson when installed (the ``sim`` extra), else the standard library.

Both write the same compact text; Decimals go out as plain decimal strings, as the exchange sends them.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

__all__ = ["DECODE_ERRORS", "dumps", "loads"]


def _default(value: object) -> str:
    if isinstance(value, Decimal):
        return format(value, "f")
    raise TypeError(f"cannot serialize {type(value).__name__}")


def _std_dumps(document: Any) -> bytes:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False, default=_default).encode()


try:
    import orjson
except ImportError:
    dumps = _std_dumps
    loads: Any = json.loads
    DECODE_ERRORS: tuple[type[Exception], ...] = (ValueError, UnicodeDecodeError)
else:

    def dumps(document: Any) -> bytes:
        """Compact UTF-8 JSON."""
        return orjson.dumps(document, default=_default)

    loads = orjson.loads
    DECODE_ERRORS = (orjson.JSONDecodeError, UnicodeDecodeError)
