from __future__ import annotations

from pathlib import Path

import pytest

from app.domain.chat import Role, ToolCall
from app.domain.history import Status
from app.storage.history import HistoryStore
from tests.helpers import StepClock


def test_a_turn_survives_a_restart_at_every_stage(tmp_path: Path) -> None:
    path = tmp_path / "h.sqlite3"
    store = HistoryStore.open(path)
    conv = store.create_conversation(params={"model": "Qwen/Qwen3-8B"})
    user = store.add_message(conv.id, None, Role.USER, "北京今天天气怎么样？")
    answer = store.add_message(conv.id, user.id, Role.ASSISTANT, status=Status.STREAMING,
                               model="Qwen/Qwen3-8B", params={"temperature": 0.3})
    store.checkpoint(answer.id, "北京今天", "让我想想")
    store.close()  # as if the process died here

    store = HistoryStore.open(path)
    assert store.recover_interrupted() == 1
    again = store.message(answer.id)
    assert again.status is Status.INTERRUPTED
    assert (again.content, again.reasoning_content) == ("北京今天", "让我想想")
    assert again.params == {"temperature": 0.3}
    assert store.conversation(conv.id).title == "北京今天天气怎么样？"
    store.close()


def test_finished_answer_keeps_every_field(store: HistoryStore) -> None:
    conv = store.create_conversation()
    user = store.add_message(conv.id, None, Role.USER, "weather?")
    answer = store.add_message(conv.id, user.id, Role.ASSISTANT, status=Status.STREAMING)
    call = ToolCall(id="functions.get_weather:0", name="get_weather", arguments='{"c":"x"}')
    store.finish_message(
        answer.id, status=Status.COMPLETE, content="", reasoning_content="r",
        tool_calls=[call], finish_reason="tool_calls", usage={"total_tokens": 9},
        timings={"ttft": 0.4, "total_seconds": 1.2}, model="m",
    )
    got = store.message(answer.id)
    assert got.tool_calls == [call] and got.finish_reason == "tool_calls"
    assert got.usage == {"total_tokens": 9} and got.timings == {"ttft": 0.4, "total_seconds": 1.2}
    assert got.to_chat().content is None  # a tool-call-only answer sends content: null


def test_failed_turn_is_kept_with_its_error(store: HistoryStore) -> None:
    conv = store.create_conversation()
    user = store.add_message(conv.id, None, Role.USER, "hi")
    error = {"type": "RateLimited", "status": 429, "code": None, "message": "Rate limited (TPM)"}
    answer = store.add_message(conv.id, user.id, Role.ASSISTANT, status=Status.STREAMING)
    store.finish_message(answer.id, status=Status.ERROR, content="", reasoning_content="",
                         error=error)
    assert store.message(answer.id).error == error
    assert store.message(answer.id).status is Status.ERROR


def test_regenerations_are_siblings_and_nothing_is_overwritten(store: HistoryStore) -> None:
    conv = store.create_conversation()
    user = store.add_message(conv.id, None, Role.USER, "hi")
    first = store.add_message(conv.id, user.id, Role.ASSISTANT, "one")
    second = store.add_message(conv.id, user.id, Role.ASSISTANT, "two")
    edited = store.add_message(conv.id, None, Role.USER, "hi, edited")
    messages = store.messages(conv.id)
    assert [m.content for m in messages] == ["hi", "one", "two", "hi, edited"]
    assert {m.parent_id for m in (first, second)} == {user.id}
    assert store.conversation(conv.id).current_leaf_id == edited.id
    assert store.newest_leaf_under(user.id) == second.id


def test_delete_message_removes_its_replies(store: HistoryStore) -> None:
    conv = store.create_conversation()
    user = store.add_message(conv.id, None, Role.USER, "q")
    answer = store.add_message(conv.id, user.id, Role.ASSISTANT, "a")
    store.add_message(conv.id, answer.id, Role.USER, "follow-up")
    assert store.delete_message(answer.id) == user.id
    assert [m.content for m in store.messages(conv.id)] == ["q"]


def test_list_order_pin_folder_rename_delete_undo(
    store: HistoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("app.domain.history.time", StepClock())  # each reading is later
    a = store.create_conversation(title="A")
    b = store.create_conversation(title="B")
    store.add_message(a.id, None, Role.USER, "newer activity")
    assert [s.title for s in store.list_conversations()] == ["A", "B"]
    store.set_pinned(b.id, True)
    assert [s.title for s in store.list_conversations()] == ["B", "A"]
    store.set_folder(a.id, "Work")
    store.rename(a.id, "Renamed")
    assert store.folders() == ["Work"]
    assert store.conversation(a.id).title_set
    store.delete_conversation(b.id)
    assert [s.title for s in store.list_conversations()] == ["Renamed"]
    store.restore_conversation(b.id)
    assert store.count_conversations() == 2
    store.delete_conversation(b.id)
    assert store.purge_deleted() == 1
    assert not store.has_conversation(b.id)


def test_renamed_title_is_not_replaced_by_the_first_message(store: HistoryStore) -> None:
    conv = store.create_conversation()
    store.rename(conv.id, "My title")
    store.add_message(conv.id, None, Role.USER, "something else entirely")
    assert store.conversation(conv.id).title == "My title"


def test_a_finished_answer_is_flushed_to_disk_off_the_calling_thread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The final write commits without waiting for the disk (33-40 ms after a streamed
    answer's checkpoints); the log is flushed by a worker, and closing waits for it."""
    import os
    import threading

    flushed: list[tuple[str, bool]] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        flushed.append((os.readlink(f"/proc/self/fd/{fd}"),
                        threading.current_thread() is threading.main_thread()))
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    path = tmp_path / "h.sqlite3"
    store = HistoryStore.open(path)
    conv = store.create_conversation()
    user = store.add_message(conv.id, None, Role.USER, "q")
    answer = store.add_message(conv.id, user.id, Role.ASSISTANT, status=Status.STREAMING)
    store.checkpoint(answer.id, "part", "")
    store.finish_message(answer.id, status=Status.COMPLETE, content="all of it",
                         reasoning_content="")
    store.close()
    assert flushed and all(name.endswith("h.sqlite3-wal") and not on_main
                           for name, on_main in flushed)
    again = HistoryStore.open(path)
    assert again.message(answer.id).content == "all of it"
    again.close()
