"""A quick estimate of a prompt's tokens, before sending, calibrated per model.

No tokenizer ships offline for the models people use here, and none is downloaded at
run time. The raw estimate counts characters by script (BPE vocabularies of current
models give about four characters of English per token and about one and a half Chinese
characters per token) plus a few tokens per message for the chat template; the server's
``prompt_tokens`` for an earlier request then scale it for that model
(:func:`calibrated_scale`). Every step is a C-level string operation, so a 50k-token
conversation costs well under a millisecond.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.domain.chat import ChatMessage

LATIN_CHARS_PER_TOKEN = 4.0
WIDE_CHARS_PER_TOKEN = 1.5
PER_MESSAGE = 4  # role markers of the chat template
PER_REQUEST = 3
SCALE_RANGE = (0.2, 20.0)
LEARNING = 0.5  # how far one server count moves the scale (later ones refine it)


def text_tokens(text: str) -> float:
    """Raw tokens of ``text``: characters beyond ASCII are counted from the UTF-8 length
    (two or three bytes each), so no Python loop runs over the text."""
    if not text:
        return 0.0
    wide = (len(text.encode("utf-8", "surrogatepass")) - len(text)) / 2
    wide = min(wide, len(text))
    return (len(text) - wide) / LATIN_CHARS_PER_TOKEN + wide / WIDE_CHARS_PER_TOKEN


def message_tokens(message: ChatMessage) -> float:
    total = PER_MESSAGE + text_tokens(message.text)
    total += sum(a.tokens() for a in message.attachments)
    for call in message.tool_calls or ():
        total += text_tokens(call.name) + text_tokens(call.arguments) + PER_MESSAGE
    return total


def prompt_tokens(messages: Sequence[ChatMessage]) -> float:
    return PER_REQUEST + sum(message_tokens(m) for m in messages)


def calibrated_scale(old: float | None, raw: float, reported: int) -> float | None:
    """The model's new scale after the server counted ``reported`` tokens for a prompt
    whose raw estimate was ``raw``; ``None`` when the pair says nothing."""
    if raw <= 0 or reported <= 0:
        return None
    seen = reported / raw
    if not SCALE_RANGE[0] <= seen <= SCALE_RANGE[1]:
        return old
    return seen if old is None else old + LEARNING * (seen - old)


def estimate(raw: float, scale: float | None) -> int:
    return round(raw * (scale or 1.0))
