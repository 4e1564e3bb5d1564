"""Keep-alives for ever: the user hears "no text for N s" and the answer ends at the
deadline. Deadlines are fractions of a second, on the event loop's clock."""

from __future__ import annotations

import asyncio
import math
import time

import pytest

from app.api import errors as e
from app.api.limits import Limits
from app.domain.events import ContentDelta, Resumed, RetryScheduled, Stalled
from tests.api.hostile import WHOLE, chunk, limited, run, text
from tests.loopback import LoopbackServer, Reply, sse

QUICK = Limits(idle_notice=0.05, idle_deadline=0.3)
KEEPALIVE = b": keep-alive\n\n"


@pytest.mark.asyncio
async def test_keepalives_for_ever_end_with_no_text_for_n_seconds(
    server: LoopbackServer
) -> None:
    server.queue(Reply(pieces=[sse(text("Hi"), done=False), *[KEEPALIVE] * 10_000], delay=0.01))
    async with limited(server, QUICK) as client:
        got = await run(client)
    assert isinstance(got.error, e.IdleTimeout)
    assert got.content() == "Hi"
    kinds = [type(ev) for ev in got.events if not isinstance(ev, ContentDelta)]
    assert Stalled in kinds and kinds.count(Stalled) == 1  # told once, not on every comment
    stall = got.of(Stalled)[0]
    assert 0.05 <= stall.seconds < 0.3 and stall.deadline == 0.3
    assert "No text for 0.3 s" in got.error.message and "kept" in got.error.message
    assert 0.3 <= got.seconds < 1.5


@pytest.mark.asyncio
async def test_empty_and_blank_deltas_are_not_text(server: LoopbackServer) -> None:
    idle = sse(text(""), chunk({"reasoning_content": ""}), text("  "), chunk({}), done=False)
    server.queue(Reply(pieces=[idle] * 10_000, delay=0.01))
    async with limited(server, QUICK) as client:
        got = await run(client)
    assert isinstance(got.error, e.IdleTimeout)
    assert got.seconds < 1.5


@pytest.mark.asyncio
async def test_silence_is_reported_while_waiting(server: LoopbackServer) -> None:
    """No bytes at all (a reasoning model thinking without keep-alives)."""
    server.queue(Reply(pieces=[sse(text("a"), done=False), sse(text("b", finish="stop"))],
                       delay=0.2))
    async with limited(server, QUICK) as client:
        got = await run(client)
    assert got.error is None
    order = [type(ev) for ev in got.events if isinstance(ev, Stalled | Resumed | ContentDelta)]
    assert order == [ContentDelta, Stalled, Resumed, ContentDelta]
    assert got.of(Resumed)[0].seconds >= 0.15
    assert got.content() == "ab"


@pytest.mark.asyncio
async def test_a_stall_before_the_first_token_does_not_spoil_retries(
    server: LoopbackServer
) -> None:
    """Stalled is not output: an overload after it is still retried."""
    overloaded = sse({"error": {"message": "Model service overloaded.", "code": 503}}, done=False)
    server.queue(Reply(pieces=[KEEPALIVE, overloaded], delay=0.15),
                 Reply(pieces=[sse(text("late", finish="stop"))]))
    async with limited(server, QUICK, retries=1) as client:
        got = await run(client)
    assert got.error is None and got.content() == "late"
    assert len(got.of(Stalled)) == 1 and len(got.of(RetryScheduled)) == 1
    assert len(server.requests) == 2


@pytest.mark.asyncio
async def test_a_non_streamed_body_that_never_ends(server: LoopbackServer) -> None:
    server.queue(Reply(200, {"Content-Type": "application/json"}, [b" "] * 10_000, delay=0.01))
    async with limited(server, QUICK) as client:
        got = await run(client, WHOLE)
    assert isinstance(got.error, e.IdleTimeout)
    assert got.seconds < 1.5


@pytest.mark.asyncio
async def test_an_error_body_that_never_ends_still_gives_the_status(
    server: LoopbackServer
) -> None:
    server.queue(Reply(429, {"Content-Type": "application/json"},
                       [b'{"message": "TPM limit reached."'] + [b" "] * 10_000, delay=0.01))
    async with limited(server, Limits(error_body_seconds=0.2)) as client:
        got = await run(client)
    assert isinstance(got.error, e.RateLimited)
    assert got.seconds < 1.5


@pytest.mark.asyncio
async def test_stop_while_stalled_closes_at_once(server: LoopbackServer) -> None:
    server.queue(Reply(pieces=[sse(text("a"), done=False), *[KEEPALIVE] * 10_000], delay=0.01))
    async with limited(server, Limits(idle_notice=0.05, idle_deadline=60)) as client:
        stalled = asyncio.Event()

        async def consume() -> None:
            async for event in client.stream_chat(WHOLE.replace(stream=True), []):
                if isinstance(event, Stalled):
                    stalled.set()

        task = asyncio.create_task(consume())
        await asyncio.wait_for(stalled.wait(), 2)
        started = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        assert time.monotonic() - started < 0.5
    deadline = time.monotonic() + 2
    while server.disconnects == 0 and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    assert server.disconnects == 1


@pytest.mark.asyncio
async def test_no_deadline_waits_for_the_answer(server: LoopbackServer) -> None:
    server.queue(Reply(pieces=[KEEPALIVE, sse(text("slow", finish="stop"))], delay=0.1))
    async with limited(server, Limits(idle_notice=math.inf, idle_deadline=math.inf)) as client:
        got = await run(client)
    assert got.error is None and got.content() == "slow" and got.of(Stalled) == []


def test_limits_must_be_positive() -> None:
    with pytest.raises(ValueError):
        Limits(idle_deadline=0)
    with pytest.raises(ValueError):
        Limits(max_text_chars=0)
