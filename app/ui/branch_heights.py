"""The heights of the messages of the branch in view, for the virtual message view.

Each row is a message's height plus the spacing after it: measured where the message has
been laid out at this width (kept for the conversation in view), else estimated from its
text. A long branch opens with its last ``EXACT`` messages estimated one by one and the
rest at their average; :meth:`refine` estimates those a part at a time, so that opening
100,000 messages costs what opening a few thousand does.
"""

from __future__ import annotations

from collections.abc import Container, Sequence

from PySide6.QtGui import QFontMetrics

from app.domain.history import Message
from app.ui.height_index import HeightIndex
from app.ui.message_estimate import Estimator

SPACING = 12  # between messages
EXACT = 2_000  # messages estimated one by one at once
REFINE = 1_000  # and then per call of refine()


class BranchHeights:
    def __init__(self, metrics: QFontMetrics) -> None:
        self._estimator = Estimator(metrics)
        self.index = HeightIndex()
        self._measured: dict[str, tuple[int, int]] = {}  # id → (width, height)
        self._conversation = ""  # whose heights _measured holds
        self._width = 0
        self._path: Sequence[Message] = ()
        self.rough = 0  # rows before this one hold the average, not an estimate

    def reset(self, path: Sequence[Message], width: int) -> None:
        conversation = path[0].conversation_id if path else ""
        if conversation != self._conversation:
            self._measured.clear()  # another conversation's: let them go
            self._conversation = conversation
        self._path, self._width = path, width
        exact = self._estimator.heights(path[-EXACT:], width, self._measured)
        self.rough = len(path) - len(exact)
        average = sum(exact) // max(1, len(exact))
        self.index = HeightIndex([average + SPACING] * self.rough +
                                 [h + SPACING for h in exact])

    def refine(self, realised: Container[str]) -> None:
        """Estimate the next part of the rows that hold the average (the realised ones
        are measured: left alone)."""
        start = max(0, self.rough - REFINE)
        part = self._estimator.heights(self._path[start:self.rough], self._width,
                                       self._measured)
        for offset, height in enumerate(part):
            if self._path[start + offset].id not in realised:
                self.index.set(start + offset, height + SPACING)
        self.rough = start

    def append(self, message: Message) -> None:
        """``message`` was added to the end of the path."""
        self.index.append(
            self._estimator.heights([message], self._width, self._measured)[0] + SPACING)

    def measured(self, index: int, message_id: str, height: int) -> bool:
        """A laid-out message's height; True if its row changed."""
        self._measured[message_id] = (self._width, height)
        if self.index.height(index) == height + SPACING:
            return False
        self.index.set(index, height + SPACING)
        return True
