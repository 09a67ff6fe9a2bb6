"""A griffe extension that fills the API reference from what the code already says, without new docstrings.

- attrs models: an "Attributes" table of their fields (type, the ``#:`` comment above the field, the exchange's
  own field name from the ``wire(...)`` metadata, units for ``*_ms`` times), instead of one bare heading each;
- enums: their members and each member's value on the wire;
- exceptions: the attributes a handler reads (``code``, ``http_status``, ``retry_after``...);
- methods and the client's constructor: a "Parameters" table, from the signature and a glossary of the names the
  typed API shares (``symbol``, ``granularity``, ``client_oid``...);
- Sphinx roles (``:class:`X```) become code spans, since the site is Markdown.

Loaded by mkdocstrings (``extensions`` in mkdocs.yml); runs at build time only, never imported by the library.
Over 300 lines only because of its two glossaries (parameter and field names), which are data.
"""

from __future__ import annotations

import enum
import importlib
import re
from pathlib import Path
from typing import Any

import attrs
import griffe

_ROLE = re.compile(r":(?:class|meth|func|data|attr|exc|mod|obj):`~?([^`]+)`")
_WIRE_KEY = "asyncclient.wire"

#: What the typed API's shared parameter names mean.
PARAMETERS = {
    "symbol": "The trading pair or contract, like `BTCUSDT` (upper case, no separator).",
    "granularity": (
        "Candle length: a `Granularity`, or either product's spelling (`1m`/`1min`, `1h`/`1H`, `1d`/`1day`)."
    ),
    "start": "Start of the time window: epoch milliseconds or a timezone-aware `datetime`.",
    "end": "End of the time window: epoch milliseconds or a timezone-aware `datetime`.",
    "limit": "How many items the exchange returns at most (its own maximum is given in the description).",
    "page_size": "Items asked for per request while paging.",
    "order_id": "The exchange's order id (give it or `client_oid`, not both).",
    "client_oid": "Your own order id (1-64 of letters, digits, `-_#:.`); set for you on placements when absent.",
    "order_ids": "Exchange order ids.",
    "client_oids": "Your own order ids.",
    "side": "`buy` or `sell` (a `Side`).",
    "order_type": "`limit` or `market` (an `OrderType`).",
    "size": "Quantity as `Decimal`, `int` or numeric string (never a float): base coin; a spot market buy spends "
    "this much quote coin.",
    "price": "Limit price as `Decimal`, `int` or numeric string; required for limit orders.",
    "force": "Time in force: `gtc`, `post_only`, `fok` or `ioc` (a `Force`).",
    "stp_mode": "Self-trade prevention (a `StpMode`).",
    "preset_take_profit_price": "Take-profit trigger price attached to the order.",
    "preset_stop_loss_price": "Stop-loss trigger price attached to the order.",
    "orders": "The orders of a batch (at most 50), as request models.",
    "raise_on_failure": "Raise `BatchError` if any item was refused, instead of returning it in `failed`.",
    "coin": "A coin, like `USDT`.",
    "margin_coin": "The margin coin (defaults to the product line's: `USDT`, `USDC`; required for coin-margined).",
    "margin_mode": "`crossed` or `isolated` (a `MarginMode`).",
    "trade_side": "`open` or `close`, in hedge mode (a `TradeSide`).",
    "reduce_only": "Only reduce a position, in one-way mode.",
    "hold_side": "`long` or `short` (a `HoldSide`).",
    "leverage": "Leverage, a whole number.",
    "position_mode": "`one_way_mode` or `hedge_mode` (a `PositionMode`).",
    "product_type": "The futures product line (a `ProductType`), like `USDT-FUTURES`.",
    "id_less_than": "Paging cursor: items older than this id (the previous page's `end_id`).",
    "group_type": "The exchange's bill group filter.",
    "business_type": "The exchange's bill business-type filter.",
    "method": "`GET` or `POST`.",
    "path": "The endpoint's path, like `/api/v2/spot/market/tickers` (no query string).",
    "params": "Query parameters for GET, JSON body for POST.",
    "urgent": "Go ahead of calls waiting on the same rate-limit budget (cancels use it).",
    "timeout": "Seconds per attempt (connect, write, read); positive.",
    "retry": "The retry policy for this call (default: the client's).",
    # Client(...)
    "api_key": "The API key (or `BITGET_API_KEY`); leave all credentials out for public endpoints only.",
    "api_secret": "The HMAC secret (or `BITGET_API_SECRET`).",
    "passphrase": "The key's passphrase (or `BITGET_PASSPHRASE`).",
    "private_key": "An RSA private key in PEM, instead of `api_secret` (or `BITGET_PRIVATE_KEY`).",
    "base_url": "The exchange's root, scheme and host only (default `https://api.bitget.com`).",
    "locale": "Language of the exchange's messages (`locale` header), like `en-US`.",
    "demo_trading": "Send `paptrading: 1`: Bitget's demo trading.",
    "limits": "Rate limits to override, by scope name.",
    "catalogue": "The endpoint catalogue (signing, budgets, retry rule per path).",
    "limiter": "A rate limiter to use instead of the built-in strict-window one (e.g. a Redis-shared one).",
    "clock": "A clock to time signed requests instead of the built-in server clock.",
    "clock_sync_interval": "Seconds between background syncs with the server's clock.",
    "sync_clock": "Time signed requests by the server's clock (False: the local clock).",
    "retry_budget": "The budget of retries shared by every call of the client.",
    "transport": "An httpx transport (the simulator's, a mock); default: httpx's own.",
    "fast_transport": "Send through aiohttp directly (asyncio only; the `fast` extra).",
    "credentials_from_env": "Read missing credentials from the `BITGET_*` environment variables.",
}

