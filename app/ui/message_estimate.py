"""A message's height guessed from its text, before it is laid out.

Cheap enough for 100,000 messages at once (a few arithmetic operations each); it only
has to be close, so that the scroll bar does not jump when the real height replaces it.
"""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics

from app.domain.history import Message

CHROME_LINES = 3.2  # role line, action row, margins and spacing, in lines of text
SAMPLE = 4000


class Estimator:
    def __init__(self, metrics: QFontMetrics) -> None:
        self._line = max(1, metrics.lineSpacing())
        self._char = max(1.0, metrics.averageCharWidth() * 1.05)

    def height(self, message: Message, width: int) -> int:
        text = message.content
        per_line = max(8.0, (width - 36) / self._char)  # the body's padding
        sample = text[:SAMPLE]  # a long text costs no more than a short one
        # A CJK character is three bytes in UTF-8 and about two average widths wide.
        wide = (len(sample.encode()) - len(sample)) / 2 * len(text) / max(1, len(sample))
        lines = text.count("\n") + (len(text) + wide) / per_line + 1
        if message.reasoning_content:
            lines += 1.5
        if message.tool_calls:
            lines += 4 * len(message.tool_calls)
        return int((lines + CHROME_LINES) * self._line) + 20
