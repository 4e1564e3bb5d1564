from __future__ import annotations

import json
from pathlib import Path

from app.storage.settings import Settings, SettingsStore


def test_defaults_when_missing(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    assert store.load() == Settings()
    assert store.moved_aside is None


def test_round_trip(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    settings = Settings(theme="dark", language="zh_CN", proxy_mode="url",
                        proxy_url="socks5://127.0.0.1:1080", retry_count=5, send_key="ctrl_enter",
                        endpoints=[{"id": "ollama", "name": "Ollama",
                                    "base_url": "http://localhost:11434/v1"}])
    store.save(settings)
    assert store.load() == settings
    assert [e.name for e in store.load().all_endpoints()] == ["SiliconFlow", "Ollama"]


def test_damaged_file_is_kept_aside_and_defaults_used(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "dark", ')
    store = SettingsStore(path)
    assert store.load() == Settings()
    assert store.moved_aside is not None
    assert store.moved_aside.read_text() == '{"theme": "dark", '
    assert not path.exists()


def test_bad_values_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "purple", "retry_count": 99, "read_timeout": 60,
                                "send_key": "ctrl_enter", "endpoints": [{"id": 1}]}))
    loaded = SettingsStore(path).load()
    assert (loaded.theme, loaded.retry_count, loaded.read_timeout, loaded.send_key) == (
        "system", 3, 60.0, "ctrl_enter")
    assert loaded.endpoints == []


def test_no_key_field_exists() -> None:
    assert not [name for name in Settings.__dataclass_fields__ if "key" in name
                and name not in ("send_key", "session_only_keys")]
