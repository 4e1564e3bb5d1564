"""How much one answer may hold and how long it may go without text.

A server can send anything: a 20 MB line, a tool call numbered 20,000, 2,000 choices
when one was asked for, keep-alive comments for ever. Past these limits the client stops
reading, keeps what arrived and raises a typed error (:mod:`app.api.errors`) that says so.
The defaults are far beyond what real answers need; settings may change them.
"""

from __future__ import annotations

from dataclasses import dataclass

MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    max_text_chars: int = 4 * MB
    """Characters of content, reasoning and tool-call arguments in one response (all
    choices together); the text up to the limit is delivered, then the answer ends."""

    max_event_bytes: int = 8 * MB
    """Bytes of one SSE event (one ``data:`` line or several); never held beyond this."""

    max_body_bytes: int = 16 * MB
    """Bytes of a non-streamed answer or model list, after decompression."""

    max_error_bytes: int = 64 * 1024
    """Bytes of an error body that are read; the rest is not."""

    error_body_seconds: float = 10.0
    """How long an error body may take to arrive; what came by then is used."""

    get_seconds: float = 60.0
    """How long a model list or account info may take in all."""

    max_tool_calls: int = 128
    """Tool calls in one choice: a call's ``index`` must be below this."""

    max_name_chars: int = 256
    """Length of ids, model names, tool names, roles and finish reasons (cut beyond)."""

    idle_notice: float = 30.0
    """Seconds without text after which a :class:`~app.domain.events.Stalled` event
    tells the window, while the client keeps waiting."""

    idle_deadline: float = 300.0
    """Seconds without text (only keep-alive comments, empty deltas or silence) after
    which the answer ends with :class:`~app.api.errors.IdleTimeout`. ``math.inf``
    waits for ever (as does ``idle_notice`` for the notice)."""

    def __post_init__(self) -> None:
        sizes = (self.max_text_chars, self.max_event_bytes, self.max_body_bytes,
                 self.max_error_bytes, self.max_tool_calls, self.max_name_chars)
        times = (self.error_body_seconds, self.get_seconds, self.idle_notice,
                 self.idle_deadline)
        if min(sizes) < 1 or min(times) <= 0:
            raise ValueError(f"limits must be positive: {self}")

    def choices(self, asked: int | None) -> int:
        """How many choices a response may carry: what was asked for (``n``), at least 1."""
        return max(1, asked or 1)
