"""What works with only the ``cli`` extra (no uvicorn, orjson, httptools), proved in subprocesses whose imports of
those modules fail, so the suite needs no second virtual environment; and the missing extras are named."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from asyncclient.testing import LoopbackServer, Simulator

ROOT = Path(__file__).resolve().parent.parent
#: What `pip install 'bitget-asyncclient[cli]'` does not bring (the sim extra's modules).
BLOCKED = ("uvicorn", "orjson", "httptools")

_BLOCKER = f"""
import sys
from importlib.abc import MetaPathFinder

class Blocker(MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {BLOCKED!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}} (blocked by the test)", name=name)
        return None

sys.meta_path.insert(0, Blocker())
"""


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _BLOCKER + code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )


def run_cli(*argv: str) -> subprocess.CompletedProcess[str]:
    return run_python(f"from asyncclient.cli import main\nsys.exit(main({list(argv)!r}))")


@pytest.fixture(scope="module")
def sim_url() -> Iterator[str]:
    server = LoopbackServer(Simulator(seed=3).app)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def test_the_blocker_blocks() -> None:
    done = run_python("import uvicorn")
    assert done.returncode == 1 and "blocked by the test" in done.stderr


@pytest.mark.parametrize("argv", [["--help"], ["time", "--help"], ["sim", "--help"], ["collect", "candles", "-h"]])
def test_help_works_without_the_sim_extra(argv: list[str]) -> None:
    done = run_cli(*argv)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: asyncclient")


def test_version_names_the_distribution() -> None:
    done = run_cli("--version")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("asyncclient 0.") and "(bitget-asyncclient)" in done.stdout


@pytest.mark.parametrize("argv", [["sim", "--port", "0"], ["demo", "--duration", "1"]])
def test_sim_and_demo_name_the_missing_extra(argv: list[str]) -> None:
    done = run_cli(*argv)
    assert done.returncode == 2
    assert "needs uvicorn, which is not installed: pip install 'bitget-asyncclient[sim]'" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("argv", [["time"], ["ticker", "BTCUSDT"], ["book", "BTCUSDT", "--depth", "3"]])
def test_the_quick_looks_work_with_the_cli_extra_only(argv: list[str], sim_url: str) -> None:
    done = run_cli(*argv, "--base-url", sim_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_collect_works_with_the_cli_extra_only(sim_url: str, tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    argv = ["collect", "candles", "BTCUSDT", "--start", "2024-05-01", "--end", "2024-05-01T01:00", "--out", str(out)]
    done = run_cli(*argv, "--base-url", sim_url, "--quiet")
    assert done.returncode == 0, done.stderr
    assert "wrote 60 candles of 1 symbol to" in done.stdout
    assert len(out.read_text().splitlines()) == 61  # a header and 60 one-minute candles


def test_the_in_process_simulator_needs_no_extra() -> None:
    code = """
import anyio
from asyncclient import Client
from asyncclient.testing import Simulator, SIM_API_KEY

async def main():
    sim = Simulator(seed=1)
    sim.add_account("k", "s", "p")
    async with Client("k", "s", "p", base_url="http://sim", transport=sim.transport()) as client:
        ticker = await client.spot.ticker("BTCUSDT")
        assets = await client.spot.assets()
    print(ticker.symbol, len(assets) > 0, sorted(m for m in sys.modules if m.split(".")[0] in ("uvicorn", "orjson")))

anyio.run(main)
"""
    done = run_python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["BTCUSDT", "True", "[]"]


def test_serving_on_a_port_names_the_sim_extra() -> None:
    done = run_python("from asyncclient.testing import serve")
    assert done.returncode == 1
    assert "ImportError" in done.stderr or "MissingExtraError" in done.stderr
    assert "asyncclient.testing.serve needs uvicorn, which is not installed: pip install 'bitget-asyncclient[sim]'" in (
        done.stderr
    )


def test_a_reader_leaving_early_is_not_a_traceback(sim_url: str) -> None:
    command = [sys.executable, "-m", "asyncclient.cli", "book", "BTCUSDT", "--depth", "150", "--base-url", sim_url]
    with subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # as `| head -1` does
        err = process.stderr.read()
        assert process.wait(timeout=60) == 0
    assert "Traceback" not in err and "BrokenPipeError" not in err
