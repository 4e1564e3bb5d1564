"""Folding an answer costs time in proportion to its size, however it is cut up
(``str +=`` on an attribute copies the whole text each time: minutes for 4 MB)."""

from __future__ import annotations

import time

from app.api.accumulate import Accumulator
from app.api.think import ThinkSplitter
from app.domain.events import ContentDelta, ReasoningDelta, ToolCallDelta

PIECES = 200_000
X, R, A = "x" * 10, "r" * 10, "a" * 10  # 2 MB of each in all


def test_accumulator_with_many_tiny_deltas() -> None:
    accumulator = Accumulator()
    started = time.perf_counter()
    for i in range(PIECES):
        accumulator.apply(ContentDelta(0, X))
        accumulator.apply(ReasoningDelta(0, R))
        accumulator.apply(ToolCallDelta(0, i % 2, "id" if i < 2 else None, None,
                                        "f" if i < 2 else None, A))
        if i % 100_000 == 0:
            assert accumulator.result.ordered[0].content == X * (i + 1)  # mid-stream view
    result = accumulator.result
    assert time.perf_counter() - started < 3
    choice = result.ordered[0]
    assert choice.content == X * PIECES and choice.reasoning == R * PIECES
    assert [(c.id, c.name, c.arguments) for c in choice.tool_calls] == [
        ("id", "f", A * (PIECES // 2)), ("id", "f", A * (PIECES // 2))]


def test_think_splitter_with_whitespace_for_ever() -> None:
    splitter = ThinkSplitter()
    started = time.perf_counter()
    out = [splitter.feed(" ") for _ in range(PIECES)]
    out.append(splitter.feed("answer"))
    assert time.perf_counter() - started < 2
    assert "".join(c for _, c in out) == " " * PIECES + "answer"
