"""The client's life (unopened, open, closed, as httpx's) and the constructor's checks a newcomer meets first."""

from __future__ import annotations

import pytest

from asyncclient import Client, ClientState, ClientStateError, InputError
from asyncclient.testing import Simulator

pytestmark = pytest.mark.anyio

TIME = "/api/v2/public/time"


def sim_client(sim: Simulator) -> Client:
    return Client(base_url="http://sim", transport=sim.transport(), credentials_from_env=False)


async def test_a_call_outside_async_with_is_refused_before_anything_is_sent() -> None:
    sim = Simulator()
    client = sim_client(sim)
    assert client.state is ClientState.UNOPENED
    with pytest.raises(ClientStateError, match="not open: use it as `async with Client"):
        await client.request("GET", TIME)
    with pytest.raises(ClientStateError, match="async with"):
        await client.spot.tickers("BTCUSDT")  # the typed groups go through request()
    assert sim.records.count("GET", TIME) == 0


async def test_open_inside_the_block_closed_after_it_and_never_reopened() -> None:
    sim = Simulator()
    client = sim_client(sim)
    async with client:
        assert client.state is ClientState.OPEN and not client.is_closed
        assert await client.server_time() > 0
        with pytest.raises(ClientStateError, match="already open"):
            await client.__aenter__()
    assert client.is_closed and client.state.name == "CLOSED"
    with pytest.raises(ClientStateError, match=r"closed .* cannot be reopened: make a new Client"):
        await client.request("GET", TIME)
    with pytest.raises(ClientStateError, match="cannot be reopened"):
        async with client:
            pass
    await client.aclose()  # still safe


async def test_aclose_on_an_unopened_client_closes_it_for_good() -> None:
    client = sim_client(Simulator())
    await client.aclose()
    assert client.is_closed
    with pytest.raises(ClientStateError, match="closed"):
        await client.server_time()


@pytest.mark.parametrize(
    ("kwargs", "named"),
    [
        ({"api_key": "K"}, "api_secret (or private_key, for an RSA key) and passphrase missing"),
        ({"api_key": "K", "api_secret": "s3cr3t-value"}, "passphrase missing"),
        ({"api_secret": "s3cr3t-value", "passphrase": "P"}, "api_key missing"),
        ({"passphrase": "P"}, "api_key and api_secret (or private_key, for an RSA key) missing"),
    ],
)
def test_incomplete_credentials_name_everything_missing(kwargs: dict[str, str], named: str) -> None:
    with pytest.raises(InputError, match="incomplete credentials") as caught:
        Client(**kwargs, credentials_from_env=False)  # type: ignore[arg-type]
    assert named in str(caught.value)
    assert "s3cr3t" not in str(caught.value)  # a secret's value is never repeated


@pytest.mark.parametrize(
    "url", ["https://api.bitget.com/api/v2", "https://api.bitget.com/api/v2/", "http://sim/x", "http://h?x=1"]
)
def test_a_base_url_with_a_path_is_refused_with_the_reason(url: str) -> None:
    with pytest.raises(InputError, match="scheme and host only") as caught:
        Client(base_url=url, credentials_from_env=False)
    assert "/api/v2/..." in str(caught.value) and "404" in str(caught.value)


@pytest.mark.parametrize("url", ["https://api.bitget.com", "https://api.bitget.com/", "http://127.0.0.1:8800"])
def test_a_root_base_url_is_accepted(url: str) -> None:
    assert Client(base_url=url, credentials_from_env=False).base_url == url.rstrip("/")
