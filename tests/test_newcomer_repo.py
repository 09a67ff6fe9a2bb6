"""What a newcomer meets before any code runs: the install name, CI, the redis-server, and the guides' examples."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from benchmarks._redis_server import redis_server_binary, running_redis_server

ROOT = Path(__file__).resolve().parent.parent
DIST = "bitget-asyncclient"


def test_the_distribution_has_a_name_of_its_own_and_refers_to_itself_by_it() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == DIST
    extras = [dep for deps in project["optional-dependencies"].values() for dep in deps]
    assert [dep for dep in extras if dep.startswith("asyncclient")] == []
    assert len([dep for dep in extras if dep.startswith(f"{DIST}[")]) >= 2  # dev and bench pull the others in
    assert project["scripts"] == {"asyncclient": "asyncclient.cli:main"}
    assert "uvicorn" not in " ".join(project["optional-dependencies"]["cli"])  # `sim` needs the sim extra


def test_every_install_line_installs_this_library() -> None:
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md")), *sorted((ROOT / "asyncclient").rglob("*.py"))]
    lines = [line for page in pages for line in page.read_text().splitlines() if "pip install" in line]
    assert any(DIST in line for line in lines)
    wrong = [line for line in lines if re.search(r"pip install '?asyncclient\b", line)]
    assert wrong == []


def test_ci_installs_nothing_and_runs_what_the_readme_shows() -> None:
    script = (ROOT / ".ci" / "run").read_text()
    commands = [line.strip() for line in script.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    assert commands[-1] == "make test"
    assert not any(word in script for word in ("apt-get", "apt ", "brew", "pip install", "sudo"))
    assert "make test" in (ROOT / "README.md").read_text()


def test_redis_server_is_found_where_the_dev_extra_puts_it_with_nothing_on_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("PATH", "/nonexistent")
    binary = redis_server_binary()
    assert binary is not None and Path(binary).parent == Path(sys.executable).parent
    with running_redis_server(binary) as url:
        host, port = url.removeprefix("redis://").removesuffix("/0").split(":")
        reply = subprocess.run(
            [str(Path(binary).with_name("redis-cli")), "-h", host, "-p", port, "ping"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
            env={**os.environ, "PATH": "/nonexistent"},
        )
    assert reply.stdout.strip() == "PONG"


GUIDES = ["index.md", "recipes/bots.md", "recipes/collectors.md"]


@pytest.mark.parametrize("page", GUIDES)
def test_the_guides_lead_with_the_typed_methods(page: str) -> None:
    text = (ROOT / "docs" / page).read_text()
    blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
    assert blocks, page
    assert re.search(r"client\.(spot|futures)\.\w+\(", blocks[0]), f"{page}: the first example is not typed"
    assert "client.request(" not in blocks[0]


def test_the_service_example_uses_the_typed_methods() -> None:
    example = (ROOT / "docs" / "examples" / "fastapi_service.py").read_text()
    assert ".spot.ticker(" in example and ".spot.orderbook(" in example and ".request(" not in example


def test_the_configuration_page_says_what_fast_transport_does() -> None:
    text = (ROOT / "docs" / "configuration.md").read_text()
    row = next(line for line in text.splitlines() if line.startswith("| `fast_transport`"))
    assert "through aiohttp directly" in row and "under httpx" not in row
