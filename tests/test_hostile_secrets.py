"""No secret in DEBUG logs (every logger), repr/str, chained tracebacks with locals, or pytest's failure output.

For a successful call, one the exchange refuses, one that times out and one whose connection is refused, on httpx
(asyncio and trio) and on the aiohttp fast transport (asyncio only). The key, secret, passphrase and any
``ACCESS-SIGN`` value must appear nowhere; pytest's own output is checked by running a failing suite of a
user's in a subprocess with ``--tb=long --showlocals``.
"""

from __future__ import annotations

import logging
import re
import socket
import subprocess
import sys
import textwrap
import traceback
from pathlib import Path

import pytest
from _hostile import KINDS

from asyncclient import AuthenticationError, Client, Error, RetryPolicy, TransportError
from asyncclient.testing import Simulator, serve

KEY, SECRET, PASSPHRASE = "leakcheck-KEY-8c1f", "leakcheck-SECRET-4d2e", "leakcheck-PASS-9a7b"
WRONG_PASSPHRASE = "leakcheck-WRONGPASS-3e3e"
ASSETS = "/api/v2/spot/account/assets"
SECRETS = (KEY, SECRET, PASSPHRASE, WRONG_PASSPHRASE)
#: An ACCESS-SIGN header shown with its value (a base64 HMAC-SHA256 is 44 characters).
SIGNATURE_SHOWN = re.compile(r"ACCESS-SIGN['\"]?\s*[:=,]\s*b?['\"][A-Za-z0-9+/]{20,}")


def _assert_clean(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text
    assert not SIGNATURE_SHOWN.search(text)


def _everything_about(error: BaseException) -> str:
    """str, repr, notes and the full chained traceback with every frame's locals rendered."""
    rendered = traceback.TracebackException.from_exception(error, capture_locals=True)
    return str(error) + repr(error) + "".join(rendered.format(chain=True))


async def _attempt(client: Client) -> Error | None:
    """One call; its error is caught here, so its traceback holds the library's frames, not the test's."""
    try:
        await client.request("GET", ASSETS)
    except Error as exc:
        return exc
    return None


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.anyio
@KINDS
@pytest.mark.parametrize("case", ["success", "refused", "timed-out", "connection-refused"])
async def test_no_secret_in_logs_reprs_or_tracebacks(
    anyio_backend: str, kind: str, case: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # the root logger: httpx, httpcore, aiohttp, asyncio, ours
    sim = Simulator(seed=9)
    sim.add_account(api_key=KEY, api_secret=SECRET, passphrase=PASSPHRASE)
    if case == "timed-out":
        sim.faults.set(path=ASSETS, latency=0.8)
    passphrase = WRONG_PASSPHRASE if case == "refused" else PASSPHRASE
    async with serve(sim) as url:
        base_url = f"http://127.0.0.1:{_closed_port()}" if case == "connection-refused" else url
        client = Client(
            KEY,
            SECRET,
            passphrase,
            base_url=base_url,
            timeout=0.3,
            sync_clock=case != "connection-refused",
            retry=RetryPolicy(max_attempts=2, deadline=10, backoff_base=0.01),
            fast_transport=kind == "aiohttp",
            credentials_from_env=False,
        )
        async with client:
            error = await _attempt(client)
        texts = [repr(client), str(client), caplog.text]
        texts += [record.getMessage() + repr(record.args) for record in caplog.records]
    expected = {
        "success": None,
        "refused": AuthenticationError,
        "timed-out": TransportError,
        "connection-refused": TransportError,
    }[case]
    if expected is None:
        assert error is None
    else:
        assert isinstance(error, expected)
        texts.append(_everything_about(error))
    assert caplog.records  # DEBUG logging really was on
    for text in texts:
        _assert_clean(text)


USER_SUITE = textwrap.dedent(
    """
    import socket

    import pytest

    from asyncclient import Client, RetryPolicy
    from asyncclient.testing import Simulator, serve

    KEY, SECRET, PASSPHRASE = {KEY!r}, {SECRET!r}, {PASSPHRASE!r}
    WRONG_PASSPHRASE = {WRONG_PASSPHRASE!r}
    ASSETS = "/api/v2/spot/account/assets"
    KINDS = [("asyncio", "httpx"), ("trio", "httpx"), ("asyncio", "aiohttp")]


    def closed_port():
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]


    def simulator(latency=0.0):
        sim = Simulator(seed=2)
        sim.add_account(api_key=KEY, api_secret=SECRET, passphrase=PASSPHRASE)
        sim.faults.set(path=ASSETS, latency=latency)
        return sim


    def client(url, kind, passphrase=PASSPHRASE, **options):
        return Client(
            KEY, SECRET, passphrase, base_url=url, fast_transport=kind == "aiohttp",
            retry=RetryPolicy(max_attempts=2, deadline=10, backoff_base=0.01), credentials_from_env=False, **options
        )


    @pytest.mark.anyio
    @pytest.mark.parametrize(("anyio_backend", "kind"), KINDS)
    async def test_success_then_a_failing_assert(anyio_backend, kind):
        async with serve(simulator()) as url:
            async with client(url, kind) as api:
                assets = await api.request("GET", ASSETS)
                assert assets == "something else"


    @pytest.mark.anyio
    @pytest.mark.parametrize(("anyio_backend", "kind"), KINDS)
    async def test_refused(anyio_backend, kind):
        async with serve(simulator()) as url:
            async with client(url, kind, WRONG_PASSPHRASE) as api:
                await api.request("GET", ASSETS)


    @pytest.mark.anyio
    @pytest.mark.parametrize(("anyio_backend", "kind"), KINDS)
    async def test_timed_out(anyio_backend, kind):
        async with serve(simulator(latency=0.8)) as url:
            async with client(url, kind, timeout=0.3) as api:
                await api.request("GET", ASSETS)


    @pytest.mark.anyio
    @pytest.mark.parametrize(("anyio_backend", "kind"), KINDS)
    async def test_connection_refused(anyio_backend, kind):
        async with client(f"http://127.0.0.1:{{closed_port()}}", kind, sync_clock=False) as api:
            await api.request("GET", ASSETS)


    def test_a_passphrase_with_a_carriage_return():
        Client(KEY, SECRET, PASSPHRASE + "\\r", credentials_from_env=False)
    """
).format(KEY=KEY, SECRET=SECRET, PASSPHRASE=PASSPHRASE, WRONG_PASSPHRASE=WRONG_PASSPHRASE)


def test_a_failing_user_suite_prints_no_secret(tmp_path: Path) -> None:
    """pytest prints every frame's arguments (and with --showlocals its locals): none may show a credential.

    The secrets are module constants in the user's file, so its own source lines show only their names; what is
    checked is what the library's frames and objects render.
    """
    suite = tmp_path / "test_user_suite.py"
    suite.write_text(USER_SUITE)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:randomly",
            "--tb=long",
            "--showlocals",
            "-vv",
            str(suite),
        ],
        cwd=tmp_path,
        check=False,
        capture_output=True,
        text=True,
        timeout=240,
    )
    output = result.stdout + result.stderr
    assert "13 failed" in output, output[-3000:]  # every test failed, so every traceback was printed
    assert "AuthenticationError" in output and "TransportError" in output and "InputError" in output
    assert "ACCESS-PASSPHRASE" in output or "SignedHeaders" in output  # the headers were rendered, redacted
    _assert_clean(output)
