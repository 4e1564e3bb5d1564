"""Parsed JSON chunks (streamed or not) → typed events, per choice index.

Tolerates what real servers send beyond the reference page: ``role`` repeated on every
delta, ``reasoning_content: ""`` beside ``content: null``, extra objects in a choice,
ids and models that change mid-stream, ``usage`` cumulative, null or alone in a chunk
with ``choices: []``, and tool-call deltas whose nulls must not overwrite.
"""

from __future__ import annotations

from typing import Any

from app.api.errors import MalformedResponse
from app.api.think import ThinkSplitter
from app.domain.chat import Usage
from app.domain.events import (
    ContentDelta,
    FinishReason,
    MetaUpdate,
    ReasoningDelta,
    RoleDelta,
    StreamEvent,
    ToolCallDelta,
    UsageUpdate,
)
from app.domain.text import translate


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _index(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


class ChunkDecoder:
    """Stateful: keeps per-choice ``<think>`` splitting and the last id/model seen."""

    def __init__(self) -> None:
        self._splitters: dict[int, ThinkSplitter] = {}
        self._roles: dict[int, str] = {}
        self._meta: tuple[str | None, str | None] = (None, None)

    def decode(self, chunk: Any, *, final: bool = False) -> list[StreamEvent]:
        """Events from one chunk; ``final`` for a whole non-streamed completion."""
        if not isinstance(chunk, dict):
            raise MalformedResponse(translate(
                "ApiError", "The endpoint sent a piece of the answer that is not a JSON object."))
        events: list[StreamEvent] = []
        meta = (_text(chunk.get("id")), _text(chunk.get("model")))
        if meta != self._meta and (meta[0] or meta[1]):
            self._meta = meta
            events.append(MetaUpdate(id=meta[0], model=meta[1]))
        choices = chunk.get("choices")
        if isinstance(choices, list):
            for position, choice in enumerate(choices):
                if isinstance(choice, dict):
                    events.extend(self._choice(choice, position, final))
        usage = Usage.from_api(chunk.get("usage"))
        if usage is not None:
            events.append(UsageUpdate(usage))
        return events

    def _choice(self, choice: dict[str, Any], position: int, final: bool) -> list[StreamEvent]:
        index = _index(choice.get("index"), position)
        delta = choice.get("message" if final else "delta")
        if not isinstance(delta, dict):
            delta = {}
        events: list[StreamEvent] = []
        role = _text(delta.get("role"))
        if role and self._roles.get(index) != role:
            self._roles[index] = role
            events.append(RoleDelta(index, role))
        reasoning = _text(delta.get("reasoning_content"))
        if reasoning is None:
            reasoning = _text(delta.get("reasoning"))  # some servers (Ollama, vLLM) name it so
        if reasoning:
            events.append(ReasoningDelta(index, reasoning))
        content = _text(delta.get("content"))
        if content:
            splitter = self._splitters.setdefault(index, ThinkSplitter())
            events.extend(self._split(index, *splitter.feed(content)))
        tool_calls = delta.get("tool_calls")
        if isinstance(tool_calls, list):
            for position_in_list, call in enumerate(tool_calls):
                if isinstance(call, dict):
                    events.append(_tool_call_delta(index, call, position_in_list))
        reason = _text(choice.get("finish_reason"))
        if reason:
            events.extend(self._flush(index))
            events.append(FinishReason(index, reason))
        elif final:
            events.extend(self._flush(index))
        return events

    @staticmethod
    def _split(index: int, reasoning: str, content: str) -> list[StreamEvent]:
        events: list[StreamEvent] = []
        if reasoning:
            events.append(ReasoningDelta(index, reasoning))
        if content:
            events.append(ContentDelta(index, content))
        return events

    def _flush(self, index: int) -> list[StreamEvent]:
        splitter = self._splitters.pop(index, None)
        return self._split(index, *splitter.flush()) if splitter else []

    def finish(self) -> list[StreamEvent]:
        """Release text still held back by the ``<think>`` splitters at the end of a stream."""
        events: list[StreamEvent] = []
        for index in sorted(self._splitters):
            events.extend(self._flush(index))
        return events


def _tool_call_delta(choice: int, call: dict[str, Any], position: int) -> ToolCallDelta:
    function = call.get("function")
    function = function if isinstance(function, dict) else {}
    return ToolCallDelta(
        choice=choice,
        index=_index(call.get("index"), position),
        id=_text(call.get("id")) or None,
        type=_text(call.get("type")) or None,
        name=_text(function.get("name")) or None,
        arguments=_text(function.get("arguments")),
    )
