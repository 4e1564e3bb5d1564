"""Keeping and finding conversations: list, search, rename, pin, folders, delete and undo."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.domain.chat import Role
from tests.loopback import LoopbackServer, Reply, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]


def seed(app: App, titles_and_texts: list[tuple[str, str]]) -> list[str]:
    store = app.parts.store
    ids = []
    for title, text in titles_and_texts:
        conv = store.create_conversation(title=title)
        user = store.add_message(conv.id, None, Role.USER, text)
        store.add_message(conv.id, user.id, Role.ASSISTANT, f"answer about {text}")
        ids.append(conv.id)
    app.window.sidebar.refresh()
    return ids


def test_model_passes_the_model_tester(make_app: AppFactory, qtmodeltester: ModelTester) -> None:
    app = make_app()
    seed(app, [("a", "x"), ("b", "y")])
    qtmodeltester.check(app.window.sidebar.model)


def test_search_opens_the_hit_at_the_match(make_app: AppFactory) -> None:
    app = make_app()
    ids = seed(app, [("旅行", "我们去北京看长城"), ("Work", "docker compose logs"),
                     ("Misc", "nothing here")])
    sidebar = app.window.sidebar
    app.window.search_action.trigger()
    app.until(lambda: QApplication.focusWidget() is sidebar.search)
    sidebar.search.setText("北京")
    app.run(sidebar.run_search())
    assert sidebar.stack.currentWidget() is sidebar.results
    assert sidebar.results.count() == 2  # the question and the answer, newest first
    first = sidebar.results.item(0)
    assert "北京" in first.text() and "«" not in first.text()  # the marks are not shown
    assert "«北京»" in first.data(Qt.ItemDataRole.UserRole + 1).snippet  # but highlighted
    sidebar.search.accepted.emit()  # Enter
    assert app.window.navigator.current == ids[0]
    target = app.parts.store.messages(ids[0])[1].id
    widget = app.window.view.widgets[target]
    assert widget.property("highlight") is True
    sidebar.search.setText("DOCKER")
    app.run(sidebar.run_search())
    assert "Work" in sidebar.results.item(0).text()
    sidebar.search.clear()
    app.run(sidebar.run_search())
    assert sidebar.stack.currentWidget() is sidebar.list


def test_rename_pin_and_folder(make_app: AppFactory) -> None:
    app = make_app()
    ids = seed(app, [("first", "a"), ("second", "b")])
    model = app.window.sidebar.model
    assert model.data(model.index(0)) == "second"  # newest first
    model.setData(model.index(1), "  Renamed   chat ")
    assert app.parts.store.conversation(ids[0]).title == "Renamed chat"
    app.parts.conversations.set_pinned(ids[0], True)
    assert model.data(model.index(0)) == "Renamed chat"
    assert "Pinned" in model.data(model.index(0), Qt.ItemDataRole.UserRole + 2)
    app.window.history.move_to_folder(ids[1], "Projects")
    box = app.window.sidebar.folder_box
    assert box.isVisibleTo(app.window) and box.findText("Projects") > 0
    box.setCurrentIndex(box.findText("Projects"))
    assert model.rowCount() == 1 and model.data(model.index(0)) == "second"


def test_delete_and_undo(make_app: AppFactory) -> None:
    app = make_app()
    ids = seed(app, [("keep", "a"), ("doomed", "b")])
    app.window.navigator.open(ids[1])
    app.window.history.delete_conversation(ids[1])
    titles = [app.window.sidebar.model.data(app.window.sidebar.model.index(r))
              for r in range(app.window.sidebar.model.rowCount())]
    assert titles == ["keep"]
    assert app.window.navigator.current == ids[0]
    assert app.window.undo.button.isVisible()
    app.window.undo.button.click()
    assert app.window.sidebar.model.rowCount() == 2
    assert app.window.navigator.current == ids[1]
    assert [m.content for m in app.parts.store.messages(ids[1])] == ["b", "answer about b"]


def test_a_new_chat_is_stored_with_its_first_message(make_app: AppFactory,
                                                    server: LoopbackServer) -> None:
    app = make_app()
    for _ in range(3):
        app.window.new_action.trigger()
    assert app.parts.store.count_conversations() == 0  # no empty chats pile up
    assert app.window.sidebar.model.rowCount() == 0
    server.queue(Reply(pieces=[sse({"choices": [{"index": 0, "delta": {"content": "ok"},
                                                 "finish_reason": "stop"}]})]))
    app.send("hello")
    app.wait_turn()
    assert app.parts.store.count_conversations() == 1
    app.window.new_action.trigger()
    assert app.window.navigator.current == "" and app.parts.store.count_conversations() == 1


def test_long_conversation_opens_at_the_end_and_shows_only_what_is_on_screen(
    make_app: AppFactory,
) -> None:
    app = make_app()
    store = app.parts.store
    conv = store.create_conversation(title="long")
    parent = None
    for i in range(200):
        parent = store.add_message(conv.id, parent, Role.USER if i % 2 == 0 else Role.ASSISTANT,
                                   f"message {i}").id
    app.window.navigator.open(conv.id)
    view = app.window.view
    assert 0 < len(view.widgets) < 40
    assert list(view.widgets.values())[-1].message.content == "message 199"
    app.pump(0.1)
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum()
    bar.setValue(0)
    app.pump(0.1)
    assert 0 < len(view.widgets) < 40
    assert next(iter(view.widgets.values())).message.content == "message 0"
    assert bar.value() == 0  # the first message stays where the user put it


def test_damage_found_after_start_is_kept_aside_and_a_new_store_used(
    make_app: AppFactory, tmp_path: object
) -> None:
    from pathlib import Path

    app = make_app()
    seed(app, [("doomed", "text")])
    path = app.parts.store.path
    assert isinstance(path, Path)
    app.parts.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for i in range(300):
        app.parts.store.create_conversation(title=f"filler {i} " + "x" * 200)
    app.parts.store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(path.read_bytes())
    for offset in range(4096 * 3, len(data), 4096):
        data[offset + 8: offset + 40] = b"\xde\xad\xbe\xef" * 8
    path.write_bytes(bytes(data))
    assert app.run(app.parts.conversations.verify_history()) is False
    kept = app.parts.store.report.moved_aside
    assert kept is not None and kept.exists() and kept != path
    notice = app.window.pane.notice.label.text()
    assert "damaged" in notice and str(kept) in notice  # says so, and where it is kept
    assert app.window.sidebar.model.rowCount() == 0
    app.send("a new start")  # the fresh store works
    app.wait_turn()
    assert app.parts.store.count_conversations() == 1


def test_a_click_on_the_chat_left_for_a_new_one_opens_it_again(
    make_app: AppFactory, qtbot: QtBot
) -> None:
    app = make_app()
    app.window.show()
    _first, second = seed(app, [("Chat A", "apples"), ("Chat B", "bananas")])
    sidebar, nav = app.window.sidebar, app.window.navigator
    nav.open(second)
    app.window.new_action.trigger()  # Ctrl+N
    assert nav.current == ""
    row = sidebar.model.index(sidebar.model.row_of(second))
    qtbot.mouseClick(sidebar.list.viewport(), Qt.MouseButton.LeftButton,
                     pos=sidebar.list.visualRect(row).center())
    assert nav.current == second