#: What the models' most common field names mean (a ``#:`` comment in the code takes precedence).
FIELDS = {
    "extra": "Keys of the answer this model does not know, kept as sent (a new exchange field never breaks parsing)",
    "symbol": "The trading pair or contract, like `BTCUSDT`",
    "size": "Quantity, in the base coin (a spot market buy: the quote amount)",
    "price": "Price, in the quote coin",
    "side": "`buy` or `sell`",
    "order_id": "The exchange's order id",
    "client_oid": "Your own order id (`clientOid`)",
    "trade_id": "The exchange's trade id",
    "order_type": "`limit` or `market`",
    "status": "State as the exchange reports it",
    "force": "Time in force",
    "created_ms": "When it was created",
    "updated_ms": "When it last changed",
    "timestamp_ms": "When the exchange took this snapshot",
    "open_time_ms": "When the candle opens",
    "last_price": "Price of the last trade",
    "bid_price": "Best bid price",
    "ask_price": "Best ask price",
    "bid_size": "Size at the best bid",
    "ask_size": "Size at the best ask",
    "open_price": "Price 24 hours ago (the window's open)",
    "open": "Price at the open",
    "high": "Highest price",
    "low": "Lowest price",
    "close": "Price at the close (the last, for an open candle)",
    "high_24h": "Highest price over 24 hours",
    "low_24h": "Lowest price over 24 hours",
    "base_volume": "Volume in the base coin",
    "quote_volume": "Volume in the quote coin",
    "usdt_volume": "Volume in USDT",
    "coin": "The coin, like `USDT`",
    "base_coin": "The coin bought or sold, like `BTC` in BTCUSDT",
    "quote_coin": "The coin prices are in, like `USDT` in BTCUSDT",
    "available": "Free to use",
    "locked": "Locked (withdrawals in progress, for example)",
    "frozen": "Held by open orders",
    "margin_coin": "The margin coin",
    "margin_mode": "`crossed` or `isolated`",
    "position_mode": "`one_way_mode` or `hedge_mode`",
    "leverage": "Leverage",
    "mark_price": "Mark price (liquidations and unrealized PnL use it)",
    "funding_rate": "Funding rate of the current period (0.0001 is 0.01 %)",
    "unrealized_pnl": "Unrealized profit and loss, in the margin coin",
    "price_avg": "Average fill price",
    "total_fee": "Fees paid, in total",
    "fee": "Fee",
    "maker_fee_rate": "Maker fee rate (0.001 is 0.1 %)",
    "taker_fee_rate": "Taker fee rate (0.001 is 0.1 %)",
    "reduce_only": "Only reduces a position",
    "trade_side": "`open` or `close` (hedge mode)",
    "user_id": "The account's user id",
    "min_trade_usdt": "Smallest order value, in USDT",
    "price_precision": "Decimal places of a price",
    "quantity_precision": "Decimal places of a size",
}

