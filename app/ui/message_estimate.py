"""A message's height guessed from its text, before it is laid out.

Cheap enough for 100,000 messages at once (a few arithmetic operations each); it only
has to be close, so that the scroll bar does not jump when the real height replaces it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import compress
from operator import attrgetter

from PySide6.QtGui import QFontMetrics

from app.domain.history import Message

CHROME_LINES = 3.2  # role line, action row, margins and spacing, in lines of text
SAMPLE = 4000
SHOWN_CHARS = 50_000  # of a longer text, the part laid out at first (then per click)


class Estimator:
    def __init__(self, metrics: QFontMetrics) -> None:
        self._line = max(1, metrics.lineSpacing())
        self._char = max(1.0, metrics.averageCharWidth() * 1.05)

    def height(self, message: Message, width: int) -> int:
        return self._guesses([message], width)[0]

    def heights(self, messages: Sequence[Message], width: int,
                measured: Mapping[str, tuple[int, int]] | None = None) -> list[int]:
        """``measured``: id → (width, height) of those laid out before; at this width,
        their measured height is taken (picked out in C, not one by one)."""
        guesses = self._guesses(messages, width)
        if measured:
            ids = list(map(attrgetter("id"), messages))
            for i in compress(range(len(ids)), map(measured.__contains__, ids)):
                known = measured[ids[i]]
                if known[0] == width:
                    guesses[i] = known[1]
        return guesses

    def _guesses(self, messages: Sequence[Message], width: int) -> list[int]:
        per_line = max(8.0, (width - 36) / self._char)  # the body's padding
        line, chrome = self._line, CHROME_LINES * self._line + 20
        # One comprehension, no call per message in the common case: 100,000 at once.
        return [int(chrome + line * (
            (c.count("\n", 0, SHOWN_CHARS) + min(len(c), SHOWN_CHARS) / per_line + 1)
            if c.isascii() else _wide_lines(c, per_line))
            + (line * _extra(m) if m.reasoning_content or m.tool_calls or m.attachments
               else 0))
            for m in messages for c in (m.content,)]


def _wide_lines(text: str, per_line: float) -> float:
    sample = text[:SAMPLE]  # a long text costs no more than a short one
    shown = min(len(text), SHOWN_CHARS)
    # A CJK character is three bytes in UTF-8 and about two average widths wide.
    wide = (len(sample.encode()) - len(sample)) / 2 * shown / max(1, len(sample))
    return text.count("\n", 0, SHOWN_CHARS) + (shown + wide) / per_line + 1


def _extra(m: Message) -> float:
    """Lines for the thinking toggle, the tool-call cards and the attachments (a row of
    thumbnails, a line per file)."""
    images = any(a.is_image for a in m.attachments)
    files = sum(1 for a in m.attachments if not a.is_image)
    return ((1.5 if m.reasoning_content else 0.0) + 4.0 * len(m.tool_calls)
            + (6.0 if images else 0.0) + 1.6 * files)
