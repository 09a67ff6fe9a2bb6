"""The distribution's name on the package index (the import name is ``asyncclient``) and install hints."""

from __future__ import annotations

from importlib import metadata

__all__ = ["DISTRIBUTION", "MissingExtraError", "installed_version", "require_extra"]

#: ``pip install bitget-asyncclient``; the name ``asyncclient`` on the index is an unrelated project.
DISTRIBUTION = "bitget-asyncclient"


class MissingExtraError(ImportError):
    """An optional feature whose extra is not installed; the message says which ``pip install`` brings it."""

    def __init__(self, feature: str, extra: str, missing: str) -> None:
        super().__init__(f"{feature} needs {missing}, which is not installed: pip install '{DISTRIBUTION}[{extra}]'")
        self.extra = extra
        self.missing = missing


def installed_version(fallback: str) -> str:
    """The installed distribution's version, or ``fallback`` when running from a source tree not installed."""
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:
        return fallback


def require_extra(feature: str, extra: str, *modules: str) -> None:
    """Raise :class:`MissingExtraError` naming ``extra`` if any of ``modules`` cannot be imported."""
    import importlib

    for module in modules:
        try:
            importlib.import_module(module)
        except ImportError:
            raise MissingExtraError(feature, extra, module) from None
