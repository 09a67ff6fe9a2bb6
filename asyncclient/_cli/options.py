"""Options shared by the subcommands: where the exchange is, how to print, and times on the command line."""

from __future__ import annotations

import argparse
import math
import os
from datetime import UTC, datetime

from .._client import DEFAULT_BASE_URL
from .exits import CommandError

__all__ = [
    "BASE_URL_ENV",
    "add_base_url",
    "add_json",
    "default_base_url",
    "format_ms",
    "parse_time_ms",
    "plural",
    "seconds",
]

#: Environment variable that overrides the default ``--base-url`` (handy with ``asyncclient sim``).
BASE_URL_ENV = "ASYNCCLIENT_BASE_URL"


def default_base_url() -> str:
    return os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL


def add_base_url(parser: argparse.ArgumentParser, *, default: str | None = None, help_default: str = "") -> None:
    """``--base-url URL``: the exchange (default the real one, or $ASYNCCLIENT_BASE_URL)."""
    parser.add_argument(
        "--base-url",
        default=default,
        metavar="URL",
        help=help_default
        or f"the exchange's address (default: ${BASE_URL_ENV} or {DEFAULT_BASE_URL}); "
        "point it at `asyncclient sim` to work offline",
    )
    parser.add_argument(
        "--timeout", type=seconds, default=10.0, metavar="SECONDS", help="per-request timeout (default: 10)"
    )


def seconds(text: str) -> float:
    """A positive, finite number of seconds (argparse exits 2 with the message otherwise)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {text!r}")
    return value


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text (for scripts)")


def parse_time_ms(text: str) -> int:
    """Epoch milliseconds, or ISO 8601 (``2024-05-01``, ``2024-05-01T12:00``; UTC when no zone is given)."""
    text = text.strip()
    if text.isdigit():
        value = int(text)
        if value < 10**11:
            raise CommandError(f"time {text!r} looks like seconds; give epoch milliseconds or an ISO date")
        return value
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise CommandError(
            f"cannot read time {text!r}; use ISO 8601 like 2024-05-01 or 2024-05-01T12:30:00Z, or epoch ms"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return int(moment.timestamp() * 1000)


def format_ms(ms: int) -> str:
    """Epoch milliseconds as ISO 8601 UTC with milliseconds."""
    moment = datetime.fromtimestamp(ms / 1000, tz=UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def plural(count: int, word: str) -> str:
    """``1 symbol``, ``2 symbols``."""
    return f"{count} {word}{'' if count == 1 else 's'}"
