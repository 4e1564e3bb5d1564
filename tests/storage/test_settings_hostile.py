"""Hostile settings files: each start gives the defaults (or the good fields) and a
sentence, with the bad file kept aside; a refused save is a typed error, never a crash."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app.services.settings_service import SettingsService
from app.storage.errors import StorageError
from app.storage.settings import MAX_SETTINGS_BYTES, Settings, SettingsStore

ROOT = Path(__file__).resolve().parents[2]


def _load(path: Path) -> tuple[Settings, SettingsStore]:
    store = SettingsStore(path)
    return store.load(), store


@pytest.mark.parametrize("kind, reason", [
    ("deep", "it is nested too deeply"),
    ("fifo", "it is not a regular file"),
    ("zero", "it is not a regular file"),
    ("directory", "it is not a regular file"),
    ("huge", f"it is {MAX_SETTINGS_BYTES + 1} bytes, more than the {MAX_SETTINGS_BYTES} "
             "allowed"),
    ("list", "it is not a JSON object"),
    ("binary", "it is not valid JSON"),
])
def test_unreadable_file_gives_defaults_and_is_kept_aside(
    tmp_path: Path, kind: str, reason: str
) -> None:
    path = tmp_path / "settings.json"
    if kind == "deep":
        path.write_text("[" * 100_000 + "]" * 100_000)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "directory":
        path.mkdir()
    elif kind == "huge":
        path.write_bytes(b" " * (MAX_SETTINGS_BYTES + 1))
    elif kind == "list":
        path.write_text("[1, 2]")
    else:
        path.write_bytes(b"\xff\xfe\x00garbage")
    settings, store = _load(path)
    assert settings == Settings()
    assert store.moved_aside is not None and not os.path.lexists(path)
    assert os.path.lexists(store.moved_aside)
    if kind == "zero":
        assert os.readlink(store.moved_aside) == "/dev/zero"  # the link itself, kept
    assert str(store.notice) == (f"The settings file could not be read ({reason}). It is "
                                 f"kept at {store.moved_aside}; the defaults are used.")


def test_wrong_types_drop_only_the_bad_fields(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    good_endpoint = {"id": "ollama", "name": "Ollama", "base_url": "http://localhost:11434/v1"}
    path.write_text(json.dumps({
        "theme": "dark", "language": 7, "proxy_mode": None, "proxy_url": ["x"],
        "connect_timeout": -1, "read_timeout": True,
        "retry_count": 2.5, "send_key": "ctrl_enter", "fold_thinking": "yes",
        "active_endpoint": {"id": 1}, "window_geometry": 5, "session_only_keys": True,
        "default_params": {"model": "m", "stop": 7, "temperature": 0.3, "top_p": "high",
                           "tools": [{"type": "nope"}], "n": 2},
        "presets": {"ok": {"temperature": 1.5, "stop": ["a", 5]}, "bad": "x", "": {},
                    "list": [1]},
        "endpoints": [good_endpoint, {"id": "x"}, "y", {"id": "ftp", "name": "F",
                                                        "base_url": "ftp://h/v1"},
                      {**good_endpoint, "name": "twice"}, {"id": "siliconflow", "name": "S",
                                                             "base_url": "http://h/v1"}],
    }))
    settings, store = _load(path)
    defaults = Settings()
    assert store.moved_aside is None
    assert (settings.theme, settings.send_key, settings.session_only_keys) == (
        "dark", "ctrl_enter", True)
    for name in ("language", "proxy_mode", "proxy_url", "connect_timeout", "read_timeout",
                 "retry_count", "fold_thinking", "active_endpoint", "window_geometry"):
        assert getattr(settings, name) == getattr(defaults, name), name
    assert settings.default_params == {"model": "m", "temperature": 0.3, "n": 2}
    assert settings.presets == {"ok": {"temperature": 1.5}}
    assert settings.endpoints == [good_endpoint]


def test_a_save_merges_only_the_changed_keys(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    first = SettingsService(SettingsStore(path))
    second = SettingsService(SettingsStore(path))  # another window, loaded at the same time
    first.update(theme="dark")
    second.update(send_key="ctrl_enter")
    first.settings.active_endpoint = "command-line"  # this run only: never written
    first.update(retry_count=5)
    on_disk = json.loads(path.read_text())
    assert on_disk == {"theme": "dark", "send_key": "ctrl_enter", "retry_count": 5}
    reloaded = SettingsStore(path).load()
    assert (reloaded.theme, reloaded.send_key, reloaded.retry_count) == (
        "dark", "ctrl_enter", 5)
    new = Settings(**{**vars(second.settings), "language": "zh_CN"})
    second.replace(new)
    assert json.loads(path.read_text())["theme"] == "dark"  # not second's stale "system"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_a_refused_save_is_reported_not_raised(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    service = SettingsService(SettingsStore(blocker / "settings.json"))
    seen: list[object] = []
    service.save_failed.connect(seen.append)
    error = service.update(window_geometry="AAAA", theme="dark")  # what closing the window does
    assert isinstance(error, StorageError) and service.settings.theme == "dark"
    assert [str(t) for t in seen] == [str(error)] and str(error) == (
        "The settings could not be saved (Not a directory); this session keeps the change.")


def test_lone_surrogates_are_saved(tmp_path: Path) -> None:
    store = SettingsStore(tmp_path / "settings.json")
    store.save_changes({"proxy_url": "http://h\ud800/"})
    assert store.load().proxy_url == "http://h\ufffd/"


CHILD = r"""
import resource, signal, sys
sys.path.insert(0, sys.argv[2])
from pathlib import Path
from app.services.settings_service import SettingsService
from app.storage.settings import SettingsStore
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
service = SettingsService(SettingsStore(Path(sys.argv[1])))
resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
error = service.update(window_geometry="G" * 5000)
print(type(error).__name__, "|", error)
"""


def test_a_full_disk_on_save_is_storage_full(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"theme": "dark"}')
    out = subprocess.run([sys.executable, "-c", CHILD, str(path), str(ROOT)],
                         capture_output=True, text=True, timeout=60, check=False)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == (
        "StorageFull | The disk is full: the settings could not be saved. Free some space; "
        "this session keeps the change.")
    assert path.read_text() == '{"theme": "dark"}'  # the old file, whole
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]  # no temporary left
