"""Heights of the items of a long list and where each starts, for a virtual view.

A Fenwick (binary indexed) tree: changing one height, finding where an item starts and
finding the item at a given offset all take O(log n), so a view over 100,000 messages
pays for what changes on screen, not for the length of the list. The tree holds each
height's difference from a ``base`` height, so a list of mostly one height (a long
branch before its rows are estimated) is made without a Python step per item.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import accumulate


class HeightIndex:
    def __init__(self, heights: Iterable[int] = (), base: int = 0) -> None:
        self._base = int(base)
        self._heights = [int(h) for h in heights]
        # Node i covers [i & (i + 1), i]: a difference of prefix sums (summed in C).
        sums = [0, *accumulate(h - self._base for h in self._heights)]
        self._tree = [sums[i + 1] - sums[i & (i + 1)] for i in range(len(self._heights))]

    @classmethod
    def uniform(cls, count: int, height: int) -> HeightIndex:
        """``count`` items of ``height`` (then :meth:`set` the ones that differ)."""
        index = cls(base=height)
        index._heights = [int(height)] * count
        index._tree = [0] * count
        return index

    def __len__(self) -> int:
        return len(self._heights)

    def height(self, index: int) -> int:
        return self._heights[index]

    def total(self) -> int:
        return self.start(len(self._heights))

    def _deltas_before(self, index: int) -> int:
        total = 0
        i = index - 1
        while i >= 0:
            total += self._tree[i]
            i = (i & (i + 1)) - 1
        return total

    def start(self, index: int) -> int:
        """The sum of the heights before ``index``."""
        return self._base * index + self._deltas_before(index)

    def set(self, index: int, height: int) -> None:
        delta = int(height) - self._heights[index]
        if not delta:
            return
        self._heights[index] = int(height)
        n = len(self._tree)
        while index < n:
            self._tree[index] += delta
            index |= index + 1

    def append(self, height: int) -> None:
        i = len(self._heights)
        self._heights.append(int(height))
        # The node at i covers [i & (i + 1), i]: this height plus the earlier part.
        self._tree.append(int(height) - self._base + self._deltas_before(i)
                          - self._deltas_before(i & (i + 1)))

    def at(self, offset: int) -> int:
        """The index of the item that covers ``offset`` (clamped to the list)."""
        n = len(self._tree)
        if n == 0:
            return 0
        index, step = -1, 1 << n.bit_length()
        remaining = offset
        while step:
            nxt = index + step
            if nxt < n:
                # Node nxt covers the ``step`` items after ``index``.
                covered = self._tree[nxt] + self._base * step
                if covered <= remaining:
                    index = nxt
                    remaining -= covered
            step >>= 1
        return min(index + 1, n - 1)
