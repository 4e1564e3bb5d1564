"""Fold typed events into a :class:`ChatResult`: what the answer is so far."""

from __future__ import annotations

from collections.abc import Iterable

from app.domain.chat import ChatResult, ToolCall
from app.domain.events import (
    ContentDelta,
    FinishReason,
    LogprobsDelta,
    MetaUpdate,
    ReasoningDelta,
    RoleDelta,
    StreamDone,
    StreamEvent,
    ToolCallDelta,
    UsageUpdate,
)


class Accumulator:
    """Linear in the answer's size: text pieces are joined when :attr:`result` is read,
    not copied on every delta (``str +=`` on an attribute copies the whole string)."""

    def __init__(self) -> None:
        self._result = ChatResult()
        self._calls: dict[tuple[int, int], ToolCall] = {}
        self._pieces: dict[tuple[int, str], list[str]] = {}
        self._arguments: dict[tuple[int, int], list[str]] = {}

    @property
    def result(self) -> ChatResult:
        """What the answer is so far (the same object each time, brought up to date)."""
        for (index, field), pieces in self._pieces.items():
            if pieces:
                choice = self._result.choice(index)
                setattr(choice, field, getattr(choice, field) + "".join(pieces))
                pieces.clear()
        for key, pieces in self._arguments.items():
            if pieces:
                self._calls[key].arguments += "".join(pieces)
                pieces.clear()
        return self._result

    def apply(self, event: StreamEvent) -> None:
        result = self._result
        match event:
            case RoleDelta(choice=i, role=role):
                result.choice(i).role = role
            case ReasoningDelta(choice=i, text=text):
                self._pieces.setdefault((i, "reasoning"), []).append(text)
            case ContentDelta(choice=i, text=text):
                self._pieces.setdefault((i, "content"), []).append(text)
            case ToolCallDelta():
                self._tool_call(event)
            case FinishReason(choice=i, reason=reason):
                result.choice(i).finish_reason = reason
            case UsageUpdate(usage=usage):
                result.usage = usage
            case MetaUpdate(id=id_, model=model):
                result.id = id_ or result.id
                result.model = model or result.model
            case LogprobsDelta(choice=i, tokens=tokens):
                result.choice(i).logprobs.extend(tokens)
            case StreamDone():
                result.done = True
            case _:
                pass

    def apply_all(self, events: Iterable[StreamEvent]) -> ChatResult:
        for event in events:
            self.apply(event)
        return self.result

    def _tool_call(self, delta: ToolCallDelta) -> None:
        key = (delta.choice, delta.index)
        call = self._calls.get(key)
        if call is None:
            call = self._calls[key] = ToolCall()
            self._result.choice(delta.choice).tool_calls[:] = [
                self._calls[k] for k in sorted(self._calls) if k[0] == delta.choice]
        merge_tool_call(call, delta, arguments=False)
        if delta.arguments:
            self._arguments.setdefault(key, []).append(delta.arguments)


def merge_tool_call(call: ToolCall, delta: ToolCallDelta, *, arguments: bool = True) -> None:
    """Fold one delta into its call: a null (None) never overwrites what came before, and
    the first name stays; argument pieces are appended (unless the caller collects them
    itself: ``+=`` on the attribute copies all the arguments so far)."""
    if delta.id:
        call.id = delta.id
    if delta.type:
        call.type = delta.type
    if delta.name and not call.name:
        call.name = delta.name
    if arguments and delta.arguments:
        call.arguments += delta.arguments
