"""Formulas in answers are typeset natively; copying gives the LaTeX."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication

from app.render.math_typeset import MathTypesetter
from app.ui.message_commands import Command
from tests.loopback import LoopbackServer, Reply, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]
ANSWER = (r"The roots are $x = \frac{-b \pm \sqrt{b^2-4ac}}{2a}$, and"
          "\n\n$$\\sum_{k=1}^{n} k = \\frac{n(n+1)}{2}$$\n\nBut $\\frac{1}{$ is broken, "
          "and $5 is a price.")


def answer_widget(app: App, server: LoopbackServer, text: str) -> object:
    pieces = [{"choices": [{"index": 0, "delta": {"content": text[i:i + 9]}}]}
              for i in range(0, len(text), 9)]
    server.queue(Reply(pieces=[sse(*pieces, {"choices": [{"index": 0, "delta": {},
                                                          "finish_reason": "stop"}]})]))
    app.send("math please")
    app.wait_turn()
    return list(app.window.view.widgets.values())[-1]


def test_formulas_are_images_registered_by_the_renderer(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    widget = answer_widget(app, server, ANSWER)
    app.until(lambda: widget.rich.math_pending == 0)  # type: ignore[attr-defined]
    doc = widget.body.document()  # type: ignore[attr-defined]
    html = doc.toHtml()
    assert html.count('src="math:') == 2
    for name in ("math:0", "math:1"):
        image = doc.resource(QTextDocument.ResourceType.ImageResource, QUrl(name))
        assert isinstance(image, QImage) and not image.isNull() and image.width() > 10
    text = doc.toPlainText()
    assert "$5 is a price" in text
    assert "$\\frac{1}{$" in text or "\\frac{1}{" in text  # the broken one stays as source
    widget.grab()  # paints without trouble
    app.window.messages.run(Command.COPY, widget.message.id)  # type: ignore[attr-defined]
    assert QApplication.clipboard().text() == ANSWER  # the LaTeX, not an image


def test_typesetting_is_cached_and_capped() -> None:
    typesetter = MathTypesetter()
    first = typesetter.image(r"\sqrt{2}", display=False, pixel_size=16, color="#000000")
    again = typesetter.image(r"\sqrt{2}", display=False, pixel_size=16, color="#000000")
    assert first is again and typesetter.typeset_count == 1
    dark = typesetter.image(r"\sqrt{2}", display=False, pixel_size=16, color="#ffffff")
    assert dark is not first and typesetter.typeset_count == 2
    assert typesetter.image(r"\frac{", display=False, pixel_size=16, color="#000") is None
    started = time.monotonic()
    huge = "x+" * 5000
    nested = "{" * 500 + "x" + "}" * 500
    assert typesetter.image(huge, display=False, pixel_size=16, color="#000") is None
    assert typesetter.image(nested, display=True, pixel_size=16, color="#000") is None
    assert time.monotonic() - started < 0.5


def test_a_mouse_selection_across_a_formula_copies_its_latex(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QTextCursor

    app = make_app()
    widget = answer_widget(app, server, "面积是 $\\pi r^2$，周长是 $2\\pi r$。\n\n"
                                        "$$\\sum_{k=1}^{n} k$$\n\n完。")
    body = widget.body  # type: ignore[attr-defined]
    assert "\ufffc" in body.toPlainText()  # formulas are images in the view
    start = body.cursorRect(QTextCursor(body.document())).center()
    end_cursor = QTextCursor(body.document())
    end_cursor.movePosition(QTextCursor.MoveOperation.End)
    end = body.cursorRect(end_cursor).center() + QPoint(2, 0)
    app.qtbot.mousePress(body.viewport(), Qt.MouseButton.LeftButton, pos=start)
    app.qtbot.mouseMove(body.viewport(), end)
    app.qtbot.mouseRelease(body.viewport(), Qt.MouseButton.LeftButton, pos=end)
    assert body.textCursor().hasSelection()
    body.copy()
    copied = QApplication.clipboard().text()
    assert "\ufffc" not in copied
    assert "面积是 $\\pi r^2$，周长是 $2\\pi r$。" in copied
    assert "$$\\sum_{k=1}^{n} k$$" in copied and copied.rstrip().endswith("完。")
