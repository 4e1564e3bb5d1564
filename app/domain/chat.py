"""Messages sent to the API and the results that come back, as plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.domain.attachments import Attachment, sent_text


class Role(StrEnum):
    SYSTEM = "system"
    USER = "user"
    ASSISTANT = "assistant"
    TOOL = "tool"


@dataclass
class ToolCall:
    """One function call the model asked for, in the API's shape once complete."""

    id: str = ""
    type: str = "function"
    name: str = ""
    arguments: str = ""

    def to_api(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type or "function",
            "function": {"name": self.name, "arguments": self.arguments},
        }

    @classmethod
    def from_api(cls, data: Any) -> ToolCall:
        data = data if isinstance(data, dict) else {}
        function = data.get("function") if isinstance(data.get("function"), dict) else {}
        return cls(
            id=str(data.get("id") or ""),
            type=str(data.get("type") or "function"),
            name=str(function.get("name") or ""),
            arguments=str(function.get("arguments") or ""),
        )


@dataclass(frozen=True)
class ChatMessage:
    """One entry of the request's ``messages`` list."""

    role: Role
    content: str | None
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None
    prefix: bool = False  # an assistant message the model continues (DeepSeek's shape)
    # Sent back only inside a tool loop, to models that demand it (DeepSeek's thinking mode).
    reasoning_content: str | None = None
    # The user's files and images; the API gets them inside ``content`` (:meth:`to_api`).
    attachments: tuple[Attachment, ...] = ()

    @property
    def text(self) -> str:
        """The text the model reads: the files' blocks, then the message."""
        return sent_text(self.content or "", self.attachments) if self.attachments \
            else self.content or ""

    def api_content(self) -> str | list[dict[str, Any]] | None:
        """A plain string, or the parts array when there are images (images first)."""
        if not self.attachments:
            return self.content
        if self.role is Role.TOOL:  # tool messages take text; their images follow as a
            return self.text        # user message (services.turns.tool_images_after)
        images = [a.image_part() for a in self.attachments if a.is_image]
        if not images:
            return self.text
        text = self.text
        return [*images, {"type": "text", "text": text}] if text else images

    def to_api(self) -> dict[str, Any]:
        out: dict[str, Any] = {"role": str(self.role), "content": self.api_content()}
        if self.reasoning_content is not None:
            out["reasoning_content"] = self.reasoning_content
        if self.tool_calls:
            out["tool_calls"] = [call.to_api() for call in self.tool_calls]
        if self.tool_call_id is not None:
            out["tool_call_id"] = self.tool_call_id
        if self.prefix:
            out["prefix"] = True
        return out


@dataclass
class Usage:
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    total_tokens: int | None = None
    reasoning_tokens: int | None = None
    cached_tokens: int | None = None

    def to_json(self) -> dict[str, int]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    @classmethod
    def from_api(cls, data: Any) -> Usage | None:
        if not isinstance(data, dict):
            return None

        def count(value: Any) -> int | None:
            return value if isinstance(value, int) and not isinstance(value, bool) else None

        completion_details = data.get("completion_tokens_details")
        prompt_details = data.get("prompt_tokens_details")
        reasoning = count(data.get("reasoning_tokens"))
        if reasoning is None and isinstance(completion_details, dict):
            reasoning = count(completion_details.get("reasoning_tokens"))
        cached = count(data.get("cached_tokens"))
        if cached is None and isinstance(prompt_details, dict):
            cached = count(prompt_details.get("cached_tokens"))
        if cached is None:
            cached = count(data.get("prompt_cache_hit_tokens"))
        return cls(
            prompt_tokens=count(data.get("prompt_tokens")),
            completion_tokens=count(data.get("completion_tokens")),
            total_tokens=count(data.get("total_tokens")),
            reasoning_tokens=reasoning,
            cached_tokens=cached,
        )


@dataclass
class Choice:
    """One generated answer (``n > 1`` gives several, by ``index``)."""

    index: int = 0
    role: str = "assistant"
    content: str = ""
    reasoning: str = ""
    tool_calls: list[ToolCall] = field(default_factory=list)
    finish_reason: str | None = None


@dataclass
class ChatResult:
    """What a request produced, whether streamed or not."""

    choices: dict[int, Choice] = field(default_factory=dict)
    usage: Usage | None = None
    model: str | None = None
    id: str | None = None
    done: bool = False  # the server said the response is complete

    def choice(self, index: int) -> Choice:
        if index not in self.choices:
            self.choices[index] = Choice(index=index)
        return self.choices[index]

    @property
    def ordered(self) -> list[Choice]:
        return [self.choices[i] for i in sorted(self.choices)]
