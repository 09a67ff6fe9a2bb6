"""The simulator's routes: declared once each, by the endpoint modules, and none lost since the central tables."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import asyncclient.testing.exchange
from asyncclient.testing import Simulator
from asyncclient.testing._routing import Mount, SimRequest, flatten, get, post, route_table
from asyncclient.testing.exchange import Exchange

#: The routes served before the endpoint modules declared their own (captured from the central tables).
SERVED_BEFORE = Path(__file__).with_name("sim_routes_served.txt")


def _served_before() -> set[tuple[str, str]]:
    lines = SERVED_BEFORE.read_text(encoding="utf-8").splitlines()
    pairs = [line.split(" ", 1) for line in lines if line and not line.startswith("#")]
    return {(method, path) for method, path in pairs}


def test_no_method_and_path_is_declared_twice() -> None:
    exchange = Exchange()
    declared = [(route.method, route.path) for route in flatten(m.routes() for m in exchange.endpoints)]
    assert len(declared) == len(set(declared)), sorted({key for key in declared if declared.count(key) > 1})
    assert set(declared) == set(exchange.handlers())


def test_every_route_served_before_is_still_served() -> None:
    before = _served_before()
    assert len(before) >= 186
    served = set(Simulator().routes)
    assert before - served == set()


def test_every_served_route_has_its_catalogue_row() -> None:
    sim = Simulator()
    unknown = [key for key, served in sim.app.routes.items() if not served.endpoint.known]
    assert unknown == []


def test_mounts_join_prefixes_and_a_duplicate_is_refused() -> None:
    def handler(request: SimRequest) -> str:
        return request.path

    table = route_table([Mount("/api", [Mount("/v2", [get("/a", handler), post("/a", handler)])]), get("/b", handler)])
    assert sorted(table) == [("GET", "/api/v2/a"), ("GET", "/b"), ("POST", "/api/v2/a")]
    with pytest.raises(ValueError, match="GET /api/a is declared twice"):
        route_table([Mount("/api", [get("/a", handler)]), get("/api/a", handler)])


STATE = Path(asyncclient.testing.exchange.__file__).parent / "state"
ENDPOINTS = STATE.with_name("endpoints")
#: What a state module may not import: the request, the route declarations, request parameters, the handlers.
_REQUEST_SIDE = {"SimRequest", "Handler", "Mount", "Route", "get", "post", "route_table", "Params"}


def _imports(path: Path) -> list[tuple[str, set[str]]]:
    """(module as written, names) of every ``from ... import`` in the file, wherever it stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        ("." * node.level + (node.module or ""), {alias.name for alias in node.names})
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
    ]


def test_state_modules_see_no_request_and_declare_no_route() -> None:
    modules = sorted(STATE.glob("_*.py"))
    assert len(modules) > 15
    for path in modules:
        source = path.read_text(encoding="utf-8")
        assert "def routes(" not in source, path.name
        for module, names in _imports(path):
            assert "endpoints" not in module and not module.endswith("_params"), (path.name, module)
            assert not names & _REQUEST_SIDE, (path.name, module, names & _REQUEST_SIDE)


def test_every_endpoint_module_with_handlers_declares_its_routes() -> None:
    exchange = Exchange()
    declaring = {type(module).__module__.rsplit(".", 1)[-1] for module in exchange.endpoints}
    with_handlers = {
        path.stem
        for path in ENDPOINTS.glob("_*.py")
        if "def routes(self) -> Mount:" in path.read_text(encoding="utf-8")
    }
    assert with_handlers <= declaring | {"_margin", "_margin_trade"}  # subclassed by the isolated modules
    assert {"_spot_trade", "_mix_trade", "_uta_trade", "_spot_public", "_wallet"} <= declaring
