"""Signing against the vectors in the API notes (§2.10), and how queries and bodies are built."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from asyncclient import Credentials, HmacSigner, InputError, InputTypeError, RsaSigner
from asyncclient._signing import build_body, build_query, prehash, url_query

SECRET = "bitget-test-secret-0123456789abcdef"

HMAC_VECTORS = [
    (
        "16273667805456GET/api/mix/v2/market/depth?symbol=BTCUSDT&limit=20",
        "qMRbRC8tcDinIbB0ffg7qzmFeErwXFfUBO2taVauCOw=",
    ),
    (
        "16273667805456GET/api/mix/v2/market/depth?limit=20&symbol=BTCUSDT",
        "pSAbjxakTmvkdaJnDtU9Kv00xqp/yY/SRp/7NZV1blE=",
    ),
    ("1659076670000GET/api/v2/spot/account/assets", "GYZEuq5Y0PEg0iltbnT9JFrxkc6/umUC1/T/zcTqSwA="),
    (
        "1659076670000GET/api/v2/spot/trade/history-orders?limit=20&symbol=BTCUSDT",
        "/3pX330xnWov315tZdkCWvfyw7aeSvmQ1nM8QpV0PW0=",
    ),
    (
        "1700000000000GET/api/v2/mix/account/account?marginCoin=USDT&productType=USDT-FUTURES&symbol=龙虾USDT",
        "TZlU+xwNwTnvlEhe5Ty6YHVRXR2tw9Zgo+7ApxbbatQ=",
    ),
    ("1700000000GET/user/verify", "pm1+aj9ZKSuabrrZa8FZ6cDmurFpzb3J7BrMECN8rCo="),
]

RSA_KEY = """-----BEGIN PRIVATE KEY-----
MIICdQIBADANBgkqhkiG9w0BAQEFAASCAl8wggJbAgEAAoGBAKWlbu23yKByzJFc
MluJWVV91pjuE6agIY+1x1MMOFqbTdyKbaOpCtQa66wUwucXx9OVUfSVTXf1A0QQ
ErtsFFb5jy7niGHQPpbh631xzfM11F1kRGBkYcNlbepxi0bNk3R6wKPnuxdOoUI4
F/+E6+0zlwv39IQu2GOc1cyJFbcfAgMBAAECgYByPSvJymwVK9clkN4x/wGbUlQD
2H249srun8E95zmeU2lZZibDLjwHmCFc5lycn+vyYhLJiYaJ6nI8KJGirKFBVj3Y
tmAG9urBDutKUxJLtbZvPHSYFvlxujzL0CEvCsV1gi2p/XZ0s0HvhrUitI3Jrv7a
hVL7MoAucchhvzGDgQJBANdAt8KfnYOT5vowOiunqCR9Bl/hxgur95ytSf8lWEz7
zCV14fQ8V5ux1DFOpHELPXCqoRbkI7yE164zFZ9WZ+ECQQDFAMAYRj+nxIDuG24O
vbtiWK68UVvUgSPK747fOzf8pExF6dLSyfFW8ADJn48bze//aWDxjIcoNhDjapCJ
U/7/AkBlULntqnFaYEBEnHSU3aof2pUohj1QexXmMg51QJ+qRI5XR4AeFFTsHKyS
tMBj0PWPVVDTVHiZoDFgdf0EbYghAkBpuSxeGp0gyOk0X44h5RrB/bvQnoz8r01p
JET1cg9qyzWPs5uLugqF0IlrqvCfSFbLKF95YiRKpTFNCqyEtoo7AkASIZTDAjo2
0aDRmnjsRWEHbyKg1CbMp9vqI/ktJ7wyPNhujH2mkTYNHyelBCZO6y4KRWVmBjF0
Kf6EZQcjxtXG
-----END PRIVATE KEY-----
"""
RSA_SIGNATURE = (
    "o1eZkmvNpvb6njqwLAcoTFyYNOuGViRwbjO0QRYxdZXHZa6pk/93vfIENmqgGV5Y2WcZ9aSTBt5WlM2LFkvSVb2OmDd10/rjxNr+"
    "g2ialMHP0nG6enZb8WbME6+EKc93wS6503s+AavxkPT5mGKWX299JjE7QQ20JIgQYsN4hYE="
)


@pytest.mark.parametrize(("message", "expected"), HMAC_VECTORS)
def test_hmac_matches_vectors(message: str, expected: str) -> None:
    assert HmacSigner(SECRET).sign(message) == expected


def test_hmac_signer_is_reusable() -> None:
    signer = HmacSigner(SECRET)
    first = [signer.sign(message) for message, _ in HMAC_VECTORS]
    second = [signer.sign(message) for message, _ in HMAC_VECTORS]
    assert first == second == [expected for _, expected in HMAC_VECTORS]


@given(st.text(min_size=1, max_size=200), st.text(max_size=400))
def test_hmac_signer_agrees_with_the_standard_library(secret: str, message: str) -> None:
    """The signer hashes HMAC's keyed states itself (for speed): the same signature as ``hmac`` for any secret,
    short, exactly one SHA-256 block, longer than one (hashed first) or not ASCII."""
    expected = base64.b64encode(hmac.new(secret.encode(), message.encode(), hashlib.sha256).digest()).decode()
    assert HmacSigner(secret).sign(message) == expected


@pytest.mark.parametrize("length", [63, 64, 65, 128])
def test_hmac_signer_at_the_block_size_edges(length: int) -> None:
    secret = "k" * length
    expected = base64.b64encode(hmac.new(secret.encode(), b"message", hashlib.sha256).digest()).decode()
    assert HmacSigner(secret).sign("message") == expected


def test_rsa_matches_vector() -> None:
    assert RsaSigner(RSA_KEY).sign("1659076670000GET/api/v2/spot/account/assets") == RSA_SIGNATURE


def test_rsa_refuses_garbage() -> None:
    with pytest.raises(InputError, match="PEM"):
        RsaSigner("not a key")


def test_place_order_vector_through_body_builder() -> None:
    body = build_body(
        {
            "symbol": "BTCUSDT",
            "side": "buy",
            "orderType": "limit",
            "force": "gtc",
            "price": Decimal("23222.5"),
            "size": 1,
            "clientOid": "121211212122",
        }
    )
    message = prehash("1659076670000", "POST", "/api/v2/spot/trade/place-order", "", body)
    assert HmacSigner(SECRET).sign(message) == "lLkGrdrdxbrdAGRezcrMbzhO8YdRge7dcOPM0FDN+w0="


def test_query_sorted_raw_and_none_dropped() -> None:
    params = {"symbol": "BTCUSDT", "limit": 20, "after": None}
    assert build_query(params) == "limit=20&symbol=BTCUSDT"
    message = prehash("1659076670000", "GET", "/api/v2/spot/trade/history-orders", build_query(params), "")
    assert HmacSigner(SECRET).sign(message) == "/3pX330xnWov315tZdkCWvfyw7aeSvmQ1nM8QpV0PW0="


def test_non_ascii_symbol_signed_raw_sent_escaped() -> None:
    params = {"symbol": "龙虾USDT", "productType": "USDT-FUTURES", "marginCoin": "USDT"}
    query = build_query(params)
    assert query == "marginCoin=USDT&productType=USDT-FUTURES&symbol=龙虾USDT"
    assert url_query(params) == "marginCoin=USDT&productType=USDT-FUTURES&symbol=%E9%BE%99%E8%99%BEUSDT"
    message = prehash("1700000000000", "GET", "/api/v2/mix/account/account", query, "")
    assert HmacSigner(SECRET).sign(message) == "TZlU+xwNwTnvlEhe5Ty6YHVRXR2tw9Zgo+7ApxbbatQ="


def test_dollar_symbol_is_not_escaped_and_reserved_characters_are() -> None:
    assert url_query({"symbol": "$DEGENUSDT"}) == "symbol=$DEGENUSDT"
    assert build_query({"symbol": "$DEGENUSDT"}) == "symbol=$DEGENUSDT"
    assert url_query({"note": "a&b=c d+e"}) == "note=a%26b%3Dc%20d%2Be"


def test_decimal_has_no_exponent_and_float_is_refused() -> None:
    assert build_body({"price": Decimal("1E-8"), "size": Decimal("1.50")}) == '{"price":"0.00000001","size":"1.50"}'
    assert build_query({"size": Decimal("2E+3")}) == "size=2000"
    with pytest.raises(InputTypeError, match="'price' is a float"):
        build_body({"price": 0.1})
    with pytest.raises(InputError, match="finite"):
        build_query({"price": Decimal("NaN")})


def test_nested_body_lists_and_empty_body() -> None:
    body = build_body({"symbol": "BTCUSDT", "orderList": [{"size": Decimal("1"), "clientOid": None}]})
    assert body == '{"symbol":"BTCUSDT","orderList":[{"size":"1"}]}'
    assert build_body(None) == "{}"
    assert build_body({"ok": True}) == '{"ok":"true"}'


def test_credentials_hide_secrets() -> None:
    creds = Credentials(api_key="abcdefgh", api_secret="s3cr3t-value", passphrase="pass-phrase")
    text = repr(creds) + str(creds) + repr(creds.signer())
    assert "s3cr3t" not in text and "pass-phrase" not in text and "abcdefgh" not in text
    assert "abcd***" in text


def test_credentials_need_exactly_one_secret() -> None:
    with pytest.raises(InputError, match=r"api_secret \(or private_key, for an RSA key\) missing"):
        Credentials(api_key="k", passphrase="p")
    with pytest.raises(InputError, match="exactly one"):
        Credentials(api_key="k", api_secret="s", passphrase="p", private_key=RSA_KEY)
    with pytest.raises(InputError, match="passphrase"):
        Credentials(api_key="k", api_secret="s")


def test_credentials_from_environment() -> None:
    env = {"BITGET_API_KEY": "k", "BITGET_API_SECRET": "s", "BITGET_PASSPHRASE": "p"}
    creds = Credentials.from_env(env)
    assert creds is not None and creds.api_key == "k" and creds.passphrase == "p"
    assert Credentials.from_env({}) is None


_TEXT = st.text(st.characters(codec="utf-8"), max_size=12)  # utf-8: no lone surrogates
# Money within the client's bounds (40 digits, magnitudes 1e-30..1e30); beyond them build_body refuses.
_MONEY = st.decimals(allow_nan=False, allow_infinity=False).filter(
    lambda value: len(value.as_tuple().digits) <= 40 and -30 <= value.adjusted() <= 30
)
_SCALARS = st.one_of(_TEXT, st.integers(min_value=-(10**39), max_value=10**39), st.booleans(), _MONEY)
_BODIES = st.dictionaries(
    _TEXT.filter(bool),
    st.one_of(_SCALARS, st.lists(st.dictionaries(_TEXT.filter(bool), _SCALARS, max_size=3), max_size=3)),
    min_size=1,
    max_size=5,
)


@given(_BODIES)
def test_body_is_exactly_the_standard_compact_json_of_string_values(params: dict[str, object]) -> None:
    """Whichever JSON encoder builds it (orjson when installed), the body is byte for byte the standard one."""
    from asyncclient._encoding import _json_ready

    expected = json.dumps(_json_ready("body", params), separators=(",", ":"), ensure_ascii=False)
    assert build_body(params) == expected
    decoded = json.loads(build_body(params))
    assert all(isinstance(value, str | list) for value in decoded.values())
