"""An answer reads like one in a polished chat app: paragraphs apart, bullets a space
from their text, quotes with a bar, right-aligned columns on the right, headings spaced
above more than below, and no blank line before a list."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPainter, QTextBlock, QTextDocument

from tests.loopback import LoopbackServer, Reply, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]
ANSWER = ("## 快速排序\n\n第一段：选一个基准。\n\n第二段：分成两部分。\n\n### 步骤\n\n"
          "- 原地排序\n- 不稳定\n\n> 注意：有序的数组会退化。\n\n"
          "| 算法 | 耗时 (ms) |\n|---|---:|\n| 快排 | 1.5 |\n| 归并 | 140.25 |\n\n结论。")


def _answer(app: App, server: LoopbackServer) -> QTextDocument:
    pieces = [{"choices": [{"index": 0, "delta": {"content": ANSWER[i:i + 5]}}]}
              for i in range(0, len(ANSWER), 5)]
    server.queue(Reply(pieces=[sse(*pieces, {"choices": [{"index": 0, "delta": {},
                                                          "finish_reason": "stop"}]})]))
    app.send("讲讲快速排序")
    app.wait_turn()
    body = list(app.window.view.widgets.values())[-1].body
    return body.document()  # type: ignore[no-any-return]


def _block(doc: QTextDocument, text: str) -> QTextBlock:
    block = doc.begin()
    while block.isValid() and block.text() != text:
        block = block.next()
    assert block.isValid(), text
    return block


def _rect_top(doc: QTextDocument, text: str) -> float:
    return doc.documentLayout().blockBoundingRect(_block(doc, text)).top()


def _rect_bottom(doc: QTextDocument, text: str) -> float:
    return doc.documentLayout().blockBoundingRect(_block(doc, text)).bottom()


def _picture(doc: QTextDocument) -> QImage:
    size = doc.size().toSize()
    image = QImage(size, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    doc.drawContents(painter)
    painter.end()
    return image


def _dark_runs(image: QImage, y0: int, y1: int) -> list[tuple[int, int]]:
    """Runs of columns with ink between rows y0 and y1."""
    inked = [x for x in range(image.width())
             if any(image.pixelColor(x, y).lightness() < 150 for y in range(y0, y1))]
    runs: list[tuple[int, int]] = []
    for x in inked:
        if runs and x == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], x)
        else:
            runs.append((x, x))
    return runs


def test_an_answer_is_set_like_a_chat_apps(make_app: AppFactory,
                                          server: LoopbackServer) -> None:
    app = make_app(theme="light")
    doc = _answer(app, server)
    gap = _rect_top(doc, "第二段：分成两部分。") - _rect_bottom(doc, "第一段：选一个基准。")
    assert gap >= 8  # paragraphs apart (they touched)
    above = _rect_top(doc, "步骤") - _rect_bottom(doc, "第二段：分成两部分。")
    below = _rect_top(doc, "原地排序") - _rect_bottom(doc, "步骤")
    assert above > below > 0 and below < 30  # no blank line between a heading and a list
    heading = _block(doc, "步骤")
    assert heading.blockFormat().headingLevel() == 3

    image = _picture(doc)
    item = doc.documentLayout().blockBoundingRect(_block(doc, "原地排序"))
    runs = _dark_runs(image, int(item.top()), int(item.bottom()))
    bullet, text = runs[0], runs[1]
    assert bullet[1] - bullet[0] <= 8 and text[0] - bullet[1] >= 6  # a gap after the bullet

    quote = doc.documentLayout().blockBoundingRect(_block(doc, "注意：有序的数组会退化。"))
    bar = [x for x in range(int(quote.left())) if
           image.pixelColor(x, int(quote.center().y())) == QColor("#d0d7de")]
    assert bar and max(bar) - min(bar) <= 4  # a thin bar left of the quote
    assert _block(doc, "140.25").blockFormat().alignment() & Qt.AlignmentFlag.AlignRight
    assert _block(doc, "归并").blockFormat().alignment() & Qt.AlignmentFlag.AlignRight == 0
    assert doc.toPlainText().count("\n\n\n") == 0
