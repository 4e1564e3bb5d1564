"""What a chat request sends: the message path, the system prompt and the parameters."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from app.domain.attachments import Attachment
from app.domain.chat import ChatMessage, Role
from app.domain.history import Message, Status
from app.domain.params import ChatParams

if TYPE_CHECKING:
    from app.storage.history import HistoryStore

# Conversation settings kept beside the API fields; never sent as request fields.
HISTORY_LIMIT = "history_limit"
TOOLS_OFFERED = "mcp_tools"  # which MCP servers (and tools) the conversation is offered


def path_to(messages: Sequence[Message], leaf_id: str | None) -> list[Message]:
    """Root → ``leaf_id`` through the tree."""
    by_id = {m.id: m for m in messages}
    out: list[Message] = []
    node = by_id.get(leaf_id) if leaf_id else None
    while node is not None:
        out.append(node)
        node = by_id.get(node.parent_id) if node.parent_id else None
    return out[::-1]


def sendable(message: Message) -> bool:
    """Failed answers with nothing in them are not sent back to the model."""
    if message.role is Role.ASSISTANT:
        return bool(message.content or message.tool_calls)
    return message.status is not Status.ERROR or bool(message.content)


def request_messages(
    path: Sequence[Message], system_prompt: str, history_limit: int | None = None
) -> list[ChatMessage]:
    """The ``messages`` of a request: the system prompt, then the path (the last
    ``history_limit`` messages of it when a limit is set, never splitting a tool call
    from its results)."""
    chosen = [m for m in path if sendable(m) and m.role is not Role.SYSTEM]
    if history_limit is not None and history_limit > 0 and len(chosen) > history_limit:
        chosen = chosen[-history_limit:]
        while chosen and chosen[0].role is Role.TOOL:
            chosen = chosen[1:]
    out = [ChatMessage(Role.SYSTEM, system_prompt)] if system_prompt.strip() else []
    out.extend(m.to_chat() for m in chosen)
    return out


TOOL_IMAGES = "The tool results above included these images."


def tool_images_after(messages: Sequence[ChatMessage]) -> list[ChatMessage]:
    """Images a tool returned, for a model that sees images: a ``tool`` message carries
    text only in the API, so after each run of tool results that had images comes a user
    message with them (the results' own text names each image)."""
    out: list[ChatMessage] = []
    images: list[Attachment] = []
    for message in messages:
        if message.role is not Role.TOOL and images:
            out.append(ChatMessage(Role.USER, TOOL_IMAGES, attachments=tuple(images)))
            images = []
        out.append(message)
        if message.role is Role.TOOL:
            images += [a for a in message.attachments if a.is_image]
    if images:
        out.append(ChatMessage(Role.USER, TOOL_IMAGES, attachments=tuple(images)))
    return out


def keep_newest_images(messages: list[ChatMessage], kept: int) -> list[ChatMessage]:
    """Only the newest ``kept`` images are sent again; each older one is named in its
    message's text instead, so the model knows it was there."""
    left = kept
    out: list[ChatMessage] = []
    for message in reversed(messages):
        images = [a for a in message.attachments if a.is_image]
        if len(images) <= left:
            left -= len(images)
            out.append(message)
            continue
        keep = set(map(id, images[len(images) - left:])) if left else set()
        left = 0
        dropped = [a.name for a in images if id(a) not in keep]
        note = "\n".join(f"[image not sent again: {name}]" for name in dropped)
        content = f"{note}\n{message.content}" if message.content else note
        out.append(replace(message, content=content, attachments=tuple(
            a for a in message.attachments if not a.is_image or id(a) in keep)))
    return out[::-1]


@dataclass(frozen=True)
class MessagePlan:
    """How a request's ``messages`` are made from the branch ending at ``leaf_id``: one
    pipeline for a send and for the preview (which reads the branch in a worker)."""

    leaf_id: str | None
    system_prompt: str
    history_limit: int | None = None
    pending: ChatMessage | None = None  # the message being sent, not stored yet
    images_kept: int | None = None  # only the newest so many images go again
    tool_images: bool = False  # the model sees images: a tool's images go to it too

    def messages(self, store: HistoryStore) -> list[ChatMessage]:
        path = store.branch(self.leaf_id) if self.leaf_id else []
        messages = request_messages(path, self.system_prompt, self.history_limit)
        if self.pending is not None:
            messages.append(self.pending)
        if self.images_kept is not None:
            messages = keep_newest_images(messages, self.images_kept)
        if self.tool_images:
            messages = tool_images_after(messages)
        return messages


def params_from_conversation(data: dict[str, Any]) -> ChatParams:
    return ChatParams.from_json({k: v for k, v in data.items()
                                 if k not in (HISTORY_LIMIT, TOOLS_OFFERED)})


def history_limit_of(data: dict[str, Any]) -> int | None:
    value = data.get(HISTORY_LIMIT)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None
