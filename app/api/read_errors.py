"""The sentences of the errors the client itself detects while reading an answer: a
limit of :class:`~app.api.limits.Limits` reached, no text for too long, bytes it cannot
read. (Errors the server reports are mapped in :mod:`app.api.errors`.)"""

from __future__ import annotations

from app.api.errors import (
    AnswerTooLarge,
    IdleTimeout,
    MalformedResponse,
    ResponseTooLarge,
    TooManyChoices,
    TooManyToolCalls,
)
from app.domain.text import translate


def answer_too_large(chars: int) -> AnswerTooLarge:
    text = translate("ApiError", "The answer reached the limit of {count} characters, so "
                                 "SiliconDesk stopped reading it. What arrived is kept.")
    return AnswerTooLarge(text.format(count=f"{chars:,}"))


def event_too_large(size: int) -> AnswerTooLarge:
    text = translate("ApiError", "The endpoint sent one piece of the answer larger than "
                                 "{size} MB, so SiliconDesk stopped reading. What arrived "
                                 "before it is kept.")
    return AnswerTooLarge(text.format(size=_megabytes(size)))


def response_too_large(size: int) -> ResponseTooLarge:
    text = translate("ApiError", "The endpoint's answer was larger than {size} MB, so "
                                 "SiliconDesk did not read it.")
    return ResponseTooLarge(text.format(size=_megabytes(size)))


def too_many_choices(index: int, asked: int) -> TooManyChoices:
    text = translate("ApiError", "The endpoint sent more answers than the {count} asked for "
                                 "(choice {index}), so SiliconDesk stopped reading. What "
                                 "arrived is kept.")
    return TooManyChoices(text.format(count=asked, index=_short_number(index)))


def too_many_tool_calls(index: int, limit: int) -> TooManyToolCalls:
    text = translate("ApiError", "The model asked for more than {count} tool calls (call "
                                 "{index}), so SiliconDesk stopped reading. What arrived "
                                 "is kept.")
    return TooManyToolCalls(text.format(count=limit, index=_short_number(index)))


def idle_timeout(seconds: float) -> IdleTimeout:
    text = translate("ApiError", "No text for {seconds} s: the endpoint kept the connection "
                                 "open but sent no answer. What arrived is kept; you can "
                                 "retry.")
    return IdleTimeout(text.format(seconds=f"{seconds:g}"))


def unreadable(kind: str) -> MalformedResponse:
    """The answer broke the reader in a way no other error names (``kind`` says how)."""
    text = translate("ApiError", "The endpoint's answer could not be read ({kind}).")
    return MalformedResponse(text.format(kind=kind))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def _short_number(value: int) -> str:
    digits = str(value)
    return digits if len(digits) <= 12 else digits[:12] + "…"
