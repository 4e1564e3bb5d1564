"""What a title request posts, and how the model's answer becomes a title."""

from __future__ import annotations

from pathlib import Path

from app.domain.capabilities import Capabilities, ModelInfo
from app.domain.chat import Role
from app.domain.endpoint import SILICONFLOW_ID
from app.services.models import ModelCatalog
from app.services.settings_service import SettingsService
from app.services.titles import TitleService, clean_title
from app.storage.history import HistoryStore
from app.storage.model_cache import ModelCache
from app.storage.settings import SettingsStore
from tests.services.test_endpoints import service
from tests.storage.test_secrets import MemoryKeyring


def test_answers_become_titles() -> None:
    assert clean_title("<think>\nLet me think.\n</think>\n\n\"Weather in Beijing\"") == \
        "Weather in Beijing"
    assert clean_title("标题：北京的天气。") == "北京的天气"
    assert clean_title("<think>never closed") == ""
    assert clean_title("**Sorting Lists in Python**\nBecause the user asked…") == \
        "Sorting Lists in Python"
    assert len(clean_title("word " * 40)) <= 48


def test_the_request_switches_hybrid_thinking_off(tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "history.sqlite3")
    try:
        endpoints = service(tmp_path, MemoryKeyring())
        settings = SettingsService(SettingsStore(tmp_path / "settings.json"))
        catalog = ModelCatalog(endpoints, ModelCache(None))
        titles = TitleService(store, endpoints, settings, catalog)
        conv = store.create_conversation(params={"model": "Qwen/Qwen3-8B"},
                                         endpoint=SILICONFLOW_ID)
        user = store.add_message(conv.id, None, Role.USER, "今天北京天气怎么样？")
        store.add_message(conv.id, user.id, Role.ASSISTANT, "<think>查一下</think>晴，25°C。")
        built = titles.request(conv.id)
        assert built is not None
        params, messages = built
        assert params.model == "Qwen/Qwen3-8B" and params.enable_thinking is False
        assert params.max_tokens == 48
        assert "查一下" not in (messages[1].content or "")  # the reasoning is not resent
        settings.update(title_mode="model", title_model="deepseek-ai/DeepSeek-R1")
        catalog.remember(SILICONFLOW_ID, [ModelInfo("deepseek-ai/DeepSeek-R1", Capabilities())])
        params, _ = titles.request(conv.id) or (None, None)
        assert params is not None and params.model == "deepseek-ai/DeepSeek-R1"
        assert params.enable_thinking is None and params.max_tokens == 1024  # it must think
        assert store.set_generated_title(conv.id, "天气")
        store.rename(conv.id, "Mine")
        assert not store.set_generated_title(conv.id, "Later")
        assert store.conversation(conv.id).title == "Mine"
    finally:
        store.close()
