"""The command line as a newcomer meets it: the simulator says how to sign, bad input exits 2 with a reason,
an unknown symbol gets a hint, the collector refuses a typo before making files and shows progress in a log."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from asyncclient import Client, InputError
from asyncclient._cli.candle_file import CandleFile, CollectPlan
from asyncclient._cli.collect_progress import LineCollectProgress
from asyncclient._cli.exits import CommandError, ExitCode
from asyncclient.cli import main
from asyncclient.testing import SIM_API_KEY, SIM_API_SECRET, SIM_PASSPHRASE, LoopbackServer, Simulator
from asyncclient.testing._cli import add_arguments, signing_hint

MINUTE = 60_000
DAY_START = 1714521600000  # 2024-05-01T00:00:00Z
SYMBOL_BTC = "BTCUSDT"


@pytest.fixture(scope="module")
def sim_url() -> Iterator[str]:
    server = LoopbackServer(Simulator(seed=5).app)
    server.start()
    try:
        yield server.url
    finally:
        server.stop()


def sim_args(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    return parser.parse_args(list(argv))


def test_the_simulator_prints_its_default_credentials_for_signing() -> None:
    hint = signing_hint(sim_args(), "http://127.0.0.1:8800")
    assert f"api key {SIM_API_KEY}, secret {SIM_API_SECRET}, passphrase {SIM_PASSPHRASE}" in hint
    assert f'Client("{SIM_API_KEY}", "{SIM_API_SECRET}", "{SIM_PASSPHRASE}", base_url="http://127.0.0.1:8800")' in hint


def test_credentials_given_on_the_command_line_are_not_echoed() -> None:
    hint = signing_hint(sim_args("--api-key", "mykey123", "--api-secret", "hush-hush"), "http://h:1")
    assert "myke***" in hint and "hush-hush" not in hint and "mykey123" not in hint


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_a_bad_timeout_exits_2_before_anything_is_sent(value: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["time", "--timeout", value, "--base-url", "http://127.0.0.1:9"])
    assert exited.value.code == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "--timeout" in err and "seconds" in err


@pytest.mark.parametrize("command", ["ticker", "book"])
def test_an_unknown_symbol_gets_a_hint(command: str, sim_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "BTCUSTD", "--base-url", sim_url]) == ExitCode.EXCHANGE
    err = capsys.readouterr().err
    assert "asyncclient: error: the exchange lists no spot symbol BTCUSTD" in err
    assert "asyncclient: hint: did you mean BTCUSDT" in err


def test_a_typo_in_one_symbol_is_refused_before_the_checkpoint_exists(
    sim_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "c.csv"
    argv = ["collect", "candles", "BTCUSDT", "ETHUSTD", "--start", "2024-05-01", "--end", "2024-05-01T00:10"]
    assert main([*argv, "--out", str(out), "--base-url", sim_url, "--quiet"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "no spot symbol ETHUSTD (ETHUSTD -> ETHUSDT?)" in err
    assert list(tmp_path.iterdir()) == []
    fixed = ["collect", "candles", "BTCUSDT", "ETHUSDT", "--start", "2024-05-01", "--end", "2024-05-01T00:10"]
    assert main([*fixed, "--out", str(out), "--base-url", sim_url, "--quiet"]) == ExitCode.OK
    assert "wrote 20 candles of 2 symbols" in capsys.readouterr().out


def test_a_checkpoint_with_a_bad_symbol_says_how_to_recover(
    sim_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "c.csv"
    # An earlier version wrote a checkpoint with a symbol the exchange does not list.
    CandleFile(out, CollectPlan("1min", DAY_START, DAY_START + 10 * MINUTE, "csv"), ["BTCUSDT", "NOPEUSDT"])
    argv = ["collect", "candles", "BTCUSDT", "--start", "2024-05-01", "--end", "2024-05-01T00:10", "--out", str(out)]
    assert main([*argv, "--base-url", sim_url, "--quiet"]) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "lists NOPEUSDT, which the exchange does not list" in err
    assert f"hint: delete {out} and {out}.checkpoint.json and run again" in err


def test_other_settings_on_resume_are_named_in_iso_dates(tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    CandleFile(out, CollectPlan("1min", DAY_START, DAY_START + 10 * MINUTE, "csv"), ["BTCUSDT"])
    with pytest.raises(CommandError) as raised:
        CandleFile(out, CollectPlan("5min", DAY_START, DAY_START + 10 * MINUTE, "csv"), ["BTCUSDT"])
    message = str(raised.value)
    assert "start 2024-05-01T00:00:00.000Z, end 2024-05-01T00:10:00.000Z" in message
    assert str(DAY_START) not in message


def test_off_a_terminal_the_collector_prints_a_progress_line_every_few_seconds(tmp_path: Path) -> None:
    store = CandleFile(tmp_path / "c.csv", CollectPlan("1min", DAY_START, DAY_START + 100 * MINUTE, "csv"), ["A", "B"])
    now = [0.0]
    stream = io.StringIO()
    with LineCollectProgress(store, step_ms=MINUTE, interval=5.0, stream=stream, clock=lambda: now[0]) as progress:
        progress.advance("A", 10 * MINUTE, 10)  # at 0 s: too soon for a line
        now[0] = 6.0
        progress.advance("B", 40 * MINUTE, 40)
        now[0] = 7.0
        progress.advance("A", 10 * MINUTE, 10)  # 1 s after the last line
        now[0] = 9.0
    lines = stream.getvalue().splitlines()
    assert lines == [
        "collect: 50 of 200 candles (25%), 50 written this run, 6 s",
        "collect: 60 of 200 candles (30%), 60 written this run, 9 s",  # the last line, on leaving
    ]


def test_collect_off_a_terminal_prints_progress_to_stderr(
    sim_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["collect", "candles", "BTCUSDT", "--start", "2024-05-01", "--end", "2024-05-01T00:30"]
    assert main([*argv, "--out", str(tmp_path / "c.jsonl"), "--base-url", sim_url]) == ExitCode.OK
    captured = capsys.readouterr()  # pytest's capture is not a terminal
    assert captured.err.splitlines()[-1].startswith("collect: 30 of 30 candles (100%), 30 written this run")
    assert "wrote 30 candles of 1 symbol to" in captured.out
    assert json.loads((tmp_path / "c.jsonl").read_text().splitlines()[0])["symbol"] == "BTCUSDT"


@pytest.mark.anyio
async def test_time_errors_of_the_typed_api_name_iso_dates(bitget_client: Client) -> None:
    with pytest.raises(InputError) as raised:
        await bitget_client.spot.fills(start=DAY_START + 1, end=DAY_START)
    assert str(raised.value) == "start (2024-05-01T00:00:00.001Z) must not be after end (2024-05-01T00:00:00.000Z)"
    with pytest.raises(InputError, match=r"start \(2024-05-01T00:01:00\.000Z\) must be before end"):
        await anext(bitget_client.spot.iter_history_candles(SYMBOL_BTC, "1m", DAY_START + MINUTE, DAY_START))
