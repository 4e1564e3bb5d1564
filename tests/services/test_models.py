"""The model catalog: the default model of a new chat is one the endpoint lists, the
capability table layers its sources, and the cache survives a restart (and damage)."""

from __future__ import annotations

import os
from pathlib import Path

from app.domain.capabilities import Capabilities, ModelInfo, Source
from app.domain.endpoint import SILICONFLOW_ID
from app.services.models import ModelCatalog
from app.storage.model_cache import ModelCache, model_cache_path
from tests.services.test_endpoints import service
from tests.storage.test_secrets import MemoryKeyring

LOCAL = [{"id": "local", "name": "Local", "base_url": "http://127.0.0.1:9/v1"}]


def catalog(tmp_path: Path) -> ModelCatalog:
    endpoints = service(tmp_path, MemoryKeyring(), endpoints=LOCAL)
    return ModelCatalog(endpoints, ModelCache(model_cache_path(tmp_path)), clock=lambda: 1e9)


def test_the_default_is_a_model_the_endpoint_lists(tmp_path: Path) -> None:
    models = catalog(tmp_path)
    assert models.default_model("local", "Qwen/Qwen3-8B") is None  # not fetched yet
    models.remember("local", [ModelInfo("text-embedding-3"), ModelInfo("llama-3-8b"),
                              ModelInfo("qwen2.5-7b")])
    assert models.listed("local", "Qwen/Qwen3-8B") is False
    assert models.default_model("local", "Qwen/Qwen3-8B") == "llama-3-8b"  # first chat one
    assert models.default_model("local", "qwen2.5-7b") == "qwen2.5-7b"  # the default's
    models.remember_choice("local", "not-listed")
    models.remember_choice("local", "text-embedding-3")
    assert models.default_model("local", "qwen2.5-7b") == "text-embedding-3"  # last choice
    assert models.default_model(SILICONFLOW_ID, "Qwen/Qwen3-8B") is None  # its own list


def test_the_table_layers_endpoint_known_learned_and_user(tmp_path: Path) -> None:
    models = catalog(tmp_path)
    models.remember(SILICONFLOW_ID, [ModelInfo("Qwen/Qwen3-8B", Capabilities(
        context_length=40960))])
    caps = models.capabilities(SILICONFLOW_ID, "Qwen/Qwen3-8B")
    assert caps.hybrid_thinking is True and caps.context_length == 40960  # known + endpoint
    assert models.source_of(SILICONFLOW_ID, "Qwen/Qwen3-8B", "context_length") is \
        Source.ENDPOINT
    models.learn_rejection(SILICONFLOW_ID, "Qwen/Qwen3-8B", "enable_thinking")
    assert models.capabilities(SILICONFLOW_ID, "Qwen/Qwen3-8B").hybrid_thinking is False
    models.set_user(SILICONFLOW_ID, "Qwen/Qwen3-8B", Capabilities(hybrid_thinking=True,
                                                                   vision=True))
    caps = models.capabilities(SILICONFLOW_ID, "Qwen/Qwen3-8B")
    assert caps.hybrid_thinking is True and caps.vision is True  # the user wins
    # The same model on another endpoint: enable_thinking is SiliconFlow's field.
    assert models.capabilities("local", "Qwen/Qwen3-8B").hybrid_thinking is None


def test_the_cache_survives_a_restart_and_damage(tmp_path: Path) -> None:
    models = catalog(tmp_path)
    models.remember("local", [ModelInfo("a", Capabilities(context_length=8192))])
    models.remember_choice("local", "a")
    models.calibrate("local", "a", 100.0, 120)
    path = model_cache_path(tmp_path)
    assert os.stat(path).st_mode & 0o777 == 0o600
    again = catalog(tmp_path)
    assert again.fetched_at("local") == 1e9 and again.ids("local") == ["a"]
    assert again.capabilities("local", "a").context_length == 8192
    assert again.default_model("local") == "a" and again.token_scale("local", "a") == 1.2
    path.write_text('{"url:http://127.0.0.1:9/v1": {"models": [{"id": 5}, {"id": "b", '
                    '"reported": {"context_length": -1, "vision": "yes"}}], "fetched_at": '
                    '"soon", "token_scale": {"b": 1e9}}}')
    damaged = catalog(tmp_path)
    assert damaged.ids("local") == ["b"] and damaged.fetched_at("local") is None
    assert damaged.capabilities("local", "b") == Capabilities()
    path.write_text("{not json")
    assert catalog(tmp_path).ids("local") == []
