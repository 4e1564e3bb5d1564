"""Answers past the client's limits: what arrived is delivered, then a typed error that
says so, in bounded time and memory."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib

import pytest

from app.api import errors as e
from app.api.limits import MB, Limits
from app.domain.events import MetaUpdate, ToolCallDelta, UsageUpdate
from tests.api.hostile import WHOLE, chunk, limited, run, text
from tests.loopback import LoopbackServer, Reply, sse


def peak_mb(start: bool = False) -> float:
    if start:
        tracemalloc.start()
        return 0.0
    peak = tracemalloc.get_traced_memory()[1] / MB
    tracemalloc.stop()
    return peak


@pytest.mark.asyncio
async def test_a_huge_line_ends_the_answer_after_what_came_before(
    server: LoopbackServer
) -> None:
    big = sse(text("x" * (6 * MB)), done=False)
    server.queue(Reply(pieces=[sse(text("Hello "), done=False),
                               *[big[i:i + 65536] for i in range(0, len(big), 65536)]]))
    async with limited(server, Limits(max_event_bytes=1 * MB)) as client:
        peak_mb(start=True)
        got = await run(client)
        peak = peak_mb()
    assert isinstance(got.error, e.AnswerTooLarge)
    assert got.content() == "Hello "
    assert "1 MB" in got.error.message and "kept" in got.error.message
    assert peak < 6  # the 6 MB line was never held (the limit is 1 MB)
    assert got.seconds < 3


@pytest.mark.asyncio
async def test_a_line_that_never_ends_is_cut_at_the_limit(server: LoopbackServer) -> None:
    pieces = [b"data: " + b"y" * 65536] + [b"y" * 65536] * 10_000  # 650 MB if read whole
    server.queue(Reply(pieces=pieces))
    async with limited(server, Limits(max_event_bytes=1 * MB)) as client:
        got = await run(client)
    assert isinstance(got.error, e.AnswerTooLarge)
    assert got.seconds < 3


@pytest.mark.asyncio
async def test_text_stops_at_the_limit_and_keeps_what_fits(server: LoopbackServer) -> None:
    server.queue(Reply(pieces=[sse(*[chunk({"reasoning_content": "r" * 300}),
                                     *[text("c" * 300) for _ in range(10)]])]))
    async with limited(server, Limits(max_text_chars=1000)) as client:
        got = await run(client)
    assert isinstance(got.error, e.AnswerTooLarge)
    assert isinstance(got.error, e.StreamInterrupted)  # the service keeps it as interrupted
    assert got.reasoning() == "r" * 300
    assert got.content() == "c" * 700  # exactly up to the limit
    assert "1,000 characters" in got.error.message and "kept" in got.error.message


@pytest.mark.asyncio
async def test_tool_arguments_count_towards_the_limit(server: LoopbackServer) -> None:
    piece = {"index": 0, "function": {"arguments": "a" * 65536}}
    first = {"index": 0, "id": "call_1", "type": "function",
             "function": {"name": "f", "arguments": ""}}
    server.queue(Reply(pieces=[sse(chunk({"tool_calls": [first]}),
                                   *[chunk({"tool_calls": [piece]}) for _ in range(128)],
                                   chunk({}, finish="tool_calls"))]))  # 8 MB of arguments
    async with limited(server, Limits(max_text_chars=100_000)) as client:
        got = await run(client)
    assert isinstance(got.error, e.AnswerTooLarge)
    assert got.arguments() == "a" * 100_000
    assert got.of(ToolCallDelta)[0].name == "f"


@pytest.mark.asyncio
async def test_tool_call_index_beyond_the_limit(server: LoopbackServer) -> None:
    calls = [chunk({"tool_calls": [{"index": i, "id": f"c{i}", "function": {
        "name": "f", "arguments": "{}"}}]}) for i in (0, 1, 20_000, 2)]
    server.queue(Reply(pieces=[sse(*calls, chunk({}, finish="tool_calls"))]))
    async with limited(server) as client:
        got = await run(client)
    assert isinstance(got.error, e.TooManyToolCalls)
    assert [d.index for d in got.of(ToolCallDelta)] == [0, 1]
    assert "128" in got.error.message and "20000" in got.error.message
    assert got.seconds < 2


@pytest.mark.asyncio
@pytest.mark.parametrize("asked", [None, 1, 3])
async def test_more_choices_than_asked(server: LoopbackServer, asked: int | None) -> None:
    many = {"id": "c", "model": "m", "choices": [
        {"index": i, "delta": {"content": f"#{i}"}, "finish_reason": "stop"}
        for i in range(2000)]}
    server.queue(Reply(pieces=[sse(many)]))
    async with limited(server) as client:
        got = await run(client, WHOLE.replace(stream=True, n=asked))
    allowed = asked or 1
    assert isinstance(got.error, e.TooManyChoices)
    assert [got.content(i) for i in range(allowed)] == [f"#{i}" for i in range(allowed)]
    assert got.content(allowed) == ""
    assert f"the {allowed} asked for" in got.error.message


@pytest.mark.asyncio
async def test_negative_choice_index_is_refused(server: LoopbackServer) -> None:
    server.queue(Reply(pieces=[sse(text("a"), text("b", index=-1))]))
    async with limited(server) as client:
        got = await run(client)
    assert isinstance(got.error, e.TooManyChoices)
    assert got.content() == "a"


@pytest.mark.asyncio
async def test_names_are_cut_to_size(server: LoopbackServer) -> None:
    huge = "m" * MB  # six of them in one event stay under its 8 MB limit
    server.queue(Reply(pieces=[sse(
        {"id": huge, "model": huge, "choices": [{"index": 0, "delta": {
            "role": huge, "tool_calls": [{"index": 0, "id": huge, "type": huge,
                                          "function": {"name": huge, "arguments": "{}"}}]}}]},
        chunk({}, finish=huge))]))
    async with limited(server, Limits(max_name_chars=100)) as client:
        got = await run(client)
    assert got.error is None
    meta = got.of(MetaUpdate)[0]
    call = got.of(ToolCallDelta)[0]
    assert {len(x or "") for x in (meta.id, meta.model, call.id, call.type, call.name)} == {100}


@pytest.mark.asyncio
async def test_absurd_token_counts_are_dropped(server: LoopbackServer) -> None:
    usage = '{"prompt_tokens": 5, "completion_tokens": ' + "9" * 4000 + ', "total_tokens": -3}'
    body = '{"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":"stop"}],"usage":'
    server.queue(Reply(pieces=[sse(body + usage + "}")]))
    async with limited(server) as client:
        got = await run(client)
    (update,) = got.of(UsageUpdate)
    assert update.usage.prompt_tokens == 5
    assert update.usage.completion_tokens is None and update.usage.total_tokens is None


def bomb(size: int) -> bytes:
    return zlib.compress(b"\0" * size, 9)


@pytest.mark.asyncio
async def test_gzip_bomb_is_read_only_up_to_the_limit(server: LoopbackServer) -> None:
    packed = gzip.compress(b" " * (32 * MB), 9)  # 32 KB inflating to 32 MB
    server.queue(Reply(200, {"Content-Type": "application/json", "Content-Encoding": "gzip"},
                       [packed[i:i + 65536] for i in range(0, len(packed), 65536)]))
    async with limited(server, Limits(max_body_bytes=2 * MB)) as client:
        peak_mb(start=True)
        got = await run(client, WHOLE)
        peak = peak_mb()
    assert isinstance(got.error, e.ResponseTooLarge)
    assert "2 MB" in got.error.message
    assert peak < 8
    assert got.seconds < 3


@pytest.mark.asyncio
@pytest.mark.parametrize("coding", ["gzip", "deflate", "deflate-raw"])
async def test_compressed_answers_still_read(server: LoopbackServer, coding: str) -> None:
    body = (b'{"choices":[{"index":0,"message":{"role":"assistant","content":"'
            + "好".encode() * 100_000 + b'"},"finish_reason":"stop"}]}')
    if coding == "gzip":
        packed = gzip.compress(body) * 1
    elif coding == "deflate":
        packed = zlib.compress(body)
    else:
        raw = zlib.compressobj(wbits=-15)
        packed = raw.compress(body) + raw.flush()
    header = "deflate" if coding.startswith("deflate") else coding
    server.queue(Reply(200, {"Content-Type": "application/json", "Content-Encoding": header},
                       [packed[i:i + 1000] for i in range(0, len(packed), 1000)]))
    async with limited(server) as client:
        got = await run(client, WHOLE)
    assert got.error is None
    assert got.content() == "好" * 100_000
    assert server.requests[0].headers["accept-encoding"] == "gzip, deflate"


@pytest.mark.asyncio
async def test_model_list_bomb(server: LoopbackServer) -> None:
    server.queue(Reply(200, {"Content-Type": "application/json", "Content-Encoding": "deflate"},
                       [bomb(64 * MB)]))
    async with limited(server, Limits(max_body_bytes=1 * MB)) as client:
        with pytest.raises(e.ResponseTooLarge):
            await client.list_models()


@pytest.mark.asyncio
async def test_error_body_bomb_still_gives_the_status(server: LoopbackServer) -> None:
    server.queue(Reply(401, {"Content-Type": "application/json", "Content-Encoding": "deflate"},
                       [bomb(64 * MB)]))
    async with limited(server) as client:
        got = await run(client)
    assert isinstance(got.error, e.AuthenticationFailed)
    assert got.seconds < 2


@pytest.mark.asyncio
async def test_a_gzipped_stream_is_read_as_it_arrives(server: LoopbackServer) -> None:
    packer = zlib.compressobj(wbits=31)
    pieces = [packer.compress(sse(text(f"{i} "), done=False)) + packer.flush(zlib.Z_SYNC_FLUSH)
              for i in range(50)]
    pieces.append(packer.compress(sse(text("end", finish="stop"))) + packer.flush())
    server.queue(Reply(200, {"Content-Type": "text/event-stream", "Content-Encoding": "gzip"},
                       pieces, delay=0.002))
    async with limited(server) as client:
        got = await run(client)
    assert got.error is None
    assert got.content() == "".join(f"{i} " for i in range(50)) + "end"


@pytest.mark.asyncio
async def test_an_event_of_endless_data_lines_is_cut_at_the_limit(
    server: LoopbackServer
) -> None:
    lines = b"data: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n" * 2000  # 72 KB per piece, no blank line
    server.queue(Reply(pieces=[sse(text("before"), done=False), *[lines] * 500]))
    async with limited(server, Limits(max_event_bytes=1 * MB)) as client:
        got = await run(client)
    assert isinstance(got.error, e.AnswerTooLarge)
    assert got.content() == "before"
    assert got.seconds < 3
