"""Retries, interruptions, stalls, cancellation and redirects over real sockets."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from app.api import errors as e
from app.api.client import ApiClient, RetryPolicy, Timeouts
from app.domain.chat import ChatMessage, Role
from app.domain.events import ContentDelta, RetryScheduled, StreamEvent
from app.domain.params import ChatParams
from tests.api.conftest import KEY
from tests.helpers import chunk
from tests.loopback import LoopbackServer, Reply, sse

MESSAGES = [ChatMessage(Role.USER, "hi")]
PARAMS = ChatParams(model="m", stream=True)


OK = Reply(pieces=[sse(chunk("Hel"), chunk("lo", "stop"))])
OVERLOADED = Reply.json(503, {"code": 50505, "message": "Model service overloaded. Please try "
                              "again later.", "data": None}, {"Retry-After": "0"})


async def collect(client: ApiClient, params: ChatParams = PARAMS) -> list[StreamEvent]:
    return [event async for event in client.stream_chat(params, MESSAGES)]


@pytest.mark.asyncio
async def test_overloaded_then_success_announces_each_retry(
    client: ApiClient, server: LoopbackServer
) -> None:
    server.queue(OVERLOADED, OVERLOADED, OK)
    events = await collect(client)
    retries = [ev for ev in events if isinstance(ev, RetryScheduled)]
    assert [(r.attempt, r.max_retries) for r in retries] == [(1, 3), (2, 3)]
    assert "overloaded" in retries[0].reason
    assert "".join(ev.text for ev in events if isinstance(ev, ContentDelta)) == "Hello"


@pytest.mark.asyncio
async def test_retry_count_is_configurable(server: LoopbackServer) -> None:
    server.queue(*[OVERLOADED] * 5)
    async with httpx.AsyncClient() as http:
        client = ApiClient(http, server.url, lambda: KEY, retry=RetryPolicy(max_retries=0))
        with pytest.raises(e.Overloaded):
            await collect(client)
    assert len(server.requests) == 1


@pytest.mark.asyncio
async def test_backoff_waits_grow_with_jitter(server: LoopbackServer) -> None:
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    no_header = Reply.json(503, {"code": 50508, "message": "System is too busy now."})
    server.queue(no_header, no_header, no_header, OK)
    async with httpx.AsyncClient() as http:
        client = ApiClient(http, server.url, lambda: KEY, sleep=fake_sleep,
                           retry=RetryPolicy(max_retries=3, base_delay=1.0))
        await collect(client)
    assert len(waits) == 3
    for attempt, wait in enumerate(waits, start=1):
        assert 0.5 * 2 ** (attempt - 1) <= wait <= 2 ** (attempt - 1)


@pytest.mark.asyncio
async def test_retry_after_is_honoured(server: LoopbackServer) -> None:
    waits: list[float] = []

    async def fake_sleep(seconds: float) -> None:
        waits.append(seconds)

    limited = Reply.json(429, {"message": "Details: RPM limit reached."}, {"Retry-After": "7"})
    server.queue(limited, OK)
    async with httpx.AsyncClient() as http:
        client = ApiClient(http, server.url, lambda: KEY, sleep=fake_sleep)
        await collect(client)
    assert waits == [7.0]


@pytest.mark.asyncio
async def test_cancelling_a_retry_wait_stops_at_once(server: LoopbackServer) -> None:
    slow = Reply.json(429, {"message": "TPM limit reached."}, {"Retry-After": "30"})
    server.queue(slow, OK)
    async with httpx.AsyncClient() as http:
        client = ApiClient(http, server.url, lambda: KEY)
        seen: list[StreamEvent] = []
        first = asyncio.Event()

        async def run() -> None:
            async for event in client.stream_chat(PARAMS, MESSAGES):
                seen.append(event)
                first.set()

        task = asyncio.create_task(run())
        await asyncio.wait_for(first.wait(), 2)
        started = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert time.monotonic() - started < 0.5
    assert isinstance(seen[0], RetryScheduled) and seen[0].delay == 30.0
    assert len(server.requests) == 1


@pytest.mark.asyncio
async def test_nothing_is_retried_after_output_started(
    client: ApiClient, server: LoopbackServer
) -> None:
    server.queue(Reply(pieces=[sse(chunk("partial"), done=False)], abort=True), OK)
    got: list[str] = []
    with pytest.raises(e.StreamInterrupted):
        async for event in client.stream_chat(PARAMS, MESSAGES):
            if isinstance(event, ContentDelta):
                got.append(event.text)
    assert got == ["partial"]
    assert len(server.requests) == 1


@pytest.mark.asyncio
async def test_clean_close_without_done_or_finish_is_interrupted(
    client: ApiClient, server: LoopbackServer
) -> None:
    server.queue(Reply(pieces=[sse(chunk("so far"), done=False)]))
    with pytest.raises(e.StreamInterrupted):
        await collect(client)


@pytest.mark.asyncio
async def test_finish_reason_without_done_is_complete(
    client: ApiClient, server: LoopbackServer
) -> None:
    server.queue(Reply(pieces=[sse(chunk("all", "eos"), done=False)]))
    result = await client.complete(PARAMS, MESSAGES)
    assert result.ordered[0].finish_reason == "eos"


@pytest.mark.asyncio
async def test_stall_mid_stream_is_interrupted_not_empty(server: LoopbackServer) -> None:
    server.queue(Reply(pieces=[sse(chunk("a"), done=False), sse(chunk("b", "stop"))], delay=3))
    async with httpx.AsyncClient() as http:
        client = ApiClient(http, server.url, lambda: KEY, timeouts=Timeouts(read=0.3))
        with pytest.raises(e.StreamInterrupted) as info:
            await collect(client)
    assert "stalled" in info.value.message


@pytest.mark.asyncio
async def test_no_answer_in_time_is_a_timeout(server: LoopbackServer) -> None:
    server.queue(Reply(pieces=[sse(chunk("late", "stop"))], first_delay=3))
    async with httpx.AsyncClient() as http:
        client = ApiClient(http, server.url, lambda: KEY, timeouts=Timeouts(read=0.3))
        with pytest.raises(e.ApiTimeout) as info:
            await collect(client)
    assert info.value.message  # httpx's ReadTimeout has an empty str()


@pytest.mark.asyncio
async def test_slow_drip_is_fine(client: ApiClient, server: LoopbackServer) -> None:
    body = sse(*(chunk(ch) for ch in "drip"), chunk("", "stop"))
    server.queue(Reply(pieces=[body[i:i + 7] for i in range(0, len(body), 7)], delay=0.005))
    result = await client.complete(PARAMS, MESSAGES)
    assert result.ordered[0].content == "drip"


@pytest.mark.asyncio
async def test_cancelling_closes_the_response_at_once(
    client: ApiClient, server: LoopbackServer
) -> None:
    pieces = [sse(chunk(f"{i} "), done=False) for i in range(200)]
    server.queue(Reply(pieces=pieces, delay=0.02))
    first = asyncio.Event()

    async def run() -> None:
        async for _ in client.stream_chat(PARAMS, MESSAGES):
            first.set()

    task = asyncio.create_task(run())
    await asyncio.wait_for(first.wait(), 2)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    await server.until(lambda: server.disconnects, timeout=2)
    assert server.disconnects == 1  # the server saw the connection go


@pytest.mark.asyncio
async def test_redirect_is_not_followed_with_the_key(
    client: ApiClient, server: LoopbackServer
) -> None:
    other = LoopbackServer().start()
    try:
        target = f"{other.url}/chat/completions"
        server.queue(Reply(307, {"Location": target, "Content-Type": "text/plain"}, [b"moved"]))
        with pytest.raises(e.RedirectRefused) as info:
            await collect(client)
        assert target in info.value.message
        assert other.requests == []
        assert server.requests[0].headers["authorization"] == f"Bearer {KEY}"
    finally:
        other.stop()


@pytest.mark.asyncio
async def test_n_choices_stream_separately(client: ApiClient, server: LoopbackServer) -> None:
    server.queue(Reply(pieces=[sse(chunk("A", index=0), chunk("B", index=1), chunk("a", "stop", 0),
                                   chunk("b", "length", 1))]))
    result = await client.complete(PARAMS.replace(n=2), MESSAGES)
    assert [(c.content, c.finish_reason) for c in result.ordered] == [
        ("Aa", "stop"), ("Bb", "length")]


@pytest.mark.asyncio
async def test_error_object_inside_a_stream(client: ApiClient, server: LoopbackServer) -> None:
    server.queue(Reply(pieces=[sse({"error": {"message": "max_tokens is too large",
                                              "code": 400}}, done=False)]))
    with pytest.raises(e.BadRequest) as info:
        await collect(client)
    assert "max_tokens is too large" in info.value.message


@pytest.mark.asyncio
async def test_overload_inside_a_stream_before_output_is_retried(
    client: ApiClient, server: LoopbackServer
) -> None:
    overloaded = sse({"error": {"message": "Model service overloaded.", "code": 503}}, done=False)
    server.queue(Reply(pieces=[overloaded]), OK)
    events = await collect(client)
    assert isinstance(events[0], RetryScheduled)
    assert "".join(ev.text for ev in events if isinstance(ev, ContentDelta)) == "Hello"
