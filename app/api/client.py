"""The endpoint client: chat completions (streamed or not), model list, account info.

One shared ``httpx.AsyncClient`` is injected; this class never creates its own.
Redirects are never followed, so the key never travels to an address the user did not
configure. Every failure surfaces as an :class:`~app.api.errors.ApiError`.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
from collections.abc import AsyncGenerator, AsyncIterator, Awaitable, Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any, cast

import httpx
from httpx_sse import EventSource, SSEError

from app.api.accumulate import Accumulator
from app.api.decode import ChunkDecoder
from app.api.errors import (
    ApiError,
    MalformedResponse,
    StreamInterrupted,
    ThinkingNotSupported,
    UnexpectedResponse,
    error_from_response,
    error_from_transport,
)
from app.api.payload import build_body, encode_body
from app.domain.chat import ChatMessage, ChatResult
from app.domain.events import FinishReason, RetryScheduled, StreamDone, StreamEvent
from app.domain.params import ChatParams
from app.domain.text import translate

log = logging.getLogger(__name__)

MAX_ERROR_BODY = 64 * 1024
DEFAULT_BASE_URL = "https://api.siliconflow.cn/v1"


@dataclass(frozen=True)
class Timeouts:
    """``read`` is the longest silence tolerated between two pieces of an answer:
    reasoning models can think for minutes before their first token."""

    connect: float = 10.0
    read: float = 300.0

    def to_httpx(self) -> httpx.Timeout:
        return httpx.Timeout(connect=self.connect, read=self.read, write=30.0, pool=30.0)


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 3
    base_delay: float = 1.0
    max_delay: float = 60.0

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float | None:
        """Seconds before retry ``attempt`` (1-based), or ``None`` if not worth waiting."""
        if retry_after is not None:
            return retry_after if retry_after <= self.max_delay else None
        backoff = min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
        return backoff * (0.5 + 0.5 * rng.random())  # jitter spreads clients apart


class ApiClient:
    def __init__(
        self,
        http: httpx.AsyncClient,
        base_url: str,
        api_key: Callable[[], str | None],
        *,
        timeouts: Timeouts | None = None,
        retry: RetryPolicy | None = None,
        rng: random.Random | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self._http = http
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.timeouts = timeouts or Timeouts()
        self.retry = retry or RetryPolicy()
        self._rng = rng or random.Random()
        self._sleep = sleep
        # Models that answered 400/20015 to enable_thinking; the UI stops offering it.
        self.thinking_unsupported: set[str] = set()

    def _headers(self, accept: str) -> dict[str, str]:
        headers = {"Accept": accept}
        key = self._api_key()
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return headers

    async def stream_chat(
        self, params: ChatParams, messages: Sequence[ChatMessage]
    ) -> AsyncGenerator[StreamEvent, None]:
        """Typed events of one chat request, retrying failures that happen before output.

        Retries (429, 503, 504, connection failures) are announced with a
        :class:`RetryScheduled` event before each wait; cancelling the consuming task
        cancels the wait. Nothing is retried once output has started.
        """
        body = encode_body(build_body(params, messages))
        attempt = 0
        while True:
            started = False
            try:
                async with aclosing(self._attempt(body)) as events:
                    async for event in events:
                        started = True
                        yield event
                return
            except ThinkingNotSupported:
                if params.model:
                    self.thinking_unsupported.add(params.model)
                raise
            except ApiError as err:
                if started or not err.retryable or attempt >= self.retry.max_retries:
                    raise
                delay = self.retry.delay(attempt + 1, err.retry_after, self._rng)
                if delay is None:
                    raise
                attempt += 1
                log.info("retry %d/%d in %.1fs: %s", attempt, self.retry.max_retries,
                         delay, type(err).__name__)
                yield RetryScheduled(attempt, self.retry.max_retries, delay, err.message,
                                     err.to_json())
                await self._sleep(delay)

    async def complete(self, params: ChatParams, messages: Sequence[ChatMessage]) -> ChatResult:
        """The whole result of a request (streamed or not), with retries."""
        accumulator = Accumulator()
        async with aclosing(self.stream_chat(params, messages)) as events:
            async for event in events:
                accumulator.apply(event)
        return accumulator.result

    async def _attempt(self, body: bytes) -> AsyncGenerator[StreamEvent, None]:
        started = False
        headers = self._headers("text/event-stream, application/json")
        headers["Content-Type"] = "application/json"
        try:
            async with self._http.stream(
                "POST",
                f"{self.base_url}/chat/completions",
                content=body,
                headers=headers,
                timeout=self.timeouts.to_httpx(),
                follow_redirects=False,
            ) as response:
                if response.status_code != 200:
                    raise error_from_response(
                        response.status_code, response.headers, await _read_capped(response)
                    )
                content_type = response.headers.get("content-type", "").lower()
                if "text/event-stream" in content_type:
                    async with aclosing(_sse_events(response)) as events:
                        async for event in events:
                            started = True
                            yield event
                else:
                    for event in _completion_events(await _read_capped(response, None)):
                        yield event
        except httpx.TransportError as exc:
            raise error_from_transport(exc, started=started) from exc

    async def list_models(self) -> list[str]:
        """Chat model ids from ``GET /models?sub_type=chat``."""
        data = await self._get_json("/models", {"type": "text", "sub_type": "chat"})
        items = data.get("data") if isinstance(data, dict) else None
        if not isinstance(items, list):
            raise MalformedResponse(translate(
                "ApiError", "The endpoint's model list was not in the expected shape."))
        return [str(item["id"]) for item in items if isinstance(item, dict) and item.get("id")]

    async def user_info(self) -> dict[str, Any] | None:
        """Account info from ``GET /user/info``; ``None`` where the endpoint retired it."""
        try:
            data = await self._get_json("/user/info", None)
        except ApiError as err:
            if err.status in (404, 410):
                return None
            raise
        return data if isinstance(data, dict) else None

    async def _get_json(self, path: str, query: dict[str, str] | None) -> Any:
        try:
            response = await self._http.get(
                f"{self.base_url}{path}",
                params=query,
                headers=self._headers("application/json"),
                timeout=httpx.Timeout(self.timeouts.connect, read=30.0),
                follow_redirects=False,
            )
        except httpx.TransportError as exc:
            raise error_from_transport(exc) from exc
        if response.status_code != 200:
            raise error_from_response(response.status_code, response.headers, response.content)
        try:
            return response.json()
        except ValueError as exc:
            raise error_from_response(599, response.headers, response.content) from exc


async def _read_capped(response: httpx.Response, cap: int | None = MAX_ERROR_BODY) -> bytes:
    data = bytearray()
    async for piece in response.aiter_bytes():
        data += piece
        if cap is not None and len(data) >= cap:
            break
    return bytes(data)


def _completion_events(raw: bytes) -> list[StreamEvent]:
    """Events from a non-streamed completion, so both modes give the same result type."""
    try:
        data = json.loads(raw)
    except ValueError as exc:
        raise error_from_response(200, {}, raw) if raw.lstrip()[:1] == b"<" else (
            MalformedResponse(translate("ApiError", "The endpoint's answer was not valid JSON."))
        ) from exc
    if not isinstance(data, dict) or not isinstance(data.get("choices"), list):
        raise UnexpectedResponse(translate(
            "ApiError", "The endpoint's answer did not contain any choices."))
    decoder = ChunkDecoder()
    return [*decoder.decode(data, final=True), StreamDone()]


async def _sse_events(response: httpx.Response) -> AsyncGenerator[StreamEvent, None]:
    decoder = ChunkDecoder()
    finished: set[int] = set()
    seen: set[int] = set()
    done = False
    try:
        source = EventSource(cast(httpx.Response, _BlankLineAtEnd(response)))
        async for sse in source.aiter_sse():
            data = sse.data.strip()  # some relays add trailing spaces
            if not data:
                continue
            if data == "[DONE]":
                done = True
                break
            try:
                chunk = json.loads(data)
            except ValueError:
                log.warning("ignored a stream event that is not JSON (%d bytes)", len(data))
                continue
            if isinstance(chunk, dict) and "error" in chunk and not chunk.get("choices"):
                raise _stream_error(chunk)
            for event in decoder.decode(chunk):
                if isinstance(event, FinishReason):
                    finished.add(event.choice)
                if hasattr(event, "choice"):
                    seen.add(event.choice)
                yield event
    except SSEError as exc:  # pragma: no cover - content type is checked before
        raise MalformedResponse(
            translate("ApiError", "The endpoint's stream could not be read.")) from exc
    for event in decoder.finish():
        yield event
    if done:
        yield StreamDone()
    elif not seen or not seen <= finished:
        raise StreamInterrupted(translate(
            "ApiError", "The answer ended before the endpoint said it was complete. "
                        "What arrived is kept; you can continue or retry."))


class _BlankLineAtEnd:
    """The response as EventSource reads it, plus a blank line after the last byte.

    Some servers end the body right after ``data: [DONE]`` with no blank line; per the
    SSE spec that last event would be dropped (seen in the SiliconFlow captures).
    """

    def __init__(self, response: httpx.Response) -> None:
        self.headers = response.headers
        self._response = response

    async def aiter_text(self) -> AsyncIterator[str]:
        async for text in self._response.aiter_text():
            yield text
        yield "\n\n"


def _stream_error(chunk: dict[str, Any]) -> ApiError:
    """An error object sent inside a stream, mapped like the same error over HTTP."""
    error = chunk["error"]
    status = error.get("status") or error.get("code") if isinstance(error, dict) else None
    status = status if isinstance(status, int) and 400 <= status < 600 else 500
    return error_from_response(status, {}, json.dumps(chunk).encode())