#: What the error attributes a handler reads mean.
ERROR_ATTRIBUTES = {
    "method": "HTTP method of the failed call.",
    "path": "Path of the failed call.",
    "http_status": "HTTP status of the exchange's answer.",
    "code": "The exchange's error code (a string like `40034`), or None.",
    "message": "The exchange's message.",
    "request_time": "The exchange's `requestTime` of the answer, epoch ms, when it sent one.",
    "maybe_sent": "False only when the request certainly never reached the exchange (a connect error).",
    "retry_after": "Seconds the exchange asked to wait (`Retry-After`), or None.",
    "client_oids": "The client order ids whose outcome is unknown: look them up.",
    "attempts": "Every attempt made before the error was final (action, error, status).",
    "body": "The raw body of the answer (cut to 2,000 characters); the exchange never echoes credentials.",
    "failed": "The refused items of a batch.",
    "succeeded": "The accepted items of a batch.",
}


def _plain_roles(text: str) -> str:
    return _ROLE.sub(lambda match: f"`{match.group(1).rsplit('.', 1)[-1]}`", text)


def _runtime(obj: griffe.Object) -> Any:
    try:
        return getattr(importlib.import_module(obj.module.path), obj.name)
    except (ImportError, AttributeError):
        return None


def _source_lines(obj: griffe.Object) -> list[str]:
    path = obj.filepath
    if isinstance(path, list) or path is None:
        return []
    return Path(path).read_text(encoding="utf-8").splitlines()


def _comment_of(member: griffe.Object, lines: list[str]) -> str:
    """The ``#:`` comment block right above a member, or its trailing ``# ...`` comment."""
    if member.lineno is None or not lines:
        return ""
    index = member.lineno - 2
    block: list[str] = []
    while index >= 0 and lines[index].strip().startswith("#:"):
        block.insert(0, lines[index].strip()[2:].strip())
        index -= 1
    if block:
        return " ".join(block)
    line = lines[member.lineno - 1]
    if "  # " in line:
        return line.split("  # ", 1)[1].strip()
    return ""


def _escape(text: str) -> str:
    return text.replace("\n", " ").strip()


def _set_docstring(obj: griffe.Object, text: str) -> None:
    if obj.docstring is None:
        obj.docstring = griffe.Docstring(text, parent=obj, parser="google")
    else:
        obj.docstring.value = text


def _field_line(name: str, annotation: str, comment: str, wire_keys: tuple[str, ...]) -> str:
    comment = comment or FIELDS.get(name, "")
    parts = [comment.rstrip(".") + "." if comment else ""]
    if name.endswith("_ms") and "epoch" not in comment:
        parts.append("Epoch milliseconds (UTC).")
    if wire_keys:
        parts.append("The exchange's " + " or ".join(f"`{key}`" for key in wire_keys) + ".")
    return f"    {name} ({annotation}): {_escape(' '.join(part for part in parts if part))}"


def _document_attrs_class(cls: griffe.Class, runtime: type) -> None:
    lines = _source_lines(cls)
    entries = []
    for field in attrs.fields(runtime):
        if field.name.startswith("_"):
            continue
        member = cls.members.get(field.name)
        annotation = str(member.annotation) if isinstance(member, griffe.Attribute) and member.annotation else "Any"
        comment = _comment_of(member, lines) if isinstance(member, griffe.Object) else ""
        if isinstance(member, griffe.Attribute) and member.docstring is not None:
            comment = member.docstring.value
        wire_keys: tuple[str, ...] = tuple(field.metadata.get(_WIRE_KEY, ((),))[0])
        entries.append(_field_line(field.name, annotation, comment, wire_keys))
        if isinstance(member, griffe.Attribute):
            del cls.members[field.name]  # shown in the table instead
    if entries:
        base = cls.docstring.value if cls.docstring else ""
        _set_docstring(cls, f"{base}\n\nAttributes:\n" + "\n".join(entries))


