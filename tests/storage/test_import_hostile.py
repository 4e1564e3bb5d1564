"""Malformed import files: each is refused with the reason and its place, never a
traceback, and the history is exactly as it was."""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from app.domain.chat import Role
from app.domain.text import Text, translate
from app.storage.export import export_json
from app.storage.history import HistoryStore
from app.storage.import_checks import MAX_FILE_BYTES, MAX_TEXT_CHARS
from app.storage.importer import ImportFailed, import_into, read_file

Edit = Callable[[dict[str, Any]], None]


def _export(store: HistoryStore) -> dict[str, Any]:
    conv = store.create_conversation(title="kept", params={"temperature": 0.5})
    user = store.add_message(conv.id, None, Role.USER, "q")
    store.add_message(conv.id, user.id, Role.ASSISTANT, "a", params={"temperature": 0.5},
                      timings={"ttft": 0.2}, usage={"prompt_tokens": 3},
                      error={"type": "X", "text": translate("Chat", "Failed: {why}").format(
                          why="because").to_json()})
    data: dict[str, Any] = json.loads(export_json(store))
    store.delete_conversation(conv.id)
    store.purge_deleted()
    return data


def _msg(data: dict[str, Any], i: int = 1) -> dict[str, Any]:
    message: dict[str, Any] = data["conversations"][0]["messages"][i]
    return message


