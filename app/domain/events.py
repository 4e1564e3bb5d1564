"""Typed events a streamed response is turned into, each tagged with its choice index."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from app.domain.chat import Usage
from app.domain.logprobs import TokenLogprob


@dataclass(frozen=True)
class RoleDelta:
    choice: int
    role: str


@dataclass(frozen=True)
class ReasoningDelta:
    choice: int
    text: str


@dataclass(frozen=True)
class ContentDelta:
    choice: int
    text: str


@dataclass(frozen=True)
class ToolCallDelta:
    """A piece of one tool call; ``None`` fields carry nothing and never overwrite."""

    choice: int
    index: int
    id: str | None
    type: str | None
    name: str | None
    arguments: str | None


@dataclass(frozen=True)
class UsageUpdate:
    """Token counts so far (SiliconFlow sends them cumulatively on every chunk)."""

    usage: Usage


@dataclass(frozen=True)
class MetaUpdate:
    """The response's id and model, as the server names them (they may change mid-stream)."""

    id: str | None
    model: str | None


@dataclass(frozen=True)
class FinishReason:
    choice: int
    reason: str


@dataclass(frozen=True)
class StreamDone:
    """The server marked the end of the response (``data: [DONE]``)."""


@dataclass(frozen=True)
class RetryScheduled:
    """A failed attempt will be retried after ``delay`` seconds (shown as a countdown)."""

    attempt: int
    max_retries: int
    delay: float
    reason: str  # in English, for logs
    error: Mapping[str, Any]  # the failure (ApiError.to_json()), for the window


@dataclass(frozen=True)
class Stalled:
    """No text has arrived for ``seconds`` (only keep-alives, empty deltas or silence);
    the client keeps waiting and gives up ``deadline`` seconds after the last text.
    The window can say "No text for 30 s…" and offer Stop."""

    seconds: float
    deadline: float


@dataclass(frozen=True)
class Resumed:
    """Text arrived again after a :class:`Stalled`, which lasted ``seconds``."""

    seconds: float


@dataclass(frozen=True)
class LogprobsDelta:
    """Log-probabilities of the tokens of a piece of the answer (``logprobs.content``)."""

    choice: int
    tokens: tuple[TokenLogprob, ...]


StreamEvent = (
    RoleDelta
    | ReasoningDelta
    | ContentDelta
    | ToolCallDelta
    | UsageUpdate
    | MetaUpdate
    | FinishReason
    | StreamDone
    | RetryScheduled
    | Stalled
    | Resumed
    | LogprobsDelta
)
