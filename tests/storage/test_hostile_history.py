"""Hostile history files: damage, a foreign write-ahead log, odd text, file modes,
read-only and locked files. Each case asserts what the user is told and what is kept."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from app.domain.chat import Role, ToolCall
from app.domain.history import Status
from app.paths import history_path
from app.storage.errors import HistoryDamaged, StorageBusy, StorageReadOnly
from app.storage.history import HistoryStore

LONE = "bad \ud83d half and \udc00 other"


def _fill(path: Path, conversations: int = 40) -> None:
    store = HistoryStore.open(path)
    for i in range(conversations):
        conv = store.create_conversation(title=f"conversation {i}")
        user = store.add_message(conv.id, None, Role.USER, f"question {i} " + "q" * 300)
        store.add_message(conv.id, user.id, Role.ASSISTANT, f"answer {i} " + "a" * 300)
    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def test_lone_surrogates_in_every_text_field_are_stored(store: HistoryStore) -> None:
    conv = store.create_conversation(title=LONE, system_prompt=LONE, folder=LONE,
                                     params={"stop": [LONE]}, endpoint=LONE)
    user = store.add_message(conv.id, None, Role.USER, LONE, model=LONE,
                             params={"x": LONE}, error={"message": LONE},
                             tool_calls=[ToolCall("c1", name=LONE, arguments=LONE)],
                             tool_call_id=LONE)
    answer = store.add_message(conv.id, user.id, Role.ASSISTANT, status=Status.STREAMING)
    store.checkpoint(answer.id, LONE, LONE, [ToolCall("c2", name=LONE, arguments=LONE)])
    store.finish_message(answer.id, status=Status.COMPLETE, content=LONE + "!",
                         reasoning_content=LONE, finish_reason=LONE, usage={"u": LONE},
                         timings={"t": LONE}, model=LONE)
    store.rename(conv.id, LONE)
    store.set_folder(conv.id, LONE)
    store.set_system_prompt(conv.id, LONE)
    clean = LONE.replace("\ud83d", "\ufffd").replace("\udc00", "\ufffd")
    assert store.conversation(conv.id).title == clean
    assert user.content == clean  # what the caller holds is what was stored
    stored = store.messages(conv.id)
    assert [m.content for m in stored] == [clean, clean + "!"]
    assert stored[0].error == {"message": clean} and stored[0].tool_calls[0].arguments == clean
    assert stored[1].reasoning_content == clean and stored[1].usage == {"u": clean}
    assert [h.conversation_id for h in store.search("other")] == [conv.id, conv.id, conv.id]


def test_files_are_private(tmp_path: Path) -> None:
    data = tmp_path / "new" / "data"
    store = HistoryStore.open(history_path(data))
    store.create_conversation(title="x")  # the -wal and -shm exist now
    try:
        assert stat.S_IMODE(data.stat().st_mode) == 0o700
        made = [p for p in data.iterdir() if p.name.startswith("history.sqlite3")]
        assert {p.name for p in made} >= {"history.sqlite3", "history.sqlite3-wal"}
        assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in made} == {
            p.name: 0o600 for p in made}
    finally:
        store.close()


def test_partial_damage_salvages_the_readable_conversations(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _fill(path)
    size = path.stat().st_size
    with path.open("r+b") as f:  # 8 KB of garbage in the middle of the file
        f.seek(size // 2 // 4096 * 4096)
        f.write(os.urandom(8192))
    damaged = path.read_bytes()
    store = HistoryStore.open(path)
    try:
        report = store.report
        assert report.moved_aside is not None and report.moved_aside.read_bytes() == damaged
        saved = store.count_conversations()
        assert report.salvaged == saved and 30 <= saved <= 40, saved
        assert report.salvaged_messages is not None and 40 <= report.salvaged_messages < 80
        (notice,) = report.notices()
        assert str(notice) == (
            f"The history file was damaged. It is kept at {report.moved_aside}; {saved} "
            f"conversations ({report.salvaged_messages} messages) could be read from it "
            "and are in the new history.")
        for summary in store.list_conversations():  # every salvaged one opens and searches
            conv = store.conversation(summary.id)
            assert conv.title.startswith("conversation ")
            assert conv.current_leaf_id in {m.id for m in store.messages(conv.id)} | {None}
        assert store.search("question")
    finally:
        store.close()


def test_damaged_header_salvages_nothing_and_says_so(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _fill(path, 3)
    with path.open("r+b") as f:
        f.write(b"\0" * 100)
    store = HistoryStore.open(path)
    try:
        assert store.report.salvaged == 0 and store.count_conversations() == 0
        assert "0 conversations (0 messages)" in str(store.report.notices()[0])
    finally:
        store.close()


def test_a_damaged_file_is_refused_unchanged_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _fill(path, 3)
    with path.open("r+b") as f:
        f.seek(4096)
        f.write(b"\xff" * 8192)
    before = path.read_bytes()
    with pytest.raises(HistoryDamaged) as caught:
        HistoryStore.open(path, refuse_damaged=True)
    assert str(caught.value) == (f"The history file {path} is damaged, so it was left as it "
                                 "is. Start SiliconDesk to recover what can still be read "
                                 "from it.")
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if "damaged" in p.name]


def _other_wal(tmp_path: Path, *, page_size: int = 4096, ours: bool = False) -> Path:
    """A -wal left open by another database (a few conversations, or another app's)."""
    other = tmp_path / "other" / "history.sqlite3"
    other.parent.mkdir()
    conn = sqlite3.connect(other, isolation_level=None)
    conn.execute(f"PRAGMA page_size = {page_size}")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA wal_autocheckpoint = 0")
    if ours:
        conn.close()
        store = HistoryStore.open(other)
        store.manual_wal_checkpoints()
        store.create_conversation(title="from the other history")
        conn = store._conn
    else:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('x')")
    wal = other.with_name(other.name + "-wal")
    copy = tmp_path / "other.wal"
    shutil.copyfile(wal, copy)
    conn.close()
    return copy


@pytest.mark.parametrize("kind", ["another app", "other page size", "a smaller history",
                                  "not a log"])
def test_a_wal_that_does_not_belong_is_kept_aside(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "history.sqlite3"
    _fill(path)
    before = path.read_bytes()
    wal = path.with_name(path.name + "-wal")
    if kind == "not a log":
        wal.write_bytes(os.urandom(5000))
    else:
        foreign = _other_wal(tmp_path, page_size=1024 if kind == "other page size" else 4096,
                             ours=kind == "a smaller history")
        shutil.copyfile(foreign, wal)
    foreign_bytes = wal.read_bytes()
    store = HistoryStore.open(path)
    try:
        assert store.count_conversations() == 40
        kept = store.report.foreign_wal
        assert kept is not None and kept.read_bytes() == before
        assert kept.with_name(kept.name + "-wal").read_bytes() == foreign_bytes
        assert str(store.report.notices()[0]) == (
            "A write-ahead log beside the history did not belong to it and was not applied. "
            f"It is kept, with a copy of the history as it was, at {kept}.")
    finally:
        store.close()
    assert path.stat().st_size >= len(before)


def test_its_own_wal_after_a_crash_is_applied(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _fill(path, 2)
    store = HistoryStore.open(path)
    store.manual_wal_checkpoints()
    store.create_conversation(title="only in the log")
    wal = path.with_name(path.name + "-wal")
    saved_wal, saved_db = wal.read_bytes(), path.read_bytes()
    store.close()  # closing checkpoints; put back the state a crash leaves
    path.write_bytes(saved_db)
    wal.write_bytes(saved_wal)
    store = HistoryStore.open(path)
    try:
        assert store.report.foreign_wal is None and store.count_conversations() == 3
    finally:
        store.close()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes read-only files")
def test_read_only_history_is_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _fill(path, 1)
    path.chmod(0o400)
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(StorageReadOnly) as caught:
            store = HistoryStore.open(path)
            store.create_conversation()
        assert str(path) in str(caught.value)
    finally:
        tmp_path.chmod(0o700)


def test_read_only_history_file_writes_say_read_only(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _fill(path, 1)
    store = HistoryStore.open(path)
    store._conn.execute("PRAGMA query_only = 1")  # the file refuses writes from here on
    try:
        with pytest.raises(StorageReadOnly):
            store.create_conversation(title="new")
        assert store.count_conversations() == 1
    finally:
        store.close()


def test_locked_by_another_writer_is_busy_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    _fill(path, 1)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    store = HistoryStore.open(path, full_check=False)
    store._conn.execute("PRAGMA busy_timeout = 50")
    try:
        with pytest.raises(StorageBusy) as caught:
            store.create_conversation(title="new")
        assert "locked by another program" in str(caught.value)
        other.execute("ROLLBACK")
        store.create_conversation(title="new")  # usable once the other lets go
        assert store.count_conversations() == 2
    finally:
        other.close()
        store.close()


def test_its_own_wal_already_checkpointed_before_a_crash_is_not_refused(
    tmp_path: Path
) -> None:
    """A checkpoint copies the log into the file but leaves the log until the next
    write: the file is then as large as the log's last commit, larger than its first."""
    path = tmp_path / "history.sqlite3"
    _fill(path, 1)
    store = HistoryStore.open(path)
    store.manual_wal_checkpoints()
    for i in range(30):
        store.create_conversation(title=f"grows the file {i} " + "g" * 2000)
    store.checkpoint_wal()
    wal = path.with_name(path.name + "-wal")
    saved_wal, saved_db = wal.read_bytes(), path.read_bytes()
    store.close()
    path.write_bytes(saved_db)
    wal.write_bytes(saved_wal)
    store = HistoryStore.open(path)
    try:
        assert store.report.foreign_wal is None and store.count_conversations() == 31
    finally:
        store.close()


def test_reading_a_damaged_page_is_a_typed_error(tmp_path: Path) -> None:
    """Damage found while the window runs (before the background check) is a sentence."""
    path = tmp_path / "history.sqlite3"
    _fill(path, 40)
    store = HistoryStore.open(path, full_check=False)
    try:
        ids = [s.id for s in store.list_conversations()]
        size = path.stat().st_size
        with path.open("r+b") as f:
            for offset in range(8192, size, 4096):
                f.seek(offset + 8)
                f.write(b"\xde\xad\xbe\xef" * 8)
        with pytest.raises(HistoryDamaged) as caught:
            for cid in ids:
                store.messages(cid)
            store.search("question")
        assert str(caught.value).startswith(f"The history file {path} is damaged (")
    finally:
        store.close()
