"""Non-streamed answers, model lists, account info and ``<think>`` tags in content."""

from __future__ import annotations

import pytest

from app.api import errors as e
from app.api.client import ApiClient
from app.domain.chat import ChatMessage, Role
from app.domain.params import ChatParams
from tests.loopback import CAPTURES, LoopbackServer, Reply, sse

MESSAGES = [ChatMessage(Role.USER, "你好")]


def raw_body(name: str) -> bytes:
    """The body of a raw HTTP capture (after the blank line that ends its headers)."""
    text = (CAPTURES / "raw" / name).read_bytes()
    return text.split(b"\n\n", 1)[1]


@pytest.mark.asyncio
async def test_non_streamed_answer_gives_the_same_result_type(
    client: ApiClient, server: LoopbackServer
) -> None:
    body = raw_body("siliconflow-deepseek-v3-nonstream-response.http.txt")
    server.queue(Reply(200, {"Content-Type": "application/json; charset=utf-8"}, [body]))
    result = await client.complete(ChatParams(model="deepseek-ai/DeepSeek-V3", stream=False),
                                   MESSAGES)
    assert result.ordered[0].content == "你好！😊 很高兴见到你～有什么我可以帮你的吗？"
    assert result.ordered[0].finish_reason == "stop"
    assert result.usage is not None and result.usage.total_tokens == 19
    assert server.requests[0].json()["stream"] is False


@pytest.mark.asyncio
async def test_vllm_think_tags_become_reasoning(client: ApiClient, server: LoopbackServer) -> None:
    text = (CAPTURES / "raw" / "vllm-qwen3-8b-nonstream-think-tags-in-content.txt").read_text()
    line = next(li for li in text.splitlines() if li.startswith('{"id":"chatcmpl'))
    server.queue(Reply.json(200, line.encode()))
    result = await client.complete(ChatParams(model="Qwen/Qwen3-8B"), MESSAGES)
    choice = result.ordered[0]
    assert choice.reasoning.startswith("\nOkay, the user wants me")
    assert "<think>" not in choice.content and "</think>" not in choice.reasoning
    assert choice.content == "tokenkaki-vllm-smoke-ok"


@pytest.mark.asyncio
async def test_streamed_think_tags_split_across_deltas(
    client: ApiClient, server: LoopbackServer
) -> None:
    pieces = ["<th", "ink>", "\n嗯", "，这个问题", "</th", "ink>", "\n\n答案", "是 42"]
    chunks = [{"choices": [{"index": 0, "delta": {"content": p}}]} for p in pieces]
    chunks[-1]["choices"][0]["finish_reason"] = "stop"  # type: ignore[index]
    server.queue(Reply(pieces=[sse(*chunks)]))
    result = await client.complete(ChatParams(model="deepseek-r1:1.5b"), MESSAGES)
    assert result.ordered[0].reasoning == "\n嗯，这个问题"
    assert result.ordered[0].content == "答案是 42"


@pytest.mark.asyncio
async def test_models_list(client: ApiClient, server: LoopbackServer) -> None:
    server.queue(Reply.json(200, {"object": "list", "data": [
        {"id": "Qwen/Qwen3-8B", "object": "model", "created": 0, "owned_by": ""},
        {"id": "deepseek-ai/DeepSeek-R1", "object": "model", "created": 0, "owned_by": ""}]}))
    assert await client.list_models(chat_filter=True) == ["Qwen/Qwen3-8B",
                                                          "deepseek-ai/DeepSeek-R1"]
    request = server.requests[0]
    assert request.path == "/v1/models" and request.query["sub_type"] == ["chat"]


@pytest.mark.asyncio
async def test_models_list_with_a_bad_key(client: ApiClient, server: LoopbackServer) -> None:
    server.queue(Reply.json(401, "Invalid token"))
    with pytest.raises(e.AuthenticationFailed):
        await client.list_models()


@pytest.mark.asyncio
async def test_user_info_retired(client: ApiClient, server: LoopbackServer) -> None:
    server.queue(Reply.text(410, "Gone"))
    assert await client.user_info() is None
    server.queue(Reply.json(200, {"data": {"balance": "0.88"}}))
    assert await client.user_info() == {"data": {"balance": "0.88"}}


@pytest.mark.asyncio
async def test_html_instead_of_json(client: ApiClient, server: LoopbackServer) -> None:
    server.queue(Reply.text(200, "<!DOCTYPE html><html><body>Login</body></html>", "text/html"))
    with pytest.raises(e.UnexpectedResponse):
        await client.complete(ChatParams(model="m"), MESSAGES)
