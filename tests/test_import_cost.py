"""``import asyncclient`` stays light (public names load on first use), and tenacity is neither imported nor needed."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

import asyncclient

PACKAGE = Path(asyncclient.__file__).parent
ROOT = PACKAGE.parent


def _loaded_after(code: str) -> set[str]:
    """The top-level packages a fresh interpreter has loaded after running ``code``."""
    probe = f"import sys\n{code}\nprint(' '.join(sorted({{name.split('.')[0] for name in sys.modules}})))"
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    return set(done.stdout.split())


def test_import_asyncclient_loads_no_dependency() -> None:
    loaded = _loaded_after("import asyncclient")
    assert "asyncclient" in loaded
    assert not loaded & {"httpx", "anyio", "attr", "attrs", "aiohttp", "orjson", "httpcore"}


def test_a_public_name_loads_what_it_needs() -> None:
    loaded = _loaded_after("import asyncclient\nassert asyncclient.Client.__name__ == 'Client'")
    assert {"httpx", "anyio", "attrs"} <= loaded
    assert not loaded & {"aiohttp", "redis", "httpx_ws"}  # the fast transport, Redis and streams wait for use


def test_every_public_name_resolves_and_is_listed() -> None:
    for name in asyncclient.__all__:
        assert getattr(asyncclient, name) is not None, name
    assert set(asyncclient.__all__) <= set(dir(asyncclient))
    from asyncclient import Client, RetryPolicy, default_catalogue

    assert asyncclient.Client is Client
    assert asyncclient.RetryPolicy is RetryPolicy
    assert asyncclient.default_catalogue is default_catalogue


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        _ = asyncclient.NoSuchName
    except AttributeError as exc:
        assert "NoSuchName" in str(exc)
    else:  # pragma: no cover - the assertion below names the failure
        raise AssertionError("asyncclient.NoSuchName resolved")


def test_a_typed_group_loads_its_own_modules_only() -> None:
    probe = (
        "import sys\nfrom asyncclient import Client\nClient(credentials_from_env=False).spot\n"
        "print(' '.join(name for name in sys.modules if name.startswith('asyncclient.api.')))"
    )
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split())
    assert "asyncclient.api._spot" in loaded
    assert not {name for name in loaded if "_uta" in name or "_futures" in name or "_margin" in name}


def test_tenacity_is_neither_imported_nor_a_dependency() -> None:
    importers = []
    for path in [*PACKAGE.rglob("*.py"), *(ROOT / "benchmarks").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(name.split(".")[0] == "tenacity" for name in names):
                importers.append(str(path.relative_to(ROOT)))
    assert importers == []
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"].values()
    requirements = [*project["dependencies"], *(requirement for extra in extras for requirement in extra)]
    assert not [r for r in requirements if r.lower().startswith("tenacity")]
