"""Every string that comes off the wire can be stored and shown: lone UTF-16 surrogates
become U+FFFD, a pair split across two events becomes its character, bytes that are not
UTF-8 become U+FFFD."""

from __future__ import annotations

import pytest

from app.api import errors as e
from app.domain.events import MetaUpdate, ToolCallDelta
from tests.api.hostile import STREAM, WHOLE, limited, run, storable
from tests.loopback import LoopbackServer, Reply, sse

HIGH, LOW = "\\ud83d", "\\ude00"  # 😀 as JSON escapes, the two halves


def delta(fields: str, finish: str = "null") -> str:
    return ('{"id":"c","model":"m","choices":[{"index":0,"delta":{' + fields
            + '},"finish_reason":' + finish + "}]}")


@pytest.mark.asyncio
@pytest.mark.parametrize("field", ["content", "reasoning_content"])
async def test_pair_split_across_events_is_joined(server: LoopbackServer, field: str) -> None:
    server.queue(Reply(pieces=[sse(delta(f'"{field}":"a{HIGH}"'),
                                   delta(f'"{field}":"{LOW}b"', '"stop"'))]))
    async with limited(server) as client:
        got = await run(client)
    assert got.error is None
    assert (got.content() if field == "content" else got.reasoning()) == "a😀b"


@pytest.mark.asyncio
async def test_lone_halves_become_replacement_characters(server: LoopbackServer) -> None:
    server.queue(Reply(pieces=[sse(delta(f'"content":"{LOW}x{HIGH}"'),
                                   delta('"content":"y"'),
                                   delta(f'"content":"z{HIGH}"', '"stop"'))]))
    async with limited(server) as client:
        got = await run(client)
    assert got.content() == "\ufffdx\ufffdyz\ufffd"
    storable(got.events)


@pytest.mark.asyncio
async def test_a_half_held_at_the_end_of_a_stream_is_not_lost(server: LoopbackServer) -> None:
    server.queue(Reply(pieces=[sse(delta(f'"content":"end{HIGH}"'))]))  # [DONE], no finish
    async with limited(server) as client:
        got = await run(client)
    assert got.content() == "end\ufffd"


@pytest.mark.asyncio
async def test_tool_calls_and_names(server: LoopbackServer) -> None:
    first = (f'"tool_calls":[{{"index":0,"id":"id{HIGH}","type":"function",'
             f'"function":{{"name":"f{LOW}","arguments":"{{\\"s\\":\\"{HIGH}"}}}}]')
    rest = f'"tool_calls":[{{"index":0,"function":{{"arguments":"{LOW}\\"}}"}}}}]'
    model = f'{{"id":"x{HIGH}","model":"m{LOW}","choices":[]}}'
    server.queue(Reply(pieces=[sse(model, delta(first), delta(rest, '"tool_calls"'))]))
    async with limited(server) as client:
        got = await run(client)
    assert got.error is None
    storable(got.events)
    assert got.arguments() == '{"s":"😀"}'
    call = got.of(ToolCallDelta)[0]
    assert (call.id, call.name) == ("id\ufffd", "f\ufffd")
    meta = got.of(MetaUpdate)[0]
    assert (meta.id, meta.model) == ("x\ufffd", "m\ufffd")


@pytest.mark.asyncio
async def test_non_streamed_answer(server: LoopbackServer) -> None:
    body = ('{"model":"m' + HIGH + '","choices":[{"index":0,"message":{"role":"assistant",'
            '"content":"a' + HIGH + LOW + 'b' + LOW + '"},"finish_reason":"stop"}]}')
    server.queue(Reply.json(200, body.encode()))
    async with limited(server) as client:
        got = await run(client, WHOLE)
    assert got.content() == "a😀b\ufffd"
    storable(got.events)


@pytest.mark.asyncio
async def test_bytes_that_are_not_utf8(server: LoopbackServer) -> None:
    body = b'data: {"choices":[{"index":0,"delta":{"content":"\xff\xfeok \xe4\xbd"}}]}\n\n'
    server.queue(Reply(pieces=[b"\xef\xbb\xbf" + body, sse(delta('"content":"!"', '"stop"'))]))
    async with limited(server) as client:
        got = await run(client, STREAM)
    assert got.error is None
    assert got.content() == "\ufffd\ufffdok \ufffd!"


@pytest.mark.asyncio
async def test_error_bodies(server: LoopbackServer) -> None:
    server.queue(Reply.json(400, ('{"code":20015,"message":"bad ' + HIGH + '","data":null}')
                            .encode()),
                 Reply(500, {"Content-Type": "text/plain"}, [b"broken \xff\xfe page"]))
    async with limited(server) as client:
        first, second = await run(client), await run(client)
    assert isinstance(first.error, e.BadRequest) and first.error.detail == "bad \ufffd"
    assert isinstance(second.error, e.ServerError)
    assert second.error.detail == "broken \ufffd\ufffd page"
    for got in (first, second):
        got.error_json().encode("utf-8")


@pytest.mark.asyncio
async def test_model_list(server: LoopbackServer) -> None:
    body = ('{"data":[{"id":"Qwen' + HIGH + '"},{"id":"ok"},{"id":5},{"id":null},{"id":""},'
            '{"id":["x"]},"junk",{"id":"' + "n" * 5000 + '"}]}')
    server.queue(Reply.json(200, body.encode()))
    async with limited(server) as client:
        models = await client.list_models()
    assert models == ["Qwen\ufffd", "ok", "5", "n" * 256]