def _document_enum(cls: griffe.Class, runtime: type[enum.Enum]) -> None:
    lines = _source_lines(cls)
    entries = []
    for name, member in runtime.__members__.items():
        documented = cls.members.get(name)
        comment = _comment_of(documented, lines) if isinstance(documented, griffe.Object) else ""
        text = f"`{member.value!r}` on the wire." + (f" {comment.rstrip('.')}." if comment else "")
        entries.append(f"    {name}: {_escape(text)}")
        if isinstance(documented, griffe.Attribute):
            del cls.members[name]
    if entries:
        base = cls.docstring.value if cls.docstring else ""
        _set_docstring(cls, f"{base}\n\nAttributes:\n" + "\n".join(entries))


def _document_error(cls: griffe.Class) -> None:
    names = [
        name
        for name, member in cls.all_members.items()
        if not name.startswith("_") and name in ERROR_ATTRIBUTES and not isinstance(member, griffe.Function)
    ]
    shown = [name for name in ERROR_ATTRIBUTES if name in names]
    if not shown:
        return
    init = cls.all_members.get("__init__")
    types = {}
    if isinstance(init, griffe.Function):
        types = {p.name: str(p.annotation) for p in init.parameters if p.annotation is not None}
    entries = [
        f"    {name} ({types[name]}): {ERROR_ATTRIBUTES[name]}"
        if name in types
        else f"    {name}: {ERROR_ATTRIBUTES[name]}"
        for name in shown
    ]
    base = cls.docstring.value if cls.docstring else ""
    if "Attributes:" not in base:
        _set_docstring(cls, f"{base}\n\nAttributes:\n" + "\n".join(entries))
    for name in shown:
        if isinstance(cls.members.get(name), griffe.Attribute):
            del cls.members[name]


def _document_parameters(function: griffe.Function) -> None:
    base = function.docstring.value if function.docstring else ""
    if "Args:" in base or "Parameters:" in base:
        return
    entries = []
    for parameter in function.parameters:
        if parameter.name in ("self", "cls") or parameter.name.startswith("_"):
            continue
        meaning = PARAMETERS.get(parameter.name)
        if meaning is None:
            continue
        entries.append(f"    {parameter.name}: {meaning}")
    if entries:
        _set_docstring(function, f"{base}\n\nArgs:\n" + "\n".join(entries))


class AsyncclientReference(griffe.Extension):
    """Fills models, enums, errors and parameters in asyncclient's API reference (see the module docstring)."""

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        if pkg.name != "asyncclient":
            return
        seen: set[int] = set()
        self._walk(pkg, seen)

    def _walk(self, obj: griffe.Object, seen: set[int]) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        for member in list(obj.members.values()):
            if isinstance(member, griffe.Alias):
                continue
            self._walk(member, seen)
        if isinstance(obj, griffe.Class):
            runtime = _runtime(obj)
            if isinstance(runtime, type):
                if issubclass(runtime, enum.Enum):
                    _document_enum(obj, runtime)
                elif attrs.has(runtime):
                    _document_attrs_class(obj, runtime)
                if issubclass(runtime, BaseException):
                    _document_error(obj)
            init = obj.members.get("__init__")
            is_error = isinstance(runtime, type) and issubclass(runtime, BaseException)
            if isinstance(init, griffe.Function) and not is_error:  # an error's attributes table says it all
                _document_parameters(init)
        elif isinstance(obj, griffe.Function) and obj.name != "__init__":  # __init__: with its class, above
            _document_parameters(obj)
        if obj.docstring is not None:
            obj.docstring.value = _plain_roles(obj.docstring.value)
