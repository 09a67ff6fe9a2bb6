"""Decoding the exchange's envelope into data or the exact typed error."""

from __future__ import annotations

import json
from typing import Any

import pytest

from asyncclient import (
    AuthenticationError,
    BadRequestError,
    DecodeError,
    DuplicateClientOidError,
    ExchangeError,
    ExchangeUnavailableError,
    InsufficientFundsError,
    InvalidOrderError,
    NotFoundError,
    OrderNotFoundError,
    PermissionDeniedError,
    RateLimitError,
    TimestampError,
)
from asyncclient._envelope import decode_envelope, parse_retry_after


def _decode(status: int, body: bytes | dict[str, Any], headers: dict[str, str] | None = None) -> Any:
    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return decode_envelope(status, headers or {}, raw, method="GET", path="/api/v2/x")


@pytest.mark.parametrize(
    "data",
    [{"serverTime": "1688008631614"}, [1, 2], None, "", [["1", "2"]]],
    ids=["obj", "list", "null", "empty", "rows"],
)
def test_success_returns_data_of_any_shape(data: Any) -> None:
    assert _decode(200, {"code": "00000", "msg": "success", "requestTime": 1, "data": data}) == data


def test_success_tolerates_message_and_string_request_time() -> None:
    body = {"code": "00000", "message": "success", "requestTime": "1702571790777", "data": {"a": "1"}}
    assert _decode(200, body) == {"a": "1"}


@pytest.mark.parametrize(
    ("status", "code", "cls"),
    [
        (400, "40009", AuthenticationError),
        (400, "40012", AuthenticationError),
        (401, "40037", AuthenticationError),
        (400, "40006", AuthenticationError),
        (403, "40014", PermissionDeniedError),
        (400, "40018", PermissionDeniedError),
        (400, "40008", TimestampError),
        (400, "40004", TimestampError),
        (429, "429", RateLimitError),
        (200, "1001", RateLimitError),
        (400, "40017", BadRequestError),
        (400, "40019", BadRequestError),
        (400, "43012", InsufficientFundsError),
        (400, "40762", InsufficientFundsError),
        (400, "43001", OrderNotFoundError),
        (400, "40768", OrderNotFoundError),
        (400, "40808", InvalidOrderError),
        (400, "45110", InvalidOrderError),
        (400, "43118", DuplicateClientOidError),
        (200, "40015", ExchangeUnavailableError),
        (500, "50000", ExchangeUnavailableError),
        (404, "40404", NotFoundError),
        (400, "99999", ExchangeError),
    ],
)
def test_codes_map_to_exact_classes(status: int, code: str, cls: type[ExchangeError]) -> None:
    body = {"code": code, "msg": f"message for {code}", "requestTime": 1630896973038, "data": None}
    with pytest.raises(ExchangeError) as info:
        _decode(status, body)
    error = info.value
    assert type(error) is cls
    assert (error.http_status, error.code, error.message) == (status, code, f"message for {code}")
    assert (error.method, error.path, error.request_time) == ("GET", "/api/v2/x", 1630896973038)
    assert code in error.body


def test_200_with_error_code_is_an_error() -> None:
    with pytest.raises(BadRequestError) as info:
        _decode(200, {"code": "40017", "msg": "Order id must not be blank", "data": None})
    assert info.value.http_status == 200 and "Order id must not be blank" in str(info.value)


def test_unknown_code_keeps_raw_body() -> None:
    with pytest.raises(ExchangeError) as info:
        _decode(400, {"code": "77777", "msg": "new rule", "data": {"hint": "x"}})
    assert type(info.value) is ExchangeError
    assert '"hint"' in info.value.body


def test_html_502_page_is_exchange_unavailable() -> None:
    page = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
    with pytest.raises(ExchangeUnavailableError) as info:
        _decode(502, page)
    assert info.value.http_status == 502 and info.value.code is None
    assert "502 Bad Gateway" in info.value.body


def test_html_404_page_is_not_found() -> None:
    with pytest.raises(NotFoundError) as info:
        _decode(404, b"<html>404</html>")
    assert info.value.code is None


def test_truncated_json_on_200_is_decode_error() -> None:
    with pytest.raises(DecodeError) as info:
        _decode(200, b'{"code":"00000","msg":"success","data":[{"symbol":"BTC')
    assert info.value.http_status == 200 and "not the exchange's JSON envelope" in info.value.message


def test_json_without_code_is_decode_error() -> None:
    with pytest.raises(DecodeError):
        _decode(200, {"status": "error", "err_code": "1"})


def test_429_without_json_reads_retry_after() -> None:
    with pytest.raises(RateLimitError) as info:
        _decode(429, b"Too Many Requests", {"retry-after": "2"})
    assert info.value.retry_after == 2.0 and info.value.http_status == 429


def test_retry_after_parsing() -> None:
    assert parse_retry_after("1.5") == 1.5
    assert parse_retry_after(None) is None
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # an HTTP-date in the past: now
    assert parse_retry_after("-3") is None
