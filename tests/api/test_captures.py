"""Real captured streams replayed through the loopback server, whole and split."""

from __future__ import annotations

import json
import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.api.client import ApiClient
from app.api.errors import StreamInterrupted
from app.domain.chat import ChatMessage, ChatResult, Role
from app.domain.params import ChatParams
from tests.loopback import LoopbackServer, Reply, capture, split_at

PARAMS = ChatParams(model="deepseek-ai/DeepSeek-R1", stream=True)
MESSAGES = [ChatMessage(Role.USER, "你好")]


async def replay(client: ApiClient, server: LoopbackServer, pieces: list[bytes]) -> ChatResult:
    server.queue(Reply(pieces=pieces))
    return await client.complete(PARAMS, MESSAGES)


def summary(result: ChatResult) -> object:
    return (
        [(c.index, c.role, c.reasoning, c.content, c.finish_reason,
          [(t.id, t.name, t.arguments) for t in c.tool_calls]) for c in result.ordered],
        result.usage,
        result.done,
    )


@pytest.mark.asyncio
async def test_siliconflow_reasoning_stream(client: ApiClient, server: LoopbackServer) -> None:
    result = await replay(client, server, [capture("sf-deepseek-r1-reasoning.sse")])
    (choice,) = result.ordered
    assert choice.reasoning.startswith("We") and choice.reasoning.endswith("greeting.\n")
    assert choice.content == "\nHello! How can I assist you today? 😊"
    assert choice.finish_reason == "stop"
    assert result.usage is not None and result.usage.total_tokens == 345
    assert result.usage.reasoning_tokens == 38
    assert result.done


@pytest.mark.asyncio
async def test_crlf_and_keepalive_comments_read_the_same(
    client: ApiClient, server: LoopbackServer
) -> None:
    plain = await replay(client, server, [capture("sf-deepseek-r1-reasoning.sse")])
    crlf = await replay(client, server, [capture("sf-r1-keepalive-crlf.sse")])
    assert summary(crlf) == summary(plain)


@pytest.mark.asyncio
async def test_done_without_finish_reason_and_without_final_newline(
    client: ApiClient, server: LoopbackServer
) -> None:
    result = await replay(client, server, [capture("sf-deepseek-v3-no-finish.sse")])
    assert result.ordered[0].content == "你好"
    assert result.done


@pytest.mark.asyncio
async def test_content_filter_results_are_ignored(
    client: ApiClient, server: LoopbackServer
) -> None:
    result = await replay(client, server, [capture("sf-qwen-coder-content-filter.sse")])
    assert result.ordered[0].content.startswith(" 当然")
    assert result.ordered[0].finish_reason == "stop"
    assert result.model == "Qwen/Qwen2.5-Coder-7B-Instruct"


@pytest.mark.asyncio
async def test_parallel_tool_calls_merge_by_index(
    client: ApiClient, server: LoopbackServer
) -> None:
    result = await replay(client, server, [capture("ds-parallel-toolcalls.sse")])
    calls = result.ordered[0].tool_calls
    assert [c.name for c in calls] == ["get_current_weather", "get_current_weather"]
    assert [json.loads(c.arguments)["location"] for c in calls] == ["北京", "洛阳"]
    assert all(c.id.startswith("call_0") for c in calls)
    assert result.ordered[0].finish_reason == "tool_calls"


@pytest.mark.asyncio
async def test_null_ids_never_overwrite_the_first(
    client: ApiClient, server: LoopbackServer
) -> None:
    result = await replay(client, server, [capture("sf-kimi-toolcall-reconstructed.sse")])
    (call,) = result.ordered[0].tool_calls
    assert call.id == "functions.files_extract:0"
    assert call.type == "function"
    assert json.loads(call.arguments) == {"path": "/tmp/report.pdf"}


@pytest.mark.asyncio
async def test_relay_usage_null_and_empty_last_delta(
    client: ApiClient, server: LoopbackServer
) -> None:
    result = await replay(client, server, [capture("relay-gpt41-toolcalls.sse")])
    names = [c.name for c in result.ordered[0].tool_calls]
    assert names == ["get_current_weather", "get_history_weather"]
    assert result.usage is not None and result.usage.total_tokens == 229


@pytest.mark.asyncio
async def test_trailing_spaces_and_usage_only_final_chunk(
    client: ApiClient, server: LoopbackServer
) -> None:
    result = await replay(client, server, [capture("relay-gpt4o-trailing-spaces.sse")])
    assert result.ordered[0].content.startswith("The image shows")
    assert result.usage is not None and result.usage.total_tokens == 1550
    assert len(result.choices) == 1  # the `choices: []` chunk adds no phantom choice


@pytest.mark.asyncio
async def test_truncated_stream_is_interrupted_with_text_kept(
    client: ApiClient, server: LoopbackServer
) -> None:
    server.queue(Reply(pieces=[capture("r1-data-no-space-truncated.sse")]))
    got: list[str] = []
    with pytest.raises(StreamInterrupted) as info:
        async for event in client.stream_chat(PARAMS, MESSAGES):
            text = getattr(event, "text", None)
            if text:
                got.append(text)
    assert "".join(got).endswith(" the user")  # every complete event before the cut
    assert "kept" in str(info.value)


CAPTURES = [
    "sf-deepseek-r1-reasoning.sse",
    "sf-r1-keepalive-crlf.sse",
    "ds-parallel-toolcalls.sse",
    "relay-gpt4o-trailing-spaces.sse",
    "sf-kimi-toolcall-reconstructed.sse",
    "sf-qwen-coder-content-filter.sse",
]


@pytest.mark.asyncio
@pytest.mark.parametrize("name", CAPTURES)
async def test_every_byte_split_gives_the_same_result(
    client: ApiClient, server: LoopbackServer, name: str
) -> None:
    data = capture(name)
    whole = summary(await replay(client, server, [data]))
    rng = random.Random(name)
    for _ in range(4):
        cuts = rng.sample(range(1, len(data)), k=min(60, len(data) - 1))
        assert summary(await replay(client, server, split_at(data, cuts))) == whole
    # One byte at a time: every multi-byte UTF-8 character is split.
    assert summary(await replay(client, server, split_at(data, range(len(data))))) == whole


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cuts=st.lists(st.integers(min_value=1, max_value=9000), max_size=40))
@pytest.mark.asyncio
async def test_property_any_split_gives_the_same_result(
    client: ApiClient, server: LoopbackServer, cuts: list[int]
) -> None:
    data = capture("sf-r1-keepalive-crlf.sse")
    whole = await replay(client, server, [data])
    split = await replay(client, server, split_at(data, cuts))
    assert summary(split) == summary(whole)
