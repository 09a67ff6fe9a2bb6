"""Request headers: which values may go into one, and a mapping that never shows the secret ones.

Header values come from the caller (API key, passphrase, locale): a CR, LF or NUL in one would split or break
the request, and httpx would print the value in its error. They are checked once, at construction.
"""

from __future__ import annotations

import re

from ._errors import InputError

__all__ = ["SECRET_HEADERS", "SignedHeaders", "check_header_value"]

# A header value the exchange (and HTTP) accepts: printable ASCII, no CR, LF, NUL or other control character.
_HEADER_VALUE = re.compile(r"[\x20-\x7e]+").fullmatch


def check_header_value(name: str, value: str) -> None:
    """Refuse a value that cannot go into a header; the message never shows it (it may be a credential)."""
    if not _HEADER_VALUE(value):
        bad = next((char for char in value if not 0x20 <= ord(char) <= 0x7E), None)
        what = "is empty" if bad is None else f"holds {_describe(bad)}"
        hint = " (a line end from a Windows .env file?)" if bad in ("\r", "\n") else ""
        raise InputError(f"{name} {what}{hint}; it must be printable ASCII")


def _describe(char: str) -> str:
    names = {"\r": "a carriage return (CR)", "\n": "a line feed (LF)", "\x00": "a NUL byte", "\t": "a tab"}
    if char in names:
        return names[char]
    if ord(char) < 0x20 or ord(char) == 0x7F:
        return f"a control character (U+{ord(char):04X})"
    return "a non-ASCII character"


#: Headers whose values are credentials or derived from them; never shown.
SECRET_HEADERS = frozenset({"ACCESS-KEY", "ACCESS-PASSPHRASE", "ACCESS-SIGN"})


class SignedHeaders(dict[str, str]):
    """A request's headers, as a plain dict for the transports, whose repr hides the credentials.

    Signed headers cross function boundaries on the hot path (client, sender, transport): a debugger, pytest's
    long tracebacks (which print every frame's arguments) or ``--showlocals`` would otherwise print them.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        shown_items = ", ".join(
            f"{key!r}: {'***' if key in SECRET_HEADERS else repr(value)}" for key, value in self.items()
        )
        return f"SignedHeaders({{{shown_items}}})"

    __str__ = __repr__
