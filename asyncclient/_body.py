"""Reading an answer's body within a size cap, raw and decompressed, for both transports.

A hostile or broken server can send an endless chunked body or a small gzip bomb (2 MB that inflates to 2 GB).
The body is read chunk by chunk and decompressed here, each step bounded (``zlib``'s ``max_length``), so memory
stays near the cap whatever arrives; past it the read stops with :class:`ResponseTooLargeError`.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterable, Mapping

from ._errors import DecodeError, ResponseTooLargeError

__all__ = ["DEFAULT_MAX_RESPONSE_SIZE", "BodyLimit", "read_body"]

#: 64 MiB: far above the largest real answer (a full symbol list is a few MB), far below what hurts a process.
DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024
#: What one decompression step may produce: small, so a bomb never inflates far past the cap in one go.
_STEP = 256 * 1024


class BodyLimit:
    """Where a body is read for (method, path, status: for the error) and how large it may be."""

    __slots__ = ("max_size", "method", "path", "status")

    def __init__(self, max_size: int, method: str, path: str, status: int) -> None:
        self.max_size = max_size
        self.method = method
        self.path = path
        self.status = status

    def too_large(self, what: str) -> ResponseTooLargeError:
        return ResponseTooLargeError(
            f"the answer's {what} size is over the cap of {self.max_size} bytes (Client(max_response_size=...))",
            http_status=self.status,
            code=None,
            method=self.method,
            path=self.path,
        )

    def undecodable(self, reason: str) -> DecodeError:
        return DecodeError(
            f"undecodable response body ({reason})",
            http_status=self.status,
            code=None,
            method=self.method,
            path=self.path,
        )


def _decoders(encoding: str, limit: BodyLimit) -> list[zlib._Decompress]:
    """One zlib decompressor per content coding, in the order they must be undone."""
    decoders = []
    for token in reversed([part.strip().lower() for part in encoding.split(",") if part.strip()]):
        if token in ("gzip", "x-gzip"):
            decoders.append(zlib.decompressobj(zlib.MAX_WBITS | 16))
        elif token == "deflate":
            decoders.append(zlib.decompressobj())  # zlib-wrapped, as RFC 9110 means by "deflate"
        elif token != "identity":
            raise limit.undecodable(f"content-encoding {token!r} is not supported")
    return decoders


def _inflate(decoder: zlib._Decompress, data: bytes, room: int, limit: BodyLimit) -> bytes:
    """All of ``data`` through ``decoder``, refusing to produce more than ``room`` bytes."""
    out: list[bytes] = []
    size = 0
    try:
        while data:
            piece = decoder.decompress(data, _STEP)
            size += len(piece)
            if size > room:
                raise limit.too_large("decompressed")
            out.append(piece)
            data = decoder.unconsumed_tail
    except zlib.error as exc:
        raise limit.undecodable(f"bad compressed data: {exc}") from None
    return b"".join(out)


async def read_body(chunks: AsyncIterable[bytes], headers: Mapping[str, str], limit: BodyLimit) -> bytes:
    """The whole body from raw ``chunks``, decompressed as ``Content-Encoding`` says, within ``limit``."""
    declared = headers.get("content-length")
    if declared is not None and declared.strip().isdigit() and int(declared) > limit.max_size:
        raise limit.too_large("declared")
    decoders = _decoders(headers.get("content-encoding") or "", limit)
    raw = 0
    parts: list[bytes] = []
    size = 0
    async for chunk in chunks:
        raw += len(chunk)
        if raw > limit.max_size:
            raise limit.too_large("raw")
        data = chunk
        for decoder in decoders:
            data = _inflate(decoder, data, limit.max_size - size, limit)
        size += len(data)
        if size > limit.max_size:
            raise limit.too_large("decompressed")
        parts.append(data)
    for index, decoder in enumerate(decoders):  # flush what each stage still holds, through the later stages
        tail = decoder.flush()
        for later in decoders[index + 1 :]:
            tail = _inflate(later, tail, limit.max_size - size, limit)
        size += len(tail)
        if size > limit.max_size:
            raise limit.too_large("decompressed")
        parts.append(tail)
    return b"".join(parts)
