from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

from app.ui.main_window import fitted
from tests.ui.conftest import App

AppFactory = Callable[..., App]


def type_text(widget: QWidget, text: str) -> None:
    """Typed text as key events carrying the characters (as an input method delivers them)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def test_title_and_focused_composer(make_app: AppFactory) -> None:
    app = make_app()
    window = app.window
    assert "SiliconDesk" in window.windowTitle()
    app.until(lambda: QApplication.focusWidget() is window.composer)
    window.composer.setFocus()
    type_text(window.composer, "Hello 你好")
    assert window.composer.toPlainText() == "Hello 你好"


def test_named_widgets_for_tests_and_accessibility(make_app: AppFactory) -> None:
    window = make_app().window
    for name in ("conversationList", "conversationSearch", "messageView", "composer",
                 "sendButton", "stopButton", "modelBox"):
        assert window.findChild(QWidget, name) is not None, name


def submissions(window: object) -> list[str]:
    """What the composer submits from now on (instead of sending it)."""
    sent: list[str] = []
    window.composer.submitted.disconnect()  # type: ignore[attr-defined]
    window.composer.submitted.connect(sent.append)  # type: ignore[attr-defined]
    return sent


def press_return(widget: QWidget, modifier: Qt.KeyboardModifier) -> None:
    QApplication.sendEvent(widget, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Return, modifier))


def test_enter_sends_and_shift_enter_adds_a_line(make_app: AppFactory) -> None:
    window = make_app().window
    sent = submissions(window)
    type_text(window.composer, "line one")
    press_return(window.composer, Qt.KeyboardModifier.ShiftModifier)
    type_text(window.composer, "line two")
    assert sent == []
    press_return(window.composer, Qt.KeyboardModifier.NoModifier)
    assert sent == ["line one\nline two"]


def test_ctrl_enter_setting(make_app: AppFactory) -> None:
    window = make_app(send_key="ctrl_enter").window
    sent = submissions(window)
    type_text(window.composer, "x")
    press_return(window.composer, Qt.KeyboardModifier.NoModifier)
    assert sent == [] and window.composer.toPlainText() == "x\n"
    press_return(window.composer, Qt.KeyboardModifier.ControlModifier)
    assert sent == ["x\n"]


def test_ctrl_q_closes_the_window(make_app: AppFactory) -> None:
    app = make_app()
    with app.qtbot.waitSignal(app.window.closed, timeout=2000):
        app.window.quit_action.trigger()
    assert not app.window.isVisible()


def test_layout_is_remembered(make_app: AppFactory) -> None:
    app = make_app()
    app.window.resize(760, 540)
    app.window.splitter.setSizes([200, 600, 200])
    app.window.close()
    saved = app.parts.settings.settings
    assert saved.window_geometry and saved.splitter_state
    again = make_app()
    again.window.restore_layout()
    assert (again.window.width(), again.window.height()) == (760, 540)


def test_shortcut_keys_reach_their_actions(make_app: AppFactory) -> None:
    app = make_app()
    app.until(lambda: QApplication.focusWidget() is app.window.composer)
    app.qtbot.keyClick(app.window.composer, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is app.window.sidebar.search
    with app.qtbot.waitSignal(app.window.closed, timeout=2000):
        app.qtbot.keyClick(app.window.sidebar.search, Qt.Key.Key_Q,
                           Qt.KeyboardModifier.ControlModifier)


def test_the_window_fits_a_small_screen_and_folds_its_side_panels(make_app: AppFactory) -> None:
    app = make_app()
    window = app.window
    screen = window.available()
    assert screen.width() <= 800  # the offscreen screen: smaller than the default size
    window.resize(fitted(window.size(), screen))  # what a start on this screen opens at
    app.qtbot.waitUntil(lambda: window.width() <= screen.width())
    assert window.height() <= screen.height()
    assert not window.panel.isVisible() and window.sidebar.isVisible()  # parameters fold
    assert window.pane.send_button.isVisible() and window.composer.isVisible()
    window.resize(600, 600)
    app.qtbot.waitUntil(lambda: not window.sidebar.isVisible())  # then the list
    window.resize(1280, 800)
    app.qtbot.waitUntil(lambda: window.panel.isVisible() and window.sidebar.isVisible())


def test_a_saved_geometry_that_no_longer_fits_is_not_restored(make_app: AppFactory) -> None:
    app = make_app()
    window = app.window
    window.resize(3000, 2000)  # saved on a big screen
    window.close()
    app.parts.settings.update(splitter_state="")
    again = make_app()
    again.window.restore_layout()
    assert again.window.width() <= again.window.available().width()
    assert again.window.height() <= again.window.available().height()


def test_the_menus_reach_settings_keys_import_export_and_help(make_app: AppFactory) -> None:
    app = make_app()
    bar = app.window.menuBar()
    titles = [a.text().replace("&", "") for a in bar.actions()]
    assert titles == ["File", "Edit", "View", "Tools", "Help"]
    entries = {a.text().replace("&", "") for m in bar.actions() if m.menu()
               for a in m.menu().actions()}  # type: ignore[union-attr]
    for wanted in ("Settings", "API key…", "Import (SiliconDesk JSON or ChatGPT export)…",
                   "Export all conversations (JSON)…", "Keyboard shortcuts", "Quit",
                   "About SiliconDesk"):
        assert wanted in entries
    tools = next(a.menu() for a in bar.actions() if a.text() == "&Tools")
    next(a for a in tools.actions() if a.text() == "Settings").trigger()  # type: ignore[union-attr]
    assert app.window.settings_flow.dialog is not None
    assert app.window.settings_flow.dialog.isVisible()


def test_a_restored_layout_is_folded_for_a_small_window(make_app: AppFactory) -> None:
    wide = make_app()
    wide.window.close()  # saves the splitter with all three panels shown
    again = make_app()
    window = again.window
    window.hide()
    window.resize(760, 560)
    window.restore_layout()
    window.show()
    again.qtbot.waitUntil(lambda: window.isVisible())
    assert window.panel.isHidden() and not window.sidebar.isHidden()
    assert window.composer.isVisible() and window.pane.send_button.isVisible()
