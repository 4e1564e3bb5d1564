from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from app.ui.main_window import MainWindow


def type_text(widget: QWidget, text: str) -> None:
    """Typed text as key events carrying the characters (as an input method delivers them)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def make(qtbot: QtBot) -> MainWindow:
    window = MainWindow("http://127.0.0.1:9/v1")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_title_and_focused_composer(qtbot: QtBot) -> None:
    window = make(qtbot)
    assert "SiliconDesk" in window.windowTitle()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.composer)
    qtbot.keyClicks(window.composer, "Hello ")
    type_text(window.composer, "你好")  # QTest.keyClicks takes ASCII only
    assert window.composer.toPlainText() == "Hello 你好"


def test_named_widgets_for_tests_and_accessibility(qtbot: QtBot) -> None:
    window = make(qtbot)
    for name in ("conversationList", "conversationSearch", "messageView", "composer",
                 "sendButton", "stopButton", "modelBox"):
        assert window.findChild(object, name) is not None, name


def test_enter_sends_and_shift_enter_adds_a_line(qtbot: QtBot) -> None:
    window = make(qtbot)
    sent: list[str] = []
    window.composer.submitted.connect(sent.append)
    qtbot.keyClicks(window.composer, "line one")
    qtbot.keyClick(window.composer, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(window.composer, "line two")
    assert sent == []
    qtbot.keyClick(window.composer, Qt.Key.Key_Return)
    assert sent == ["line one\nline two"]


def test_ctrl_q_closes_the_window(qtbot: QtBot) -> None:
    window = make(qtbot)
    with qtbot.waitSignal(window.closed, timeout=2000):
        window.quit_action.trigger()
    assert not window.isVisible()
