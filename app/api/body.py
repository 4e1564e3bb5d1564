"""A response body as bytes, inflated in bounded steps.

httpx inflates each network read whole: a 64 KiB piece of a gzip bomb becomes 64 MB at
once, and ``aread()`` keeps all of it (a 1 MB gzip reached 3.1 GB). Here the raw bytes
are inflated at most :data:`STEP` bytes at a time, so a reader that stops at its limit
never holds more than that limit plus one step.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

from app.api.errors import MalformedResponse
from app.domain.text import translate

if TYPE_CHECKING:
    import httpx

STEP = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate"  # what :class:`Inflater` reads; sent on every request


class Inflater:
    """``gzip`` (several members too) or ``deflate`` (zlib-wrapped or raw), in steps."""

    def __init__(self, encoding: str) -> None:
        self._wbits = 16 + zlib.MAX_WBITS if encoding in ("gzip", "x-gzip") else zlib.MAX_WBITS
        self._raw_fallback = encoding == "deflate"  # some servers send deflate without header
        self._inflate = zlib.decompressobj(self._wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data:
            try:
                out = self._inflate.decompress(data, STEP)
            except zlib.error as exc:
                if not self._raw_fallback:
                    raise _corrupt() from exc
                self._raw_fallback = False
                self._wbits = -zlib.MAX_WBITS
                self._inflate = zlib.decompressobj(self._wbits)
                continue
            self._raw_fallback = False
            if out:
                yield out
            if self._inflate.eof:
                data = self._inflate.unused_data.lstrip(b"\0")  # padding after a member
                self._inflate = zlib.decompressobj(self._wbits)
            else:
                data = self._inflate.unconsumed_tail


def _corrupt() -> MalformedResponse:
    return MalformedResponse(translate(
        "ApiError", "The endpoint's compressed answer is damaged and could not be read."))


def inflater_for(content_encoding: str) -> Inflater | None:
    """The inflater for a ``Content-Encoding`` header; None when the body is as sent."""
    codings = [c.strip().lower() for c in content_encoding.split(",")]
    codings = [c for c in codings if c and c != "identity"]
    if not codings:
        return None
    if len(codings) == 1 and codings[0] in ("gzip", "x-gzip", "deflate"):
        return Inflater(codings[0])
    text = translate("ApiError", "The endpoint compressed its answer in a way SiliconDesk "
                                 "cannot read ({encoding}).")
    raise MalformedResponse(text.format(encoding=content_encoding[:100]))


async def body_pieces(response: httpx.Response) -> AsyncIterator[bytes]:
    """The body in pieces of at most :data:`STEP` bytes once inflated (as sent otherwise:
    httpcore reads at most 64 KiB at a time)."""
    inflater = inflater_for(response.headers.get("content-encoding", ""))
    async for raw in response.aiter_raw():
        if inflater is None:
            yield raw
        else:
            for piece in inflater.feed(raw):
                yield piece


async def read_capped(pieces: AsyncIterator[bytes], cap: int) -> tuple[bytes, bool]:
    """Up to ``cap`` bytes, and whether there was more (not read)."""
    data = bytearray()
    async for piece in pieces:
        room = cap - len(data)
        data += piece[:room]
        if len(piece) > room:
            return bytes(data), True
    return bytes(data), False
