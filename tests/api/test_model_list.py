"""Model lists in every shape seen, with what each server reports about its models."""

from __future__ import annotations

import pytest

from app.api import errors as e
from app.api.client import ApiClient, is_siliconflow
from app.api.model_list import parse_model_list
from app.domain.capabilities import Capabilities
from tests.loopback import LoopbackServer, Reply

LLAMA = {
    "models": [{"name": "gemma-3-4b.gguf", "model": "gemma-3-4b.gguf",
                "capabilities": ["completion", "multimodal"]}],
    "object": "list",
    "data": [{"id": "gemma-3-4b.gguf", "object": "model", "owned_by": "llamacpp",
              "meta": {"n_ctx_train": 131072, "n_ctx": 16384, "n_vocab": 262144}}]}
VLLM = {"object": "list", "data": [{"id": "Qwen/Qwen3-8B", "object": "model",
                                    "owned_by": "vllm", "max_model_len": 32768}]}
RELAY = {"data": [{"id": "openai/gpt-4.1-nano", "context_length": 1047576,
                   "architecture": {"input_modalities": ["text", "image"]},
                   "supported_parameters": ["tools", "response_format", "seed"],
                   "top_provider": {"max_completion_tokens": 32768}}]}


def test_llama_cpp_reports_the_served_context_and_a_projector() -> None:
    [model] = parse_model_list(LLAMA, 512) or []
    assert model.id == "gemma-3-4b.gguf"
    assert model.reported.context_length == 16384  # what it serves, not what it trained on
    assert model.reported.vision is True and model.reported.seed is True


def test_vllm_and_relays_report_what_they_know() -> None:
    [vllm] = parse_model_list(VLLM, 512) or []
    assert vllm.reported.context_length == 32768 and vllm.reported.vision is None
    [relay] = parse_model_list(RELAY, 512) or []
    assert relay.reported == Capabilities(vision=True, tools=True, json_mode=True, seed=True,
                                          context_length=1047576, max_output=32768)


def test_siliconflow_reports_ids_only_and_garbage_is_skipped() -> None:
    data = {"object": "list", "data": [
        {"id": "Qwen/Qwen3-8B", "object": "model", "created": 0, "owned_by": ""},
        {"id": ""}, {"id": None}, "x", {"id": "Qwen/Qwen3-8B"}, {"id": 7}]}
    models = parse_model_list(data, 512) or []
    assert [m.id for m in models] == ["Qwen/Qwen3-8B", "7"]
    assert models[0].reported == Capabilities()
    assert parse_model_list({"models": []}, 512) is None


def test_only_siliconflow_is_filtered() -> None:
    assert is_siliconflow("https://api.siliconflow.cn/v1")
    assert is_siliconflow("https://api.siliconflow.com/v1")
    assert not is_siliconflow("http://127.0.0.1:8080/v1")
    assert not is_siliconflow("https://siliconflow.cn.evil.example/v1")


@pytest.mark.asyncio
async def test_a_local_server_is_asked_without_the_filter(
    client: ApiClient, server: LoopbackServer
) -> None:
    server.queue(Reply.json(200, LLAMA))
    [model] = await client.model_infos()
    assert server.requests[0].query == {} and model.reported.context_length == 16384


@pytest.mark.asyncio
async def test_context_overflow_is_typed_with_the_servers_counts(
    client: ApiClient, server: LoopbackServer
) -> None:
    from app.domain.chat import ChatMessage, Role
    from app.domain.params import ChatParams

    bodies = [
        ({"code": 20015, "message": "length of prompt_tokens (68957) must be less than "
                                    "max_seq_len (65536).", "data": None}, 68957, 65536),
        ({"error": {"message": "This model's maximum context length is 32768 tokens. However, "
                               "you requested 33000 tokens (31000 in the messages, 2000 in "
                               "the completion).", "type": "BadRequestError", "code": 400}},
         31000, 32768),
        ({"error": {"code": 400, "message": "the request exceeds the available context size, "
                                            "try increasing it",
                    "type": "exceed_context_size_error", "n_prompt_tokens": 9000,
                    "n_ctx": 8192}}, 9000, 8192),
    ]
    for body, prompt, limit in bodies:
        server.queue(Reply.json(400, body))
        with pytest.raises(e.ContextOverflow) as info:
            await client.complete(ChatParams(model="m"), [ChatMessage(Role.USER, "hi")])
        assert info.value.action is e.Action.SEND_FEWER
        assert (info.value.prompt_tokens, info.value.limit) == (prompt, limit)
        assert info.value.to_json()["limit"] == limit


@pytest.mark.asyncio
async def test_a_named_unsupported_parameter_is_typed(
    client: ApiClient, server: LoopbackServer
) -> None:
    from app.domain.chat import ChatMessage, Role
    from app.domain.params import ChatParams

    server.queue(Reply.json(400, {"code": 20015, "message": "Value error, current model "
                                  "does not support parameter `tools`.", "data": None}))
    with pytest.raises(e.ParameterNotSupported) as info:
        await client.complete(ChatParams(model="m"), [ChatMessage(Role.USER, "hi")])
    assert info.value.to_json()["parameter"] == "tools"
