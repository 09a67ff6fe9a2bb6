"""Bad input is refused with a clear error before anything leaves the machine; secrets never show."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest

from asyncclient import Client, InputError, InputTypeError, MissingCredentialsError

SECRET = "very-secret-value"
PASSPHRASE = "my-pass-phrase"


class RefusingTransport(httpx.AsyncBaseTransport):
    """Counts requests that reach the network layer; these tests expect none."""

    def __init__(self) -> None:
        self.sent = 0

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.sent += 1
        return httpx.Response(500)


@pytest.fixture
def transport() -> RefusingTransport:
    return RefusingTransport()


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("method", "path", "params", "error"),
    [
        ("DELETE", "/api/v2/spot/market/tickers", None, InputError),
        ("GET", "api/v2/spot/market/tickers", None, InputError),
        ("GET", "/api/v2/spot/market/tickers?symbol=BTCUSDT", None, InputError),
        ("GET", "/api/v2/spot/market/tickers", ["symbol"], InputTypeError),
        ("GET", "/api/v2/spot/market/tickers", {"symbol": ["BTCUSDT"]}, InputTypeError),
        ("GET", "/api/v2/spot/market/tickers", {"price": 1.5}, InputTypeError),
        ("GET", "/api/v2/spot/market/tickers", {"": "x"}, InputTypeError),
        ("POST", "/api/v2/spot/trade/place-order", {"price": 0.1}, InputTypeError),
    ],
)
async def test_bad_input_raises_before_sending(
    transport: RefusingTransport, method: str, path: str, params: Any, error: type[Exception]
) -> None:
    async with Client("key", SECRET, PASSPHRASE, transport=transport, credentials_from_env=False) as client:
        with pytest.raises(error):
            await client.request(method, path, params)
    assert transport.sent == 0


@pytest.mark.anyio
async def test_signed_call_without_credentials_is_refused(transport: RefusingTransport) -> None:
    async with Client(transport=transport, credentials_from_env=False) as client:
        with pytest.raises(MissingCredentialsError, match="BITGET_API_KEY"):
            await client.request("GET", "/api/v2/spot/account/assets")
    assert transport.sent == 0


def test_credentials_from_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BITGET_API_KEY", "env-key")
    monkeypatch.setenv("BITGET_API_SECRET", SECRET)
    monkeypatch.setenv("BITGET_PASSPHRASE", PASSPHRASE)
    assert Client().has_credentials
    assert not Client(credentials_from_env=False).has_credentials


def test_bad_constructor_arguments() -> None:
    with pytest.raises(InputError, match="base_url"):
        Client(base_url="api.bitget.com")
    with pytest.raises(InputError, match="passphrase"):
        Client("key", SECRET)
    with pytest.raises(InputTypeError):
        Client("key", Decimal(1), PASSPHRASE)  # type: ignore[arg-type]


def test_secrets_never_in_repr() -> None:
    client = Client("abcdefghijk", SECRET, PASSPHRASE)
    text = repr(client) + str(client)
    assert SECRET not in text and PASSPHRASE not in text and "abcdefghijk" not in text
