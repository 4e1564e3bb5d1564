from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.domain.chat import Role, ToolCall
from app.domain.history import Status
from app.services.export_readable import export_html, export_markdown
from app.storage.export import export_json
from app.storage.history import HistoryStore
from app.storage.importer import ImportFailed, import_into
from tests.helpers import run_app as cli

FIXTURES = Path(__file__).parent / "fixtures"


def fill(store: HistoryStore) -> str:
    conv = store.create_conversation(system_prompt="简洁回答", params={"model": "Qwen/Qwen3-8B",
                                                                   "temperature": 0.6})
    store.set_folder(conv.id, "学习")
    user = store.add_message(conv.id, None, Role.USER, "什么是 SSE？")
    store.add_message(conv.id, user.id, Role.ASSISTANT, "first try", model="Qwen/Qwen3-8B",
                      status=Status.STOPPED)
    answer = store.add_message(
        conv.id, user.id, Role.ASSISTANT,
        "SSE 是服务器推送事件。\n\n```python\nprint('data: hi')\n```",
        reasoning_content="用户问的是协议", model="Qwen/Qwen3-8B", params={"temperature": 0.6},
        usage={"prompt_tokens": 5, "completion_tokens": 20, "total_tokens": 25},
        timings={"ttft": 0.31, "total_seconds": 2.0}, finish_reason="stop",
        tool_calls=[ToolCall(id="call_1", name="lookup", arguments='{"q": "SSE"}')])
    store.add_message(conv.id, answer.id, Role.TOOL, "结果", tool_call_id="call_1")
    return conv.id


def test_json_export_has_the_documented_shape(store: HistoryStore) -> None:
    fill(store)
    data = json.loads(export_json(store))
    assert (data["format"], data["version"]) == ("silicondesk", 1)
    (conv,) = data["conversations"]
    assert list(conv) == ["id", "title", "created_at", "updated_at", "pinned", "folder",
                          "system_prompt", "params", "messages"]
    assert list(conv["messages"][0]) == [
        "id", "parent_id", "role", "content", "reasoning_content", "tool_calls", "tool_call_id",
        "status", "finish_reason", "error", "model", "params", "usage", "timings", "created_at"]
    assert [m["role"] for m in conv["messages"]] == ["user", "assistant", "assistant", "tool"]
    assert conv["messages"][2]["tool_calls"] == [
        {"id": "call_1", "type": "function", "function": {"name": "lookup",
                                                          "arguments": '{"q": "SSE"}'}}]
    assert conv["created_at"].endswith("Z")


def test_export_import_export_is_identical(store: HistoryStore, tmp_path: Path) -> None:
    fill(store)
    first = export_json(store)
    other = HistoryStore.open(tmp_path / "other.sqlite3")
    report = import_into(other, first.encode())
    assert (report.imported, report.skipped) == (1, 0)
    assert export_json(other) == first
    assert import_into(other, first.encode()).skipped == 1  # importing twice adds nothing
    assert other.search("服务器")  # imported text is searchable
    other.close()


def test_chatgpt_export_is_imported_with_its_branches(store: HistoryStore) -> None:
    report = import_into(store, (FIXTURES / "chatgpt-conversations.json").read_bytes())
    assert (report.imported, report.source) == (1, "chatgpt")
    (summary,) = store.list_conversations()
    conv = store.conversation(summary.id)
    assert conv.title == "Python 列表排序"
    messages = store.messages(conv.id)
    assert [(m.role, m.content[:6]) for m in messages] == [
        (Role.USER, "怎么给列表排"), (Role.ASSISTANT, "用 `sor"), (Role.ASSISTANT, "也可以用 `")]
    assert messages[1].parent_id == messages[0].id == messages[2].parent_id
    assert conv.current_leaf_id == messages[2].id
    assert messages[1].model == "gpt-4o"


BAD = [
    (b"not json", "not valid JSON"),
    (b'{"format": "silicondesk", "version": 9, "conversations": []}', "version"),
    (b'{"hello": 1}', "neither a SiliconDesk export"),
    (b"\xff\xfe", "not UTF-8"),
]


@pytest.mark.parametrize(("raw", "said"), BAD)
def test_bad_files_get_a_clear_error(store: HistoryStore, raw: bytes, said: str) -> None:
    with pytest.raises(ImportFailed) as info:
        import_into(store, raw)
    assert said in str(info.value)


def test_nothing_is_half_imported(store: HistoryStore, tmp_path: Path) -> None:
    fill(store)
    data = json.loads(export_json(store))
    good = data["conversations"][0]
    bad = json.loads(json.dumps(good))
    bad["id"] = "another"
    bad["messages"][2]["role"] = "robot"
    data["conversations"] = [good, bad]
    other = HistoryStore.open(tmp_path / "other.sqlite3")
    with pytest.raises(ImportFailed) as info:
        import_into(other, json.dumps(data).encode())
    assert "conversations[1].messages[2].role" in str(info.value)
    assert other.count_conversations() == 0
    other.close()


def test_markdown_and_html_are_for_reading(store: HistoryStore) -> None:
    cid = fill(store)
    md = export_markdown(store, cid)
    assert "```python\nprint('data: hi')\n```" in md
    assert "first try" not in md  # the branch the conversation continues from
    assert "用户问的是协议" not in md
    assert "用户问的是协议" in export_markdown(store, cid, with_reasoning=True)
    page = export_html(store, cid, with_reasoning=True)
    assert page.startswith("<!DOCTYPE html>") and "<details>" in page and "<pre" in page


def test_command_line_export_and_import(tmp_path: Path) -> None:
    source = tmp_path / "a"
    store = HistoryStore.open(source / "history.sqlite3")
    cid = fill(store)
    store.close()
    out = cli("export", "--data-dir", str(source))
    assert out.returncode == 0 and json.loads(out.stdout)["format"] == "silicondesk"
    backup = tmp_path / "backup.json"
    assert cli("export", "--data-dir", str(source), "-o", str(backup)).returncode == 0
    md = cli("export", "--data-dir", str(source), "--format", "markdown", "--conversation", cid)
    assert "# 什么是 SSE？" in md.stdout
    target = tmp_path / "b"
    done = cli("import", str(backup), "--data-dir", str(target))
    assert done.returncode == 0 and "Imported 1 conversation" in done.stdout
    again = cli("export", "--data-dir", str(target))
    assert again.stdout == backup.read_text(encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2")
    failed = cli("import", str(bad), "--data-dir", str(target))
    assert failed.returncode == 1 and "nothing was changed" in failed.stderr
    missing = cli("export", "--data-dir", str(source), "--conversation", "nope")
    assert missing.returncode == 1 and "no conversation" in missing.stderr


def test_an_answer_ending_in_a_fence_exports_without_a_stray_fence(store: HistoryStore) -> None:
    conv = store.create_conversation(title="code")
    store.add_message(conv.id, None, Role.ASSISTANT, "Here:\n\n```python\nprint(1)\n```")
    page = export_html(store, conv.id)
    assert "print" in page and "```" not in page
