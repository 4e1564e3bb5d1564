"""Whatever bytes the server sends, only a typed ApiError leaves the client."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.api import errors as e
from app.api.client import ApiClient
from app.api.decode import ChunkDecoder
from tests.api.hostile import STREAM, WHOLE, limited, run
from tests.loopback import LoopbackServer, Reply, sse

DEEP = "[" * 100_000
WRONG = [1, -1, 2**70, 1.5, True, None, "x", [], {}, [None], {"x": 1}, "\ud83d"]


def wrong_everywhere() -> list[dict[str, Any]]:
    """One chunk per field per wrong value: every field of a chunk with every wrong type."""
    good: dict[str, Any] = {
        "id": "c", "model": "m", "usage": {"prompt_tokens": 1},
        "choices": [{"index": 0, "finish_reason": None, "delta": {
            "role": "assistant", "content": "a", "reasoning_content": "r",
            "tool_calls": [{"index": 0, "id": "t", "type": "function",
                            "function": {"name": "f", "arguments": "{}"}}]}}]}
    paths = [("id",), ("model",), ("usage",), ("usage", "prompt_tokens"), ("choices",),
             ("choices", 0), ("choices", 0, "index"), ("choices", 0, "finish_reason"),
             ("choices", 0, "delta"), ("choices", 0, "delta", "role"),
             ("choices", 0, "delta", "content"), ("choices", 0, "delta", "reasoning_content"),
             ("choices", 0, "delta", "tool_calls"), ("choices", 0, "delta", "tool_calls", 0),
             ("choices", 0, "delta", "tool_calls", 0, "index"),
             ("choices", 0, "delta", "tool_calls", 0, "function"),
             ("choices", 0, "delta", "tool_calls", 0, "function", "arguments")]
    out = []
    for path in paths:
        for value in WRONG:
            chunk = json.loads(json.dumps(good))
            target = chunk
            for step in path[:-1]:
                target = target[step]
            target[path[-1]] = value
            out.append(chunk)
    return out


CASES = {
    "deep SSE": Reply(pieces=[sse(DEEP)]),
    "deep body": Reply.json(200, DEEP.encode()),
    "deep error": Reply.json(400, DEEP.encode()),
    "deep in a stream error": Reply(pieces=[sse('{"error":' + "[" * 50_000 + "}")]),
    "huge number": Reply(pieces=[sse('{"choices":[{"index":' + "9" * 5000 + "}]}")]),
    "html 200 stream": Reply.text(200, "<!DOCTYPE html><html><body>Login</body></html>",
                                  "text/html"),
    "html 200 sse type": Reply(pieces=[b"<html><body>proxy</body></html>"]),
    "not JSON body": Reply.json(200, b"\xff\xfe\x00garbage"),
    "JSON of the wrong shape": Reply.json(200, b'{"choices": "none"}'),
    "a list body": Reply.json(200, b"[1, 2, 3]"),
    "bad gzip": Reply(200, {"Content-Type": "application/json", "Content-Encoding": "gzip"},
                      [b"not gzip at all"]),
    "bad gzip stream": Reply(200, {"Content-Type": "text/event-stream",
                                   "Content-Encoding": "gzip"}, [b"\x1f\x8bxxxxxxx"]),
    "unknown coding": Reply(200, {"Content-Type": "application/json",
                                  "Content-Encoding": "br"}, [b"{}"]),
    "dropped mid-body": Reply(200, {"Content-Type": "application/json"}, [b'{"choi'],
                              abort=True),
    "length lies": Reply(200, {"Content-Type": "application/json", "Content-Length": "100"},
                         [b"{}"], chunked=False),
    "error chunk of a string": Reply(pieces=[sse({"error": "x" * 100})]),
    "every field wrong": Reply(pieces=[sse(*[json.dumps(c) for c in wrong_everywhere()])]),
}


@pytest.mark.asyncio
@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize("params", [STREAM, WHOLE], ids=["stream", "whole"])
async def test_only_typed_errors_escape(server: LoopbackServer, name: str, params: Any) -> None:
    server.queue(CASES[name])
    async with limited(server) as client:
        got = await run(client, params)  # any other exception fails here
    assert got.seconds < 3
    if got.error is not None:
        assert got.error.message.strip()
        got.error_json().encode("utf-8")


@pytest.mark.asyncio
async def test_deep_nesting_says_so(server: LoopbackServer) -> None:
    server.queue(CASES["deep body"])
    async with limited(server) as client:
        got = await run(client, WHOLE)
    assert isinstance(got.error, e.MalformedResponse)
    assert "nested too deeply" in got.error.message


@pytest.mark.asyncio
@pytest.mark.parametrize("body", [DEEP.encode(), b"\xff" * 100, b"<html>x</html>",
                                  b'{"data": 5}', b'{"data": [' + b"[" * 50_000 + b"]}"])
async def test_model_list_garbage(server: LoopbackServer, body: bytes) -> None:
    server.queue(Reply.json(200, body))
    async with limited(server) as client:
        with pytest.raises(e.ApiError):
            await client.list_models()


async def _any_bytes(client: ApiClient, server: LoopbackServer, body: bytes,
                     content_type: str) -> None:
    server.queue(Reply(200, {"Content-Type": content_type}, [body[:7], body[7:]]))
    got = await run(client, STREAM if "event" in content_type else WHOLE)
    if got.error is not None:
        got.error_json().encode("utf-8")


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
        st.sampled_from(["id", "model", "choices", "index", "delta", "content", "message",
                         "tool_calls", "function", "arguments", "usage", "error",
                         "finish_reason", "reasoning_content", "name", "code"]), inner,
        max_size=5),
    max_leaves=30)


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(chunks=st.lists(JSONISH, max_size=4), noise=st.binary(max_size=40))
@pytest.mark.asyncio
async def test_property_random_chunks(server: LoopbackServer, chunks: list[Any],
                                      noise: bytes) -> None:
    body = sse(*[json.dumps(c) for c in chunks], done=False) + b"data: " + noise + b"\n\n"
    async with limited(server) as client:
        await _any_bytes(client, server, body, "text/event-stream")
        await _any_bytes(client, server, json.dumps(chunks[:1] and chunks[0]).encode(),
                         "application/json")


def test_every_field_of_the_wrong_type() -> None:
    """Each chunk alone (over the wire, the first refused one would end the answer)."""
    refused = 0
    for chunk in wrong_everywhere():
        decoder = ChunkDecoder(choices=1)
        try:
            events = [*decoder.decode(chunk), *decoder.finish()]
        except e.ApiError:
            refused += 1
            continue
        json.dumps([repr(ev) for ev in events], ensure_ascii=False).encode("utf-8")
    assert 0 < refused < len(wrong_everywhere()) / 2  # most are read around, a few refused
