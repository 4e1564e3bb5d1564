"""A server that echoes the key back never gets it into an error (message, detail, code,
text), whatever the status and body shape."""

from __future__ import annotations

import json

import pytest

from app.api import errors as e
from app.domain.events import RetryScheduled
from tests.api.hostile import limited, run
from tests.loopback import LoopbackServer, Reply, sse

CUSTOM = "ollama-token-Zq81x"  # a key that does not look like one: only its exact value
OTHER = "sk-abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKL"  # someone else's, key-shaped
KEYS = [CUSTOM, "sk-live-0123456789abcdefghij"]


def bodies(key: str) -> list[tuple[str, bytes]]:
    said = f"Invalid API key {key}; header was Authorization: Bearer {key}; also saw {OTHER}"
    return [
        ("application/json", json.dumps({"code": 20015, "message": said, "data": None}).encode()),
        ("application/json", json.dumps(said).encode()),
        ("application/json", json.dumps({"error": {"message": said, "code": key}}).encode()),
        ("application/json", json.dumps({"error": said}).encode()),
        ("text/plain", said.encode()),
        ("text/html", f"<html><body><pre>{said}</pre></body></html>".encode()),
        ("application/json", json.dumps({"message": said + " " + "x" * 70_000}).encode()),
    ]


def leaks(error: e.ApiError, key: str) -> list[str]:
    shown = [error.message, str(error), json.dumps(error.to_json(), ensure_ascii=False),
             error.detail or "", str(error.code or ""), str(error.text)]
    return [s for s in shown if key in s or OTHER in s or key[:12] in s]


@pytest.mark.asyncio
@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("status", [400, 401, 403, 404, 429, 500, 502, 503])
async def test_echoed_key_is_masked(server: LoopbackServer, key: str, status: int) -> None:
    async with limited(server, key=key) as client:
        for content_type, body in bodies(key):
            server.queue(Reply(status, {"Content-Type": content_type}, [body]))
            got = await run(client)
            assert got.error is not None
            assert leaks(got.error, key) == [], (content_type, body[:80])


@pytest.mark.asyncio
async def test_the_servers_words_stay_readable(server: LoopbackServer) -> None:
    server.queue(Reply.json(401, f"Api key {CUSTOM} is invalid"))
    async with limited(server, key=CUSTOM) as client:
        got = await run(client)
    assert isinstance(got.error, e.AuthenticationFailed)
    assert got.error.detail == "Api key sk-*** is invalid"


@pytest.mark.asyncio
async def test_key_in_an_error_inside_the_stream(server: LoopbackServer) -> None:
    key = KEYS[1]
    server.queue(Reply(pieces=[sse({"error": {"message": f"bad key {key}", "code": 401}},
                                   done=False)]))
    async with limited(server, key=key) as client:
        got = await run(client)
    assert isinstance(got.error, e.AuthenticationFailed)
    assert leaks(got.error, key) == []


@pytest.mark.asyncio
async def test_key_in_a_retried_error(server: LoopbackServer) -> None:
    limited_body = {"message": f"TPM limit reached for {CUSTOM}"}
    server.queue(Reply.json(429, limited_body, {"Retry-After": "0"}),
                 Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": "ok"},
                                                 "finish_reason": "stop"}]})]))
    async with limited(server, key=CUSTOM, retries=1) as client:
        got = await run(client)
    (retry,) = got.of(RetryScheduled)
    assert CUSTOM not in retry.reason and CUSTOM not in json.dumps(dict(retry.error))


@pytest.mark.asyncio
async def test_key_cut_off_at_the_end_of_a_long_body(server: LoopbackServer) -> None:
    key = "ollama-" + "q" * 40
    body = b"x" * (64 * 1024 - 20) + key.encode()  # the body is read up to 64 KiB
    server.queue(Reply(500, {"Content-Type": "text/plain"}, [body]))
    async with limited(server, key=key) as client:
        got = await run(client)
    assert got.error is not None
    assert "ollama-qqqq" not in got.error_json()


@pytest.mark.asyncio
async def test_key_in_a_redirect_location(server: LoopbackServer) -> None:
    key = KEYS[1]
    server.queue(Reply(307, {"Location": f"https://elsewhere.example/?key={key}",
                             "Content-Type": "text/plain"}, [b"moved"]))
    async with limited(server, key=key) as client:
        got = await run(client)
    assert isinstance(got.error, e.RedirectRefused)
    assert "elsewhere.example" in got.error.message
    assert leaks(got.error, key) == []


@pytest.mark.asyncio
async def test_key_in_a_model_list_error(server: LoopbackServer) -> None:
    server.queue(Reply.json(401, {"message": f"Authorization: Bearer {CUSTOM} rejected"}))
    async with limited(server, key=CUSTOM) as client:
        with pytest.raises(e.AuthenticationFailed) as info:
            await client.list_models()
    assert leaks(info.value, CUSTOM) == []