def _set(path: str, value: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        node: Any = data
        for key in parents:
            node = node[int(key)] if key.isdigit() else node[key]
        node[last] = value
    return edit


def _second_conversation_reusing_a_message_id(data: dict[str, Any]) -> None:
    twin = copy.deepcopy(data["conversations"][0])
    twin["id"] = "another"
    data["conversations"].append(twin)


SILICONDESK_CASES: list[tuple[str, Edit, str]] = [
    ("stop 5", _set("conversations/0/params/stop", 5),
     "conversations[0].params.stop: must be text or a list of up to 4 texts."),
    ("message stop", _set("conversations/0/messages/1/params/stop", [5]),
     "conversations[0].messages[1].params.stop: every stop sequence must be non-empty text."),
    ("temperature text", _set("conversations/0/params/temperature", "hot"),
     "conversations[0].params.temperature: must be a number, not 'hot'."),
    ("ttft soon", _set("conversations/0/messages/1/timings/ttft", "soon"),
     "conversations[0].messages[1].timings.ttft: must be a number of seconds, found 'soon'"),
    ("usage negative", _set("conversations/0/messages/1/usage/prompt_tokens", -1),
     "conversations[0].messages[1].usage.prompt_tokens: must be a count of tokens, found -1"),
    ("template spec", _set("conversations/0/messages/1/error/text/source", "{why:>2000000000}"),
     "conversations[0].messages[1].error.text.source: may only contain text and {name} "
     "fields that have a value"),
    ("template attribute", _set("conversations/0/messages/1/error/text/source",
                                "{why.__class__}"),
     "conversations[0].messages[1].error.text.source: may only contain text and {name} "
     "fields that have a value"),
    ("error message type", _set("conversations/0/messages/1/error/message", {"a": 1}),
     "conversations[0].messages[1].error.message: must be text or null"),
    ("tool call shape", _set("conversations/0/messages/1/tool_calls", [3]),
     "conversations[0].messages[1].tool_calls: must be a list of objects"),
    ("duplicate message ids", _second_conversation_reusing_a_message_id,
     "conversations[1].messages[0].id: "),
    ("text too long", _set("conversations/0/messages/0/content", "x" * (MAX_TEXT_CHARS + 1)),
     f"conversations[0].messages[0].content: is longer than {MAX_TEXT_CHARS} characters"),
    ("title a number", _set("conversations/0/title", 7),
     "conversations[0].title: must be text, found 7"),
    ("pinned text", _set("conversations/0/pinned", "yes"),
     "conversations[0].pinned: must be true or false"),
    ("time out of range", _set("conversations/0/created_at", "99999-01-01T00:00:00Z"),
     "conversations[0].created_at: '99999-01-01T00:00:00Z' is not an ISO 8601 time"),
]


@pytest.mark.parametrize("name, edit, said", SILICONDESK_CASES,
                         ids=[c[0] for c in SILICONDESK_CASES])
def test_malformed_silicondesk_export_is_refused_with_its_place(
    store: HistoryStore, name: str, edit: Edit, said: str
) -> None:
    data = _export(store)
    edit(data)
    before = export_json(store)
    with pytest.raises(ImportFailed) as caught:
        import_into(store, json.dumps(data).encode())
    assert str(caught.value).startswith(said), str(caught.value)
    assert export_json(store) == before


def test_a_message_id_already_in_the_history_is_refused(store: HistoryStore) -> None:
    data = _export(store)
    import_into(store, json.dumps(data).encode())
    data["conversations"][0]["id"] = "a copy under another id"
    before = export_json(store)
    with pytest.raises(ImportFailed) as caught:
        import_into(store, json.dumps(data).encode())
    assert "is already in the history, in another conversation" in str(caught.value)
    assert export_json(store) == before


@pytest.mark.parametrize("raw, said", [
    (b"[" * 100_000 + b"]" * 100_000, "the file is nested too deeply"),
    (b'{"format": "silicondesk", "version": 1, "conversations": ' + b"[" * 100_000,
     "the file is nested too deeply"),
    (b"\xff\xfe", "the file is not UTF-8 text"),
    (b"{", "the file is not valid JSON (at line 1, column 2)"),
    (b'{"a": 1,\n  "b": }', "the file is not valid JSON (at line 2, column 8)"),
    (b"42", "the file is neither a SiliconDesk export"),
])
def test_unreadable_files(store: HistoryStore, raw: bytes, said: str) -> None:
    with pytest.raises(ImportFailed) as caught:
        import_into(store, raw)
    assert str(caught.value).startswith(said)
    assert store.count_conversations() == 0


def test_files_that_are_not_files_or_too_big(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)  # sparse: nothing is written or read
    cases = {fifo: f"{fifo} cannot be imported: it is not a regular file",
             huge: f"{huge} cannot be imported: it is {MAX_FILE_BYTES + 1} bytes, more than "
                   f"the {MAX_FILE_BYTES} allowed",
             tmp_path / "missing.json": f"{tmp_path / 'missing.json'} cannot be read: "
                                        "No such file or directory",
             tmp_path: f"{tmp_path} cannot be imported: it is not a regular file"}
    for path, said in cases.items():
        with pytest.raises(ImportFailed) as caught:
            read_file(path)
        assert str(caught.value) == said


def _chatgpt(mapping: dict[str, Any], **extra: Any) -> bytes:
    return json.dumps([{"title": "t", "create_time": 1.7e9, "mapping": mapping,
                        **extra}]).encode()


def _node(parent: str | None, role: Any = "user", text: Any = "hi",
          **extra: Any) -> dict[str, Any]:
    return {"parent": parent, "message": {"author": {"role": role},
                                          "content": {"parts": [text]}, **extra}}


GOOD = {"root": {"parent": None, "message": None},
        "u": _node("root"), "a": _node("u", "assistant", "hello")}

CHATGPT_CASES: list[tuple[str, bytes, int]] = [  # what arrives, messages kept
    ("author a string", _chatgpt({**GOOD, "x": {"parent": "a", "message": {
        "author": "user", "content": {"parts": ["?"]}}}}), 2),
    ("metadata a list", _chatgpt({**GOOD, "x": _node("a", metadata=[1])}), 3),
    ("children an int", _chatgpt({**GOOD, "u": {**_node("root"), "children": 5}}), 2),
    ("parent a list", _chatgpt({**GOOD, "x": _node(["a"])}), 3),  # type: ignore[arg-type]
    ("time huge", _chatgpt(GOOD, create_time=1e300, update_time="soon"), 2),
    ("time infinite", json.dumps([{"mapping": GOOD, "create_time": float("inf")}]).encode(), 2),
    ("time NaN", json.dumps([{"mapping": GOOD, "create_time": float("nan")}]).encode(), 2),
    ("message create_time negative", _chatgpt({**GOOD, "x": _node("a", create_time=-5)}), 3),
    ("title a dict", _chatgpt(GOOD, title={"a": 1}), 2),
    ("node a list", _chatgpt({**GOOD, "x": [1, 2]}), 2),
    ("current node a list", _chatgpt(GOOD, current_node=["a"]), 2),
    ("content parts odd", _chatgpt({**GOOD, "x": _node("a", text={"image": 1})}), 3),
    ("content a string", _chatgpt({**GOOD, "x": {"parent": "a", "message": {
        "author": {"role": "user"}, "content": "flat"}}}), 2),
    ("id a dict", _chatgpt(GOOD, conversation_id={"x": 1}), 2),
    ("self parent", _chatgpt({**GOOD, "s": _node("s")}), 3),
]


@pytest.mark.parametrize("name, raw, kept", CHATGPT_CASES, ids=[c[0] for c in CHATGPT_CASES])
def test_odd_chatgpt_shapes_import_what_is_readable(
    store: HistoryStore, name: str, raw: bytes, kept: int
) -> None:
    report = import_into(store, raw)
    assert (report.imported, report.source) == (1, "chatgpt")
    (summary,) = store.list_conversations()
    messages = store.messages(summary.id)
    assert len(messages) == kept
    assert store.conversation(summary.id).current_leaf_id in {m.id for m in messages}


def test_a_chatgpt_cycle_is_refused_not_imported_empty(store: HistoryStore) -> None:
    raw = _chatgpt({"a": _node("b"), "b": _node("a", "assistant")})
    with pytest.raises(ImportFailed) as caught:
        import_into(store, raw)
    assert str(caught.value) == ("[0].mapping: the nodes from 'a' form a cycle: none of them "
                                 "leads back to the start of the conversation")
    assert store.count_conversations() == 0


def test_a_chatgpt_conversation_without_messages_is_counted_apart(store: HistoryStore) -> None:
    raw = json.dumps([{"mapping": {"r": {"parent": None, "message": None}}},
                      json.loads(_chatgpt(GOOD))[0]]).encode()
    report = import_into(store, raw)
    assert (report.imported, report.empty) == (1, 1)
    assert store.count_conversations() == 1


def test_a_chatgpt_duplicate_message_id_is_refused(store: HistoryStore) -> None:
    one = json.loads(_chatgpt(GOOD))[0]
    two = {**copy.deepcopy(one), "conversation_id": "other"}
    one["conversation_id"] = "one"
    with pytest.raises(ImportFailed) as caught:
        import_into(store, json.dumps([one, two]).encode())
    assert str(caught.value) == "[1].mapping: message id 'u' appears twice"
    assert store.count_conversations() == 0


def test_a_stored_hostile_template_renders_as_its_source(store: HistoryStore) -> None:
    """Whatever reached the store (an older import, another tool) is safe to show."""
    conv = store.create_conversation()
    for source in ("{a:>2000000000}", "{a!r}", "{a.__class__}", "{a[0]}", "{}", "{0}",
                   "{missing}", "{a", "a}"):
        hostile = {"context": "Chat", "source": source, "args": {"a": "x"}}
        message = store.add_message(conv.id, None, Role.ASSISTANT, "", error={"text": hostile})
        text = Text.from_json(store.message(message.id).error["text"])  # type: ignore[index]
        assert text is not None and text.render() == source
        assert text.render(lambda _c, _s: "{a:>999999999}") == source
    good = Text.from_json({"context": "c", "source": "{a} and {{b}}", "args": {"a": 1}})
    assert good is not None and good.render() == "1 and {b}"
    deep: dict[str, Any] = {"context": "c", "source": "{a}", "args": {"a": "end"}}
    for _ in range(5000):
        deep = {"context": "c", "source": "{a}", "args": {"a": deep}}
    assert len((Text.from_json(deep) or Text("", "")).render()) < 10_000
