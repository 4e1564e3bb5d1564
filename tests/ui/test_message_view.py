"""A long conversation through the window: it opens at its end, a search hit opens at the
message, scrolling reaches the first message, streaming follows, and the widgets alive
stay few whatever the length."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from app.domain.chat import Role
from app.domain.history import Conversation, Message, Status, new_id
from app.storage.history import HistoryStore
from app.ui.message_commands import Command
from app.ui.message_view import POOL
from app.ui.message_widget import MessageWidget
from tests.loopback import LoopbackServer, Reply, sse
from tests.ui.conftest import App

AppFactory = Callable[..., App]
BOUND = 40  # realised message widgets, whatever the length


def long_conversation(app: App, count: int, *, marked: int = 0) -> str:
    """``count`` messages on one branch ("message 1" … "message N"); ``marked`` holds a
    word found nowhere else."""
    conv = Conversation(id=new_id(), title="long", created_at=1, updated_at=2)
    messages: list[Message] = []
    parent = None
    for i in range(1, count + 1):
        role = Role.USER if i % 2 else Role.ASSISTANT
        text = f"message {i}" + (" zanzibar" if i == marked else "") + " lorem ipsum" * (i % 7)
        m = Message(id=new_id(), conversation_id=conv.id, parent_id=parent, role=role,
                    content=text, status=Status.COMPLETE, created_at=i, seq=i)
        messages.append(m)
        parent = m.id
    conv.current_leaf_id = parent
    app.parts.store.insert_conversation(conv, messages)
    app.window.sidebar.refresh()
    return conv.id


def realised(app: App) -> list[str]:
    return [w.message.content.split(" lorem")[0] for w in app.window.view.widgets.values()]


def on_screen(app: App, widget: MessageWidget) -> bool:
    view = app.window.view
    top = view.verticalScrollBar().value()
    return QRect(0, top, view.viewport().width(), view.viewport().height()).intersects(
        widget.geometry())


def alive(app: App) -> int:
    """Message widgets that exist (realised or not yet deleted)."""
    app.pump(0.01)  # deleteLater runs
    return len(app.window.view.findChildren(MessageWidget))


def test_twenty_thousand_messages_open_at_the_end_and_scroll_to_the_first(
    make_app: AppFactory,
) -> None:
    app = make_app()
    app.window.resize(900, 700)
    conv = long_conversation(app, 20_000)
    store, fetched = app.parts.store, []
    read = store.messages_by_id
    store.messages_by_id = lambda ids: fetched.extend(ids) or read(ids)  # type: ignore[method-assign]
    app.window.navigator.open(conv)
    assert 0 < len(fetched) <= BOUND  # only the texts on screen are read
    view = app.window.view
    bar = view.verticalScrollBar()
    assert realised(app)[-1] == "message 20000"
    assert bar.value() == bar.maximum() > 0
    assert on_screen(app, view.widgets[view.last_id() or ""])
    assert 0 < alive(app) <= BOUND
    bar.setValue(0)  # the user drags the scroll bar to the top
    app.until(lambda: realised(app)[:1] == ["message 1"])  # (the rows above the end: read)
    assert bar.value() == 0 and not view.following
    assert 0 < alive(app) <= BOUND
    bar.setValue(bar.maximum() // 2)
    app.pump(0.05)
    middle = int(realised(app)[0].split()[1])
    assert 5_000 < middle < 15_000  # the estimated heights put the middle in the middle
    assert 0 < alive(app) <= BOUND


def test_a_search_hit_in_message_37_opens_there_highlighted(make_app: AppFactory) -> None:
    app = make_app()
    app.window.resize(900, 700)
    long_conversation(app, 20_000, marked=37)
    sidebar = app.window.sidebar
    app.window.search_action.trigger()  # Ctrl+K
    app.until(lambda: QApplication.focusWidget() is sidebar.search)
    sidebar.search.setText("zanzibar")
    app.run(sidebar.run_search())
    assert sidebar.results.count() == 1
    sidebar.search.accepted.emit()  # Enter
    app.pump(0.05)
    view = app.window.view
    hit = next(w for w in view.widgets.values() if w.message.content.startswith("message 37 "))
    assert hit.property("highlight") is True
    assert on_screen(app, hit)
    marked = [m.cursor.selectedText() for m in hit.body.extraSelections()]
    assert marked == ["zanzibar"]  # the word searched for, marked in the message
    assert not view.following
    assert 0 < alive(app) <= BOUND
    top = hit.geometry().top() - view.verticalScrollBar().value()
    app.until(lambda: not view._refine_timer.isActive())  # the rest is estimated
    assert hit.geometry().top() - view.verticalScrollBar().value() == top  # it stays put


def test_streaming_at_the_bottom_of_a_long_conversation_follows(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    app.window.resize(760, 540)
    conv = long_conversation(app, 2_000)
    app.window.navigator.open(conv)
    lines = [{"choices": [{"index": 0, "delta": {"content": f"line {i}\n\n"}}]}
             for i in range(200)]
    server.queue(Reply(pieces=[sse(*lines[:20], done=False), sse(*lines[20:])], delay=0.3))
    app.send("go on")
    view = app.window.view
    bar = view.verticalScrollBar()
    app.until(lambda: "line 19" in realised(app)[-1])
    assert view.following and bar.value() == bar.maximum()
    app.wait_turn()
    app.pump(0.05)
    assert "line 199" in realised(app)[-1]
    assert bar.value() == bar.maximum()
    assert on_screen(app, list(view.widgets.values())[-1])
    assert 0 < alive(app) <= BOUND


def test_opening_another_conversation_frees_the_widgets_of_the_first(
    make_app: AppFactory,
) -> None:
    app = make_app()
    long_conversation(app, 500)
    short = long_conversation(app, 2)
    first = app.parts.conversations.summaries()[-1].id
    app.window.navigator.open(first)
    assert alive(app) > 2
    app.window.navigator.open(short)
    assert realised(app) == ["message 1", "message 2"]
    view = app.window.view
    shown = list(view.widgets.values())
    kept = [w for w in view.findChildren(MessageWidget) if w not in shown]
    assert alive(app) <= 2 + 2 * POOL  # a few kept for reuse, per role
    assert all(not w.isVisible() and w.body.document().isEmpty() for w in kept)


def test_a_message_of_megabytes_is_laid_out_a_part_at_a_time(make_app: AppFactory,
                                                             qtbot: QtBot) -> None:
    app = make_app()
    conv = Conversation(id=new_id(), title="huge", created_at=1, updated_at=2)
    paragraph = "A paragraph of a very long answer, with **bold** and `code`.\n\n"
    huge = paragraph * (2_000_000 // len(paragraph))  # 2 MB
    question = Message(id=new_id(), conversation_id=conv.id, parent_id=None, role=Role.USER,
                       content="all of it", status=Status.COMPLETE, created_at=1, seq=1)
    answer = Message(id=new_id(), conversation_id=conv.id, parent_id=question.id,
                     role=Role.ASSISTANT, content=huge, status=Status.COMPLETE, created_at=2,
                     seq=2)
    conv.current_leaf_id = answer.id
    app.parts.store.insert_conversation(conv, [question, answer])
    app.window.navigator.open(conv.id)
    widget = app.window.view.widgets[answer.id]
    first = widget.body.document().characterCount()
    assert 1_000 < first < 15_000 and widget.rich.inserting  # the first screen at once
    qtbot.waitUntil(lambda: not widget.rich.inserting)  # the rest of the part, in slices
    shown = widget.body.document().characterCount()
    assert 10_000 < shown < 60_000  # a part, not two megabytes
    more = widget.findChild(QPushButton, "showMore")
    assert more is not None and more.isVisible() and "KB" in more.text()
    more.click()
    qtbot.waitUntil(lambda: not widget.rich.inserting)
    assert shown + 10_000 < widget.body.document().characterCount() < 120_000
    assert widget.body.toPlainText().startswith("A paragraph of a very long answer, with bold")
    app.window.messages.run(Command.COPY, answer.id)
    assert QApplication.clipboard().text() == huge  # Copy still copies all of it


def test_a_long_last_answer_opens_at_its_end_while_it_is_laid_out(make_app: AppFactory,
                                                                   qtbot: QtBot) -> None:
    app = make_app()
    conv = Conversation(id=new_id(), title="long", created_at=1, updated_at=2)
    text = "".join(f"## Part {i}\n\nA paragraph with **bold** and `code`.\n\n"
                   for i in range(2_000))  # ~100 KB, inserted a slice at a time
    question = Message(id=new_id(), conversation_id=conv.id, parent_id=None, role=Role.USER,
                       content="long please", status=Status.COMPLETE, created_at=1, seq=1)
    answer = Message(id=new_id(), conversation_id=conv.id, parent_id=question.id,
                     role=Role.ASSISTANT, content=text, status=Status.COMPLETE,
                     created_at=2, seq=2)
    conv.current_leaf_id = answer.id
    app.parts.store.insert_conversation(conv, [question, answer])
    app.window.navigator.open(conv.id)
    widget = app.window.view.widgets[answer.id]
    assert widget.rich.inserting  # the first screen now, the rest to come
    qtbot.waitUntil(lambda: not widget.rich.inserting)
    bar = app.window.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum() > 0)
    assert app.window.view.following  # at the end, as a conversation opens
    shown = widget.body.toPlainText()
    assert "Part 900" in shown and "**" not in shown and "##" not in shown  # all Markdown


def test_the_preview_of_a_long_history_shows_its_ends_and_copy_gives_all(
    make_app: AppFactory,
) -> None:
    app = make_app()
    conv = long_conversation(app, 5_000)
    app.parts.conversations.set_params(conv, {"model": "m", "temperature": 0.4})
    app.window.navigator.open(conv)
    app.window.composer.setPlainText("and one more")
    app.run(app.window.params.refresh_preview())
    panel = app.window.panel
    shown = json.loads(panel.preview.toPlainText())  # short: no "more characters" cut
    texts = [m.get("content", "") for m in shown["messages"]]
    assert texts[0].startswith("message 1") and texts[-1] == "and one more"
    assert "4993 messages not shown here" in shown["messages"][2]["…"]
    assert shown["temperature"] == 0.4  # the fields after the history are on screen
    panel._copy(lambda _url, body: body.decode())
    copied = json.loads(QApplication.clipboard().text())
    assert len(copied["messages"]) == 5_001 and "…" not in copied["messages"][2]


def test_sending_in_a_long_conversation_reads_it_off_the_window_thread(
    make_app: AppFactory, server: LoopbackServer
) -> None:
    app = make_app()
    conv = long_conversation(app, 5_000)
    app.window.navigator.open(conv)
    app.run(app.window.params.refresh_preview())
    readers: list[str] = []
    branch = HistoryStore.branch

    def spied(store: HistoryStore, leaf_id: str | None) -> list[Message]:
        readers.append(threading.current_thread().name)
        return branch(store, leaf_id)

    HistoryStore.branch = spied  # type: ignore[method-assign]
    try:
        server.queue(Reply(pieces=[sse({"choices": [{"index": 0, "delta": {
            "content": "All read."}}]})]))
        app.send("what did we say first?")
        app.wait_turn()
    finally:
        HistoryStore.branch = branch  # type: ignore[method-assign]
    posted = [r for r in server.requests if r.path.endswith("/chat/completions")][-1].json()
    assert len(posted["messages"]) == 5_001  # every message, then the new one
    assert posted["messages"][-1]["content"] == "what did we say first?"
    assert readers and threading.main_thread().name not in readers
    assert "All read." in realised(app)[-1]


def fork_at(app: App, conv: str, number: int) -> str:
    """A second version of message ``number`` holding the searched word, with an answer,
    beside the branch shown (which stays shown)."""
    store = app.parts.store
    ids = store.branch_ids(store.conversation(conv).current_leaf_id)
    fork = store.add_message(conv, ids[number - 2], Role.USER, "a fork zanzibar", show=False)
    store.add_message(conv, fork.id, Role.ASSISTANT, "the fork's answer", show=False)
    return fork.id


def open_the_hit(app: App) -> None:
    sidebar = app.window.sidebar
    app.window.search_action.trigger()  # Ctrl+K
    sidebar.search.setText("zanzibar")
    app.run(sidebar.run_search())
    assert sidebar.results.count() == 1
    sidebar.search.accepted.emit()  # Enter


@pytest.mark.parametrize("count", [6, 1_000])  # read at once, and read in two steps
def test_a_search_hit_on_another_branch_opens_that_branch_at_the_hit(
    make_app: AppFactory, count: int
) -> None:
    app = make_app()
    app.window.resize(900, 700)
    conv = long_conversation(app, count)
    fork = fork_at(app, conv, 3)
    open_the_hit(app)
    view = app.window.view
    app.until(lambda: fork in view.widgets and not view._refine_timer.isActive())
    app.pump(0.05)  # whatever the background read of the branch brings
    hit = view.widgets[fork]
    assert hit.property("highlight") is True and on_screen(app, hit)
    assert realised(app)[-1] == "the fork's answer"  # the branch shown is the hit's
    assert app.parts.store.conversation(conv).current_leaf_id == view.last_id()
