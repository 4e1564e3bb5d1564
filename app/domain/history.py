"""Conversations and messages as kept in history: a tree of messages per conversation."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.domain.attachments import Attachment
from app.domain.chat import ChatMessage, Role, ToolCall


class Status(StrEnum):
    COMPLETE = "complete"
    STREAMING = "streaming"
    STOPPED = "stopped"
    INTERRUPTED = "interrupted"
    ERROR = "error"


def new_id() -> str:
    return uuid.uuid4().hex


def now_ms() -> int:
    return time.time_ns() // 1_000_000


@dataclass
class Message:
    id: str
    conversation_id: str
    parent_id: str | None
    role: Role
    content: str = ""
    reasoning_content: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    tool_call_id: str | None = None
    status: Status = Status.COMPLETE
    finish_reason: str | None = None
    error: dict[str, Any] | None = None  # {"type", "status", "code", "message"}
    model: str | None = None
    params: dict[str, Any] | None = None  # the request fields that produced this answer
    usage: dict[str, Any] | None = None
    # {"ttft", "thinking_seconds", "total_seconds", "tokens_per_second"}
    timings: dict[str, Any] | None = None
    created_at: int = field(default_factory=now_ms)  # ms since the epoch
    seq: int = 0  # creation order within the conversation
    attachments: tuple[Attachment, ...] = ()  # the user's images and files, in order

    def to_chat(self) -> ChatMessage:
        """This message as it goes back to the API in a later request."""
        content: str | None = self.content
        if self.role is Role.ASSISTANT and self.tool_calls and not self.content:
            content = None
        return ChatMessage(self.role, content, tuple(self.tool_calls), self.tool_call_id,
                           attachments=self.attachments)


# What an outline measures of a message's text: its first part (a longer text is laid out
# a part at a time) and a sample of that for how wide its characters are.
OUTLINE_SHOWN = 50_000
OUTLINE_SAMPLE = 4_000


@dataclass(frozen=True, slots=True)
class MessageOutline:
    """What a long conversation's view knows of a message before loading it: its role and
    the size of what it shows, for an estimated height (no text)."""

    id: str
    role: Role
    chars: int  # of the content shown at first (at most OUTLINE_SHOWN)
    lines: int  # line breaks in that part
    wide: int  # of those characters, about how many are twice as wide (CJK)
    reasoning: bool = False
    tool_calls: int = 0
    images: int = 0
    files: int = 0


def outline_of(message: Message) -> MessageOutline:
    """The outline of a message at hand (the store computes the same in SQL)."""
    content = message.content
    shown = content[:OUTLINE_SHOWN]
    sample = shown[:OUTLINE_SAMPLE]
    return MessageOutline(
        message.id, message.role, len(shown), shown.count("\n"),
        wide_chars(len(sample.encode()) - len(sample), len(sample), len(shown)),
        bool(message.reasoning_content), len(message.tool_calls),
        sum(1 for a in message.attachments if a.is_image),
        sum(1 for a in message.attachments if not a.is_image))


def wide_chars(extra_bytes: int, sample_chars: int, shown_chars: int) -> int:
    """Wide characters in ``shown_chars`` judged from a sample: a CJK character is three
    bytes in UTF-8 (two more than ASCII) and about two average widths wide."""
    if extra_bytes <= 0 or sample_chars <= 0:
        return 0
    return int(extra_bytes / 2 * shown_chars / sample_chars)


@dataclass
class Conversation:
    id: str
    title: str = ""
    created_at: int = field(default_factory=now_ms)
    updated_at: int = field(default_factory=now_ms)
    pinned: bool = False
    folder: str = ""
    system_prompt: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    title_set: bool = False  # the user named it; no longer derived from the first message
    endpoint: str | None = None
    current_leaf_id: str | None = None


@dataclass(frozen=True)
class ConversationSummary:
    """What the conversation list shows."""

    id: str
    title: str
    updated_at: int
    pinned: bool
    folder: str


@dataclass(frozen=True)
class SearchHit:
    conversation_id: str
    message_id: str | None  # None: the title matched
    title: str
    snippet: str  # the match marked with « and »
    updated_at: int


def title_from(text: str, limit: int = 48) -> str:
    """A conversation title made from its first message."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
