"""The base of every response model: fields named for traders, read from the exchange's camelCase keys.

A model declares each field's type and its wire key
(``last_price: Decimal | None = attrs.field(default=None, metadata=wire("lastPr"))``); the parser is
chosen from the type once per class. Models are keyword-only. Keys the model does not declare are kept in
``extra``; a missing optional field is None. ``to_wire()`` writes the exchange's shape back, so
``Model.from_wire(m.to_wire()) == m``.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Self, Union

import attrs

from .._errors import ResponseFormatError
from ._convert import (
    ConversionError,
    as_mapping,
    decimal_to_wire,
    to_bool,
    to_decimal,
    to_int,
    to_json_value,
    to_str,
)
from ._enums import OpenEnum

__all__ = ["ResponseFormatError", "WireModel", "wire"]

_WIRE_KEY = "asyncclient.wire"

Parser = Callable[[Any], Any]
Dumper = Callable[[Any], Any]


def wire(*keys: str, parse: Parser | None = None, dump: Dumper | None = None) -> dict[str, Any]:
    """Field metadata: read the field from the first of ``keys`` present in the payload.

    Use as ``attrs.field(metadata=wire("lastPr"))``. ``parse``/``dump`` override the converters chosen from
    the field's type (for rows and JSON-in-a-string fields).
    """
    return {_WIRE_KEY: (keys, parse, dump)}


@attrs.frozen
class _FieldPlan:
    name: str
    keys: tuple[str, ...]
    parse: Parser
    dump: Dumper
    optional: bool
    #: The value used when the key is absent and the field is not optional (None: the field is required).
    fallback: Callable[[], Any] | None


@attrs.frozen
class WireModel:
    """Base for models parsed from the exchange's JSON objects."""

    #: Keys the exchange sent that this model does not declare, kept as sent.
    extra: Mapping[str, Any] = attrs.field(factory=dict, kw_only=True, repr=False, hash=False)

    @classmethod
    def from_wire(cls, payload: Mapping[str, Any]) -> Self:
        """Parse one JSON object; a field that cannot be read raises :class:`ResponseFormatError`."""
        if not isinstance(payload, Mapping):
            raise ResponseFormatError(f"{cls.__name__}: expected a JSON object, got {type(payload).__name__}")
        plan, declared = _plan(cls), _declared_keys(cls)
        values: dict[str, Any] = {}
        for field in plan:
            key: str | None = field.keys[0]
            if key not in payload:
                key = next((k for k in field.keys[1:] if k in payload), None)
            raw = None if key is None else payload[key]
            if raw is None or (type(raw) is str and not raw.strip()):
                if field.optional:
                    values[field.name] = None
                    continue
                if key is None:
                    if field.fallback is None:
                        raise ResponseFormatError(f"{cls.__name__}: required field {field.keys[0]!r} is missing")
                    values[field.name] = field.fallback()
                    continue
            try:
                values[field.name] = field.parse(raw)
            except (ConversionError, ValueError, TypeError) as exc:
                raise ResponseFormatError(f"{cls.__name__}.{field.name} ({key!r}): {exc}") from None
        extra = {key: value for key, value in payload.items() if key not in declared}
        return cls(**values, extra=types.MappingProxyType(extra))

    def to_wire(self) -> dict[str, Any]:
        """The exchange's JSON shape of this model (values as strings, as the exchange sends them)."""
        result: dict[str, Any] = dict(self.extra)
        for field in _plan(type(self)):
            value = getattr(self, field.name)
            result[field.keys[0]] = "" if value is None else field.dump(value)
        return result


def _dump_scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_to_wire(value)
    if isinstance(value, int | OpenEnum | str):
        return str(value.value if isinstance(value, OpenEnum) else value)
    if isinstance(value, WireModel):
        return value.to_wire()
    if isinstance(value, tuple):
        return [_dump_scalar(item) for item in value]
    return value


def _model_parser(model: type[WireModel]) -> Parser:
    return lambda raw: model.from_wire(as_mapping(raw))


def _tuple_parser(item: Parser) -> Parser:
    def parse(raw: Any) -> tuple[Any, ...]:
        decoded = to_json_value(raw)
        if decoded is None:
            return ()
        if not isinstance(decoded, list | tuple):
            raise ConversionError(f"expected a list, got {raw!r}")
        return tuple(item(element) for element in decoded)

    return parse


def _parser_for(hint: Any) -> tuple[Parser, Callable[[], Any] | None]:
    """The parser for a (non-optional) type, and the value a missing key gets (None: required)."""
    origin = typing.get_origin(hint)
    if hint is Decimal:
        return to_decimal, None
    if hint is bool:
        return to_bool, None
    if hint is int:
        return to_int, None
    if hint is str:
        return to_str, str
    if isinstance(hint, type) and issubclass(hint, OpenEnum):
        return (lambda raw: hint(to_str(raw))), None
    if isinstance(hint, type) and issubclass(hint, WireModel):
        return _model_parser(hint), None
    if origin is tuple:
        item_parser, _ = _parser_for(typing.get_args(hint)[0])
        return _tuple_parser(item_parser), tuple
    if origin is Mapping or hint is Mapping:
        return as_mapping, dict
    if hint is Any:
        return to_json_value, None
    raise TypeError(f"no wire parser for {hint!r}")


_PLANS: dict[type[WireModel], tuple[_FieldPlan, ...]] = {}


def _plan(cls: type[WireModel]) -> tuple[_FieldPlan, ...]:
    """How to read and write each field of a model, worked out once per class from its type hints."""
    cached = _PLANS.get(cls)
    if cached is not None:
        return cached
    hints = typing.get_type_hints(cls)
    plan = []
    for field in attrs.fields(cls):
        spec = field.metadata.get(_WIRE_KEY)
        if spec is None:
            continue
        keys, parse, dump = spec
        hint = hints[field.name]
        optional = False
        if typing.get_origin(hint) in (Union, types.UnionType):
            args = [arg for arg in typing.get_args(hint) if arg is not type(None)]
            optional = len(args) < len(typing.get_args(hint))
            hint = args[0] if len(args) == 1 else Any
        chosen, fallback = _parser_for(hint) if parse is None else (parse, None)
        if field.default is not attrs.NOTHING:
            default = field.default
            factory = getattr(default, "factory", None)
            fallback = factory if callable(factory) else _constant(default)
        plan.append(_FieldPlan(field.name, keys or (field.name,), chosen, dump or _dump_scalar, optional, fallback))
    _PLANS[cls] = result = tuple(plan)
    return result


def _declared_keys(cls: type[WireModel]) -> frozenset[str]:
    """Every wire key a model reads (the rest of a payload goes to ``extra``)."""
    cached = _DECLARED.get(cls)
    if cached is None:
        cached = _DECLARED[cls] = frozenset(key for field in _plan(cls) for key in field.keys)
    return cached


_DECLARED: dict[type[WireModel], frozenset[str]] = {}


def _constant(value: Any) -> Callable[[], Any]:
    return lambda: value
