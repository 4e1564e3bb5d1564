"""The heights of the messages of the branch in view, for the virtual message view.

Each row is a message's height plus the spacing after it: measured where the message has
been laid out at this width (kept for the conversation in view), else estimated from its
outline. A long branch opens with its last ``EXACT`` messages estimated one by one and
the rest at their average; :meth:`refine` estimates those a part at a time (their
outlines read a part at a time too), so that opening 100,000 messages costs what opening
a few hundred does. Rows of messages whose ids are not read yet hold the average too
(:meth:`fill` makes them messages).
"""

from __future__ import annotations

from collections.abc import Container, Sequence

from PySide6.QtGui import QFontMetrics

from app.domain.history import Message, outline_of
from app.services.branch import Branch
from app.ui.height_index import HeightIndex
from app.ui.message_estimate import Estimator

SPACING = 12  # between messages
EXACT = 300  # messages estimated one by one at once
REFINE = 500  # and then per call of refine()
AVERAGE = 120  # a row's height while nothing is known of its branch


class BranchHeights:
    def __init__(self, metrics: QFontMetrics) -> None:
        self._estimator = Estimator(metrics)
        self.index = HeightIndex()
        self._measured: dict[str, tuple[int, int]] = {}  # id → (width, height)
        self._conversation = ""  # whose heights _measured holds
        self._width = 0
        self._branch: Branch | None = None
        self._ids: Sequence[str] = ()
        self._average = AVERAGE
        self.rough = 0  # rows before this one hold the average, not an estimate

    def reset(self, branch: Branch, ids: Sequence[str], width: int, head: int = 0) -> None:
        """``ids``: the branch's rows as the view holds them (it may have grown; "" for
        a message not read yet); the first ``head`` are estimated at once too."""
        if branch.key != self._conversation:
            self._measured.clear()  # another conversation's: let them go
            self._conversation = branch.key
        self._branch, self._ids, self._width = branch, ids, width
        start = max(0, len(ids) - EXACT)
        exact = self._estimate(start, len(ids))
        self.rough = start
        self._average = sum(exact) // len(exact) if exact else AVERAGE
        self.index = HeightIndex.uniform(len(ids), self._average + SPACING)
        first = self._estimate(0, min(head, EXACT, start))  # (a search hit's, above it)
        for offset, height in [*enumerate(first), *enumerate(exact, start)]:
            self.index.set(offset, height + SPACING)

    def _estimate(self, start: int, stop: int) -> list[int]:
        """Heights of rows ``start`` to ``stop`` (those the store no longer has: the
        average)."""
        assert self._branch is not None
        ids = self._ids[start:stop]
        outlines = self._branch.outlines([i for i in ids if i])
        heights = dict(zip([o.id for o in outlines], self._estimator.heights(
            outlines, self._width, self._measured), strict=True))
        return [heights.get(i, self._average) for i in ids]

    @property
    def pending(self) -> bool:
        """Rows of known messages still hold the average."""
        return self.rough > 0

    def refine(self, realised: Container[str]) -> None:
        """Estimate the next part of the rows that hold the average (the realised ones
        are measured: left alone)."""
        if not self.pending:
            return
        start = max(0, self.rough - REFINE)
        for offset, height in enumerate(self._estimate(start, self.rough)):
            if self._ids[start + offset] not in realised:
                self.index.set(start + offset, height + SPACING)
        self.rough = start

    def fill(self, start: int, old: int, new: int) -> None:
        """The ``old`` rows from ``start`` (messages not read yet) became ``new`` rows of
        messages (at the average until refined); the view's ids already hold them."""
        heights = [self.index.height(i) for i in range(start)]
        rest = [self.index.height(i) for i in range(start + old, len(self.index))]
        if self.rough >= start + old:
            self.rough += new - old
        self.rough = max(self.rough, start + new)
        self.index = HeightIndex.uniform(start + new + len(rest), self._average + SPACING)
        for offset, height in [*enumerate(heights), *enumerate(rest, start + new)]:
            self.index.set(offset, height)

    def append(self, message: Message) -> None:
        """``message`` was added to the end of the branch."""
        self.index.append(self._estimator.heights([outline_of(message)], self._width,
                                                  self._measured)[0] + SPACING)

    def measured(self, index: int, message_id: str, height: int) -> bool:
        """A laid-out message's height; True if its row changed."""
        self._measured[message_id] = (self._width, height)
        if self.index.height(index) == height + SPACING:
            return False
        self.index.set(index, height + SPACING)
        return True
