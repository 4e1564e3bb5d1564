"""The request body: exactly what the user set, in the reference page's shape."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.api.client import ApiClient
from app.api.payload import ENCODED_APART, build_body, encode_body
from app.domain.chat import ChatMessage, Role, ToolCall
from app.domain.params import ChatParams
from tests.loopback import LoopbackServer, Reply, sse

REFERENCE = Path(__file__).resolve().parents[1] / "captures" / "siliconflow-chat-completions.md"


def reference_example() -> dict[str, object]:
    text = REFERENCE.read_text(encoding="utf-8")
    match = re.search(r"--data '(\{.*?\})'\n", text, re.S)
    assert match
    return json.loads(match.group(1))


def test_reference_example_built_from_the_parameters_type() -> None:
    example = reference_example()
    params = ChatParams.from_json(example)
    messages = [ChatMessage(Role(m["role"]), m["content"]) for m in example["messages"]]  # type: ignore[attr-defined]
    body = build_body(params, messages)
    # The example sends "stop": null; in SiliconDesk an unset field is simply not sent.
    expected = {k: v for k, v in example.items() if v is not None}
    assert body == expected
    assert list(body) == list(expected)  # same field order as the reference page


def test_unset_fields_are_not_sent() -> None:
    body = build_body(ChatParams(model="m", temperature=0.0), [ChatMessage(Role.USER, "x")])
    assert body == {"model": "m", "messages": [{"role": "user", "content": "x"}],
                    "temperature": 0.0}


def test_tool_messages_and_assistant_tool_calls() -> None:
    call = ToolCall(id="functions.get_weather:0", name="get_weather", arguments='{"city":"北京"}')
    messages = [
        ChatMessage(Role.USER, "天气?"),
        ChatMessage(Role.ASSISTANT, None, tool_calls=(call,)),
        ChatMessage(Role.TOOL, "晴, 25°C", tool_call_id="functions.get_weather:0"),
    ]
    body = build_body(ChatParams(), messages)
    assert body["messages"][1] == {"role": "assistant", "content": None, "tool_calls": [
        {"id": "functions.get_weather:0", "type": "function",
         "function": {"name": "get_weather", "arguments": '{"city":"北京"}'}}]}
    assert body["messages"][2]["tool_call_id"] == "functions.get_weather:0"


@given(st.lists(st.dictionaries(st.sampled_from(["role", "content", "name", "x"]),
                                st.text() | st.integers() | st.none(), min_size=1),
                min_size=ENCODED_APART, max_size=ENCODED_APART + 8),
       st.dictionaries(st.text(min_size=1), st.text() | st.floats(allow_nan=False)))
@settings(max_examples=8, deadline=None)
def test_a_long_history_encoded_a_message_at_a_time_is_the_same_bytes(
    messages: list[dict[str, object]], fields: dict[str, object]
) -> None:
    body = {"model": "m", "messages": messages, **{k: v for k, v in fields.items()
                                                   if k not in ("model", "messages")}}
    assert encode_body(body) == json.dumps(body, ensure_ascii=False,
                                           separators=(",", ":")).encode("utf-8")


def test_encoded_body_keeps_chinese_readable() -> None:
    raw = encode_body({"messages": [{"role": "user", "content": "北京"}]})
    assert "北京".encode() in raw


@pytest.mark.asyncio
async def test_posted_body_is_the_encoded_body(client: ApiClient, server: LoopbackServer) -> None:
    params = ChatParams(model="Qwen/Qwen3-8B", stream=True, max_tokens=16384, enable_thinking=False,
                        thinking_budget=128, min_p=0.0, stop=("END", "停"), temperature=1.3,
                        top_p=0.9, top_k=20, frequency_penalty=-0.5, n=2,
                        response_format="json_object")
    messages = [ChatMessage(Role.SYSTEM, "你是助手"), ChatMessage(Role.USER, "hi")]
    server.queue(Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": "x"},
                                                 "finish_reason": "stop"}]})]))
    await client.complete(params, messages)
    request = server.requests[0]
    assert request.body == encode_body(build_body(params, messages))
    assert request.json()["response_format"] == {"type": "json_object"}
    assert request.json()["stop"] == ["END", "停"]
    assert request.headers["content-type"] == "application/json"
