"""The command line: help everywhere, exit codes a shell can act on, quick looks against the simulator."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest

from asyncclient import (
    AuthenticationError,
    BadRequestError,
    Client,
    InputError,
    MissingCredentialsError,
    RateLimitError,
    TransportError,
)
from asyncclient._cli.exits import CommandError, ExitCode, describe_failure
from asyncclient._cli.options import format_ms, parse_time_ms
from asyncclient._cli.quicklook import show_time
from asyncclient.cli import build_parser, main
from asyncclient.testing import LoopbackServer, Simulator

SUBCOMMANDS = [["demo"], ["time"], ["ticker"], ["book"], ["collect"], ["collect", "candles"], ["sim"]]


@pytest.fixture
def sim_url() -> Iterator[str]:
    """A simulator (clock 37 s ahead) on a loopback port, for commands that run their own event loop."""
    server = LoopbackServer(Simulator(seed=3, clock_offset=37.0).app)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


@pytest.mark.parametrize("words", SUBCOMMANDS, ids=" ".join)
def test_every_subcommand_has_help(words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([*words, "--help"])
    assert exited.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f"usage: asyncclient {' '.join(words)}")
    if words[0] in ("time", "ticker", "book", "collect") and words != ["collect"]:
        assert "--base-url" in out


def test_the_top_level_help_lists_every_command() -> None:
    text = build_parser().format_help()
    for command in ("demo", "time", "ticker", "book", "collect", "sim"):
        assert f"    {command} " in text


def test_no_command_prints_help_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == ExitCode.USAGE
    assert "usage: asyncclient" in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["ticker"],  # missing SYMBOL
        ["book", "BTCUSDT", "--depth", "many"],
        ["collect", "candles", "BTCUSDT", "--start", "2024-01-01"],  # no --end, no --out
        [
            "collect",
            "candles",
            "BTCUSDT",
            "--granularity",
            "7min",
            "--start",
            "1",
            "--end",
            "2",
            "--out",
            "x",
        ],
        ["demo", "--duration", "soon"],
    ],
)
def test_argparse_usage_errors_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == ExitCode.USAGE
    assert "error:" in capsys.readouterr().err


def test_our_own_usage_errors_exit_2_with_a_message(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["book", "BTCUSDT", "--depth", "0", "--base-url", "http://127.0.0.1:9"]) == ExitCode.USAGE
    assert "--depth must be between 1 and 150" in capsys.readouterr().err
    assert main(["ticker", "BTC/USDT", "--base-url", "http://127.0.0.1:9"]) == ExitCode.USAGE
    assert "SYMBOL must look like BTCUSDT" in capsys.readouterr().err
    assert main(["demo", "--duration", "0"]) == ExitCode.USAGE


def test_an_unreachable_exchange_exits_4_with_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    # Port 9 (discard) on loopback has no listener: the connection is refused at once.
    assert main(["time", "--base-url", "http://127.0.0.1:9", "--timeout", "2"]) == ExitCode.NETWORK
    err = capsys.readouterr().err
    assert err.startswith("asyncclient: error: GET /api/v2/public/time")
    assert "asyncclient: hint: check the network and --base-url" in err


def test_time_reads_the_servers_clock_as_json(sim_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["time", "--base-url", sim_url, "--json"]) == ExitCode.OK
    figures = json.loads(capsys.readouterr().out)
    assert set(figures) == {"server_time_ms", "server_time", "local_offset_ms", "round_trip_ms"}
    # The simulator runs 37 s ahead, so this machine's clock is 37 s behind it.
    assert figures["local_offset_ms"] == pytest.approx(-37_000, abs=1_000)
    assert figures["server_time"] == format_ms(figures["server_time_ms"])


def test_time_prints_for_people(sim_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["time", "--base-url", sim_url]) == ExitCode.OK
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("server time  20")
    assert lines[1].startswith("local clock  3") and "ms behind the server" in lines[1]


def test_the_base_url_comes_from_the_environment(
    sim_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASYNCCLIENT_BASE_URL", sim_url)
    assert main(["time", "--json"]) == ExitCode.OK
    assert json.loads(capsys.readouterr().out)["local_offset_ms"] < -30_000


@pytest.mark.anyio
async def test_show_time_in_process() -> None:
    sim = Simulator(clock_offset=-5.0)
    out = io.StringIO()
    async with Client(base_url="http://sim", transport=sim.transport(), credentials_from_env=False) as client:
        await show_time(client, as_json=True, out=out)
    assert json.loads(out.getvalue())["local_offset_ms"] == pytest.approx(5_000, abs=1_000)


@pytest.mark.parametrize(
    ("error", "code", "hint"),
    [
        (CommandError("bad"), ExitCode.USAGE, None),
        (CommandError("gone", code=ExitCode.EXCHANGE, hint="look"), ExitCode.EXCHANGE, "look"),
        (InputError("price must be positive"), ExitCode.USAGE, None),
        (MissingCredentialsError("no key"), ExitCode.USAGE, None),
        (TransportError("refused", method="GET", path="/p", maybe_sent=False), ExitCode.NETWORK, "network"),
        (
            AuthenticationError("bad sign", http_status=400, code="40009", method="GET", path="/p"),
            ExitCode.EXCHANGE,
            "BITGET_API_KEY",
        ),
        (
            RateLimitError("slow down", http_status=429, code="429", method="GET", path="/p"),
            ExitCode.EXCHANGE,
            "rate-limited",
        ),
        (
            BadRequestError("no", http_status=400, code="40034", method="GET", path="/p"),
            ExitCode.EXCHANGE,
            None,
        ),
    ],
)
def test_failures_map_to_exit_codes_and_hints(error: Exception, code: ExitCode, hint: str | None) -> None:
    found_code, message, found_hint = describe_failure(error)
    assert found_code == code
    assert message == str(error)
    if hint is None:
        assert found_hint is None
    else:
        assert found_hint is not None and hint in found_hint


def test_unexpected_exceptions_are_not_swallowed() -> None:
    with pytest.raises(ZeroDivisionError):
        describe_failure(ZeroDivisionError())


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("1714521600000", 1714521600000),
        ("2024-05-01", 1714521600000),
        ("2024-05-01T00:01", 1714521660000),
        ("2024-05-01T02:00:00+02:00", 1714521600000),
        ("2024-05-01T00:00:00Z", 1714521600000),
    ],
)
def test_times_on_the_command_line(text: str, ms: int) -> None:
    assert parse_time_ms(text) == ms


@pytest.mark.parametrize("text", ["yesterday", "1714521600", "2024-13-01"])
def test_unreadable_times_are_usage_errors(text: str) -> None:
    with pytest.raises(CommandError) as raised:
        parse_time_ms(text)
    assert raised.value.code == ExitCode.USAGE


def test_format_ms_is_iso_utc() -> None:
    assert format_ms(1714521600123) == "2024-05-01T00:00:00.123Z"
