from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.storage.database import SCHEMA_VERSION, StoreTooNew
from app.storage.history import HistoryStore

FIXTURES = Path(__file__).parent / "fixtures"


def make_v1(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript((FIXTURES / "history-v1.sql").read_text(encoding="utf-8"))
    conn.close()


def test_new_store_is_durable_wal_with_foreign_keys(tmp_path: Path) -> None:
    store = HistoryStore.open(tmp_path / "h.sqlite3")
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.close()


def test_migration_from_version_1_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    make_v1(path)
    store = HistoryStore.open(path)
    report = store.report
    assert report.migrated_from == 1 and report.backup is not None and report.backup.exists()
    backup = sqlite3.connect(report.backup)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    assert backup.execute("SELECT count(*) FROM messages").fetchone()[0] == 4
    backup.close()

    conv = store.conversation("c1")
    assert (conv.title, conv.pinned, conv.folder, conv.system_prompt) == (
        "长城之旅", True, "Travel", "你是导游")
    assert conv.params["model"] == "deepseek-ai/DeepSeek-V3"
    assert conv.current_leaf_id == "m2"
    assert store.message("m2").reasoning_content == "用户想去长城"
    assert store.message("m2").usage == {"total_tokens": 42}
    assert [h.message_id for h in store.search("北京")] == ["m1"]
    assert {h.conversation_id for h in store.search("docker")} == {"c2"}
    assert store.recover_interrupted() == 1
    store.close()
    assert HistoryStore.open(path).report.migrated_from is None  # once only


def test_damaged_file_is_moved_aside_and_a_new_store_started(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    garbage = b"SQLite format 3\x00" + bytes(range(256)) * 64
    path.write_bytes(garbage)
    store = HistoryStore.open(path)
    moved = store.report.moved_aside
    assert moved is not None and moved.read_bytes() == garbage  # kept, untouched
    assert moved.parent == tmp_path and "damaged" in moved.name
    conv = store.create_conversation(title="fresh")
    assert store.conversation(conv.id).title == "fresh"
    store.close()


def test_corrupted_pages_are_detected(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    store = HistoryStore.open(path)
    for i in range(300):
        store.create_conversation(title=f"conversation {i} " + "x" * 200)
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, len(data), 4096):
        data[offset + 8 : offset + 40] = b"\xde\xad\xbe\xef" * 8
    path.write_bytes(bytes(data))
    store = HistoryStore.open(path)
    assert store.report.moved_aside is not None
    assert store.count_conversations() == 0
    store.close()


def test_newer_schema_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    HistoryStore.open(path).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreTooNew) as info:
        HistoryStore.open(path)
    assert "newer version of SiliconDesk" in str(info.value)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if "damaged" in p.name) == []
