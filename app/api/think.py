"""Split ``<think>…</think>`` at the start of ``content`` into reasoning.

Servers without a reasoning parser (vLLM without one, Ollama) put the model's
reasoning inside ``content``; splitting it here makes them look like servers that send
``reasoning_content``. The tags may arrive split across deltas, so partial tags are
held back until they can be told apart from text.
"""

from __future__ import annotations

from enum import Enum

OPEN = "<think>"
CLOSE = "</think>"


class _State(Enum):
    START = 0  # nothing but whitespace seen yet
    THINKING = 1
    ANSWER = 2


class ThinkSplitter:
    """Feed content deltas; get back ``(reasoning, content)`` pieces to emit."""

    def __init__(self) -> None:
        self._state = _State.START
        self._lead: list[str] = []  # whitespace before anything else (kept as pieces:
        # a server sending " " a million times must not cost a million copies)
        self._pending = ""
        self._after_close = False  # drop the newlines that follow "</think>"

    def feed(self, text: str) -> tuple[str, str]:
        if self._state is _State.ANSWER:
            if self._after_close:
                text = text.lstrip("\n")
                self._after_close = not text
            return "", text
        if self._state is _State.START:
            if not self._pending:
                stripped = text.lstrip()
                self._lead.append(text[:len(text) - len(stripped)])
                if not stripped:
                    return "", ""
                text = stripped
            self._pending += text  # at most len(OPEN) - 1 characters were held
            if self._pending.startswith(OPEN):
                self._state = _State.THINKING
                self._lead.clear()
                self._pending = self._pending[len(OPEN):]
            elif OPEN.startswith(self._pending):
                return "", ""  # could still become "<think>"
            else:
                self._state = _State.ANSWER
                out = "".join(self._lead) + self._pending
                self._lead.clear()
                self._pending = ""
                return "", out
        else:
            self._pending += text
        return self._thinking()

    def _thinking(self) -> tuple[str, str]:
        end = self._pending.find(CLOSE)
        if end >= 0:
            reasoning = self._pending[:end]
            rest = self._pending[end + len(CLOSE):]
            self._pending = ""
            self._state = _State.ANSWER
            self._after_close = True
            return reasoning, self.feed(rest)[1] if rest else ""
        # Hold back a tail that could be the start of "</think>".
        keep = 0
        for size in range(min(len(CLOSE) - 1, len(self._pending)), 0, -1):
            if CLOSE.startswith(self._pending[-size:]):
                keep = size
                break
        reasoning = self._pending[: len(self._pending) - keep]
        self._pending = self._pending[len(self._pending) - keep:]
        return reasoning, ""

    def flush(self) -> tuple[str, str]:
        """What is still held back when the stream ends."""
        pending, self._pending = self._pending, ""
        if self._state is _State.THINKING:
            return pending, ""
        lead = "".join(self._lead)
        self._lead.clear()
        return "", lead + pending
