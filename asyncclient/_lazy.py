"""Public names that load their module on first use: the module ``__getattr__`` of a package, written once.

``asyncclient``, ``asyncclient.api``, ``asyncclient.streams`` and the limiter package list their names for mypy
under ``TYPE_CHECKING`` and hand the rest to :func:`lazy_names`. Imports nothing but importlib, so
``import asyncclient`` stays light.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(package: str, table: Mapping[str, str], namespace: dict[str, Any]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``table`` maps a name to the (relative) module defining it; the
    value, once loaded, is kept in ``namespace`` (the package's globals), so it loads once."""

    def __getattr__(name: str) -> Any:
        module = table.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module, package), name)
        namespace[name] = value
        return value

    return __getattr__
