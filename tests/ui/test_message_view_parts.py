"""The parts of the virtual message view: the height index, the estimate, and a message
widget reused for another message, which must show nothing of the one before."""

from __future__ import annotations

import itertools
import random

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from app.domain.chat import Role, ToolCall
from app.domain.history import Message, Status
from app.render.markdown_html import MarkdownRenderer
from app.ui.height_index import HeightIndex
from app.ui.message_estimate import Estimator
from app.ui.message_widget import MessageWidget


def test_the_height_index_agrees_with_a_running_sum() -> None:
    rng = random.Random(3)
    heights = [rng.randint(1, 400) for _ in range(3_000)]
    index = HeightIndex(heights[:1_000])
    for h in heights[1_000:]:
        index.append(h)  # messages added while streaming
    for i in rng.sample(range(3_000), 200):
        heights[i] = rng.randint(1, 400)  # measured after an estimate
        index.set(i, heights[i])
    starts = [0, *itertools.accumulate(heights)]
    assert [index.start(i) for i in range(3_001)] == starts
    assert index.total() == starts[-1]
    for offset in rng.sample(range(starts[-1]), 500):
        i = index.at(offset)
        assert starts[i] <= offset < starts[i + 1]
    assert index.at(starts[-1] + 10) == 2_999  # past the end: the last one
    assert HeightIndex().at(5) == 0


def message(content: str, role: Role = Role.ASSISTANT, **fields: object) -> Message:
    return Message(id=content[:8] or "empty", conversation_id="c", parent_id=None, role=role,
                   content=content, status=Status.COMPLETE, created_at=1, seq=1,
                   **fields)  # type: ignore[arg-type]


def test_a_longer_or_wider_text_is_estimated_taller(qtbot: QtBot) -> None:
    label = QLabel()
    estimate = Estimator(label.fontMetrics())
    short, long_ = message("short"), message("word " * 2_000)
    assert estimate.height(long_, 600) > 5 * estimate.height(short, 600)
    assert estimate.height(long_, 300) > estimate.height(long_, 600)
    chinese = message("中文" * 1_000)  # as many characters, each about twice as wide
    assert estimate.height(chinese, 600) > 1.5 * estimate.height(message("ab" * 1_000), 600)


def test_a_reused_widget_shows_only_the_new_message(qtbot: QtBot) -> None:
    renderer = MarkdownRenderer()
    first = message("first answer with a table\n\n| a |\n|---|\n| 1 |",
                    reasoning_content="thinking hard",
                    tool_calls=[ToolCall(id="t1", name="lookup", arguments="{}")],
                    finish_reason="length")
    widget = MessageWidget(first, renderer, fold_thinking=True, siblings=(1, 2))
    qtbot.addWidget(widget)
    widget.show_tool_inputs(True)
    widget.setProperty("highlight", True)
    widget.show()
    assert widget.switcher.isVisible() and widget.thinking.isVisible()
    assert widget.findChild(QLabel, "toolCallName") is not None

    second = message("second, plain")
    widget.rebind(second, (1, 1), fold_thinking=True)
    assert widget.message is second
    assert widget.body.toPlainText() == "second, plain"
    assert not widget.switcher.isVisible()
    assert not widget.thinking.isVisible()
    assert not any(card.isVisible() for card in widget._cards)
    assert not widget.tool_results.isVisible() and widget.tool_results_text() == {}
    assert not widget.status_row.isVisible()  # the old "reached max_tokens" is gone
    assert not widget.property("highlight")

    widget.release()  # waiting in the pool: no document kept
    assert widget.body.document().isEmpty()


def test_a_height_index_of_one_height_agrees_with_a_running_sum() -> None:
    rng = random.Random(5)
    heights = [130] * 2_000
    index = HeightIndex.uniform(2_000, 130)  # a long branch before its rows are estimated
    for i in rng.sample(range(2_000), 300):
        heights[i] = rng.randint(1, 400)
        index.set(i, heights[i])
    for h in (50, 700, 130):
        heights.append(h)
        index.append(h)
    starts = [0, *itertools.accumulate(heights)]
    assert [index.start(i) for i in range(len(heights) + 1)] == starts
    for offset in rng.sample(range(starts[-1]), 500):
        i = index.at(offset)
        assert starts[i] <= offset < starts[i + 1]
    assert index.at(starts[-1] + 10) == len(heights) - 1
    assert HeightIndex.uniform(0, 10).at(5) == 0
