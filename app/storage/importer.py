"""Import a SiliconDesk JSON export or ChatGPT's ``conversations.json``.

Everything is checked before anything is written, and everything is written in one
transaction: a bad file changes nothing, and the error names what is wrong and where.
Conversations already in the store (same id) are skipped, so importing a backup twice
is harmless.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from app.domain.chat import Role, ToolCall
from app.domain.history import Conversation, Message, Status, new_id
from app.domain.text import Text, TextError, translate
from app.storage.export import FORMAT_NAME, FORMAT_VERSION, from_iso
from app.storage.history import HistoryStore


class ImportFailed(TextError):
    """The file cannot be imported; ``text`` says why (and where in the file)."""


@dataclass(frozen=True)
class ImportReport:
    imported: int
    skipped: int
    source: str  # "silicondesk" or "chatgpt"


Parsed = list[tuple[Conversation, list[Message]]]


def _failed(where: str, what: Text) -> ImportFailed:
    return ImportFailed(translate("Import", "{where}: {what}").format(where=where, what=what))


def _need(cond: bool, where: str, what: Text) -> None:
    if not cond:
        raise _failed(where, what)


def _str(obj: dict[str, Any], key: str, where: str, *, optional: bool = False) -> Any:
    value = obj.get(key)
    if value is None and optional:
        return None
    found = translate("Import", "must be text, found {value}")
    _need(isinstance(value, str), f"{where}.{key}", found.format(value=f"{value!r:.60}"))
    return value


def _opt_dict(obj: dict[str, Any], key: str, where: str) -> Any:
    value = obj.get(key)
    _need(value is None or isinstance(value, dict), f"{where}.{key}",
          translate("Import", "must be an object or null"))
    return value


def _time(obj: dict[str, Any], key: str, where: str) -> int:
    text = _str(obj, key, where)
    try:
        return from_iso(text)
    except ValueError:
        what = translate("Import", "{value} is not an ISO 8601 time").format(value=repr(text))
        raise _failed(f"{where}.{key}", what) from None


def parse_silicondesk(data: dict[str, Any]) -> Parsed:
    what = translate("Import", "this SiliconDesk reads version {ours}, the file is {theirs}")
    _need(data.get("version") == FORMAT_VERSION, "version",
          what.format(ours=FORMAT_VERSION, theirs=repr(data.get("version"))))
    conversations: Any = data.get("conversations")
    _need(isinstance(conversations, list), "conversations", translate("Import", "must be a list"))
    out: Parsed = []
    seen: set[str] = set()
    for ci, c in enumerate(conversations):
        where = f"conversations[{ci}]"
        _need(isinstance(c, dict), where, translate("Import", "must be an object"))
        params = c.get("params")
        _need(isinstance(params, dict), f"{where}.params", translate("Import", "must be an object"))
        pinned = c.get("pinned")
        _need(isinstance(pinned, bool), f"{where}.pinned",
              translate("Import", "must be true or false"))
        conv = Conversation(
            id=_str(c, "id", where), title=_str(c, "title", where),
            created_at=_time(c, "created_at", where), updated_at=_time(c, "updated_at", where),
            pinned=pinned, folder=_str(c, "folder", where),
            system_prompt=_str(c, "system_prompt", where), params=params,
        )
        conv.title_set = bool(conv.title)
        twice = translate("Import", "{value} appears twice")
        _need(conv.id not in seen, f"{where}.id", twice.format(value=repr(conv.id)))
        seen.add(conv.id)
        messages = c.get("messages")
        _need(isinstance(messages, list), f"{where}.messages",
              translate("Import", "must be a list"))
        parsed = [_message(m, conv.id, i + 1, f"{where}.messages[{i}]")
                  for i, m in enumerate(messages)]
        ids = set()
        for i, m in enumerate(parsed):
            _need(m.id not in ids, f"{where}.messages[{i}].id", twice.format(value=repr(m.id)))
            earlier = translate("Import", "{value} is not an earlier message of this conversation")
            _need(m.parent_id is None or m.parent_id in ids, f"{where}.messages[{i}].parent_id",
                  earlier.format(value=repr(m.parent_id)))
            ids.add(m.id)
        if parsed:
            conv.current_leaf_id = _newest_leaf(parsed)
        out.append((conv, parsed))
    return out


def _message(m: Any, cid: str, seq: int, where: str) -> Message:
    _need(isinstance(m, dict), where, translate("Import", "must be an object"))
    role = m.get("role")
    _need(role in {r.value for r in Role}, f"{where}.role", translate(
        "Import", "{value} is not one of system, user, assistant, tool").format(value=repr(role)))
    status = m.get("status")
    _need(status in {s.value for s in Status}, f"{where}.status",
          translate("Import", "{value} is not a status").format(value=repr(status)))
    tool_calls = m.get("tool_calls")
    _need(tool_calls is None or isinstance(tool_calls, list), f"{where}.tool_calls",
          translate("Import", "must be a list or null"))
    for key in ("error", "params", "usage", "timings"):
        _opt_dict(m, key, where)
    return Message(
        id=_str(m, "id", where), conversation_id=cid,
        parent_id=_str(m, "parent_id", where, optional=True), role=Role(role),
        content=_str(m, "content", where),
        reasoning_content=_str(m, "reasoning_content", where, optional=True) or "",
        tool_calls=[ToolCall.from_api(t) for t in tool_calls or []],
        tool_call_id=_str(m, "tool_call_id", where, optional=True), status=Status(status),
        finish_reason=_str(m, "finish_reason", where, optional=True), error=m.get("error"),
        model=_str(m, "model", where, optional=True), params=m.get("params"),
        usage=m.get("usage"), timings=m.get("timings"),
        created_at=_time(m, "created_at", where), seq=seq,
    )


def _newest_leaf(messages: list[Message]) -> str:
    parents = {m.parent_id for m in messages}
    return [m for m in messages if m.id not in parents][-1].id


def _chatgpt_text(content: Any) -> str:
    if not isinstance(content, dict):
        return ""
    if isinstance(content.get("text"), str):
        return str(content["text"])
    parts = content.get("parts")
    if not isinstance(parts, list):
        return ""
    return "\n".join(p if isinstance(p, str) else "[attachment]" for p in parts).strip()


def parse_chatgpt(data: list[Any]) -> Parsed:
    out: Parsed = []
    for ci, c in enumerate(data):
        where = f"[{ci}]"
        _need(isinstance(c, dict) and isinstance(c.get("mapping"), dict), where,
              translate("Import", "is not a ChatGPT conversation (no 'mapping')"))
        mapping: dict[str, Any] = c["mapping"]
        created = _epoch_ms(c.get("create_time"))
        conv = Conversation(id=str(c.get("conversation_id") or c.get("id") or new_id()),
                            title=str(c.get("title") or ""), created_at=created,
                            updated_at=_epoch_ms(c.get("update_time")) or created)
        conv.title_set = bool(conv.title)
        kept: dict[str, Message] = {}
        keep_parent: dict[str, str | None] = {}
        order = _tree_order(mapping)
        for seq_index, node_id in enumerate(order):
            node = mapping[node_id]
            parent = node.get("parent")
            parent_kept = keep_parent.get(parent) if parent in keep_parent else (
                parent if parent in kept else None)
            message = node.get("message")
            role = (message or {}).get("author", {}).get("role") if isinstance(message, dict) \
                else None
            text = _chatgpt_text(message.get("content")) if isinstance(message, dict) else ""
            if role not in ("user", "assistant", "tool", "system") or not text or (
                role == "system"
            ):
                keep_parent[node_id] = parent_kept  # hidden node: children attach above it
                continue
            assert isinstance(message, dict)
            mid = str(message.get("id") or node_id)
            kept[node_id] = Message(
                id=mid, conversation_id=conv.id, parent_id=parent_kept, role=Role(role),
                content=text, status=Status.COMPLETE,
                model=(message.get("metadata") or {}).get("model_slug"),
                created_at=_epoch_ms(message.get("create_time")) or created, seq=seq_index + 1,
            )
            keep_parent[node_id] = mid
        messages = sorted(kept.values(), key=lambda m: m.seq)
        for i, m in enumerate(messages, start=1):
            m.seq = i
        current = c.get("current_node")
        conv.current_leaf_id = keep_parent.get(current) if current else None
        if conv.current_leaf_id is None and messages:
            conv.current_leaf_id = _newest_leaf(messages)
        out.append((conv, messages))
    return out


def _tree_order(mapping: dict[str, Any]) -> list[str]:
    """Node ids, parents before children (a walk from the roots)."""
    roots = [k for k, v in mapping.items()
             if not isinstance(v, dict) or v.get("parent") not in mapping]
    order: list[str] = []
    stack = list(reversed(roots))
    seen: set[str] = set()
    while stack:
        node_id = stack.pop()
        if node_id in seen or node_id not in mapping:
            continue
        seen.add(node_id)
        order.append(node_id)
        children = mapping[node_id].get("children") if isinstance(mapping[node_id], dict) else []
        stack.extend(reversed([ch for ch in children or [] if isinstance(ch, str)]))
    return order


def _epoch_ms(value: Any) -> int:
    return round(value * 1000) if isinstance(value, int | float) else 0


def parse(raw: bytes) -> tuple[Parsed, str]:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFailed(translate("Import", "the file is not UTF-8 text")) from None
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise ImportFailed(translate("Import", "the file is not valid JSON ({error})").format(
            error=str(exc))) from None
    if isinstance(data, dict) and data.get("format") == FORMAT_NAME:
        return parse_silicondesk(data), "silicondesk"
    if isinstance(data, list) and all(isinstance(c, dict) and "mapping" in c for c in data[:1]):
        return parse_chatgpt(data), "chatgpt"
    raise ImportFailed(translate(
        "Import", "the file is neither a SiliconDesk export (\"format\": \"silicondesk\") nor "
                  "ChatGPT's conversations.json"))


def import_into(store: HistoryStore, raw: bytes) -> ImportReport:
    from app.storage.lab_exchange import insert_lab_runs, parse_lab_runs  # builds on this

    parsed, source = parse(raw)
    lab_runs = parse_lab_runs(json.loads(raw.decode("utf-8-sig"))) if source == FORMAT_NAME \
        else {}
    imported = skipped = 0
    with store.transaction() as tx:
        for conv, messages in parsed:
            if store.has_conversation(conv.id):
                skipped += 1
                continue
            store.insert_in(tx, conv, messages)
            insert_lab_runs(tx, conv.id, lab_runs.get(conv.id, []))
            imported += 1
    return ImportReport(imported, skipped, source)
