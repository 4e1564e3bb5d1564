"""The conversation and the model's context: an estimate of the next prompt's tokens, and
"send fewer earlier messages" after a context overflow.

Sending fewer sets the conversation's "Messages sent" limit (``history_limit``) to what
fits and retries: the system prompt is always kept, and the limit stays visible in the
panel, where the user can change it again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.domain.chat import ChatMessage, Role
from app.domain.tokens import PER_REQUEST, message_tokens, prompt_tokens
from app.services.turns import request_messages
from app.storage.history import HistoryStore

HEADROOM = 0.9  # aim under the limit: the estimate is an estimate


def history_tokens(store: HistoryStore, conversation_id: str, leaf_id: str | None,
                   system_prompt: str, history_limit: int | None) -> float:
    """Raw tokens of what a send would post before the typed text (for a worker thread:
    ``store`` is a connection of its own)."""
    path = store.branch(leaf_id)
    return prompt_tokens(request_messages(path, system_prompt, history_limit))


@dataclass(frozen=True)
class Fit:
    keep: int  # the earlier messages sent from now on (the last ``keep`` of the path)
    left_out: int  # how many of the path that leaves out


def fit_history(sent: Sequence[ChatMessage], error: dict[str, Any],
                context_length: int | None, scale: float | None,
                reserve: int = 0) -> Fit | None:
    """How many of the last messages of ``sent`` (the failed request's messages, the
    system prompt first if there was one) fit the context.

    The server's counts in ``error`` (``prompt_tokens``, ``limit``) calibrate the estimate
    of this very request; without them the model's context length and calibrated scale
    are used; without those, half the messages are dropped. At least one message is
    always dropped, and the last one (the question) always kept: ``None`` when that is
    all there is."""
    system = [m for m in sent if m.role is Role.SYSTEM]
    rest = [m for m in sent if m.role is not Role.SYSTEM]
    if len(rest) <= 1:
        return None
    sizes = [message_tokens(m) for m in rest]
    fixed = PER_REQUEST + sum(message_tokens(m) for m in system)
    raw_total = fixed + sum(sizes)
    prompt, limit = error.get("prompt_tokens"), error.get("limit")
    factor = scale or 1.0
    if isinstance(prompt, int) and prompt > 0 and raw_total > 0:
        factor = prompt / raw_total
    budget = limit if isinstance(limit, int) and limit > 0 else context_length
    if budget is None:
        keep = len(rest) // 2
    else:
        room = budget * HEADROOM - reserve
        keep, used = 0, fixed * factor
        for size in reversed(sizes):
            if used + size * factor > room:
                break
            used += size * factor
            keep += 1
    keep = max(1, min(keep, len(rest) - 1))
    # A tool result never goes without the call it answers (request_messages drops it).
    while keep > 1 and rest[len(rest) - keep].role is Role.TOOL:
        keep -= 1
    return Fit(keep, len(rest) - keep)
