"""A chat-completions response body → typed events, streamed (SSE) or whole (JSON).

Both read pieces from :func:`app.api.idle.paced`, so a :class:`Stalled` can come
between them, and both stay within :class:`~app.api.limits.Limits`: no more than one
bounded SSE event or one capped body is ever held.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncGenerator, AsyncIterator, Iterable
from typing import Any

from app.api.decode import ChunkDecoder
from app.api.errors import (
    ApiError,
    MalformedResponse,
    StreamInterrupted,
    UnexpectedResponse,
    error_from_response,
)
from app.api.idle import IdleClock
from app.api.limits import Limits
from app.api.read_errors import response_too_large
from app.api.sse import SseParser
from app.domain.events import FinishReason, Stalled, StreamDone, StreamEvent
from app.domain.text import translate

log = logging.getLogger(__name__)


def parse_json(text: str) -> Any:
    """``json.loads``, with nesting too deep for the stack as a typed error (it raises
    RecursionError, which nothing else would catch); ValueError when not JSON."""
    try:
        return json.loads(text)
    except RecursionError as exc:
        raise MalformedResponse(translate(
            "ApiError", "The endpoint's answer was nested too deeply to read.")) from exc


def decode_text(raw: bytes) -> str:
    """Body bytes as text: not-UTF-8 bytes become U+FFFD, a byte-order mark is dropped."""
    return raw.decode("utf-8", "replace").removeprefix("\ufeff")


class _SseState:
    def __init__(self, decoder: ChunkDecoder, clock: IdleClock, secrets: tuple[str, ...]
                 ) -> None:
        self.decoder = decoder
        self.clock = clock
        self.secrets = secrets
        self.finished: set[int] = set()
        self.seen: set[int] = set()
        self.done = False

    def events(self, data: str, out: list[StreamEvent]) -> None:
        data = data.strip()  # some relays add trailing spaces
        if not data:
            return
        if data == "[DONE]":
            self.done = True
            return
        try:
            chunk = parse_json(data)
        except ValueError:
            log.warning("ignored a stream event that is not JSON (%d characters)", len(data))
            return
        if isinstance(chunk, dict) and "error" in chunk and not chunk.get("choices"):
            raise _stream_error(chunk, self.secrets)
        for event in self.decoder.decode(chunk):
            self.note(event, out)

    def note(self, event: StreamEvent, out: list[StreamEvent]) -> None:
        resumed = self.clock.seen(event)
        if resumed is not None:
            out.append(resumed)
        if isinstance(event, FinishReason):
            self.finished.add(event.choice)
        choice = getattr(event, "choice", None)
        if isinstance(choice, int):
            self.seen.add(choice)
        out.append(event)

    def read(self, datas: list[str], failure: ApiError | None) -> tuple[
            list[StreamEvent], ApiError | None]:
        """Events of ``datas``, and the error to raise once they are delivered (a refused
        event comes before ``failure``, the parser's, which is further on)."""
        out: list[StreamEvent] = []
        try:
            for data in datas:
                self.events(data, out)
                if self.done:
                    break
        except ApiError as err:
            failure = err
        return out, failure


async def sse_events(
    pieces: AsyncIterator[bytes | Stalled], decoder: ChunkDecoder, clock: IdleClock,
    limits: Limits, secrets: Iterable[str] = (),
) -> AsyncGenerator[StreamEvent, None]:
    parser = SseParser(limits.max_event_bytes)
    state = _SseState(decoder, clock, tuple(secrets))
    async for piece in pieces:
        if isinstance(piece, Stalled):
            yield piece
            continue
        datas: list[str] = []
        failure: ApiError | None = None
        try:
            parser.feed(piece, datas)
        except ApiError as err:
            failure = err
        events, failure = state.read(datas, failure)
        for event in events:
            yield event
        if failure is not None:
            raise failure
        if state.done:
            break
    if not state.done:
        events, failure = state.read(parser.finish(), None)
        for event in events:
            yield event
        if failure is not None:
            raise failure
    tail: list[StreamEvent] = []
    for event in decoder.finish():
        state.note(event, tail)
    for event in tail:
        yield event
    if state.done:
        yield StreamDone()
    elif not state.seen or not state.seen <= state.finished:
        raise StreamInterrupted(translate(
            "ApiError", "The answer ended before the endpoint said it was complete. "
                        "What arrived is kept; you can continue or retry."))


async def completion_events(
    pieces: AsyncIterator[bytes | Stalled], decoder: ChunkDecoder, limits: Limits,
    secrets: Iterable[str] = (),
) -> AsyncGenerator[StreamEvent, None]:
    """Events from a non-streamed completion, so both modes give the same result type."""
    raw = bytearray()
    async for piece in pieces:
        if isinstance(piece, Stalled):
            yield piece
            continue
        if len(raw) + len(piece) > limits.max_body_bytes:
            raise response_too_large(limits.max_body_bytes)
        raw += piece
    try:
        data = parse_json(decode_text(bytes(raw)))
    except ValueError as exc:
        if raw.lstrip()[:1] == b"<":
            raise error_from_response(200, {}, bytes(raw[:limits.max_error_bytes]),
                                      secrets) from exc
        raise MalformedResponse(translate(
            "ApiError", "The endpoint's answer was not valid JSON.")) from exc
    del raw
    if not isinstance(data, dict) or not isinstance(data.get("choices"), list):
        raise UnexpectedResponse(translate(
            "ApiError", "The endpoint's answer did not contain any choices."))
    for event in decoder.decode(data, final=True):
        yield event
    for event in decoder.finish():
        yield event
    yield StreamDone()


def _stream_error(chunk: dict[str, Any], secrets: tuple[str, ...]) -> ApiError:
    """An error object sent inside a stream, mapped like the same error over HTTP."""
    error = chunk["error"]
    status = (error.get("status") or error.get("code")) if isinstance(error, dict) else None
    status = status if isinstance(status, int) and 400 <= status < 600 else 500
    return error_from_response(status, {}, json.dumps(chunk).encode(), secrets)
