"""Parsed JSON chunks (streamed or not) → typed events, per choice index.

Tolerates what real servers send beyond the reference page: ``role`` repeated on every
delta, ``reasoning_content: ""`` beside ``content: null``, extra objects in a choice,
ids and models that change mid-stream, ``usage`` cumulative, null or alone in a chunk
with ``choices: []``, and tool-call deltas whose nulls must not overwrite.

Survives what hostile ones send (:class:`~app.api.limits.Limits`): every string is
made storable (lone UTF-16 surrogates, a pair split across two deltas joined), names are
cut to size, and past a limit the events up to it are yielded before the typed error.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any

from app.api.errors import ApiError, MalformedResponse
from app.api.limits import Limits
from app.api.read_errors import answer_too_large, too_many_choices, too_many_tool_calls
from app.api.think import ThinkSplitter
from app.domain.chat import Usage
from app.domain.events import (
    ContentDelta,
    FinishReason,
    LogprobsDelta,
    MetaUpdate,
    ReasoningDelta,
    RoleDelta,
    StreamEvent,
    ToolCallDelta,
    UsageUpdate,
)
from app.domain.logprobs import parse_choice
from app.domain.text import translate
from app.domain.unicode import REPLACEMENT, join_surrogates

MAX_COUNT = 2**53  # token counts beyond this are nonsense (and overflow SQLite)


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _index(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else default


class _Halves:
    """Joins a surrogate pair split across two pieces of the same field: a trailing high
    half is held back until the next piece of that field (or becomes U+FFFD)."""

    def __init__(self) -> None:
        self._held: dict[Hashable, str] = {}

    def join(self, key: Hashable, text: str) -> str:
        held = self._held.pop(key, "")
        text = held + text if held else text
        if text and "\ud800" <= text[-1] <= "\udbff":
            self._held[key] = text[-1]
            text = text[:-1]
        return join_surrogates(text)

    def release(self, choice: int | None = None) -> list[Hashable]:
        """Keys whose held half will never be joined (their choice ended)."""
        keys = [k for k in self._held if choice is None or (isinstance(k, tuple)
                                                           and k[0] == choice)]
        for key in keys:
            del self._held[key]
        return keys


class ChunkDecoder:
    """Stateful: keeps per-choice ``<think>`` splitting, the last id/model seen, held
    surrogate halves and how much text the limits still allow."""

    def __init__(self, limits: Limits | None = None, choices: int = 1) -> None:
        self._limits = limits or Limits()
        self._choices = choices
        self._splitters: dict[int, ThinkSplitter] = {}
        self._roles: dict[int, str] = {}
        self._meta: tuple[str | None, str | None] = (None, None)
        self._halves = _Halves()
        self._text_left = self._limits.max_text_chars
        self._text_full = False
        self._logprob_left = self._limits.max_text_chars  # tokens and alternatives

    def decode(self, chunk: Any, *, final: bool = False) -> Iterator[StreamEvent]:
        """Events from one chunk; ``final`` for a whole non-streamed completion. Raises
        at a limit after yielding what came before it."""
        out: list[StreamEvent] = []
        try:
            self._chunk(chunk, final, out)
        except ApiError:
            yield from out
            raise
        yield from out

    def _chunk(self, chunk: Any, final: bool, out: list[StreamEvent]) -> None:
        if not isinstance(chunk, dict):
            raise MalformedResponse(translate(
                "ApiError", "The endpoint sent a piece of the answer that is not a JSON object."))
        meta = (self._name(chunk.get("id")), self._name(chunk.get("model")))
        if meta != self._meta and (meta[0] or meta[1]):
            self._meta = meta
            out.append(MetaUpdate(id=meta[0], model=meta[1]))
        choices = chunk.get("choices")
        if isinstance(choices, list):
            for position, choice in enumerate(choices):
                if isinstance(choice, dict):
                    self._choice(choice, position, final, out)
        usage = _bounded(Usage.from_api(chunk.get("usage")))
        if usage is not None:
            out.append(UsageUpdate(usage))

    def _choice(self, choice: dict[str, Any], position: int, final: bool,
                out: list[StreamEvent]) -> None:
        index = _index(choice.get("index"), position)
        if not 0 <= index < self._choices:
            raise too_many_choices(index, self._choices)
        delta = choice.get("message" if final else "delta")
        if not isinstance(delta, dict):
            delta = {}
        role = self._name(delta.get("role"))
        if role and self._roles.get(index) != role:
            self._roles[index] = role
            out.append(RoleDelta(index, role))
        reasoning = _text(delta.get("reasoning_content"))
        if reasoning is None:
            reasoning = _text(delta.get("reasoning"))  # some servers (Ollama, vLLM) name it so
        if reasoning:
            reasoning = self._spend(self._halves.join((index, "reasoning"), reasoning))
            if reasoning:
                out.append(ReasoningDelta(index, reasoning))
            self._check_full()
        content = _text(delta.get("content"))
        if content:
            self._content(index, content, out)
        if choice.get("logprobs"):
            self._logprobs(index, choice, out)
        tool_calls = delta.get("tool_calls")
        if isinstance(tool_calls, list):
            for position_in_list, call in enumerate(tool_calls):
                if isinstance(call, dict):
                    self._tool_call(index, call, position_in_list, out)
        reason = self._name(choice.get("finish_reason"))
        if reason or final:
            self._end(index, out)
        if reason:
            out.append(FinishReason(index, reason))

    def _content(self, index: int, content: str, out: list[StreamEvent]) -> None:
        content = self._spend(self._halves.join((index, "content"), content))
        if content:
            splitter = self._splitters.setdefault(index, ThinkSplitter())
            self._split(index, *splitter.feed(content), out)
        self._check_full()

    def _logprobs(self, index: int, choice: dict[str, Any], out: list[StreamEvent]) -> None:
        """The tokens' log-probabilities; they count against the text limit (a token
        carries at least its own length), so a hostile server cannot grow them alone."""
        tokens = parse_choice(choice)
        if not tokens:
            return
        cost = sum(1 + len(t.top) for t in tokens)
        if cost > self._logprob_left:
            tokens = tokens[:max(0, self._logprob_left // (1 + len(tokens[0].top)))]
            self._logprob_left = 0
        else:
            self._logprob_left -= cost
        if tokens:
            out.append(LogprobsDelta(index, tuple(tokens)))

    def _tool_call(self, choice: int, call: dict[str, Any], position: int,
                   out: list[StreamEvent]) -> None:
        function = call.get("function")
        function = function if isinstance(function, dict) else {}
        index = _index(call.get("index"), position)
        if not 0 <= index < self._limits.max_tool_calls:
            raise too_many_tool_calls(index, self._limits.max_tool_calls)
        arguments = _text(function.get("arguments"))
        if arguments:
            arguments = self._spend(self._halves.join((choice, "tool", index), arguments))
        out.append(ToolCallDelta(
            choice=choice,
            index=index,
            id=self._name(call.get("id")),
            type=self._name(call.get("type")),
            name=self._name(function.get("name")),
            arguments=arguments,
        ))
        self._check_full()

    def _end(self, index: int, out: list[StreamEvent]) -> None:
        """Text still held for a choice whose answer ended."""
        for key in self._halves.release(index):
            self._held_half(key, out)
        splitter = self._splitters.pop(index, None)
        if splitter:
            self._split(index, *splitter.flush(), out)

    def _held_half(self, key: Hashable, out: list[StreamEvent]) -> None:
        match key:
            case (int() as choice, "reasoning"):
                out.append(ReasoningDelta(choice, REPLACEMENT))
            case (int() as choice, "content"):
                splitter = self._splitters.setdefault(choice, ThinkSplitter())
                self._split(choice, *splitter.feed(REPLACEMENT), out)
            case (int() as choice, "tool", int() as index):
                out.append(ToolCallDelta(choice, index, None, None, None, REPLACEMENT))

    @staticmethod
    def _split(index: int, reasoning: str, content: str, out: list[StreamEvent]) -> None:
        if reasoning:
            out.append(ReasoningDelta(index, reasoning))
        if content:
            out.append(ContentDelta(index, content))

    def finish(self) -> Iterator[StreamEvent]:
        """Release text still held back (``<think>`` splitting, surrogate halves) at the
        end of a stream."""
        out: list[StreamEvent] = []
        for key in self._halves.release():
            self._held_half(key, out)
        for index in sorted(self._splitters):
            self._end(index, out)
        return iter(out)

    def _spend(self, text: str) -> str:
        """``text`` as far as the text limit allows; past it the answer is full."""
        if len(text) <= self._text_left:
            self._text_left -= len(text)
            return text
        text, self._text_left, self._text_full = text[:self._text_left], 0, True
        return text

    def _check_full(self) -> None:
        if self._text_full:
            raise answer_too_large(self._limits.max_text_chars)

    def _name(self, value: Any) -> str | None:
        """An id, model, role, type or reason: storable, at most ``max_name_chars``."""
        if not isinstance(value, str) or not value:
            return None
        return join_surrogates(value[:self._limits.max_name_chars]) or None


def _bounded(usage: Usage | None) -> Usage | None:
    if usage is None or all(v is None or 0 <= v < MAX_COUNT for v in usage.__dict__.values()):
        return usage
    counts = {k: v if v is None or 0 <= v < MAX_COUNT else None
              for k, v in usage.__dict__.items()}
    return Usage(**counts)
