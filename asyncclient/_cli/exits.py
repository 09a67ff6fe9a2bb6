"""Exit codes and error messages a shell user can act on; one place maps exceptions to both."""

from __future__ import annotations

import enum
import sys
from collections.abc import Awaitable, Callable
from typing import TextIO

import anyio

from .._errors import (
    AuthenticationError,
    Error,
    ExchangeError,
    InputError,
    MissingCredentialsError,
    OutcomeUnknownError,
    PermissionDeniedError,
    RateLimitError,
    TimestampError,
    TransportError,
)

__all__ = ["CommandError", "ExitCode", "describe_failure", "run_async"]


class ExitCode(enum.IntEnum):
    """What a command's exit status means."""

    OK = 0
    CHECK_FAILED = 1  # the command ran, and what it checks did not hold (the demo's report)
    USAGE = 2  # bad arguments or files: fix the command line
    EXCHANGE = 3  # the exchange answered with an error
    NETWORK = 4  # the exchange could not be reached (or the connection broke)
    INTERRUPTED = 130  # Ctrl-C


class CommandError(Exception):
    """A failure found by a command itself, with the exit code and a hint for the user."""

    def __init__(self, message: str, *, code: ExitCode = ExitCode.USAGE, hint: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.hint = hint


def describe_failure(exc: BaseException) -> tuple[ExitCode, str, str | None]:
    """The exit code, a one-line message and a hint (or None) for a failed command."""
    if isinstance(exc, CommandError):
        return exc.code, str(exc), exc.hint
    if isinstance(exc, MissingCredentialsError):
        return ExitCode.USAGE, str(exc), None
    if isinstance(exc, InputError):
        return ExitCode.USAGE, str(exc), None
    if isinstance(exc, TransportError):
        return (
            ExitCode.NETWORK,
            str(exc),
            "check the network and --base-url (for an offline exchange, run `asyncclient sim`)",
        )
    if isinstance(exc, RateLimitError):
        return (
            ExitCode.EXCHANGE,
            str(exc),
            "the exchange rate-limited this IP or key; wait and retry",
        )
    if isinstance(exc, TimestampError):
        return ExitCode.EXCHANGE, str(exc), "the request's timestamp was refused; check this machine's clock"
    if isinstance(exc, AuthenticationError | PermissionDeniedError):
        return (
            ExitCode.EXCHANGE,
            str(exc),
            "check BITGET_API_KEY, BITGET_API_SECRET and BITGET_PASSPHRASE, and the key's permissions",
        )
    if isinstance(exc, ExchangeError):
        return ExitCode.EXCHANGE, str(exc), None
    if isinstance(exc, OutcomeUnknownError):
        hint = f"look up client order ids {', '.join(exc.client_oids)}" if exc.client_oids else None
        return ExitCode.EXCHANGE, str(exc), hint
    if isinstance(exc, Error):
        return ExitCode.EXCHANGE, str(exc), None
    raise exc


def report_failure(exc: BaseException, stream: TextIO | None = None) -> ExitCode:
    """Print ``asyncclient: error: ...`` (and a hint) to stderr; return the exit code."""
    stream = stream if stream is not None else sys.stderr
    code, message, hint = describe_failure(exc)
    print(f"asyncclient: error: {message}", file=stream)
    if hint:
        print(f"asyncclient: hint: {hint}", file=stream)
    return code


def run_async(main: Callable[[], Awaitable[int]]) -> int:
    """Run a command's coroutine; turn the library's errors into a message and an exit code."""
    try:
        return anyio.run(main)
    except KeyboardInterrupt:
        print("asyncclient: interrupted", file=sys.stderr)
        return ExitCode.INTERRUPTED
    except (CommandError, Error) as exc:
        return report_failure(exc)
    except BaseExceptionGroup as group:
        leaf = _first_leaf(group)
        if isinstance(leaf, CommandError | Error):
            return report_failure(leaf)
        raise


def _first_leaf(group: BaseExceptionGroup[BaseException]) -> BaseException:
    first = group.exceptions[0]
    return _first_leaf(first) if isinstance(first, BaseExceptionGroup) else first
