"""ChatGPT's ``conversations.json``: a tree of nodes per conversation (``mapping``).

The shapes vary between exports and nothing in them is trusted: every access checks
its type, a node cycle is refused (it would import a conversation with no messages),
and a conversation with no readable message is counted, not imported.
"""

from __future__ import annotations

from typing import Any

from app.domain.chat import Role
from app.domain.history import Conversation, Message, Status, new_id
from app.domain.text import Text, TextError, translate
from app.storage.import_checks import MAX_SHORT_CHARS, MAX_TEXT_CHARS, epoch_ms

Parsed = list[tuple[Conversation, list[Message]]]


class ChatGptProblem(TextError):
    def __init__(self, where: str, what: Text) -> None:
        super().__init__(what)
        self.where = where


def _get(obj: Any, key: str) -> Any:
    return obj.get(key) if isinstance(obj, dict) else None


def _short(value: Any) -> str | None:
    if isinstance(value, str) and value:
        return value[:MAX_SHORT_CHARS]
    return None


def _text(content: Any, where: str) -> str:
    if isinstance(_get(content, "text"), str):
        text = str(content["text"])
    else:
        parts = _get(content, "parts")
        if not isinstance(parts, list):
            return ""
        text = "\n".join(p if isinstance(p, str) else "[attachment]" for p in parts).strip()
    if len(text) > MAX_TEXT_CHARS:
        raise ChatGptProblem(where, translate(
            "Import", "the text is longer than {limit} characters").format(limit=MAX_TEXT_CHARS))
    return text


def _tree_order(mapping: dict[str, Any], where: str) -> list[str]:
    """Node ids, parents before children, walked from the roots along ``parent`` links."""
    children: dict[str, list[str]] = {}
    roots: list[str] = []
    for node_id, node in mapping.items():
        parent = _get(node, "parent")
        if isinstance(parent, str) and parent in mapping and parent != node_id:
            children.setdefault(parent, []).append(node_id)
        else:
            roots.append(node_id)
    order: list[str] = []
    stack = list(reversed(roots))
    while stack:
        node_id = stack.pop()
        order.append(node_id)
        stack.extend(reversed(children.get(node_id, [])))
    if len(order) < len(mapping):
        stuck = sorted(set(mapping) - set(order))[0]
        raise ChatGptProblem(f"{where}.mapping", translate(
            "Import", "the nodes from {node} form a cycle: none of them leads back to the "
                      "start of the conversation").format(node=repr(stuck)[:80]))
    return order


def parse_conversation(c: Any, where: str) -> tuple[Conversation, list[Message]]:
    if not isinstance(c, dict) or not isinstance(c.get("mapping"), dict):
        raise ChatGptProblem(where, translate(
            "Import", "is not a ChatGPT conversation (no 'mapping')"))
    mapping: dict[str, Any] = {str(k): v for k, v in c["mapping"].items()}
    created = epoch_ms(c.get("create_time"))
    conv = Conversation(id=_short(c.get("conversation_id")) or _short(c.get("id")) or new_id(),
                        title=_short(c.get("title")) or "", created_at=created,
                        updated_at=epoch_ms(c.get("update_time")) or created)
    conv.title_set = bool(conv.title)
    kept: dict[str, Message] = {}
    shown_as: dict[str, str | None] = {}  # node id -> the kept message it is shown as
    for seq, node_id in enumerate(_tree_order(mapping, where), start=1):
        node = mapping[node_id]
        parent = _get(node, "parent")
        above = shown_as.get(parent) if isinstance(parent, str) else None
        message = _get(node, "message")
        role = _get(_get(message, "author"), "role")
        text = _text(_get(message, "content"), f"{where}.mapping.{node_id[:80]}")
        if role not in ("user", "assistant", "tool") or not text:
            shown_as[node_id] = above  # a hidden node: its children attach above it
            continue
        mid = _short(_get(message, "id")) or node_id[:MAX_SHORT_CHARS]
        kept[node_id] = Message(
            id=mid, conversation_id=conv.id, parent_id=above, role=Role(role), content=text,
            status=Status.COMPLETE, model=_short(_get(_get(message, "metadata"), "model_slug")),
            created_at=epoch_ms(_get(message, "create_time")) or created, seq=seq)
        shown_as[node_id] = mid
    messages = sorted(kept.values(), key=lambda m: m.seq)
    for i, m in enumerate(messages, start=1):
        m.seq = i
    current = c.get("current_node")
    conv.current_leaf_id = shown_as.get(current) if isinstance(current, str) else None
    if conv.current_leaf_id is None and messages:
        parents = {m.parent_id for m in messages}
        conv.current_leaf_id = [m for m in messages if m.id not in parents][-1].id
    return conv, messages
