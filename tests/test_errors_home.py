"""Every error class of the library lives in ``asyncclient._errors``, under the one root ``asyncclient.Error``."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import asyncclient
from asyncclient import Error


def test_every_error_class_is_defined_in_errors() -> None:
    found: dict[str, str] = {}
    for module_info in pkgutil.walk_packages(asyncclient.__path__, "asyncclient."):
        if module_info.name.endswith("__main__"):
            continue  # runs a command line when imported
        module = importlib.import_module(module_info.name)
        for name, value in vars(module).items():
            if inspect.isclass(value) and issubclass(value, Error):
                found[name] = value.__module__
    assert len(found) > 25  # the walk saw the hierarchy
    assert {name: home for name, home in found.items() if home != "asyncclient._errors"} == {}
