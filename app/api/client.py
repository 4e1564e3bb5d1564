"""The endpoint client: chat completions (streamed or not), model list, account info.

One shared ``httpx.AsyncClient`` is injected; this class never creates its own.
Redirects are never followed, so the key never travels to an address the user did not
configure. Every failure surfaces as an :class:`~app.api.errors.ApiError`.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import AsyncGenerator, Awaitable, Callable, Mapping, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.api.accumulate import Accumulator
from app.api.body import ACCEPT_ENCODING, body_pieces, read_capped
from app.api.decode import ChunkDecoder
from app.api.errors import (
    ApiError,
    ApiTimeout,
    MalformedResponse,
    ThinkingNotSupported,
    error_from_response,
    error_from_transport,
)
from app.api.idle import IdleClock, paced
from app.api.limits import Limits
from app.api.model_list import parse_model_list
from app.api.payload import build_body, chat_url, encode_body
from app.api.read_errors import response_too_large, unreadable
from app.api.stream import completion_events, decode_text, parse_json, sse_events
from app.domain.capabilities import ModelInfo
from app.domain.chat import ChatMessage, ChatResult
from app.domain.events import Resumed, RetryScheduled, Stalled, StreamEvent
from app.domain.params import ChatParams
from app.domain.text import translate
from app.domain.unicode import scrub

log = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.siliconflow.cn/v1"
LONG_HISTORY_CHARS = 200_000  # a body longer than this is encoded in a worker thread


def is_siliconflow(base_url: str) -> bool:
    host = (urlsplit(base_url).hostname or "").lower()
    return host.endswith(("siliconflow.cn", "siliconflow.com"))


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
        limits: Limits | None = None,
    ) -> None:
        self._http = http
        self.base_url = base_url.rstrip("/")
        self._api_key = api_key
        self.timeouts = timeouts or Timeouts()
        self.retry = retry or RetryPolicy()
        self._rng = rng or random.Random()
        self._sleep = sleep
        self.limits = limits or Limits()
        # Models that answered 400/20015 to enable_thinking; the UI stops offering it.
        self.thinking_unsupported: set[str] = set()
        # The endpoint's own headers (a relay's, ``X-Trace-Id``); never the key's or body's.
        self.extra_headers: dict[str, str] = {}

    def _secrets(self) -> tuple[str, ...]:
        """The key in use, masked wherever the server's words are kept or shown."""
        key = self._api_key()
        return (key,) if key else ()

    def _headers(self, accept: str) -> dict[str, str]:
        headers = {**self.extra_headers, "Accept": accept, "Accept-Encoding": ACCEPT_ENCODING}
        key = self._api_key()
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return headers

    async def stream_chat(
        self, params: ChatParams, messages: Sequence[ChatMessage],
        extra: Mapping[str, Any] | None = None,
    ) -> AsyncGenerator[StreamEvent, None]:
        """Typed events of one chat request, retrying failures that happen before output.

        Retries (429, 503, 504, connection failures) are announced with a
        :class:`RetryScheduled` event before each wait; cancelling the consuming task
        cancels the wait. Nothing is retried once output has started.

        Past one of :attr:`limits` the events up to it are yielded, then an
        :class:`~app.api.errors.AnswerLimitReached` or
        :class:`~app.api.errors.IdleTimeout` is raised. :class:`Stalled` and
        :class:`Resumed` report text that is late while the request goes on.
        """
        if any(m.attachments for m in messages) or \
                sum(len(m.content or "") for m in messages) > LONG_HISTORY_CHARS:
            # Megabytes of inlined images or of history: encoded in a worker thread, not
            # on the GUI's loop.
            body = await asyncio.to_thread(
                lambda: encode_body(build_body(params, messages, extra)))
        else:
            body = encode_body(build_body(params, messages, extra))
        choices = self.limits.choices(params.n)
        attempt = 0
        while True:
            started = False
            try:
                async with aclosing(self._attempt(body, choices)) as events:
                    async for event in events:
                        started = started or not isinstance(event, Stalled | Resumed)
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

    async def _attempt(self, body: bytes, choices: int) -> AsyncGenerator[StreamEvent, None]:
        started = False
        headers = self._headers("text/event-stream, application/json")
        headers["Content-Type"] = "application/json"
        try:
            async with self._http.stream(
                "POST",
                chat_url(self.base_url),
                content=body,
                headers=headers,
                timeout=self.timeouts.to_httpx(),
                follow_redirects=False,
            ) as response:
                if response.status_code != 200:
                    raise error_from_response(response.status_code, response.headers,
                                              await self._error_body(response), self._secrets())
                limits = self.limits
                clock = IdleClock(limits.idle_notice, limits.idle_deadline)
                pieces = paced(body_pieces(response), clock)
                decoder = ChunkDecoder(limits, choices)
                if "text/event-stream" in response.headers.get("content-type", "").lower():
                    events = sse_events(pieces, decoder, clock, limits, self._secrets())
                else:
                    events = completion_events(pieces, decoder, limits, self._secrets())
                async with aclosing(pieces), aclosing(events):
                    async for event in events:
                        started = started or not isinstance(event, Stalled | Resumed)
                        yield event
        except httpx.TransportError as exc:
            raise error_from_transport(exc, started=started) from exc
        except ApiError:
            raise
        except Exception as exc:  # whatever the bytes, only an ApiError leaves the client
            log.exception("unexpected failure reading the answer")
            raise unreadable(type(exc).__name__) from exc

    async def list_models(self, *, chat_filter: bool | None = None) -> list[str]:
        """Model ids from ``GET /models`` (see :meth:`model_infos`)."""
        return [model.id for model in await self.model_infos(chat_filter=chat_filter)]

    async def model_infos(self, *, chat_filter: bool | None = None) -> list[ModelInfo]:
        """The models ``GET /models`` lists, with what each reports about itself. Only
        SiliconFlow takes (and needs) ``type=text&sub_type=chat``; ``chat_filter`` None
        decides by the base URL's host."""
        if chat_filter is None:
            chat_filter = is_siliconflow(self.base_url)
        query = {"type": "text", "sub_type": "chat"} if chat_filter else None
        data = await self._get_json("/models", query)
        models = parse_model_list(data, self.limits.max_name_chars)
        if models is None:
            raise MalformedResponse(translate(
                "ApiError", "The endpoint's model list was not in the expected shape."))
        return models

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
            async with asyncio.timeout(self.limits.get_seconds):
                return await self._fetch_json(path, query)
        except TimeoutError as exc:
            raise ApiTimeout(translate(
                "ApiError", "The endpoint did not answer in time. The model may be busy; "
                            "retry, or raise the read timeout in settings.")) from exc
        except httpx.TransportError as exc:
            raise error_from_transport(exc) from exc
        except ApiError:
            raise
        except Exception as exc:  # whatever the bytes, only an ApiError leaves the client
            log.exception("unexpected failure reading %s", path)
            raise unreadable(type(exc).__name__) from exc

    async def _fetch_json(self, path: str, query: dict[str, str] | None) -> Any:
        async with self._http.stream(
            "GET",
            f"{self.base_url}{path}",
            params=query,
            headers=self._headers("application/json"),
            timeout=httpx.Timeout(self.timeouts.connect, read=30.0),
            follow_redirects=False,
        ) as response:
            if response.status_code != 200:
                raise error_from_response(response.status_code, response.headers,
                                          await self._error_body(response), self._secrets())
            raw, more = await read_capped(body_pieces(response), self.limits.max_body_bytes)
            if more:
                raise response_too_large(self.limits.max_body_bytes)
        try:
            return scrub_json(parse_json(decode_text(raw)))
        except ValueError as exc:
            raise error_from_response(599, response.headers, raw[:self.limits.max_error_bytes],
                                      self._secrets()) from exc

    async def _error_body(self, response: httpx.Response) -> bytes:
        """The start of an error body; what arrived in time if it drips or breaks off
        (the status already says what happened)."""
        data = bytearray()
        try:
            async with asyncio.timeout(self.limits.error_body_seconds):
                async for piece in body_pieces(response):
                    data += piece[:self.limits.max_error_bytes - len(data)]
                    if len(data) >= self.limits.max_error_bytes:
                        break
        except (TimeoutError, ApiError, httpx.HTTPError):
            log.info("error body cut short after %d bytes", len(data))
        return bytes(data)


def scrub_json(data: Any) -> Any:
    """Parsed JSON with every string storable (lone surrogates replaced)."""
    if isinstance(data, str):
        return scrub(data)
    if isinstance(data, list):
        return [scrub_json(item) for item in data]
    if isinstance(data, dict):
        return {scrub(str(k)): scrub_json(v) for k, v in data.items()}
    return data
